"""The FastAPI application every service is built on.

It adds what all four share: health, readiness and metrics endpoints, bearer authentication as a
dependency, a server span per request continuing the caller's trace, request body limits, and
error bodies that say what is wrong and where, never a 500 for bad input or an outage.
"""

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

import sqlalchemy as sa
from aiokafka.errors import KafkaError
from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from opentelemetry.trace import SpanKind
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from carecoord.access import AccessDenied, Decision
from carecoord.auth import AuthenticationError, Principal
from carecoord.consumer import is_outage
from carecoord.metrics import HTTP_REQUESTS
from carecoord.runtime import ServiceRuntime
from carecoord.telemetry import configure_logging, configure_tracing, context_from_headers, tracer

log = logging.getLogger(__name__)


def create_app(runtime: ServiceRuntime, title: str) -> FastAPI:
    configure_logging(runtime.name, runtime.settings.log_level)
    configure_tracing(runtime.name)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, lifespan=lifespan)
    app.state.runtime = runtime
    _add_platform_routes(app, runtime)
    _add_error_handlers(app)
    app.middleware("http")(_trace_and_limit(runtime.settings.max_body_bytes))
    return app


def _add_platform_routes(app: FastAPI, runtime: ServiceRuntime) -> None:
    @app.get("/healthz", tags=["platform"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["platform"])
    async def readyz() -> JSONResponse:
        checks = await runtime.readiness()
        ready = all(checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    @app.get("/metrics", tags=["platform"], include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": message, **extra}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # Field paths and reasons, without echoing the submitted values (they may be PHI).
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in error.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(AuthenticationError)
    async def unauthenticated(request: Request, error: AuthenticationError) -> JSONResponse:
        response = _error(401, f"not authenticated: {error}")
        response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response

    @app.exception_handler(AccessDenied)
    async def denied(request: Request, error: AccessDenied) -> JSONResponse:
        if error.decision is Decision.NOT_FOUND:
            return _error(404, f"{error.resource} not found")
        return _error(403, f"not permitted to access {error.resource}")

    async def outage_or_bug(request: Request, error: Exception) -> JSONResponse:
        if is_outage(error):
            log.warning("dependency unavailable: %r", error)
            return _error(503, "a dependency is unavailable; nothing was written, retry later")
        log.exception("unhandled error", exc_info=error)
        return _error(500, "internal error")

    # Handlers for these classes answer without re-raising; an outage is a 503, never a 500.
    for error_class in (OSError, TimeoutError, sa.exc.DBAPIError, KafkaError, Exception):
        app.add_exception_handler(error_class, outage_or_bug)


async def authenticate(request: Request) -> Principal:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthenticationError("missing bearer token")
    runtime: ServiceRuntime = request.app.state.runtime
    return await runtime.verifier.verify(token)


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def runtime_of(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


Runtime = Annotated[ServiceRuntime, Depends(runtime_of)]

Middleware = Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]


def _trace_and_limit(max_body_bytes: int) -> Middleware:
    async def middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > max_body_bytes):
            return _error(413, f"request body exceeds {max_body_bytes} bytes")
        started = time.perf_counter()
        with tracer().start_as_current_span(
            f"{request.method} {request.url.path}",
            context=context_from_headers(request.headers),
            kind=SpanKind.SERVER,
        ) as span:
            response = await call_next(request)
            span.set_attribute("http.response.status_code", response.status_code)
        route = request.scope.get("route")
        HTTP_REQUESTS.labels(
            request.method, getattr(route, "path", "unmatched"), response.status_code
        ).observe(time.perf_counter() - started)
        return response

    return middleware
