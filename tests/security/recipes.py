"""How to call each endpoint of the matrix as a role against a target (own, same clinic, other
clinic): the path, a valid body (so that validation never answers before the access check), and
the patient the call is about. An endpoint without a recipe fails the matrix test."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from carecoord.auth import Role

from .world import DISCIPLINE_OF_ROLE, SUBJECT_OF_ROLE, World, acceptance_body, referral_body


@dataclass
class Call:
    method: str
    path: str
    json: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    patient_id: str | None = None
    shows_nothing: Callable[[Any], bool] | None = None  # the check of a ``none`` outcome
    stream: bool = False


@dataclass(frozen=True)
class Target:
    world: World
    role: Role
    context: str  # own, same or other
    sequence: int  # distinct per call: names and time slots never collide

    @property
    def discipline(self) -> str:
        """A provider acts on records of their own discipline; other roles on the massage ones."""
        return str(DISCIPLINE_OF_ROLE.get(self.role, "medical_massage"))

    @property
    def patient(self) -> str:
        return self.world.patients[self.context]

    @property
    def care_plan(self) -> str:
        return self.world.care_plans[self.context]

    @property
    def appointment(self) -> str:
        return self.world.appointments[self.context][self.discipline]

    @property
    def note(self) -> str:
        return self.world.notes[self.context][self.discipline]

    @property
    def provider(self) -> str:
        """The caller themselves, another provider of clinic A, or one of clinic B."""
        if self.context == "own" and self.role in DISCIPLINE_OF_ROLE:
            return SUBJECT_OF_ROLE[self.role]
        return self.world.provider(self.context, self.discipline)

    @property
    def slot(self) -> str:
        return self.world.slot(self.sequence)


Recipe = Callable[[Target], Call]
RECIPES: dict[str, Recipe] = {}


def recipe(endpoint: str) -> Callable[[Recipe], Recipe]:
    def register(make: Recipe) -> Recipe:
        RECIPES[endpoint] = make
        return make

    return register


def about(patient_path: str) -> Recipe:
    """A GET of a path naming the target patient."""
    return lambda t: Call("GET", patient_path.format(patient=t.patient), patient_id=t.patient)


def audit_query(t: Target) -> Call:
    return Call("GET", "/audit", params={"patient_id": t.patient, "limit": 5}, patient_id=t.patient)


def no_items(body: Any) -> bool:
    return body["items"] == []


# -- referrals ---------------------------------------------------------------------------------

recipe("referrals POST /referrals")(
    lambda t: Call("POST", "/referrals", json=referral_body(f"MRN-M{t.sequence}"))
)
recipe("referrals GET /referrals")(
    lambda t: Call(
        "GET", "/referrals", params={"patient_id": t.patient}, patient_id=t.patient, shows_nothing=no_items
    )
)
recipe("referrals GET /referrals/{referral_id}")(
    lambda t: Call("GET", f"/referrals/{t.world.referrals[t.context]}", patient_id=t.patient)
)
recipe("referrals POST /referrals/{referral_id}/accept")(
    lambda t: Call(
        "POST",
        f"/referrals/{t.world.referrals[t.context]}/accept",
        json=acceptance_body(t.world.window_start, {"medical_massage": "lmt-own"}),
        patient_id=t.patient,
    )
)
for _action, _body in (
    ("decline", {"reason_code": "not_indicated"}),
    ("activate", None),
    ("complete", None),
    ("cancel", {"reason_code": "withdrawn"}),
):
    recipe(f"referrals POST /referrals/{{referral_id}}/{_action}")(
        lambda t, a=_action, b=_body: Call(
            "POST", f"/referrals/{t.world.referrals[t.context]}/{a}", json=b, patient_id=t.patient
        )
    )
recipe("referrals GET /care-plans/{care_plan_id}")(
    lambda t: Call("GET", f"/care-plans/{t.care_plan}", patient_id=t.patient)
)
recipe("referrals GET /care-plans/{care_plan_id}/history")(
    lambda t: Call("GET", f"/care-plans/{t.care_plan}/history", patient_id=t.patient)
)


recipe("referrals POST /care-plans/{care_plan_id}/certification")(
    # Without If-Match: the referring physician gets 428 and nothing is certified.
    lambda t: Call("POST", f"/care-plans/{t.care_plan}/certification", patient_id=t.patient)
)


@recipe("referrals PATCH /care-plans/{care_plan_id}")
def _patch_care_plan(t: Target) -> Call:
    """Without If-Match: an allowed caller gets 428 and nothing changes."""
    goals = acceptance_body(t.world.window_start, {})["goals"]
    return Call("PATCH", f"/care-plans/{t.care_plan}", json={"goals": goals}, patient_id=t.patient)


# -- scheduling --------------------------------------------------------------------------------

recipe("scheduling GET /patients/{patient_id}/care-team")(about("/patients/{patient}/care-team"))
recipe("scheduling GET /providers")(lambda t: Call("GET", "/providers"))
recipe("scheduling GET /rooms")(lambda t: Call("GET", "/rooms"))
recipe("scheduling POST /rooms")(
    lambda t: Call("POST", "/rooms", json={"name": f"room-{t.sequence}", "kind": "room"})
)


@recipe("scheduling POST /providers")
def _create_provider(t: Target) -> Call:
    body = {
        "id": f"extra-{t.sequence}",
        "display_name": "Extra",
        "discipline": "medical_massage",
        "time_zone": "UTC",
        "working_hours": [{"weekday": 0, "start": "08:00", "end": "12:00"}],
    }
    return Call("POST", "/providers", json=body)


@recipe("scheduling POST /providers/{provider_id}/time-off")
def _time_off(t: Target) -> Call:
    start = t.world.window_start + timedelta(days=3650 + t.sequence)  # far from every booking
    body = {"starts_at": f"{start}T08:00:00Z", "ends_at": f"{start}T09:00:00Z"}
    return Call("POST", f"/providers/{t.provider}/time-off", json=body)


recipe("scheduling GET /providers/{provider_id}/calendar")(
    lambda t: Call("GET", f"/providers/{t.provider}/calendar", params={"day": str(t.world.window_start)})
)


@recipe("scheduling GET /availability")
def _availability(t: Target) -> Call:
    start = t.world.window_start
    params = {
        "from": str(start),
        "to": str(start + timedelta(days=2)),
        "care_plan_id": t.care_plan,
        "limit": 3,
    }
    return Call("GET", "/availability", params=params, patient_id=t.patient)


recipe("scheduling GET /care-plans/{care_plan_id}")(
    lambda t: Call("GET", f"/care-plans/{t.care_plan}", patient_id=t.patient)
)
recipe("scheduling POST /care-plans/{care_plan_id}/series/proposal")(
    lambda t: Call(
        "POST",
        f"/care-plans/{t.care_plan}/series/proposal",
        json={
            "discipline": t.discipline,
            "provider_id": t.world.provider(t.context, t.discipline),
            "duration_minutes": 30,
        },
        patient_id=t.patient,
    )
)
recipe("scheduling POST /care-plans/{care_plan_id}/series")(
    lambda t: Call(
        "POST",
        f"/care-plans/{t.care_plan}/series",
        json={
            "discipline": t.discipline,
            "provider_id": t.world.provider(t.context, t.discipline),
            "visits": [{"starts_at": t.slot, "duration_minutes": 30}],
        },
        patient_id=t.patient,
    )
)
recipe("scheduling POST /appointments")(
    lambda t: Call(
        "POST",
        "/appointments",
        json={
            "care_plan_id": t.care_plan,
            "provider_id": t.world.provider(t.context, t.discipline),
            "discipline": t.discipline,
            "starts_at": t.slot,
            "duration_minutes": 30,
        },
        patient_id=t.patient,
    )
)
recipe("scheduling GET /appointments/{appointment_id}")(
    lambda t: Call("GET", f"/appointments/{t.appointment}", patient_id=t.patient)
)
recipe("scheduling POST /appointments/{appointment_id}/reschedule")(
    lambda t: Call(
        "POST", f"/appointments/{t.appointment}/reschedule", json={"starts_at": t.slot}, patient_id=t.patient
    )
)
recipe("scheduling POST /appointments/{appointment_id}/cancel")(
    lambda t: Call(
        "POST",
        f"/appointments/{t.appointment}/cancel",
        json={"reason_code": "patient_request"},
        patient_id=t.patient,
    )
)
for _action in ("check-in", "complete", "no-show"):
    recipe(f"scheduling POST /appointments/{{appointment_id}}/{_action}")(
        lambda t, a=_action: Call("POST", f"/appointments/{t.appointment}/{a}", patient_id=t.patient)
    )
recipe("scheduling GET /patients/{patient_id}/appointments")(about("/patients/{patient}/appointments"))

# -- notes -------------------------------------------------------------------------------------

for _path in ("care-team", "notes", "progress", "progress-reports", "alerts"):
    recipe(f"notes GET /patients/{{patient_id}}/{_path}")(about(f"/patients/{{patient}}/{_path}"))
recipe("notes GET /patients/{patient_id}/billing")(
    lambda t: Call(
        "GET",
        f"/patients/{t.patient}/billing",
        params={"date_of_service": "2030-01-07"},
        patient_id=t.patient,
    )
)
recipe("notes GET /appointments/{appointment_id}/note")(
    lambda t: Call("GET", f"/appointments/{t.appointment}/note", patient_id=t.patient)
)
recipe("notes POST /appointments/{appointment_id}/note")(
    lambda t: Call("POST", f"/appointments/{t.appointment}/note", patient_id=t.patient)
)
recipe("notes GET /notes/{note_id}")(lambda t: Call("GET", f"/notes/{t.note}", patient_id=t.patient))
STALE = {"If-Match": '"9999"'}  # an allowed writer gets 412 and the note is left as it is
recipe("notes PUT /notes/{note_id}")(
    lambda t: Call("PUT", f"/notes/{t.note}", json={"content": {}}, headers=STALE, patient_id=t.patient)
)
recipe("notes POST /notes/{note_id}/signature")(
    lambda t: Call("POST", f"/notes/{t.note}/signature", headers=STALE, patient_id=t.patient)
)
recipe("notes POST /notes/{note_id}/addenda")(
    lambda t: Call("POST", f"/notes/{t.note}/addenda", json={"text": "Correction."}, patient_id=t.patient)
)
recipe("notes GET /progress-reports/{report_id}")(
    lambda t: Call("GET", f"/progress-reports/{t.world.reports[t.context]}", patient_id=t.patient)
)

# -- notifications -----------------------------------------------------------------------------

recipe("notifications POST /subscriptions")(
    lambda t: Call(
        "POST",
        "/subscriptions",
        json={"url": "http://127.0.0.1:9/hook", "event_types": ["carecoord.referral.declined.v1"]},
    )
)
recipe("notifications GET /subscriptions")(lambda t: Call("GET", "/subscriptions"))
recipe("notifications GET /subscriptions/{subscription_id}")(
    lambda t: Call("GET", f"/subscriptions/{t.world.subscriptions[t.context]}")
)
for _action, _body in (
    ("pause", None),
    ("resume", None),
    ("rotate-secret", None),
    ("test", None),
    ("replay", {"since": "2020-01-01T00:00:00Z"}),
):
    recipe(f"notifications POST /subscriptions/{{subscription_id}}/{_action}")(
        lambda t, a=_action, b=_body: Call(
            "POST", f"/subscriptions/{t.world.subscriptions[t.context]}/{a}", json=b
        )
    )
recipe("notifications GET /subscriptions/{subscription_id}/deliveries")(
    lambda t: Call("GET", f"/subscriptions/{t.world.subscriptions[t.context]}/deliveries")
)
recipe("notifications GET /subscriptions/{subscription_id}/deliveries/{delivery_id}")(
    lambda t: Call(
        "GET", f"/subscriptions/{t.world.subscriptions[t.context]}/deliveries/{t.world.deliveries[t.context]}"
    )
)
recipe("notifications GET /inbox")(lambda t: Call("GET", "/inbox"))
recipe("notifications GET /inbox/unread-count")(lambda t: Call("GET", "/inbox/unread-count"))
recipe("notifications GET /inbox/stream")(lambda t: Call("GET", "/inbox/stream", stream=True))
recipe("notifications POST /inbox/read")(
    lambda t: Call(
        "POST",
        "/inbox/read",
        json={"item_ids": [t.world.inbox_items[t.context]]},
        shows_nothing=lambda body: body["marked"] == 0,
    )
)
_CONTACT_OF = {"same": "lmt-other", "other": "lmt-b"}
recipe("notifications GET /recipients/{subject_id}")(
    lambda t: Call("GET", f"/recipients/{_CONTACT_OF.get(t.context, SUBJECT_OF_ROLE[t.role])}")
)
# Written for a person of clinic B other than the one read above: an admin's write creates a
# contact point in their own clinic A, which must not make the read of clinic B's person succeed.
_WRITTEN_CONTACT_OF = {"same": "lmt-other", "other": "pt-b"}
recipe("notifications PUT /recipients/{subject_id}")(
    lambda t: Call(
        "PUT",
        f"/recipients/{_WRITTEN_CONTACT_OF.get(t.context, SUBJECT_OF_ROLE[t.role])}",
        json={"email": "someone@example.org"},
    )
)

for _service in ("referrals", "scheduling", "notes", "notifications"):
    recipe(f"{_service} GET /audit")(audit_query)
