"""Domain errors as problems: an illegal transition is a conflict that names the current state, a
stale edit a failed precondition that names the current version."""

from carecoord.access import Decision
from carecoord.http import audit_refusal
from carecoord.problems import Problem, ProblemOf, field_error, invalid
from fastapi import Request

from referrals.domain.care_plan import InvalidPlan, StalePlan
from referrals.domain.certification import NotTheReferringPhysician
from referrals.domain.lifecycle import IllegalTransition
from referrals.service_layer.care_plans import CarePlanNotFound
from referrals.service_layer.transitions import ReferralNotFound


class PreconditionRequired(Exception):
    """A change to the care plan came without If-Match."""


def illegal_transition(request: Request, error: IllegalTransition) -> Problem:
    return Problem(409, str(error), kind="illegal-transition", current_status=str(error.current))


def not_found(request: Request, error: ReferralNotFound | CarePlanNotFound) -> Problem:
    return Problem(404, f"{error} not found")


def stale_plan(request: Request, error: StalePlan) -> Problem:
    return Problem(
        412,
        f"{error}; read it again and reapply your change",
        headers={"ETag": etag(error.current)},
        current_version=error.current,
    )


async def not_the_referring_physician(request: Request, error: NotTheReferringPhysician) -> Problem:
    await audit_refusal(request, Decision.FORBIDDEN, request.url.path.lstrip("/"))
    return Problem(403, "only the physician who referred the patient certifies the plan of care")


def precondition_required(request: Request, error: PreconditionRequired) -> Problem:
    return Problem(428, "send If-Match with the ETag of the plan you read, so no edit is lost")


def invalid_plan(request: Request, error: InvalidPlan) -> Problem:
    loc = ["body", *(int(part) if part.isdigit() else part for part in error.field.split("."))]
    return invalid(field_error(loc, str(error)))


PROBLEMS: dict[type[Exception], ProblemOf] = {
    IllegalTransition: illegal_transition,
    ReferralNotFound: not_found,
    CarePlanNotFound: not_found,
    StalePlan: stale_plan,
    NotTheReferringPhysician: not_the_referring_physician,
    PreconditionRequired: precondition_required,
    InvalidPlan: invalid_plan,
}


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
