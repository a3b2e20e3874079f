"""Alembic, run at service start.

A service's ``migrations/env.py`` is just ``from carecoord.migrations import run_env; run_env()``.
Replicas starting together serialise on an advisory lock, so each revision runs once.
"""

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine

_MIGRATION_LOCK = 727_001


async def upgrade_to_head(database_url: str, migrations_dir: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    await asyncio.to_thread(command.upgrade, config, "head")


def run_env() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url must be set by upgrade_to_head"
    asyncio.run(_run_online(url))


async def _run_online(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f"SELECT pg_advisory_lock({_MIGRATION_LOCK})"))
            await connection.commit()
            try:
                await connection.run_sync(_run_migrations)
            finally:
                await connection.execute(text(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK})"))
                await connection.commit()
    finally:
        await engine.dispose()


def _run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
