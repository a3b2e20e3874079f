"""Every error answer of every service as RFC 9457 problem details (``application/problem+json``).

A body names the kind of problem (``type``, one URN per kind, the same in every service), the
status's ``title``, a ``detail`` for people, the request path as ``instance``, and, for a 422,
``errors``: each invalid field with its location (``loc``, as FastAPI names it, and ``pointer``,
the same as a JSON Pointer into the request: ``/body/patient/mrn``, ``/query/cursor``). Machine-
readable reasons a service adds (``code``, ``refusals``, ``current_version``) are extension members.

A service raises ``Problem`` from a route, or maps its domain errors to one with the ``ProblemOf``
functions it hands to ``carecoord.http.create_app``: one way, in every service.
"""

import json
from collections.abc import Awaitable, Callable, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:carecoord:problem:"

# The kind of each status the services answer; a route may name a narrower kind.
KIND_OF_STATUS = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "stale-version",
    413: "body-too-large",
    415: "unsupported-media-type",
    422: "invalid-request",
    428: "precondition-required",
    500: "internal-error",
    503: "unavailable",
}


class Problem(Exception):
    """An error answer: raised by a route, or returned by a ``ProblemOf`` for a domain error."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        errors: Sequence[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind or KIND_OF_STATUS.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "-")
        self.errors = list(errors) if errors is not None else None
        self.headers = headers or {}
        self.extensions = extensions

    def body(self, instance: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": TYPE_PREFIX + self.kind,
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
            **self.extensions,
        }
        if self.errors is not None:
            body["errors"] = self.errors
        return body

    def response(self, request: Request) -> JSONResponse:
        return JSONResponse(
            self.body(request.url.path), self.status, headers=self.headers, media_type=PROBLEM_JSON
        )

    def encoded(self, instance: str) -> bytes:
        """The body for an answer sent below FastAPI (the request limits' ASGI middleware)."""
        return json.dumps(self.body(instance)).encode()


ProblemOf = Callable[[Request, Any], Problem | Awaitable[Problem]]
"""Maps a service's domain error to the problem it is answered with (it may audit first)."""


def field_error(loc: Sequence[str | int], message: str, kind: str = "value_error") -> dict[str, Any]:
    """One invalid field, without the submitted value (it may be PHI)."""
    return {
        "loc": list(loc),
        "pointer": "".join(f"/{_escaped(part)}" for part in loc),
        "detail": message,
        "type": kind,
    }


def invalid(*errors: dict[str, Any]) -> Problem:
    """A 422 naming each invalid field (``field_error``)."""
    count = "one field is" if len(errors) == 1 else f"{len(errors)} fields are"
    return Problem(422, f"the request is not valid: {count} wrong", errors=errors)


def _escaped(part: str | int) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")
