"""Domain errors as HTTP answers: a signed note is 409, content wrong for the visit is 422 with
the field's path (same shape as request validation), a stale If-Match is 412."""

from carecoord.access import Decision
from carecoord.http import audit_refusal
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

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


def add_note_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NoteError)
    async def note_error(request: Request, error: NoteError) -> JSONResponse:
        if isinstance(error, InvalidNote):
            detail = [
                {"loc": ["body", "content", *path], "msg": message, "type": "value_error"}
                for path, message in error.problems
            ]
            return JSONResponse({"detail": detail}, status_code=422)
        status, message = STATUS.get(type(error), (409, None))
        if isinstance(error, NotPermitted):
            # Past the care team check but not this provider's note: a refusal, audited as one.
            await audit_refusal(request, Decision.FORBIDDEN, request.url.path.lstrip("/"))
        return JSONResponse({"detail": message or str(error)}, status_code=status)
