"""The session note editor: SOAP fields, techniques with minutes per CPT code, pressure, pain,
range of motion and outcome questionnaires; save or sign. A refusal to sign for a plan precaution
names it and asks for the author's reason. A signed note is shown read-only, with its addenda."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.adapters.services import ServiceRefused, ServiceUnavailable
from console.domain.forms import field_errors, nest
from console.domain.note_form import note_body, note_values
from console.entrypoints.web import CheckedForm, Services, form_pairs, form_values, render
from console.service_layer.session_notes import PrecautionConflict, add_addendum, open_note, save_note

router = APIRouter()
OVERRIDE = "precaution_override_reason"
NOT_CONTENT = {"if_match", "action", OVERRIDE}


@router.get("/notes/{note_id}")
async def show_note(request: Request, note_id: str, services: Services) -> HTMLResponse:
    reply = await services.get("notes", f"/notes/{note_id}")
    values = {**note_values(reply.body["content"]), "note_type": reply.body["note_type"]}
    return render(request, "note.html", {"note": reply.body, "if_match": reply.etag, "values": values})


@router.get("/appointments/{appointment_id}/note")
async def show_visit_note(appointment_id: str, services: Services) -> RedirectResponse:
    note = (await open_note(services, appointment_id)).body
    return RedirectResponse(f"/notes/{note['id']}", status_code=303)


@router.post("/notes/{note_id}")
async def submit_note(request: Request, note_id: str, form: CheckedForm, services: Services) -> Response:
    body = note_body(nest((name, value) for name, value in form_pairs(form) if name not in NOT_CONTENT))
    if_match, sign = str(form.get("if_match", "")), form.get("action") == "sign"
    override = str(form.get(OVERRIDE, "")).strip() or None
    try:
        await save_note(services, note_id, body, if_match, sign, override)
    except ServiceUnavailable as down:
        return _editor_again(request, None, if_match, form, {}, str(down), 503)
    except (ServiceRefused, PrecautionConflict) as refused:
        if isinstance(refused, ServiceRefused) and refused.status in (401, 403, 404):
            raise
        # The draft typed here is shown again against the note's current version.
        current = await services.get("notes", f"/notes/{note_id}")
        if isinstance(refused, PrecautionConflict):
            context = {"precaution_refusal": str(refused)}
            return _editor_again(request, current.body, current.etag, form, {}, None, 409, context)
        errors = field_errors(refused.detail)
        return _editor_again(request, current.body, current.etag, form, errors, None, refused.status)
    return RedirectResponse(f"/notes/{note_id}", status_code=303)


@router.post("/notes/{note_id}/addenda")
async def submit_addendum(request: Request, note_id: str, form: CheckedForm, services: Services) -> Response:
    text = str(form.get("text", ""))
    try:
        await add_addendum(services, note_id, text)
    except (ServiceRefused, ServiceUnavailable) as failure:
        if isinstance(failure, ServiceRefused) and failure.status in (401, 403, 404):
            raise
        note = await services.get("notes", f"/notes/{note_id}")
        context: dict[str, Any] = {"note": note.body, "values": {"text": text}}
        if isinstance(failure, ServiceUnavailable):
            return render(request, "note.html", {**context, "outage": str(failure)}, status_code=503)
        errors = {
            "text" if key == "" else key: message for key, message in field_errors(failure.detail).items()
        }
        return render(request, "note.html", {**context, "errors": errors}, status_code=failure.status)
    return RedirectResponse(f"/notes/{note_id}#addenda-heading", status_code=303)


def _editor_again(
    request: Request,
    note: dict[str, Any] | None,
    if_match: str | None,
    form: CheckedForm,
    errors: dict[str, str],
    outage: str | None,
    status_code: int,
    extra: dict[str, str] | None = None,
) -> HTMLResponse:
    context = {
        **(extra or {}),
        "note": note,
        "if_match": if_match,
        "values": form_values(form),
        "errors": errors,
        "outage": outage,
    }
    return render(request, "note.html", context, status_code=status_code)
