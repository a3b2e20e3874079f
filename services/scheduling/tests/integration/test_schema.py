"""The database itself refuses overlapping appointments, whatever the application checked. (That
the migrations build exactly the declared tables is tests/test_migrations.py's job.)"""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from carecoord.migrations import upgrade_to_head
from carecoord_local.testing import NewDatabase
from sqlalchemy.ext.asyncio import create_async_engine

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 3, 4, hour, minute, tzinfo=UTC)


async def test_the_database_refuses_a_provider_clash_whatever_the_application_checked(
    new_database: NewDatabase,
) -> None:
    url = await new_database()
    await upgrade_to_head(url, MIGRATIONS)
    engine = create_async_engine(url)
    insert = sa.text(
        "INSERT INTO appointments (id, clinic_id, patient_id, care_plan_id, provider_id, discipline, "
        "starts_at, ends_at, status, host_appointment_id) VALUES (:id, 'c', :patient, 'plan', 'pt-1', "
        "'physical_therapy', :start, :end, :status, :host)"
    )
    row = {
        "patient": "p1",
        "start": at(14),
        "end": at(15),
        "status": "booked",
        "host": None,
    }
    try:
        async with engine.begin() as connection:
            await connection.execute(
                sa.text(
                    "INSERT INTO providers VALUES ('pt-1', 'c', 'PT', 'physical_therapy', 'UTC', '{}', '[]', '[]')"
                )
            )
            await connection.execute(insert, {**row, "id": "a"})
            await connection.execute(
                insert, {**row, "id": "cancelled", "patient": "p2", "status": "cancelled"}
            )
            await connection.execute(
                insert,
                {
                    **row,
                    "id": "next",
                    "patient": "p2",
                    "start": at(15),
                    "end": at(16),
                },
            )
        for clash in ({"id": "b", "patient": "p2", "start": at(14, 30)}, {"id": "c"}):
            with pytest.raises(sa.exc.IntegrityError, match="no_overlap"):
                async with engine.begin() as connection:
                    await connection.execute(insert, {**row, "end": at(15), **clash})
    finally:
        await engine.dispose()
