"""Route consumed events to per-type handlers, each inside the trace its producer started."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from opentelemetry.trace import SpanKind

from carecoord.envelope import CloudEvent
from carecoord.events.base import Event, event_model_for
from carecoord.outbox import UnitOfWork
from carecoord.telemetry import context_from_traceparent, tracer

E = TypeVar("E", bound=Event)
EventHandler = Callable[[UnitOfWork, E, CloudEvent], Awaitable[None]]


class Dispatcher:
    """A batch handler for the consumer runner. Unknown types, and known types nobody handles,
    are skipped: a consumer ignores what it does not understand."""

    def __init__(self) -> None:
        self._routes: dict[str, list[EventHandler[Any]]] = {}
        self._for_every_event: list[EventHandler[Event]] = []

    def on(self, model: type[E], handler: EventHandler[E]) -> "Dispatcher":
        self._routes.setdefault(model.type, []).append(handler)
        return self

    def on_every_event(self, handler: EventHandler[Event]) -> "Dispatcher":
        self._for_every_event.append(handler)
        return self

    def handles(self, event_type: str) -> bool:
        """Whether an event of this type reaches a handler: the service is one of its consumers."""
        return bool(self._for_every_event) or event_type in self._routes

    async def __call__(self, uow: UnitOfWork, events: Sequence[CloudEvent]) -> None:
        for envelope in events:
            handlers = [*self._routes.get(envelope.type, []), *self._for_every_event]
            model = event_model_for(envelope.type)
            if model is None or not handlers:
                continue
            with tracer().start_as_current_span(
                f"consume {envelope.type}",
                context=context_from_traceparent(envelope.traceparent),
                kind=SpanKind.CONSUMER,
                attributes={"cloudevents.event_id": envelope.id, "cloudevents.event_type": envelope.type},
            ):
                event = model.model_validate(envelope.data)
                for handler in handlers:
                    await handler(uow, event, envelope)
