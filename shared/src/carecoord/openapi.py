"""Each service's OpenAPI document, telling the truth about what an integrator meets.

FastAPI generates the operations from the routes; this adds what it cannot know: readable,
unique operation ids (the route's name in camelCase: ``create_referral`` is ``createReferral``),
and every error an operation can answer, each as a problem (``carecoord.problems``) in place of
FastAPI's own 422 body. Which errors: 401 and 403 where a bearer token is needed, 404 where the
path names a record, 413 where there is a body, 422 where there is any input, 412 where If-Match
is read, 500 and 503 everywhere, and what a route declares itself with ``problem_responses``.
"""

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from carecoord.problems import KIND_OF_STATUS, PROBLEM_JSON, TYPE_PREFIX

WHEN = {
    401: "The bearer token is missing, expired or not signed by a trusted issuer.",
    403: "The caller's role, care-team membership or scopes do not allow this.",
    404: "The record does not exist, or belongs to another clinic.",
    409: "The request conflicts with the record's state or a rule (named in the problem).",
    412: "If-Match names an older version than the current one; read again and reapply.",
    413: "The request body is larger than the service accepts.",
    422: "The request is not valid; `errors` names each field (without echoing its value).",
    428: "The change needs If-Match with the ETag of the version read.",
    500: "A fault of the service; nothing the caller can correct.",
    503: "A database or broker outage, or a request over its time limit: nothing was written; retry.",
}
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def operation_id(route: APIRoute) -> str:
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The errors a route answers beyond those every operation of its shape does (409, 428...)."""
    return {status: {"description": WHEN.get(status, HTTPStatus(status).phrase)} for status in statuses}


def use_described_openapi(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the described document (generated once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = describe(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def describe(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    schemas.update(PROBLEM_SCHEMAS)
    ids: set[str] = set()
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if operation["operationId"] in ids:
                raise ValueError(f"operation id {operation['operationId']} of {method} {path} is not unique")
            ids.add(operation["operationId"])
            _document_errors(operation)
    for operations in document.get("webhooks", {}).values():
        for operation in operations.values():
            operation["responses"].pop("422", None)
    return document


def _document_errors(operation: dict[str, Any]) -> None:
    parameters = operation.get("parameters", [])
    statuses = {int(status) for status in operation["responses"] if status[0] in "45"} | {500, 503}
    if operation.get("security"):
        statuses |= {401, 403}
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.add(404)
    if "requestBody" in operation:
        statuses |= {413, 422}
    if parameters:
        statuses.add(422)
    if any(parameter["in"] == "header" and parameter["name"] == "if-match" for parameter in parameters):
        statuses.add(412)
    for status in sorted(statuses):
        declared = operation["responses"].get(str(status))
        if status == 422 or not _names_a_model(declared):  # FastAPI's own 422 body is replaced
            operation["responses"][str(status)] = _problem_response(status, declared)


def _names_a_model(response: dict[str, Any] | None) -> bool:
    """A route that answers an error with a body of its own (``/readyz``'s 503) keeps it."""
    content = (response or {}).get("content", {})
    return any("$ref" in media.get("schema", {}) for media in content.values())


def _problem_response(status: int, declared: dict[str, Any] | None) -> dict[str, Any]:
    schema = "ValidationProblem" if status == 422 else "Problem"
    description = WHEN.get(status, HTTPStatus(status).phrase)
    if declared is not None and declared.get("description") not in (None, "Validation Error"):
        description = declared["description"]
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


PROBLEM_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "title": "Problem",
        "description": (
            "An error, as RFC 9457 problem details. Members beyond these are extensions that "
            "name the reason for machines (e.g. `reason` and `refusals` on a refused booking, "
            "`current_version` on a stale edit)."
        ),
        "type": "object",
        "required": ["type", "title", "status", "detail", "instance"],
        "properties": {
            "type": {
                "type": "string",
                "format": "uri",
                "description": "The kind of problem, the same in every service",
                "examples": [*(TYPE_PREFIX + kind for kind in sorted(set(KIND_OF_STATUS.values())))],
            },
            "title": {"type": "string", "description": "The status's phrase", "examples": ["Not Found"]},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string", "description": "What went wrong, for people"},
            "instance": {"type": "string", "description": "The request's path"},
        },
        "additionalProperties": True,
    },
    "ValidationProblem": {
        "title": "ValidationProblem",
        "description": "A 422 problem naming each invalid field; submitted values are never echoed.",
        "allOf": [
            {"$ref": "#/components/schemas/Problem"},
            {
                "type": "object",
                "required": ["errors"],
                "properties": {
                    "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}
                },
            },
        ],
    },
    "FieldError": {
        "title": "FieldError",
        "type": "object",
        "required": ["loc", "pointer", "detail", "type"],
        "properties": {
            "loc": {
                "type": "array",
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "description": "Where: body, query, path or header, then the field's path",
                "examples": [["body", "patient", "mrn"]],
            },
            "pointer": {
                "type": "string",
                "description": "The same place as a JSON Pointer (RFC 6901)",
                "examples": ["/body/patient/mrn"],
            },
            "detail": {"type": "string", "description": "What is wrong with it"},
            "type": {"type": "string", "description": "The kind of error", "examples": ["missing"]},
        },
    },
}
