"""Every refusal names its rule; the authorization budget comes from the live projection."""

from datetime import timedelta

from carecoord.auth import Role
from carecoord.events import AuthorizationSnapshot, Discipline

from .harness import WINDOW_END, WINDOW_START, Clinic, local

MONDAY = WINDOW_START
PT, MASSAGE, CHIRO = Discipline.PHYSICAL_THERAPY, Discipline.MEDICAL_MASSAGE, Discipline.CHIROPRACTIC


async def test_a_booking_inside_every_rule_is_created_and_readable(clinic: Clinic) -> None:
    await clinic.add_team()
    plan = clinic.plan()
    await clinic.projected(plan)
    response = await clinic.book(plan, PT, local(MONDAY, 9))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "booked" and body["patient_id"] == plan.patient_id
    read = await clinic.client.get(
        f"/appointments/{body['id']}", headers=clinic.as_role(Role.PHYSICAL_THERAPIST, "pt-1")
    )
    assert read.json() == body


async def test_each_refusal_is_a_409_naming_the_rule(clinic: Clinic) -> None:
    await clinic.add_team()
    await clinic.add_provider("pt-outsider", PT)
    plan, other = clinic.plan(), clinic.plan()
    await clinic.projected(plan)
    await clinic.projected(other)
    assert (await clinic.book(plan, PT, local(MONDAY, 10))).status_code == 201
    cases = [
        (clinic.book(plan, PT, local(MONDAY, 7)), "outside_working_hours"),
        (clinic.book(plan, PT, local(MONDAY, 12)), "outside_working_hours"),
        (clinic.book(plan, PT, local(MONDAY, 14), provider_id="pt-outsider"), "provider_not_on_care_team"),
        (clinic.book(other, PT, local(MONDAY, 10, 30)), "provider_double_booked"),
        (clinic.book(plan, CHIRO, local(MONDAY, 10, 30)), "patient_double_booked"),
        (clinic.book(plan, PT, local(MONDAY - timedelta(days=3), 10)), "outside_plan_window"),
        (clinic.book(plan, PT, local(WINDOW_END + timedelta(days=1), 10)), "outside_plan_window"),
    ]
    for request, rule in cases:
        response = await request
        assert response.status_code == 409, response.text
        assert response.json()["reason"] == rule


async def test_booking_past_authorized_visits_is_refused_and_completed_visits_count(clinic: Clinic) -> None:
    await clinic.add_team()
    authorization = AuthorizationSnapshot(
        valid_from=MONDAY, valid_to=MONDAY + timedelta(days=20), visits_authorized={MASSAGE: 2, PT: 12}
    )
    plan = clinic.plan(authorization=authorization)
    await clinic.projected(plan)
    first = (await clinic.book(plan, MASSAGE, local(MONDAY, 9))).json()
    assert (await clinic.book(plan, MASSAGE, local(MONDAY + timedelta(days=2), 9))).status_code == 201
    third = await clinic.book(plan, MASSAGE, local(MONDAY + timedelta(days=4), 9))
    assert third.json()["reason"] == "authorized_visits_exhausted"
    therapist = clinic.as_role(Role.MASSAGE_THERAPIST, "lmt-1")
    assert (
        await clinic.client.post(f"/appointments/{first['id']}/complete", headers=therapist)
    ).status_code == 200
    again = await clinic.book(plan, MASSAGE, local(MONDAY + timedelta(days=4), 9))
    assert again.json()["reason"] == "authorized_visits_exhausted", "a completed visit still uses the budget"
    late = await clinic.book(plan, PT, local(MONDAY + timedelta(days=28), 9))
    assert late.json()["reason"] == "outside_authorization_window"


async def test_back_to_back_visits_across_disciplines_on_one_day(clinic: Clinic) -> None:
    await clinic.add_team()
    plan = clinic.plan()
    await clinic.projected(plan)
    assert (await clinic.book(plan, MASSAGE, local(MONDAY, 9), 30)).status_code == 201
    assert (await clinic.book(plan, CHIRO, local(MONDAY, 9, 30), 30)).status_code == 201
    assert (await clinic.book(plan, PT, local(MONDAY, 10), 45)).status_code == 201


async def test_who_may_book(clinic: Clinic) -> None:
    await clinic.add_team()
    plan = clinic.plan()
    await clinic.projected(plan)
    body = {
        "care_plan_id": plan.care_plan_id,
        "provider_id": "pt-1",
        "discipline": "physical_therapy",
        "starts_at": local(MONDAY, 9).isoformat(),
        "duration_minutes": 60,
    }
    physician = clinic.as_role(Role.PHYSICIAN, "dr-osei")
    assert (await clinic.client.post("/appointments", json=body, headers=physician)).status_code == 403
    stranger = clinic.as_role(Role.PHYSICAL_THERAPIST, "pt-stranger")
    assert (await clinic.client.post("/appointments", json=body, headers=stranger)).status_code == 403
    elsewhere = clinic.as_role(Role.SCHEDULER, "desk", clinic_id="clinic-elsewhere")
    assert (await clinic.client.post("/appointments", json=body, headers=elsewhere)).status_code == 404
    on_team = clinic.as_role(Role.PHYSICAL_THERAPIST, "pt-1")
    assert (await clinic.client.post("/appointments", json=body, headers=on_team)).status_code == 201


async def test_invalid_bookings_are_422_with_the_field_path(clinic: Clinic) -> None:
    body = {
        "care_plan_id": "x",
        "provider_id": "pt-1",
        "discipline": "reiki",
        "starts_at": "2030-01-01T09:00:00",
        "duration_minutes": 0,
        "status": "completed",
    }
    response = await clinic.client.post("/appointments", json=body, headers=clinic.scheduler)
    assert response.status_code == 422
    paths = [error["loc"] for error in response.json()["errors"]]
    for path in (
        ["body", "discipline"],
        ["body", "starts_at"],
        ["body", "duration_minutes"],
        ["body", "status"],
    ):
        assert path in paths
