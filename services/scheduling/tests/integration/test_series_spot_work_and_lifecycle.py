"""A plan's frequency becomes a booked series across three disciplines with spot work; every
lifecycle change is one event."""

import itertools
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from carecoord.auth import Role
from carecoord.events import AuthorizationSnapshot, Discipline
from carecoord_local.testing import eventually

from .harness import TEAM, WINDOW_END, WINDOW_START, Clinic, local, published

PT, MASSAGE, CHIRO = Discipline.PHYSICAL_THERAPY, Discipline.MEDICAL_MASSAGE, Discipline.CHIROPRACTIC


async def _propose(clinic: Clinic, plan_id: str, discipline: Discipline, hour: str) -> dict[str, object]:
    body = {
        "discipline": discipline,
        "provider_id": TEAM[discipline],
        "duration_minutes": 45,
        "preferred_time": hour,
    }
    response = await clinic.client.post(
        f"/care-plans/{plan_id}/series/proposal", json=body, headers=clinic.scheduler
    )
    assert response.status_code == 200, response.text
    proposal: dict[str, object] = response.json()
    return proposal


async def test_three_discipline_series_with_spot_work_books_conflict_free(clinic: Clinic) -> None:
    await clinic.add_team()
    authorization = AuthorizationSnapshot(
        valid_from=WINDOW_START, valid_to=WINDOW_END, visits_authorized={PT: 12, CHIRO: 12, MASSAGE: 13}
    )
    plan = clinic.plan(authorization=authorization)
    await clinic.projected(plan)
    booked: list[dict[str, Any]] = []
    for discipline, hour in ((PT, "09:00"), (CHIRO, "10:00"), (MASSAGE, "14:00")):
        proposal = await _propose(clinic, plan.care_plan_id, discipline, hour)
        visits = proposal["visits"]
        assert isinstance(visits, list) and len(visits) == 12 and proposal["unplaced"] == []
        body = {"discipline": discipline, "provider_id": TEAM[discipline], "visits": visits}
        response = await clinic.client.post(
            f"/care-plans/{plan.care_plan_id}/series", json=body, headers=clinic.scheduler
        )
        assert response.status_code == 201, response.text
        booked.extend(response.json()["appointments"])
    host = next(a for a in booked if a["discipline"] == "physical_therapy")
    spot_at = datetime.fromisoformat(host["starts_at"]) + timedelta(minutes=15)
    spot = await clinic.book(plan, MASSAGE, spot_at, 15, host_appointment_id=host["id"])
    assert spot.status_code == 201, spot.text
    second_spot = await clinic.book(
        plan, MASSAGE, spot_at + timedelta(days=7), 15, host_appointment_id=host["id"]
    )
    assert "spot_work_not_nested_in_host" in [r["rule"] for r in second_spot.json()["refusals"]]
    upcoming = await clinic.client.get(
        f"/patients/{plan.patient_id}/appointments", params={"limit": 100}, headers=clinic.scheduler
    )
    items = upcoming.json()["items"]
    assert Counter(i["discipline"] for i in items) == {
        "physical_therapy": 12,
        "chiropractic": 12,
        "medical_massage": 13,
    }
    whole_visits = sorted(
        (datetime.fromisoformat(i["starts_at"]), datetime.fromisoformat(i["ends_at"]))
        for i in items
        if i["host_appointment_id"] is None
    )
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(whole_visits))
    exhausted = await clinic.book(
        plan, MASSAGE, spot_at + timedelta(minutes=20), 15, host_appointment_id=host["id"]
    )
    assert exhausted.json()["reason"] == "authorized_visits_exhausted"


async def test_a_series_with_one_refused_visit_books_nothing(clinic: Clinic) -> None:
    await clinic.add_team()
    plan = clinic.plan()
    await clinic.projected(plan)
    visits = [
        {"starts_at": local(WINDOW_START + timedelta(days=d), 9).isoformat(), "duration_minutes": 45}
        for d in (0, 3, 5)
    ]
    body = {"discipline": PT, "provider_id": "pt-1", "visits": visits}
    response = await clinic.client.post(
        f"/care-plans/{plan.care_plan_id}/series", json=body, headers=clinic.scheduler
    )
    assert response.status_code == 409
    assert response.json()["visit_index"] == 2 and response.json()["reason"] == "outside_working_hours"
    upcoming = await clinic.client.get(f"/patients/{plan.patient_id}/appointments", headers=clinic.scheduler)
    assert upcoming.json()["items"] == []


async def test_spot_work_nests_in_a_host_and_follows_its_cancellation(clinic: Clinic) -> None:
    await clinic.add_team()
    plan, other = clinic.plan(), clinic.plan()
    await clinic.projected(plan)
    await clinic.projected(other)
    host = (await clinic.book(plan, PT, local(WINDOW_START, 10), 60)).json()
    spot = await clinic.book(plan, MASSAGE, local(WINDOW_START, 10, 20), 15, host_appointment_id=host["id"])
    assert spot.status_code == 201, spot.text
    clash = await clinic.book(other, MASSAGE, local(WINDOW_START, 10), 60)
    assert clash.json()["reason"] == "provider_double_booked", "the massage therapist is taken"
    outside = await clinic.book(
        plan, MASSAGE, local(WINDOW_START, 10, 50), 15, host_appointment_id=host["id"]
    )
    assert outside.json()["reason"] == "spot_work_not_nested_in_host"
    cancel = await clinic.client.post(
        f"/appointments/{host['id']}/cancel", json={"reason_code": "illness"}, headers=clinic.scheduler
    )
    assert cancel.status_code == 200 and cancel.json()["late_cancel"] is False
    nested = await clinic.client.get(f"/appointments/{spot.json()['id']}", headers=clinic.scheduler)
    assert nested.json()["status"] == "cancelled" and nested.json()["cancel_reason"] == "host_cancelled"


async def test_each_lifecycle_change_is_published_once(clinic: Clinic) -> None:
    await clinic.add_team()
    plan = clinic.plan()
    await clinic.projected(plan)
    first = (await clinic.book(plan, PT, local(WINDOW_START, 9))).json()
    second = (await clinic.book(plan, PT, local(WINDOW_START + timedelta(days=1), 9))).json()
    pt = clinic.as_role(Role.PHYSICAL_THERAPIST, "pt-1")
    moved = await clinic.client.post(
        f"/appointments/{first['id']}/reschedule",
        json={"starts_at": local(WINDOW_START, 14).isoformat()},
        headers=pt,
    )
    assert moved.status_code == 200, moved.text
    for step in ("check-in", "complete"):
        assert (
            await clinic.client.post(f"/appointments/{first['id']}/{step}", headers=pt)
        ).status_code == 200
    again = await clinic.client.post(f"/appointments/{first['id']}/no-show", headers=pt)
    assert again.json()["reason"] == "invalid_status_transition"
    assert (await clinic.client.post(f"/appointments/{second['id']}/no-show", headers=pt)).status_code == 200
    subjects = {f"appointments/{first['id']}", f"appointments/{second['id']}"}

    async def all_published() -> list[str] | None:
        types = sorted(e.type.split(".")[2] for e in await published(clinic.kafka, subjects))
        return types if len(types) >= 6 else None

    assert await eventually(all_published) == [
        "booked",
        "booked",
        "checked_in",
        "completed",
        "no_show",
        "rescheduled",
    ]


async def test_provider_calendar_pages_through_a_week(clinic: Clinic) -> None:
    await clinic.add_team()
    plan = clinic.plan()
    await clinic.projected(plan)
    for day in range(5):
        assert (await clinic.book(plan, PT, local(WINDOW_START + timedelta(days=day), 9))).status_code == 201
    seen: list[str] = []
    cursor = None
    own = clinic.as_role(Role.PHYSICAL_THERAPIST, "pt-1")
    while True:
        params = {
            "day": WINDOW_START.isoformat(),
            "view": "week",
            "limit": 2,
            **({"cursor": cursor} if cursor else {}),
        }
        page = (await clinic.client.get("/providers/pt-1/calendar", params=params, headers=own)).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5
    day_view = await clinic.client.get(
        "/providers/pt-1/calendar", params={"day": WINDOW_START.isoformat()}, headers=own
    )
    assert len(day_view.json()["items"]) == 1
    other = clinic.as_role(Role.PHYSICAL_THERAPIST, "pt-2")
    assert (
        await clinic.client.get(
            "/providers/pt-1/calendar", params={"day": WINDOW_START.isoformat()}, headers=other
        )
    ).status_code == 403
