from typing import Any

from console.adapters.services import Reply
from console.domain.audit import audit_search
from console.service_layer.clinic_admin import audit_page, change_subscription


def test_browser_times_are_read_as_utc_and_blank_filters_are_left_out() -> None:
    service, params, errors = audit_search(
        {"service": "notes", "patient_id": " p-1 ", "actor": "", "since": "2026-12-01T09:30", "until": ""}
    )
    assert (service, errors) == ("notes", {})
    assert params == {"patient_id": "p-1", "since": "2026-12-01T09:30:00+00:00"}


def test_a_wrong_time_or_service_is_named_by_its_field() -> None:
    _, _, errors = audit_search({"service": "billing", "since": "yesterday"})
    assert set(errors) == {"service", "since"}


def test_the_first_service_is_searched_unless_another_is_chosen_and_a_cursor_pages_on() -> None:
    service, params, _ = audit_search({"cursor": "WzQxXQ=="})
    assert (service, params) == ("referrals", {"cursor": "WzQxXQ=="})
    assert audit_search({"cursor": "41; drop"})[1] == {}


class Notifications:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, object]] = []

    async def call(self, method: str, service: str, path: str, **kwargs: Any) -> Reply:
        self.calls.append((service, path, kwargs.get("json")))
        return Reply({"secret": "whsec_new"}, None)

    async def get(self, service: str, path: str, params: dict[str, str] | None = None) -> Reply:
        self.calls.append((service, path, params))
        return Reply({"items": [], "next_cursor": None}, None)


async def test_a_secret_rotation_and_an_audit_search_go_to_the_services_as_asked() -> None:
    services = Notifications()
    rotated = await change_subscription(services, "s-1", "rotate-secret")  # type: ignore[arg-type]
    await audit_page(services, "scheduling", {"actor": "lmt-kim"})  # type: ignore[arg-type]
    assert rotated["secret"] == "whsec_new"
    assert services.calls == [
        ("notifications", "/subscriptions/s-1/rotate-secret", None),
        ("scheduling", "/audit", {"limit": "50", "actor": "lmt-kim"}),
    ]
