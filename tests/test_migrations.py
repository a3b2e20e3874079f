"""Each service's Alembic migrations build exactly the tables its code declares: a column added to
a table without a migration (or the reverse) fails here, not in production."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from carecoord.care_teams import care_team_metadata
from carecoord.db import platform_metadata
from carecoord.migrations import upgrade_to_head
from carecoord_local.testing import NewDatabase
from notes.adapters.tables import metadata as notes_tables
from notifications.adapters.tables import metadata as notifications_tables
from referrals.adapters.tables import metadata as referrals_tables
from scheduling.adapters.tables import metadata as scheduling_tables
from sqlalchemy.ext.asyncio import create_async_engine

SERVICES = Path(__file__).resolve().parents[1] / "services"
DECLARED = {
    "referrals": [platform_metadata, referrals_tables],
    "scheduling": [platform_metadata, care_team_metadata, scheduling_tables],
    "notes": [platform_metadata, care_team_metadata, notes_tables],
    "notifications": [platform_metadata, care_team_metadata, notifications_tables],
}


def combined(*metadatas: sa.MetaData) -> sa.MetaData:
    merged = sa.MetaData()
    for metadata in metadatas:
        for table in metadata.tables.values():
            table.to_metadata(merged)
    return merged


@pytest.mark.parametrize("service", DECLARED)
async def test_migrations_build_exactly_the_declared_tables(service: str, new_database: NewDatabase) -> None:
    url = await new_database()
    await upgrade_to_head(url, SERVICES / service / "migrations")
    declared = combined(*DECLARED[service])
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), declared)
            )
    finally:
        await engine.dispose()
    unexpected = [d for d in differences if not (d[0] == "remove_table" and d[1].name == "alembic_version")]
    assert unexpected == []


async def test_the_audit_log_refuses_update_and_delete(new_database: NewDatabase) -> None:
    url = await new_database()
    await upgrade_to_head(url, SERVICES / "referrals" / "migrations")
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                sa.text(
                    "INSERT INTO audit_log (actor, role, clinic_id, resource, action, outcome) "
                    "VALUES ('dr', 'physician', 'c', 'referrals/1', 'read', 'allowed')"
                )
            )
        for statement in (
            "UPDATE audit_log SET outcome = 'denied'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                async with engine.begin() as connection:
                    await connection.execute(sa.text(statement))
    finally:
        await engine.dispose()
