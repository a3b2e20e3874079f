"""Progress entries, progress reports and care team alerts in PostgreSQL."""

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notes.adapters.tables import appointments, care_team_alerts, notes, progress_entries, progress_reports
from notes.domain.note_types import NoteType
from notes.domain.report import SignedVisit


class ProgressRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def serialize_care_plan(self, care_plan_id: str) -> None:
        """Signings of one care plan take turns, so visit counts (and milestones) never collide."""
        await self._connection.execute(
            sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(care_plan_id)))
        )

    async def add_entry(self, values: dict[str, Any]) -> None:
        await self._connection.execute(progress_entries.insert().values(**values))

    async def signed_visits(self, care_plan_id: str) -> list[SignedVisit]:
        """Every signed visit of the care plan, oldest first, with the plan part of its note."""
        rows = await self._connection.execute(
            sa.select(
                progress_entries.c.discipline,
                progress_entries.c.visit_starts_at,
                progress_entries.c.measurements,
                progress_entries.c.goals,
                notes.c.content["plan"].label("plan"),
                sa.func.coalesce(appointments.c.spot_work, False).label("spot_work"),
            )
            .join(notes, notes.c.id == progress_entries.c.note_id)
            .outerjoin(appointments, appointments.c.appointment_id == notes.c.appointment_id)
            .where(progress_entries.c.care_plan_id == care_plan_id)
            .order_by(progress_entries.c.visit_starts_at, progress_entries.c.note_id)
        )
        return [
            SignedVisit(
                discipline=row.discipline,
                visit_starts_at=row.visit_starts_at,
                measurements=row.measurements,
                goal_statuses={goal["goal_id"]: goal["status"] for goal in row.goals},
                spot_work=row.spot_work,
                **{
                    k: v
                    for k, v in (row.plan or {}).items()
                    if k in {"next_visit_focus", "home_care", "follow_up"}
                },
            )
            for row in rows
        ]

    async def timeline(self, clinic_id: str, patient_id: str) -> list[sa.Row[Any]]:
        rows = await self._connection.execute(
            sa.select(progress_entries)
            .where(progress_entries.c.clinic_id == clinic_id, progress_entries.c.patient_id == patient_id)
            .order_by(progress_entries.c.visit_starts_at, progress_entries.c.note_id)
        )
        return list(rows)

    async def add_report(self, values: dict[str, Any]) -> bool:
        """False when this visit count already has its report (a redelivery or a race)."""
        inserted = await self._connection.scalar(
            insert(progress_reports)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(progress_reports.c.id)
        )
        return inserted is not None

    async def reports(self, clinic_id: str, patient_id: str) -> list[sa.Row[Any]]:
        rows = await self._connection.execute(
            sa.select(progress_reports)
            .where(progress_reports.c.clinic_id == clinic_id, progress_reports.c.patient_id == patient_id)
            .order_by(progress_reports.c.created_at, progress_reports.c.id)
        )
        return list(rows)

    async def report(self, clinic_id: str, report_id: str) -> sa.Row[Any] | None:
        query = sa.select(progress_reports).where(
            progress_reports.c.clinic_id == clinic_id, progress_reports.c.id == report_id
        )
        return (await self._connection.execute(query)).first()

    async def signed_note_types(self, care_plan_id: str, discipline: str) -> list[tuple[date, NoteType]]:
        """One discipline's signed notes on the plan as (visit day in UTC, type), in visit order."""
        rows = await self._connection.execute(
            sa.select(notes.c.visit_starts_at, notes.c.note_type)
            .where(
                notes.c.care_plan_id == care_plan_id,
                notes.c.discipline == discipline,
                notes.c.status == "signed",
            )
            .order_by(notes.c.visit_starts_at, notes.c.id)
        )
        return [(row.visit_starts_at.astimezone(UTC).date(), NoteType(row.note_type)) for row in rows]

    async def add_alert(self, values: dict[str, Any]) -> None:
        await self._connection.execute(care_team_alerts.insert().values(**values))

    async def alerts(
        self, clinic_id: str, patient_id: str, since: datetime | None = None
    ) -> list[sa.Row[Any]]:
        query = sa.select(care_team_alerts).where(
            care_team_alerts.c.clinic_id == clinic_id, care_team_alerts.c.patient_id == patient_id
        )
        if since is not None:
            query = query.where(care_team_alerts.c.raised_at >= since)
        return list(await self._connection.execute(query.order_by(care_team_alerts.c.raised_at)))
