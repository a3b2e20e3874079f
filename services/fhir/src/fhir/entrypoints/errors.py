"""Every refusal as an OperationOutcome: the facade's own, the services' (same status, their
message where it is one), an outage (503), a malformed request (400)."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from fhir.adapters.services import ServiceRefused, ServiceUnavailable
from fhir.domain.outcome import FhirError, Issue, issue_code_for, operation_outcome

FHIR_JSON = "application/fhir+json"


def fhir_response(body: object, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, media_type=FHIR_JSON, headers=headers)


def outcome_response(error: FhirError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return fhir_response(operation_outcome(error.issues), error.status, headers)


def refusal_error(refusal: ServiceRefused) -> FhirError:
    status = 400 if refusal.status == 422 else refusal.status
    detail = refusal.body.get("detail") if isinstance(refusal.body, dict) else refusal.body
    message = detail if isinstance(detail, str) else f"the {refusal.service} service refused the request"
    return FhirError.one(status, issue_code_for(status), message)


def add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FhirError)
    async def fhir_error(request: Request, error: FhirError) -> JSONResponse:
        return outcome_response(error)

    @app.exception_handler(ServiceRefused)
    async def refused(request: Request, refusal: ServiceRefused) -> JSONResponse:
        return outcome_response(refusal_error(refusal))

    @app.exception_handler(ServiceUnavailable)
    async def unavailable(request: Request, outage: ServiceUnavailable) -> JSONResponse:
        return outcome_response(FhirError.one(503, "transient", str(outage)))

    @app.exception_handler(RequestValidationError)
    async def malformed(request: Request, error: RequestValidationError) -> JSONResponse:
        issues = [
            Issue("invalid", str(e.get("msg")), ".".join(str(p) for p in e.get("loc", ())))
            for e in error.errors()
        ]
        return outcome_response(FhirError(400, issues))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        return outcome_response(
            FhirError.one(error.status_code, issue_code_for(error.status_code), str(error.detail))
        )
