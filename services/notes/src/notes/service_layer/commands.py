"""Use cases on a note. Each runs in one unit of work: the change and its events commit together."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from carecoord.events import NoteAmended, NoteSigned
from carecoord.events.vocabulary import Discipline
from carecoord.outbox import UnitOfWork

from notes.adapters.notes_repository import NoteRepository
from notes.adapters.projections import load_appointment, load_care_plan
from notes.domain.errors import AppointmentNotWritable, NoteNotFound, NotPermitted, StaleVersion
from notes.domain.note import Addendum, SessionNote
from notes.domain.note_types import NoteType
from notes.domain.precautions import conflicts
from notes.domain.soap import SoapContent
from notes.service_layer.progress import record_progress

UNWRITABLE_STATUSES = frozenset({"cancelled", "no_show"})


@dataclass(frozen=True)
class Author:
    """The provider acting: who, in which clinic, practising which discipline."""

    subject: str
    clinic_id: str
    discipline: Discipline | None


async def start_note(uow: UnitOfWork, author: Author, appointment_id: str, window: timedelta) -> SessionNote:
    """A provider opens the draft for their own visit, e.g. at check-in; idempotent."""
    found = await load_appointment(uow.connection, author.clinic_id, appointment_id)
    if found is None:
        raise NoteNotFound(appointment_id)
    visit, status = found
    if status in UNWRITABLE_STATUSES:
        raise AppointmentNotWritable(f"the appointment is {status}")
    if visit.provider_id != author.subject or visit.discipline != author.discipline:
        raise NotPermitted("a provider writes notes only for their own visits in their own discipline")
    repository = NoteRepository(uow.connection)
    await repository.add_if_absent(SessionNote.open_for(visit, window))
    note = await repository.for_appointment(author.clinic_id, appointment_id)
    assert note is not None
    return note


async def revise_note(
    uow: UnitOfWork,
    author: Author,
    note_id: str,
    content: SoapContent,
    co_signer_id: str | None,
    note_type: NoteType | None,
    expected_version: int | None,
) -> SessionNote:
    note = await _writable(uow, author, note_id, expected_version)
    note.revise(author.subject, content, co_signer_id, note_type)
    await NoteRepository(uow.connection).save(note)
    return note


async def sign_note(
    uow: UnitOfWork,
    author: Author,
    note_id: str,
    expected_version: int | None,
    report_every: int,
    precaution_override_reason: str | None = None,
) -> SessionNote:
    note = await _writable(uow, author, note_id, expected_version)
    plan = await load_care_plan(uow.connection, note.visit.care_plan_id)
    broken = conflicts(note.content, plan.precautions) if plan else []
    note.sign(author.subject, datetime.now(UTC), broken, precaution_override_reason)
    await NoteRepository(uow.connection).save(note)
    billing = note.billing()
    assert note.signed_at is not None
    await uow.publish(
        NoteSigned(
            clinic_id=note.visit.clinic_id,
            patient_id=note.visit.patient_id,
            note_id=note.id,
            appointment_id=note.visit.appointment_id,
            author_id=note.author_id,
            discipline=note.visit.discipline,
            visit_on=note.visit.starts_at.date(),
            signed_at=note.signed_at,
            billable_units=billing.billable_units,
        ),
        subject=f"notes/{note.id}",
    )
    await record_progress(uow, note, plan, billing.billable_units, report_every)
    return note


async def add_addendum(uow: UnitOfWork, author: Author, note_id: str, text: str) -> Addendum:
    repository = NoteRepository(uow.connection)
    note = await repository.get(author.clinic_id, note_id, for_update=True)
    if note is None:
        raise NoteNotFound(note_id)
    _same_discipline(author, note)
    addendum = note.addendum(author.subject, text, datetime.now(UTC))
    await repository.add_addendum(note.id, addendum)
    await uow.publish(
        NoteAmended(
            clinic_id=note.visit.clinic_id,
            patient_id=note.visit.patient_id,
            note_id=note.id,
            appointment_id=note.visit.appointment_id,
            author_id=addendum.author_id,
            discipline=note.visit.discipline,
            addendum_id=addendum.id,
        ),
        subject=f"notes/{note.id}",
    )
    return addendum


async def _writable(
    uow: UnitOfWork, author: Author, note_id: str, expected_version: int | None
) -> SessionNote:
    note = await NoteRepository(uow.connection).get(author.clinic_id, note_id, for_update=True)
    if note is None:
        raise NoteNotFound(note_id)
    _same_discipline(author, note)
    if expected_version is not None and expected_version != note.version:
        raise StaleVersion(f"note is at version {note.version}")
    found = await load_appointment(uow.connection, author.clinic_id, note.visit.appointment_id)
    if found is not None and found[1] in UNWRITABLE_STATUSES:
        raise AppointmentNotWritable(f"the appointment is {found[1]}")
    return note


def _same_discipline(author: Author, note: SessionNote) -> None:
    """A provider acts on notes of their own discipline only, whatever their subject."""
    if author.discipline != note.visit.discipline:
        raise NotPermitted("a provider writes notes only in their own discipline")
