"""The FastAPI application every service is built on.

It adds what all four share: health, readiness and metrics endpoints, the clinic admin's audit
trail (``GET /audit``), bearer authentication as a dependency, a server span per request named by
its route template (the OpenTelemetry FastAPI instrumentation) continuing the caller's trace, an
access log line without ids, request body and time limits (``carecoord.limits``), an audit row
for every refusal, and error bodies that say what is wrong and where (RFC 9457 problem details,
``carecoord.problems``), never a 500 for bad input or an outage.
"""

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager

import asyncpg
import sqlalchemy as sa
from aiokafka.errors import KafkaError
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from carecoord import audit_api
from carecoord.access import AccessDenied, Decision, audit_source, record_access
from carecoord.auth import AuthenticationError
from carecoord.consumer import is_outage
from carecoord.deps import CurrentPrincipal, PageLimit, Runtime, authenticate, runtime_of
from carecoord.limits import BodySizeLimit, TimeLimit
from carecoord.metrics import HTTP_REQUESTS
from carecoord.openapi import operation_id, use_described_openapi
from carecoord.problems import Problem, ProblemOf, field_error, invalid
from carecoord.runtime import ServiceRuntime
from carecoord.telemetry import configure_logging, configure_tracing, route_of

log = logging.getLogger(__name__)
access_log = logging.getLogger("carecoord.access")
PLATFORM_PATHS = "healthz,readyz,metrics"

# Routes import the dependencies from here, as before they moved to ``carecoord.deps``.
__all__ = ["CurrentPrincipal", "PageLimit", "Runtime", "audit_refusal", "authenticate", "create_app"]


def create_app(
    runtime: ServiceRuntime, title: str, problems: Mapping[type[Exception], ProblemOf] | None = None
) -> FastAPI:
    """``problems`` maps the service's own domain errors to the problems they are answered with."""
    configure_logging(runtime.name, runtime.settings.log_level)
    configure_tracing(runtime.name, runtime.settings.otel_exporter_otlp_endpoint)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, lifespan=lifespan, generate_unique_id_function=operation_id)
    use_described_openapi(app)
    app.state.runtime = runtime
    _add_platform_routes(app, runtime)
    app.include_router(audit_api.router)
    _add_error_handlers(app, problems or {})
    settings = runtime.settings
    app.middleware("http")(_observe(runtime.name))
    # Outside the rest, so that a timeout cancels the route's work rather than only its wait;
    # the body cap outermost, so an oversized body is refused before anything reads it.
    app.add_middleware(TimeLimit, seconds=settings.request_timeout_seconds)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # Outermost of all (the instrumentation wraps the whole stack), so every log line and refusal
    # is inside the request's span.
    FastAPIInstrumentor.instrument_app(app, excluded_urls=PLATFORM_PATHS, exclude_spans=["receive", "send"])
    return app


class Readiness(BaseModel):
    ready: bool
    checks: dict[str, bool] = Field(description="Each dependency (database, broker) and whether it answers")


def _add_platform_routes(app: FastAPI, runtime: ServiceRuntime) -> None:
    @app.get("/healthz", tags=["platform"])
    async def read_health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["platform"], responses={503: {"model": Readiness, "description": "Not ready"}})
    async def read_readiness() -> JSONResponse:
        checks = await runtime.readiness()
        ready = all(checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    @app.get("/metrics", tags=["platform"], include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def _add_error_handlers(app: FastAPI, problems: Mapping[type[Exception], ProblemOf]) -> None:
    """The platform's errors and the service's own, every one answered as a ``Problem``."""

    def answer(problem_of: ProblemOf) -> Callable[[Request, Exception], Awaitable[Response]]:
        async def handler(request: Request, error: Exception) -> Response:
            outcome = problem_of(request, error)
            problem = outcome if isinstance(outcome, Problem) else await outcome
            return problem.response(request)

        return handler

    handlers: dict[type[Exception], ProblemOf] = {
        Problem: lambda request, problem: problem,
        StarletteHTTPException: _http_exception,
        RequestValidationError: _invalid_request,
        AuthenticationError: _unauthenticated,
        AccessDenied: _denied,
        **problems,
    }
    for error_class, problem_of in handlers.items():
        app.add_exception_handler(error_class, answer(problem_of))
    # Handlers for these classes answer without re-raising; an outage is a 503, never a 500.
    for error_class in (OSError, TimeoutError, OverflowError, sa.exc.DBAPIError, KafkaError, Exception):
        app.add_exception_handler(error_class, answer(_outage_or_bug))


def _http_exception(request: Request, error: StarletteHTTPException) -> Problem:
    """Starlette's own refusals: a path that is no route (404), a method it does not take (405)."""
    return Problem(error.status_code, str(error.detail), headers=dict(error.headers or {}))


def _invalid_request(request: Request, error: RequestValidationError) -> Problem:
    # Field paths and reasons, without echoing the submitted values (they may be PHI).
    return invalid(*(field_error(e["loc"], e["msg"], e["type"]) for e in error.errors()))


def _unauthenticated(request: Request, error: AuthenticationError) -> Problem:
    # No identity, so no audit row; a security event all the same (never the token itself).
    log.warning("authentication refused: %s on %s %s", error, request.method, route_of(request.scope))
    return Problem(
        401, f"not authenticated: {error}", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
    )


async def _denied(request: Request, error: AccessDenied) -> Problem:
    if not error.audited:
        try:
            await audit_refusal(request, error.decision, error.resource, error.action, error.patient_id)
        except Exception as failure:
            if not is_outage(failure):
                raise
            return Problem(503, "a dependency is unavailable; retry later")
    if error.decision is Decision.NOT_FOUND:
        return Problem(404, f"{error.resource} not found")
    return Problem(403, error.reason or f"not permitted to access {error.resource}")


def _outage_or_bug(request: Request, error: Exception) -> Problem:
    if _unstorable(error):
        message = "a value is out of range, or text holds a NUL character"
        return invalid(field_error([], message))
    if is_outage(error):
        log.warning("dependency unavailable: %r", error)
        return Problem(503, "a dependency is unavailable; nothing was written, retry later")
    log.exception("unhandled error", exc_info=error)
    return Problem(500, "internal error")


def _unstorable(error: Exception) -> bool:
    """The caller's input, refused by PostgreSQL (SQLSTATE class 22) or by the driver before it
    was sent, or a date at the edge of the calendar that arithmetic overflows: a 422, not a bug.
    Routes validate what they can; this is the backstop."""
    if isinstance(error, OverflowError):
        return True
    cause = getattr(getattr(error, "orig", None), "__cause__", None)
    refused_by_driver = isinstance(cause, asyncpg.exceptions.InterfaceError) and isinstance(cause, ValueError)
    return isinstance(cause, asyncpg.exceptions.DataError) or refused_by_driver


_ACTION_OF_METHOD = {"GET": "read", "HEAD": "read", "POST": "create", "PUT": "update", "PATCH": "update"}


async def audit_refusal(
    request: Request,
    decision: Decision,
    resource: str,
    action: str | None = None,
    patient_id: str | None = None,
) -> None:
    """Audit a refusal that no access check recorded (a record not found in the caller's
    clinic, a rule of the service's own); used by services' error handlers too."""
    principal = getattr(request.state, "principal", None)
    if principal is None:
        return
    runtime = runtime_of(request)
    async with runtime.engine.begin() as connection:
        await record_access(
            connection,
            principal,
            action=action or _ACTION_OF_METHOD.get(request.method, request.method.lower()),
            resource=resource,
            patient_id=patient_id,
            decision=decision,
        )


Middleware = Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]


def _observe(service: str) -> Middleware:
    """The request's audit source, its latency metric and its access log line, all by route
    template: the path itself holds patients' and referrals' ids."""
    source = f"/carecoord/{service}"

    async def middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        with audit_source(source):
            response = await call_next(request)
        seconds = time.perf_counter() - started
        route = route_of(request.scope)
        HTTP_REQUESTS.labels(request.method, route, response.status_code).observe(seconds)
        if route not in _PLATFORM_ROUTES:
            access_log.info(
                "%s %s %s",
                request.method,
                route,
                response.status_code,
                extra={
                    "fields": {
                        "http.method": request.method,
                        "http.route": route,
                        "http.status_code": response.status_code,
                        "duration_ms": round(seconds * 1000, 1),
                    }
                },
            )
        return response

    return middleware


_PLATFORM_ROUTES = frozenset(f"/{path}" for path in PLATFORM_PATHS.split(","))
