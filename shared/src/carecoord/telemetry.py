"""Tracing and structured logs.

One W3C trace follows a request from the HTTP entry point into the outbox row, across Kafka in the
``traceparent`` header, and into every consumer's handling of the event. The OpenTelemetry
instrumentations make the spans of the web framework (named by route template, never by the path
with its ids), of the webhook client's calls and, when spans are exported, of database statements (SQL
with placeholders, never values).
"""

import json
import logging
import sys
from collections.abc import Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import httpx
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy.ext.asyncio import AsyncEngine

_propagator = TraceContextTextMapPropagator()


def configure_tracing(service_name: str, otlp_endpoint: str | None = None) -> None:
    """Install the tracer provider once per process. With an OTLP/HTTP collector's address
    (``http://collector:4318``) spans are exported to it in batches; without one they are still
    created and propagated (trace ids in logs, audit rows and events), just not exported."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    if otlp_endpoint:
        exporter = OTLPSpanExporter(endpoint=f"{otlp_endpoint.rstrip('/')}/v1/traces")
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)


def traced(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """A span (and an injected ``traceparent``) per request of this client only: instrumenting
    httpx process-wide would also rewrite the ``traceparent`` of clients that set their own."""
    HTTPXClientInstrumentor.instrument_client(client)
    return client


def instrument_database(engine: AsyncEngine) -> None:
    """A span per statement: only worth its CPU (about a tenth of a millisecond a statement) when
    the spans go somewhere, so services call it when an OTLP endpoint is configured. The
    instrumentation declares SQLAlchemy < 2.1; the engine events it hooks are unchanged in 2.1, and
    the privacy end-to-end test sees its statement spans exported, so its version check is skipped."""
    SQLAlchemyInstrumentor().instrument(
        engine=engine.sync_engine, enable_commenter=False, skip_dep_check=True
    )


def tracer() -> trace.Tracer:
    return trace.get_tracer("carecoord")


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def new_trace(name: str) -> AbstractContextManager[trace.Span]:
    """A root span: what a scheduled job does starts its own trace, which its events carry on."""
    return tracer().start_as_current_span(name, context=otel_context.Context())


def context_from_traceparent(traceparent: str | None) -> otel_context.Context:
    return _propagator.extract({"traceparent": traceparent} if traceparent else {})


def context_from_headers(headers: Mapping[str, str]) -> otel_context.Context:
    return _propagator.extract(dict(headers))


def route_of(scope: Mapping[str, Any]) -> str:
    """The matched route's template (``/referrals/{referral_id}``), for logs, metric labels and
    spans: the path itself holds patients' and referrals' ids."""
    return str(getattr(scope.get("route"), "path", "unmatched"))


def current_trace_id() -> str | None:
    span_context = trace.get_current_span().get_span_context()
    return format(span_context.trace_id, "032x") if span_context.is_valid else None


def current_span_id() -> str | None:
    span_context = trace.get_current_span().get_span_context()
    return format(span_context.span_id, "016x") if span_context.is_valid else None


class JsonLogFormatter(logging.Formatter):
    def __init__(self, service_name: str) -> None:
        super().__init__()
        self._service_name = service_name

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self._service_name,
            "logger": record.name,
            "message": record.getMessage(),
            "trace_id": current_trace_id(),
            "span_id": current_span_id(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(service_name: str, level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter(service_name))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    # Both log request URLs, whose paths and query strings hold patients' ids; the access log is
    # ``carecoord.access``, by route template.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger(service_name).setLevel(level)
