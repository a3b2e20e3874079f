"""Prometheus metrics every service exposes on /metrics."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Histogram(
    "carecoord_http_request_seconds", "HTTP request latency", ["method", "route", "status"]
)
OUTBOX_PUBLISHED = Counter("carecoord_outbox_published_total", "Events the outbox relay published")
EVENTS_CONSUMED = Counter("carecoord_events_consumed_total", "Events handled by the consumer", ["outcome"])
DEAD_LETTERED = Counter("carecoord_events_dead_lettered_total", "Messages sent to a dead-letter topic")
