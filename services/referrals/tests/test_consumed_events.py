"""What referrals learns from the other services: scheduling's appointments count against the
authorization budget (a redelivered event counts once), notes' progress lands on the goals."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from carecoord.auth import Role
from carecoord.events import (
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentCompleted,
    GoalProgress,
    GoalStatus,
    ProgressRecorded,
    Topic,
)
from carecoord.events.vocabulary import Discipline
from carecoord_local.testing import MintToken, NewDatabase, eventually
from referrals.entrypoints.jobs import AuthorizationExpiryJob

from .service import TODAY, Service, events_on, publish, referral_body, run_service

MT = Discipline.MEDICAL_MASSAGE


def _appointment(plan: dict[str, Any], appointment_id: str) -> dict[str, Any]:
    starts = datetime.now(UTC) + timedelta(days=1)
    return {
        "clinic_id": "clinic-a",
        "patient_id": plan["patient_id"],
        "appointment_id": appointment_id,
        "care_plan_id": plan["id"],
        "provider_id": "mt-ana",
        "discipline": MT,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
    }


async def _accepted_plan(service: Service, visits: int) -> dict[str, Any]:
    referral = await service.refer(referral_body(visits=visits))
    plan_id = (await service.accept(referral["id"]))["care_plan_id"]
    response = await service.client.get(f"/care-plans/{plan_id}", headers=service.as_(Role.ADMIN, "admin-1"))
    return dict(response.json())


async def test_authorization_counts_follow_scheduling_events_including_redelivered_ones(
    service: Service, kafka_bootstrap: str
) -> None:
    plan = await _accepted_plan(service, visits=5)
    booked = [AppointmentBooked(**_appointment(plan, f"appt-{n}")) for n in range(1, 6)]
    for event in booked[:3]:
        await publish(kafka_bootstrap, event)
    redelivered_id = await publish(kafka_bootstrap, booked[3])
    await publish(kafka_bootstrap, booked[3], event_id=redelivered_id)  # the same event, delivered twice
    await publish(kafka_bootstrap, booked[2])  # the same booking replayed under a new event id
    await publish(kafka_bootstrap, AppointmentCompleted(**_appointment(plan, "appt-1")))
    await publish(kafka_bootstrap, booked[4])
    last = await publish(
        kafka_bootstrap,
        AppointmentCancelled(**_appointment(plan, "appt-5"), reason_code="patient", late_cancel=False),
    )
    await service.handled(last)

    read = await service.client.get(f"/care-plans/{plan['id']}", headers=service.as_(Role.ADMIN, "admin-1"))
    assert read.json()["authorization"]["budget"] == {
        "medical_massage": {"authorized": 5, "used": 1, "scheduled": 3, "remaining": 1}
    }
    await service.all_published()
    events = [e for _, e in await events_on(kafka_bootstrap, Topic.REFERRALS, plan["patient_id"])]
    assert not [e for e in events if e.type == "carecoord.authorization.threshold_reached.v1"], (
        "booking is not use"
    )

    for appointment_id in ("appt-2", "appt-3", "appt-4"):
        last = await publish(kafka_bootstrap, AppointmentCompleted(**_appointment(plan, appointment_id)))
    await service.handled(last)
    read = await service.client.get(f"/care-plans/{plan['id']}", headers=service.as_(Role.ADMIN, "admin-1"))
    assert read.json()["authorization"]["budget"]["medical_massage"] == {
        "authorized": 5,
        "used": 4,
        "scheduled": 0,
        "remaining": 1,
    }
    await service.all_published()
    events = [e for _, e in await events_on(kafka_bootstrap, Topic.REFERRALS, plan["patient_id"])]
    thresholds = [e.data for e in events if e.type == "carecoord.authorization.threshold_reached.v1"]
    assert [(t["discipline"], t["visits_used"], t["visits_authorized"]) for t in thresholds] == [
        ("medical_massage", 4, 5)
    ]

    await publish(kafka_bootstrap, AppointmentBooked(**_appointment(plan, "appt-6")))
    await service.handled(
        await publish(kafka_bootstrap, AppointmentCompleted(**_appointment(plan, "appt-6")))
    )
    await service.all_published()
    events = [e for _, e in await events_on(kafka_bootstrap, Topic.REFERRALS, plan["patient_id"])]
    exhausted = [e.data for e in events if e.type == "carecoord.authorization.exhausted.v1"]
    assert [(x["discipline"], x["visits_used"], x["visits_authorized"]) for x in exhausted] == [
        ("medical_massage", 5, 5)
    ]


async def test_goal_progress_from_notes_shows_on_the_plan_without_moving_its_version(
    service: Service, kafka_bootstrap: str
) -> None:
    plan = await _accepted_plan(service, visits=12)
    goal_id = plan["goals"][0]["goal_id"]
    progress = ProgressRecorded(
        clinic_id="clinic-a",
        patient_id=plan["patient_id"],
        note_id="note-1",
        care_plan_id=plan["id"],
        discipline=MT,
        visit_on=TODAY,
        pain_before=6,
        pain_after=5,
        goals=[
            GoalProgress(
                goal_id=goal_id,
                metric="pain_nrs",
                value=5,
                change_from_baseline=-2,
                change_from_previous=None,
                status=GoalStatus.IMPROVING,
            )
        ],
    )
    await service.handled(await publish(kafka_bootstrap, progress))

    admin = service.as_(Role.ADMIN, "admin-1")
    read = await service.client.get(f"/care-plans/{plan['id']}", headers=admin)
    assert read.headers["ETag"] == '"1"', "measured progress is not a clinician's edit"
    goal = read.json()["goals"][0]
    assert (goal["latest_value"], goal["status"], goal["latest_on"]) == (5, "improving", TODAY.isoformat())
    history = (await service.client.get(f"/care-plans/{plan['id']}/history", headers=admin)).json()
    assert [entry["version"] for entry in history["items"]] == [1]
    await service.all_published()
    events = [e for _, e in await events_on(kafka_bootstrap, Topic.REFERRALS, plan["patient_id"])]
    assert not [e for e in events if e.type == "carecoord.careplan.updated.v1"]


async def test_an_authorization_about_to_expire_is_announced_once(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: Any, mint_token: MintToken
) -> None:
    async with run_service(
        await new_database(), kafka_bootstrap, dev_keys, mint_token, authorization_check_seconds=0.2
    ) as service:
        referral = await service.refer(
            referral_body(mrn=f"MRN-{uuid.uuid4().hex[:6]}", valid_to=TODAY + timedelta(days=5))
        )
        plan_id = (await service.accept(referral["id"]))["care_plan_id"]

        async def announced() -> list[dict[str, Any]]:
            events = await events_on(kafka_bootstrap, Topic.REFERRALS, referral["patient_id"])
            return [e.data for _, e in events if e.type == "carecoord.authorization.expiring.v1"]

        expiring = await eventually(announced, within=60)
        assert expiring == [
            {
                "clinic_id": "clinic-a",
                "patient_id": referral["patient_id"],
                "care_plan_id": plan_id,
                "valid_to": (TODAY + timedelta(days=5)).isoformat(),
                "days_remaining": 5,
            }
        ]
        runtime = service.client._transport.app.state.runtime  # type: ignore[attr-defined]
        another_replica = AuthorizationExpiryJob(runtime.transactions, every_seconds=1)
        assert await another_replica.run_once() == 0, "a second run, on any replica, raises nothing new"


async def test_an_authorization_that_ended_is_announced_expired_once(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: Any, mint_token: MintToken
) -> None:
    async with run_service(
        await new_database(), kafka_bootstrap, dev_keys, mint_token, authorization_check_seconds=0.2
    ) as service:
        ended = TODAY - timedelta(days=1)
        referral = await service.refer(referral_body(mrn=f"MRN-{uuid.uuid4().hex[:6]}", valid_to=ended))
        plan_id = (await service.accept(referral["id"]))["care_plan_id"]

        async def announced() -> list[dict[str, Any]]:
            events = await events_on(kafka_bootstrap, Topic.REFERRALS, referral["patient_id"])
            return [e.data for _, e in events if e.type.startswith("carecoord.authorization.")]

        alerts = await eventually(announced, within=60)
        runtime = service.client._transport.app.state.runtime  # type: ignore[attr-defined]
        assert await AuthorizationExpiryJob(runtime.transactions, every_seconds=1).run_once() == 0
        assert alerts == [
            {
                "clinic_id": "clinic-a",
                "patient_id": referral["patient_id"],
                "care_plan_id": plan_id,
                "valid_to": ended.isoformat(),
            }
        ]


async def test_the_first_completed_visit_makes_the_referral_active_once(
    service: Service, kafka_bootstrap: str
) -> None:
    plan = await _accepted_plan(service, visits=5)
    await publish(kafka_bootstrap, AppointmentBooked(**_appointment(plan, "appt-1")))
    await publish(kafka_bootstrap, AppointmentCompleted(**_appointment(plan, "appt-1")))
    last = await publish(kafka_bootstrap, AppointmentCompleted(**_appointment(plan, "appt-2")))
    await service.handled(last)

    admin = service.as_(Role.ADMIN, "admin-1")
    referral = (await service.client.get(f"/referrals/{plan['referral_id']}", headers=admin)).json()
    assert referral["status"] == "active"
    assert referral["history"][-1]["actor"] == "scheduling/appointments/appt-1"
    await service.all_published()
    events = [e for _, e in await events_on(kafka_bootstrap, Topic.REFERRALS, plan["patient_id"])]
    activated = [e.data for e in events if e.type == "carecoord.referral.activated.v1"]
    assert [(a["referral_id"], a["referring_physician_id"]) for a in activated] == [
        (plan["referral_id"], referral["referring_physician_id"])
    ]
