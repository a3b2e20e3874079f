from typing import Any

from console.adapters.services import Reply
from console.domain.forms import nest
from console.service_layer.visits import change_visit


class Scheduling:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    async def call(self, method: str, service: str, path: str, **kwargs: Any) -> Reply:
        self.calls.append((path, kwargs.get("json")))
        return Reply({"id": "a-1", "status": "cancelled"}, None)


async def test_a_cancellation_sends_its_reason_and_a_no_show_sends_no_body() -> None:
    scheduling = Scheduling()
    await change_visit(scheduling, "a-1", "cancel", nest([("reason_code", "illness")]))  # type: ignore[arg-type]
    await change_visit(scheduling, "a-1", "no-show", nest([]))  # type: ignore[arg-type]
    assert scheduling.calls == [
        ("/appointments/a-1/cancel", {"reason_code": "illness"}),
        ("/appointments/a-1/no-show", None),
    ]


async def test_a_reschedule_left_without_minutes_keeps_the_visits_length() -> None:
    scheduling = Scheduling()
    form = [("starts_at", "2026-12-03T09:00:00Z"), ("duration_minutes", " ")]
    await change_visit(scheduling, "a-1", "reschedule", nest(form))  # type: ignore[arg-type]
    assert scheduling.calls == [("/appointments/a-1/reschedule", {"starts_at": "2026-12-03T09:00:00Z"})]
