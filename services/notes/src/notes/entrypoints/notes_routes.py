"""Session notes: read by patient, appointment or id; draft, edit, sign; addenda after signing."""

from datetime import date, datetime, timedelta
from typing import Annotated

from carecoord.http import CurrentPrincipal, PageLimit, Runtime
from carecoord.openapi import problem_responses
from carecoord.pagination import Cursor, decode_cursor, page
from fastapi import APIRouter, Depends, Header, Response, status

from notes.adapters.notes_repository import NoteRepository
from notes.adapters.projections import load_appointment
from notes.config import NotesSettings
from notes.domain.errors import StaleVersion
from notes.domain.note import SessionNote
from notes.entrypoints.access import authorize_read, authorize_write, not_found
from notes.entrypoints.schemas import (
    AddendumCreate,
    AddendumPublic,
    BillingPublic,
    ClaimDayPublic,
    NoteDraftUpdate,
    NotePage,
    NotePublic,
    SignatureCreate,
)
from notes.service_layer.claim_days import claim_days
from notes.service_layer.commands import add_addendum, revise_note, sign_note, start_note

router = APIRouter(tags=["notes"])
CONFLICT = problem_responses(409)


def settings_of(runtime: Runtime) -> NotesSettings:
    assert isinstance(runtime.settings, NotesSettings)
    return runtime.settings


Settings = Annotated[NotesSettings, Depends(settings_of)]
IfMatch = Annotated[str | None, Header(description="The note's ETag; refused with 412 when stale")]


@router.get("/patients/{patient_id}/notes")
async def list_patient_notes(
    patient_id: str,
    principal: CurrentPrincipal,
    runtime: Runtime,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> NotePage:
    """The patient's notes, latest visit first."""
    await authorize_read(runtime, principal, patient_id, f"patients/{patient_id}/notes")
    after = decode_cursor(cursor, datetime, str)
    async with runtime.engine.connect() as connection:
        repository = NoteRepository(connection)
        rows = await repository.of_patient(principal.clinic_id, patient_id, after, limit)
        found, next_cursor = page(rows, limit, lambda note: (note.visit.starts_at, note.id))
        addenda = await repository.addenda_of([note.id for note in found])
    return NotePage(items=[NotePublic.of(note, addenda[note.id]) for note in found], next_cursor=next_cursor)


@router.get("/patients/{patient_id}/billing")
async def read_claim_days(
    patient_id: str, date_of_service: date, principal: CurrentPrincipal, runtime: Runtime
) -> list[ClaimDayPublic]:
    """What each provider bills for the patient on one date of service: all of that provider's
    signed notes of the day together (two notes on one day are one claim day), under the payer's
    rule from the care plan's authorization (the CMS 8-minute rule, or per code)."""
    await authorize_read(runtime, principal, patient_id, f"patients/{patient_id}/billing")
    async with runtime.engine.connect() as connection:
        days = await claim_days(connection, principal.clinic_id, patient_id, date_of_service)
    return [
        ClaimDayPublic(
            provider_id=day.provider_id,
            date_of_service=day.date_of_service,
            rule=day.rule,
            note_ids=day.note_ids,
            billing=BillingPublic.of(day.billing),
        )
        for day in days
    ]


@router.get("/appointments/{appointment_id}/note")
async def read_appointment_note(
    appointment_id: str, principal: CurrentPrincipal, runtime: Runtime, response: Response
) -> NotePublic:
    resource = f"appointments/{appointment_id}/note"
    async with runtime.engine.connect() as connection:
        note = await NoteRepository(connection).for_appointment(principal.clinic_id, appointment_id)
    if note is None:
        raise not_found(resource)
    await authorize_read(runtime, principal, note.visit.patient_id, resource)
    return await _public(runtime, note, response)


@router.post("/appointments/{appointment_id}/note", status_code=status.HTTP_201_CREATED, responses=CONFLICT)
async def start_appointment_note(
    appointment_id: str, principal: CurrentPrincipal, runtime: Runtime, settings: Settings, response: Response
) -> NotePublic:
    """Open the draft for one's own visit (e.g. at check-in); returns the existing one if open."""
    resource = f"appointments/{appointment_id}/note"
    async with runtime.engine.connect() as connection:
        found = await load_appointment(connection, principal.clinic_id, appointment_id)
    if found is None:
        raise not_found(resource, "create")
    author = await authorize_write(runtime, principal, found[0].patient_id, "create", resource)
    async with runtime.transactions.begin() as uow:
        note = await start_note(
            uow, author, appointment_id, timedelta(hours=settings.note_signing_window_hours)
        )
    return await _public(runtime, note, response)


@router.get("/notes/{note_id}")
async def read_note(
    note_id: str, principal: CurrentPrincipal, runtime: Runtime, response: Response
) -> NotePublic:
    note = await _visible_note(runtime, principal.clinic_id, note_id)
    await authorize_read(runtime, principal, note.visit.patient_id, f"notes/{note_id}")
    return await _public(runtime, note, response)


@router.put("/notes/{note_id}", responses=CONFLICT)
async def update_note(
    note_id: str,
    body: NoteDraftUpdate,
    principal: CurrentPrincipal,
    runtime: Runtime,
    response: Response,
    if_match: IfMatch = None,
) -> NotePublic:
    note = await _visible_note(runtime, principal.clinic_id, note_id)
    author = await authorize_write(runtime, principal, note.visit.patient_id, "update", f"notes/{note_id}")
    async with runtime.transactions.begin() as uow:
        note = await revise_note(
            uow, author, note_id, body.content, body.co_signer_id, body.note_type, _version(if_match)
        )
    return await _public(runtime, note, response)


@router.post("/notes/{note_id}/signature", name="sign_note", responses=CONFLICT)
async def sign(
    note_id: str,
    principal: CurrentPrincipal,
    runtime: Runtime,
    settings: Settings,
    response: Response,
    body: SignatureCreate | None = None,
    if_match: IfMatch = None,
) -> NotePublic:
    """Sign the note; a note recording what the plan's precautions forbid (deep pressure under
    ``no_deep_pressure``, ...) is refused with 409 naming each conflict, unless a
    ``precaution_override_reason`` is given."""
    note = await _visible_note(runtime, principal.clinic_id, note_id)
    author = await authorize_write(runtime, principal, note.visit.patient_id, "sign", f"notes/{note_id}")
    override = body.precaution_override_reason if body else None
    async with runtime.transactions.begin() as uow:
        note = await sign_note(
            uow, author, note_id, _version(if_match), settings.progress_report_every_visits, override
        )
    return await _public(runtime, note, response)


@router.post("/notes/{note_id}/addenda", status_code=status.HTTP_201_CREATED, responses=CONFLICT)
async def create_addendum(
    note_id: str, body: AddendumCreate, principal: CurrentPrincipal, runtime: Runtime
) -> AddendumPublic:
    note = await _visible_note(runtime, principal.clinic_id, note_id)
    author = await authorize_write(runtime, principal, note.visit.patient_id, "amend", f"notes/{note_id}")
    async with runtime.transactions.begin() as uow:
        addendum = await add_addendum(uow, author, note_id, body.text)
    return AddendumPublic(**addendum.__dict__)


async def _visible_note(runtime: Runtime, clinic_id: str, note_id: str) -> SessionNote:
    """The note in the caller's clinic; another clinic's note does not exist for them (404)."""
    async with runtime.engine.connect() as connection:
        note = await NoteRepository(connection).get(clinic_id, note_id)
    if note is None:
        raise not_found(f"notes/{note_id}")
    return note


async def _public(runtime: Runtime, note: SessionNote, response: Response) -> NotePublic:
    async with runtime.engine.connect() as connection:
        addenda = await NoteRepository(connection).addenda_of([note.id])
    response.headers["ETag"] = f'"{note.version}"'
    return NotePublic.of(note, addenda[note.id])


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    tag = if_match.removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise StaleVersion("If-Match must be the ETag of the note")
    return int(tag)
