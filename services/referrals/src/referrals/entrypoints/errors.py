"""Domain errors as HTTP answers: an illegal transition is a conflict that names the current
state, a stale edit a failed precondition that names the current version."""

from typing import Any

from carecoord.access import Decision
from carecoord.http import audit_refusal
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from referrals.domain.care_plan import InvalidPlan, StalePlan
from referrals.domain.certification import NotTheReferringPhysician
from referrals.domain.lifecycle import IllegalTransition
from referrals.service_layer.care_plans import CarePlanNotFound
from referrals.service_layer.transitions import ReferralNotFound


class PreconditionRequired(Exception):
    """A change to the care plan came without If-Match."""


def invalid(*errors: tuple[list[Any], str]) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": loc, "msg": message, "type": "value_error"} for loc, message in errors]
    )


def add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(IllegalTransition)
    async def illegal_transition(request: Request, error: IllegalTransition) -> JSONResponse:
        return JSONResponse({"detail": str(error), "current_status": str(error.current)}, status_code=409)

    @app.exception_handler(ReferralNotFound)
    @app.exception_handler(CarePlanNotFound)
    async def gone(request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"{error} not found"}, status_code=404)

    @app.exception_handler(StalePlan)
    async def stale_plan(request: Request, error: StalePlan) -> JSONResponse:
        return JSONResponse(
            {"detail": f"{error}; read it again and reapply your change", "current_version": error.current},
            status_code=412,
            headers={"ETag": etag(error.current)},
        )

    @app.exception_handler(NotTheReferringPhysician)
    async def not_the_referring_physician(request: Request, error: NotTheReferringPhysician) -> JSONResponse:
        await audit_refusal(request, Decision.FORBIDDEN, request.url.path.lstrip("/"))
        return JSONResponse(
            {"detail": "only the physician who referred the patient certifies the plan of care"},
            status_code=403,
        )

    @app.exception_handler(PreconditionRequired)
    async def precondition_required(request: Request, error: PreconditionRequired) -> JSONResponse:
        return JSONResponse(
            {"detail": "send If-Match with the ETag of the plan you read, so no edit is lost"},
            status_code=428,
        )

    @app.exception_handler(InvalidPlan)
    async def invalid_plan(request: Request, error: InvalidPlan) -> JSONResponse:
        loc = ["body", *(int(part) if part.isdigit() else part for part in error.field.split("."))]
        return JSONResponse(
            {"detail": [{"loc": loc, "msg": str(error), "type": "value_error"}]}, status_code=422
        )


def etag(version: int) -> str:
    return f'"{version}"'


def version_from_if_match(header: str | None) -> int:
    """The version an If-Match names: ``"3"`` or ``W/"3"``. A wildcard cannot prove the editor
    saw the current plan, so it counts as no precondition; a tag that is no version of ours
    matches nothing (-1), which makes the edit stale."""
    if header is None or header.strip() == "*":
        raise PreconditionRequired()
    value = header.strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() and len(value) < 10 else -1
