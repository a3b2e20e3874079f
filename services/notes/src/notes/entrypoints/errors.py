"""Domain errors as problems: a signed note is 409, content wrong for the visit is 422 with the
field's path (same shape as request validation), a stale If-Match is 412."""

from carecoord.access import Decision
from carecoord.http import audit_refusal
from carecoord.problems import Problem, ProblemOf, field_error, invalid
from fastapi import Request

from notes.domain.errors import (
    AppointmentNotWritable,
    InvalidNote,
    NoteError,
    NoteIsSigned,
    NoteNotFound,
    NoteNotSigned,
    NotPermitted,
    PrecautionsBroken,
    StaleVersion,
)

STATUS = {
    NoteIsSigned: (409, "the note is signed and immutable; add an addendum instead"),
    NoteNotSigned: (409, "addenda are added to signed notes; edit the draft instead"),
    AppointmentNotWritable: (409, None),
    NotPermitted: (403, None),
    NoteNotFound: (404, "not found"),
    StaleVersion: (412, None),
    PrecautionsBroken: (409, None),
}


async def note_error(request: Request, error: NoteError) -> Problem:
    if isinstance(error, InvalidNote):
        return invalid(
            *(field_error(["body", "content", *path], message) for path, message in error.problems)
        )
    if isinstance(error, PrecautionsBroken):
        return Problem(409, str(error), kind="precautions-broken", conflicts=error.conflicts)
    status, message = STATUS.get(type(error), (409, None))
    if isinstance(error, NotPermitted):
        # Past the care team check but not this provider's note: a refusal, audited as one.
        await audit_refusal(request, Decision.FORBIDDEN, request.url.path.lstrip("/"))
    return Problem(status, message or str(error))


PROBLEMS: dict[type[Exception], ProblemOf] = {NoteError: note_error}
