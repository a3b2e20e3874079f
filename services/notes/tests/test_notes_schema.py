"""The notes migrations build exactly the tables the code declares (the repository-wide test in
tests/test_migrations.py does the same once notes' tables are added to its DECLARED map)."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from carecoord.care_teams import care_team_metadata
from carecoord.db import platform_metadata
from carecoord.migrations import upgrade_to_head
from carecoord_local.testing import NewDatabase
from notes.adapters.tables import metadata as notes_tables
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


async def test_migrations_build_exactly_the_declared_tables(new_database: NewDatabase) -> None:
    url = await new_database()
    await upgrade_to_head(url, MIGRATIONS)
    declared = MetaData()
    for metadata in (platform_metadata, care_team_metadata, notes_tables):
        for table in metadata.tables.values():
            table.to_metadata(declared)
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), declared)
            )
    finally:
        await engine.dispose()
    assert [d for d in differences if not (d[0] == "remove_table" and d[1].name == "alembic_version")] == []
