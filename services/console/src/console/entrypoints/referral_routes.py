"""The referral inbox, one referral with its accept and decline forms, and the two decisions."""

from datetime import UTC, datetime

from carecoord.auth import Role
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.adapters.services import ServiceRefused, ServiceUnavailable
from console.domain.acceptance import acceptance_form
from console.domain.forms import FormValues, field_errors, nest
from console.entrypoints.web import CheckedForm, CurrentUser, Services, form_pairs, form_values, render
from console.service_layer.referral_inbox import load_inbox

router = APIRouter()


@router.get("/referrals")
async def show_inbox(request: Request, user: CurrentUser, services: Services) -> HTMLResponse:
    referrals = await load_inbox(services, user.role)
    return render(request, "referrals.html", {"referrals": referrals, "intake": user.role is Role.ADMIN})


@router.get("/referrals/{referral_id}")
async def show_referral(request: Request, referral_id: str, services: Services) -> HTMLResponse:
    referral = (await services.get("referrals", f"/referrals/{referral_id}")).body
    values = acceptance_form(referral, datetime.now(UTC).date())
    return render(request, "referral.html", {"referral": referral, "values": values})


@router.post("/referrals/{referral_id}/accept")
async def accept_referral(
    request: Request, referral_id: str, form: CheckedForm, services: Services
) -> Response:
    return await _decide(request, referral_id, "accept", form, services)


@router.post("/referrals/{referral_id}/decline")
async def decline_referral(
    request: Request, referral_id: str, form: CheckedForm, services: Services
) -> Response:
    return await _decide(request, referral_id, "decline", form, services)


async def _decide(
    request: Request, referral_id: str, decision: str, form: CheckedForm, services: Services
) -> Response:
    path = f"/referrals/{referral_id}/{decision}"
    try:
        decided = (await services.call("POST", "referrals", path, json=nest(form_pairs(form)))).body
    except ServiceUnavailable as down:
        return _form_again(request, None, form_values(form), {}, str(down), 503)
    except ServiceRefused as refused:
        if refused.status in (401, 403, 404):
            raise
        referral = (await services.get("referrals", f"/referrals/{referral_id}")).body
        return _form_again(
            request, referral, form_values(form), field_errors(refused.detail), None, refused.status
        )
    if decided.get("care_plan_id"):
        return RedirectResponse(f"/care-plans/{decided['care_plan_id']}", status_code=303)
    return RedirectResponse("/referrals", status_code=303)


def _form_again(
    request: Request,
    referral: dict[str, object] | None,
    values: FormValues,
    errors: dict[str, str],
    outage: str | None,
    status_code: int,
) -> HTMLResponse:
    context = {"referral": referral, "values": values, "errors": errors, "outage": outage}
    return render(request, "referral.html", context, status_code=status_code)
