"""Domain errors as problems: a refusal is 409 with every rule that said no (``reason`` is the
first rule's code, ``refusals`` all of them); a record of another clinic is simply not found."""

from typing import Any

from carecoord.problems import Problem, ProblemOf
from fastapi import Request

from scheduling.domain.refusals import BookingRefused
from scheduling.service_layer.errors import NotFound


def refused(request: Request, error: BookingRefused) -> Problem:
    first = error.refusals[0]
    extensions: dict[str, Any] = {
        "reason": first.rule,
        "refusals": [{"rule": r.rule, "message": r.message} for r in error.refusals],
    }
    if error.visit_index is not None:
        extensions["visit_index"] = error.visit_index
    return Problem(409, f"refused: {first.rule}: {first.message}", kind="booking-refused", **extensions)


def not_found(request: Request, error: NotFound) -> Problem:
    return Problem(404, f"{error.resource} not found")


PROBLEMS: dict[type[Exception], ProblemOf] = {BookingRefused: refused, NotFound: not_found}
