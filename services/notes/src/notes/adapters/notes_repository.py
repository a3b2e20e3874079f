"""Session notes and their addenda in PostgreSQL."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from carecoord.events.vocabulary import Discipline
from carecoord.pagination import Key, after
from sqlalchemy.ext.asyncio import AsyncConnection

from notes.adapters.tables import addenda, notes
from notes.domain.note import Addendum, NoteStatus, SessionNote, Visit
from notes.domain.note_types import NoteType
from notes.domain.soap import SoapContent


class NoteRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add_if_absent(self, note: SessionNote) -> bool:
        """One note per appointment: a second draft for the same visit is not created."""
        inserted = await self._connection.scalar(
            sa.dialects.postgresql.insert(notes)
            .values(id=note.id, **_columns(note))
            .on_conflict_do_nothing(index_elements=[notes.c.appointment_id])
            .returning(notes.c.id)
        )
        return inserted is not None

    async def get(self, clinic_id: str, note_id: str, *, for_update: bool = False) -> SessionNote | None:
        return await self._one(sa.and_(notes.c.clinic_id == clinic_id, notes.c.id == note_id), for_update)

    async def for_appointment(self, clinic_id: str, appointment_id: str) -> SessionNote | None:
        return await self._one(
            sa.and_(notes.c.clinic_id == clinic_id, notes.c.appointment_id == appointment_id), False
        )

    async def of_patient(
        self, clinic_id: str, patient_id: str, after_note: Key | None, limit: int
    ) -> list[SessionNote]:
        """Up to ``limit + 1`` notes, latest visit first: the extra one says another page follows."""
        order = (notes.c.visit_starts_at, notes.c.id)
        rows = await self._connection.execute(
            sa.select(notes)
            .where(
                notes.c.clinic_id == clinic_id,
                notes.c.patient_id == patient_id,
                *after(order, after_note, descending=True),
            )
            .order_by(*(column.desc() for column in order))
            .limit(limit + 1)
        )
        return [_note(row) for row in rows]

    async def signed_on(self, clinic_id: str, patient_id: str, day: date) -> list[SessionNote]:
        """The patient's signed notes of visits on ``day`` (UTC), in visit order."""
        start = datetime.combine(day, time.min, tzinfo=UTC)
        rows = await self._connection.execute(
            sa.select(notes)
            .where(
                notes.c.clinic_id == clinic_id,
                notes.c.patient_id == patient_id,
                notes.c.status == NoteStatus.SIGNED,
                notes.c.visit_starts_at >= start,
                notes.c.visit_starts_at < start + timedelta(days=1),
            )
            .order_by(notes.c.visit_starts_at, notes.c.id)
        )
        return [_note(row) for row in rows]

    async def save(self, note: SessionNote) -> None:
        await self._connection.execute(notes.update().where(notes.c.id == note.id).values(**_columns(note)))

    async def add_addendum(self, note_id: str, addendum: Addendum) -> None:
        await self._connection.execute(
            addenda.insert().values(
                id=addendum.id,
                note_id=note_id,
                author_id=addendum.author_id,
                text=addendum.text,
                created_at=addendum.created_at,
            )
        )

    async def addenda_of(self, note_ids: list[str]) -> dict[str, list[Addendum]]:
        rows = await self._connection.execute(
            sa.select(addenda)
            .where(addenda.c.note_id.in_(note_ids))
            .order_by(addenda.c.created_at, addenda.c.id)
        )
        found: dict[str, list[Addendum]] = {note_id: [] for note_id in note_ids}
        for row in rows:
            found[row.note_id].append(Addendum(row.author_id, row.text, row.created_at, id=row.id))
        return found

    async def _one(self, condition: sa.ColumnElement[bool], for_update: bool) -> SessionNote | None:
        query = sa.select(notes).where(condition)
        row = (await self._connection.execute(query.with_for_update() if for_update else query)).first()
        return None if row is None else _note(row)


def _columns(note: SessionNote) -> dict[str, Any]:
    return {
        "clinic_id": note.visit.clinic_id,
        "patient_id": note.visit.patient_id,
        "appointment_id": note.visit.appointment_id,
        "care_plan_id": note.visit.care_plan_id,
        "author_id": note.author_id,
        "discipline": note.visit.discipline,
        "visit_starts_at": note.visit.starts_at,
        "visit_ends_at": note.visit.ends_at,
        "status": note.status,
        "content": note.content.model_dump(mode="json", exclude_defaults=True),
        "note_type": note.note_type,
        "co_signer_id": note.co_signer_id,
        "version": note.version,
        "due_at": note.due_at,
        "signed_at": note.signed_at,
        "signed_by": note.signed_by,
        "precaution_override": note.precaution_override,
    }


def _note(row: sa.Row[Any]) -> SessionNote:
    visit = Visit(
        appointment_id=row.appointment_id,
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
        provider_id=row.author_id,
        discipline=Discipline(row.discipline),
        care_plan_id=row.care_plan_id,
        starts_at=row.visit_starts_at,
        ends_at=row.visit_ends_at,
    )
    return SessionNote(
        id=row.id,
        visit=visit,
        author_id=row.author_id,
        due_at=row.due_at,
        content=SoapContent.model_validate(row.content),
        note_type=NoteType(row.note_type),
        co_signer_id=row.co_signer_id,
        status=NoteStatus(row.status),
        signed_at=row.signed_at,
        signed_by=row.signed_by,
        precaution_override=row.precaution_override,
        version=row.version,
    )
