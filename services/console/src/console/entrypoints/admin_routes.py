"""Clinic admin pages: webhook subscriptions and their delivery log, and the audit trail search.
A new or rotated signing secret is shown once, on the page that answers the change, and is kept
nowhere by the console."""

from typing import Annotated, Any, Literal

from carecoord.events import registered_event_types
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.adapters.services import ServiceRefused, ServiceUnavailable
from console.domain.audit import AUDITED_SERVICES, audit_search
from console.domain.forms import field_errors, nest
from console.entrypoints.web import CheckedForm, Services, form_pairs, form_values, render
from console.service_layer import clinic_admin

router = APIRouter()
Text = Annotated[str, Query(max_length=200)]


def _event_types() -> list[str]:
    return sorted(registered_event_types())


@router.get("/admin/webhooks")
async def show_webhooks(request: Request, services: Services) -> HTMLResponse:
    return await _webhooks_page(request, services, {})


@router.post("/admin/webhooks")
async def submit_webhook(request: Request, form: CheckedForm, services: Services) -> Response:
    try:
        created = await clinic_admin.create_subscription(services, nest(form_pairs(form)))
    except (ServiceRefused, ServiceUnavailable) as failure:
        if isinstance(failure, ServiceRefused) and failure.status in (401, 403, 404):
            raise
        context: dict[str, Any] = {"values": form_values(form)}
        if isinstance(failure, ServiceUnavailable):
            outage = {**context, "outage": str(failure), "subscriptions": [], "event_types": _event_types()}
            return render(request, "webhooks.html", outage, status_code=503)
        context["errors"] = field_errors(failure.detail)
        return await _webhooks_page(request, services, context, failure.status)
    return await _webhooks_page(request, services, {"secret": created["secret"], "secret_for": created["id"]})


@router.post("/admin/webhooks/{subscription_id}/{action}")
async def change_webhook(
    request: Request,
    subscription_id: str,
    action: Literal["pause", "resume", "rotate-secret"],
    form: CheckedForm,
    services: Services,
) -> Response:
    changed = await clinic_admin.change_subscription(services, subscription_id, action)
    if action == "rotate-secret":
        return await _subscription_page(request, services, subscription_id, {"secret": changed["secret"]})
    return RedirectResponse(f"/admin/webhooks/{subscription_id}", status_code=303)


@router.get("/admin/webhooks/{subscription_id}")
async def show_webhook(request: Request, subscription_id: str, services: Services) -> HTMLResponse:
    return await _subscription_page(request, services, subscription_id, {})


@router.get("/admin/audit")
async def show_audit(
    request: Request,
    services: Services,
    service: Text = "",
    patient_id: Text = "",
    actor: Text = "",
    since: Text = "",
    until: Text = "",
    cursor: Text = "",
) -> HTMLResponse:
    values = {"service": service, "patient_id": patient_id, "actor": actor, "since": since, "until": until}
    chosen, params, errors = audit_search({**values, "cursor": cursor})
    context: dict[str, Any] = {"values": values, "services_audited": AUDITED_SERVICES, "errors": errors}
    if errors:
        return render(request, "audit.html", {**context, "page": None}, status_code=422)
    try:
        page = await clinic_admin.audit_page(services, chosen, params)
    except ServiceRefused as refused:
        if refused.status in (401, 403, 404):
            raise
        return render(
            request, "audit.html", {**context, "page": None, "errors": field_errors(refused.detail)}, 422
        )
    return render(request, "audit.html", {**context, "page": page, "service": chosen})


async def _webhooks_page(
    request: Request, services: Services, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    subscriptions = await clinic_admin.list_subscriptions(services)
    page = {"subscriptions": subscriptions, "event_types": _event_types(), **context}
    return render(request, "webhooks.html", page, status_code=status_code)


async def _subscription_page(
    request: Request, services: Services, subscription_id: str, context: dict[str, Any]
) -> HTMLResponse:
    subscription, deliveries = await clinic_admin.subscription_with_deliveries(services, subscription_id)
    return render(
        request, "webhook.html", {"subscription": subscription, "deliveries": deliveries, **context}
    )
