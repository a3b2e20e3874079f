"""The 0001 migration builds exactly the tables the code declares (the same check as the root
tests/test_migrations.py, kept here so this service's suite catches drift on its own)."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from carecoord.db import platform_metadata
from carecoord.migrations import upgrade_to_head
from carecoord_local.testing import NewDatabase
from referrals.adapters.tables import metadata
from referrals.bootstrap import MIGRATIONS
from sqlalchemy.ext.asyncio import create_async_engine


async def test_the_migration_builds_exactly_the_declared_tables(new_database: NewDatabase) -> None:
    url = await new_database()
    await upgrade_to_head(url, MIGRATIONS)
    declared = sa.MetaData()
    for table in [*platform_metadata.tables.values(), *metadata.tables.values()]:
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
