"""Editing the care plan's goals. When another person saved the plan first (412), the editor
shows what they changed and keeps this person's draft, ready to save again on the new version."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.adapters.services import ServiceRefused, ServiceUnavailable
from console.domain.care_plan import goals_form, version_of, without_blank_new_goal
from console.domain.forms import field_errors, nest
from console.entrypoints.web import CheckedForm, Services, form_pairs, form_values, render
from console.service_layer.care_plans import changes_since, save_goals

router = APIRouter()


@router.get("/care-plans/{care_plan_id}/goals")
async def show_goal_editor(request: Request, care_plan_id: str, services: Services) -> HTMLResponse:
    reply = await services.get("referrals", f"/care-plans/{care_plan_id}")
    context = {"plan": reply.body, "if_match": reply.etag, "values": goals_form(reply.body["goals"])}
    return render(request, "goals.html", context)


@router.post("/care-plans/{care_plan_id}/goals")
async def submit_goals(
    request: Request, care_plan_id: str, form: CheckedForm, services: Services
) -> Response:
    if_match = str(form.get("if_match", ""))
    body = without_blank_new_goal(nest(pair for pair in form_pairs(form) if pair[0] != "if_match"))
    context: dict[str, Any] = {
        "plan": {"id": care_plan_id},
        "if_match": if_match,
        "values": form_values(form),
    }
    try:
        await save_goals(services, care_plan_id, body, if_match)
    except ServiceUnavailable as down:
        return render(request, "goals.html", {**context, "outage": str(down)}, status_code=503)
    except ServiceRefused as refused:
        if refused.status in (401, 403, 404):
            raise
        current = await services.get("referrals", f"/care-plans/{care_plan_id}")
        stale = refused.status == 412
        context.update(
            plan=current.body,
            if_match=current.etag,  # saving again applies this draft to the plan as it is now
            errors=field_errors(refused.detail),
            changes=await changes_since(services, care_plan_id, version_of(if_match)) if stale else [],
        )
        return render(request, "goals.html", context, status_code=refused.status)
    return RedirectResponse(f"/care-plans/{care_plan_id}", status_code=303)
