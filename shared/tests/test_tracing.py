"""One trace from the producing request through the outbox row and Kafka into the consumer."""

from carecoord.dispatch import Dispatcher
from carecoord.envelope import CloudEvent
from carecoord.events import ReferralReceived
from carecoord.outbox import UnitOfWork
from carecoord.telemetry import configure_tracing, current_traceparent, tracer
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

EVENT = {
    "clinic_id": "c",
    "patient_id": "p",
    "referral_id": "r",
    "referring_physician_id": "dr",
    "referring_physician_npi": "1234567893",
    "diagnosis_codes": ["M54.50"],
    "conditions": [],
    "requested_disciplines": ["medical_massage"],
    "received_on": "2026-11-27",
}


async def test_the_consumer_span_continues_the_producer_trace() -> None:
    configure_tracing("test")  # idempotent: the process keeps one provider
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    seen: list[str | None] = []

    async def handler(uow: UnitOfWork, event: ReferralReceived, envelope: CloudEvent) -> None:
        seen.append(current_traceparent())

    with tracer().start_as_current_span("POST /referrals") as request_span:
        traceparent = current_traceparent()
    envelope = CloudEvent(
        type=ReferralReceived.type, source="/t", subject="s", data=EVENT, traceparent=traceparent
    )
    await Dispatcher().on(ReferralReceived, handler)(None, [envelope])  # type: ignore[arg-type]
    trace_id = format(request_span.get_span_context().trace_id, "032x")
    consumer_span = next(span for span in exporter.get_finished_spans() if span.name.startswith("consume"))
    assert format(consumer_span.context.trace_id, "032x") == trace_id
    assert (
        consumer_span.parent is not None
        and consumer_span.parent.span_id == request_span.get_span_context().span_id
    )
    assert seen[0] is not None and trace_id in seen[0], "events the handler publishes stay in the trace"
