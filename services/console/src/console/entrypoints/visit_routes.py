"""One visit: when and with whom, and the changes the front desk makes to it (reschedule, cancel,
no-show). A refusal shows the scheduling service's own message next to the form it is about."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.adapters.services import ServiceRefused, ServiceUnavailable
from console.domain.forms import field_errors, nest
from console.entrypoints.web import CheckedForm, Services, form_pairs, form_values, render
from console.service_layer.visits import Change, change_visit, read_visit

router = APIRouter()
CANCEL_REASONS = ("patient_request", "illness", "transport", "clinic_closed", "provider_unavailable")


@router.get("/appointments/{appointment_id}")
async def show_visit(request: Request, appointment_id: str, services: Services) -> HTMLResponse:
    visit = await read_visit(services, appointment_id)
    return render(request, "visit.html", _context(visit))


@router.post("/appointments/{appointment_id}/reschedule")
async def reschedule_visit(
    request: Request, appointment_id: str, form: CheckedForm, services: Services
) -> Response:
    return await _change(request, appointment_id, "reschedule", form, services)


@router.post("/appointments/{appointment_id}/cancel")
async def cancel_visit(
    request: Request, appointment_id: str, form: CheckedForm, services: Services
) -> Response:
    return await _change(request, appointment_id, "cancel", form, services)


@router.post("/appointments/{appointment_id}/no-show")
async def record_no_show(
    request: Request, appointment_id: str, form: CheckedForm, services: Services
) -> Response:
    return await _change(request, appointment_id, "no-show", form, services)


async def _change(
    request: Request, appointment_id: str, change: Change, form: CheckedForm, services: Services
) -> Response:
    try:
        await change_visit(services, appointment_id, change, nest(form_pairs(form)))
    except (ServiceRefused, ServiceUnavailable) as failure:
        if isinstance(failure, ServiceRefused) and failure.status in (401, 403, 404):
            raise
        visit = await read_visit(services, appointment_id)
        context = {**_context(visit), "values": form_values(form), "failed": change}
        if isinstance(failure, ServiceUnavailable):
            return render(request, "visit.html", {**context, "outage": str(failure)}, status_code=503)
        context["errors"] = field_errors(failure.detail)
        return render(request, "visit.html", context, status_code=failure.status)
    return RedirectResponse(f"/appointments/{appointment_id}", status_code=303)


def _context(visit: dict[str, object]) -> dict[str, object]:
    values = {"starts_at": str(visit["starts_at"]), "reason_code": CANCEL_REASONS[0]}
    return {"visit": visit, "values": values, "reasons": CANCEL_REASONS, "failed": None}
