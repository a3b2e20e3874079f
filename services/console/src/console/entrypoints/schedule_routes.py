"""The schedule: a provider's calendar, booking a visit series from the plan (a preview of every
proposed visit, then confirm), and spot work inside another provider's visit. A refusal shows the
scheduling service's own message next to the form."""

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from carecoord.auth import PROVIDER_ROLES
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.adapters.services import ServiceRefused, ServiceUnavailable
from console.domain.forms import FormValues, field_errors, nest
from console.domain.schedule import chosen_visits, proposal_form
from console.entrypoints.web import CheckedForm, CurrentUser, Services, form_pairs, form_values, render
from console.service_layer import schedule

router = APIRouter()
BOOKING_DEFAULTS: FormValues = {"duration_minutes": "60"}


@router.get("/schedule")
async def show_schedule(
    request: Request,
    user: CurrentUser,
    services: Services,
    provider_id: Annotated[str | None, Query(max_length=64)] = None,
    room_id: Annotated[str | None, Query(max_length=64)] = None,
    day: date | None = None,
    view: Literal["day", "week"] = "day",
) -> HTMLResponse:
    """A provider's calendar (a provider's own by default), or with a room chosen, that room's."""
    own = user.subject if user.role in PROVIDER_ROLES and not room_id else None
    shown_day = day or datetime.now(UTC).date()
    calendar = await schedule.load_calendar(services, provider_id or own, room_id or None, shown_day, view)
    context = {"calendar": calendar, "day": shown_day, "view": view}
    return render(request, "schedule.html", context)


@router.get("/care-plans/{care_plan_id}/book")
async def show_booking(request: Request, care_plan_id: str, services: Services) -> HTMLResponse:
    plan = await schedule.plan_for_booking(services, care_plan_id)
    values = {
        **BOOKING_DEFAULTS,
        "discipline": plan["disciplines"][0]["discipline"] if plan["disciplines"] else "",
    }
    return render(request, "book.html", {"plan": plan, "values": values, "proposal": None})


@router.post("/care-plans/{care_plan_id}/book/preview")
async def preview_series(
    request: Request, care_plan_id: str, form: CheckedForm, services: Services
) -> Response:
    try:
        proposal = await schedule.propose_series(services, care_plan_id, nest(form_pairs(form)))
    except (ServiceRefused, ServiceUnavailable) as failure:
        return await _booking_again(request, services, care_plan_id, None, form_values(form), failure)
    rooms = await schedule.room_choices(services)
    context = {
        "plan": {"id": care_plan_id},
        "values": proposal_form(proposal),
        "proposal": proposal,
        "rooms": rooms,
    }
    return render(request, "book.html", context)


@router.post("/care-plans/{care_plan_id}/book")
async def confirm_series(
    request: Request, care_plan_id: str, form: CheckedForm, services: Services
) -> Response:
    chosen = chosen_visits(form_pairs(form))
    try:
        booked_week = await schedule.book_series(services, care_plan_id, nest(chosen))
    except (ServiceRefused, ServiceUnavailable) as failure:
        return await _booking_again(request, services, care_plan_id, {"unplaced": []}, dict(chosen), failure)
    return RedirectResponse(booked_week, status_code=303)


async def _booking_again(
    request: Request,
    services: Services,
    care_plan_id: str,
    proposal: dict[str, Any] | None,
    values: FormValues,
    failure: ServiceRefused | ServiceUnavailable,
) -> HTMLResponse:
    context: dict[str, Any] = {"plan": {"id": care_plan_id}, "proposal": proposal, "values": values}
    if isinstance(failure, ServiceUnavailable):
        return render(request, "book.html", {**context, "outage": str(failure)}, status_code=503)
    if failure.status in (401, 403, 404):
        raise failure
    plan = await schedule.plan_for_booking(services, care_plan_id)
    rooms = await schedule.room_choices(services) if proposal is not None else {}
    context.update(plan=plan, rooms=rooms, errors=field_errors(failure.detail))
    return render(request, "book.html", context, status_code=failure.status)


@router.get("/appointments/{appointment_id}/spot-work")
async def show_spot_work(request: Request, appointment_id: str, services: Services) -> HTMLResponse:
    host = (await services.get("scheduling", f"/appointments/{appointment_id}")).body
    return render(request, "spot_work.html", {"host": host, "values": {"starts_at": host["starts_at"]}})


@router.post("/appointments/{appointment_id}/spot-work")
async def add_spot_work(
    request: Request, appointment_id: str, form: CheckedForm, services: Services
) -> Response:
    host = (await services.get("scheduling", f"/appointments/{appointment_id}")).body
    try:
        await schedule.book_spot_work(services, host, nest(form_pairs(form)))
    except ServiceRefused as refused:
        if refused.status in (401, 403, 404):
            raise
        context = {"host": host, "values": form_values(form), "errors": field_errors(refused.detail)}
        return render(request, "spot_work.html", context, status_code=refused.status)
    return RedirectResponse(f"/care-plans/{host['care_plan_id']}", status_code=303)
