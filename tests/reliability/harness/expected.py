"""What the acknowledged requests oblige the system to have done, and which facts may happen only
once (an event type and the fields naming the fact it announces)."""

from collections.abc import Iterable

from .flows import FlowRecord

# One fact, one event: a second event id for the same key is a duplicate effect (the same event
# id twice on the wire is only a duplicate delivery, which consumers absorb).
ONCE_PER = {
    "carecoord.referral.received.v1": ("referral_id",),
    "carecoord.referral.accepted.v1": ("referral_id",),
    "carecoord.referral.activated.v1": ("referral_id",),
    "carecoord.careplan.created.v1": ("care_plan_id",),
    "carecoord.careplan.updated.v1": ("care_plan_id", "version"),
    "carecoord.careteam.changed.v1": ("care_plan_id", "version"),
    "carecoord.appointment.booked.v1": ("appointment_id",),
    "carecoord.appointment.completed.v1": ("appointment_id",),
    "carecoord.series.planned.v1": ("series_id",),
    "carecoord.note.signed.v1": ("note_id",),
    "carecoord.progress.recorded.v1": ("note_id",),
    "carecoord.notification.delivered.v1": ("delivery_id",),
    "carecoord.notification.failed.v1": ("delivery_id",),
}

Fact = tuple[str, tuple[object, ...]]


def fact_of(event_type: str | None, data: dict[str, object]) -> Fact | None:
    fields = ONCE_PER.get(event_type or "")
    if event_type is None or fields is None:
        return None
    return event_type, tuple(data.get(name) for name in fields)


def expected_facts(records: Iterable[FlowRecord]) -> dict[Fact, str]:
    """Each fact an acknowledged step announces, with the step that was acknowledged."""
    facts: dict[Fact, str] = {}
    for flow in records:
        if flow.referral_id:
            facts[("carecoord.referral.received.v1", (flow.referral_id,))] = f"flow {flow.number} create"
        if flow.care_plan_id:
            facts[("carecoord.referral.accepted.v1", (flow.referral_id,))] = f"flow {flow.number} accept"
            facts[("carecoord.careplan.created.v1", (flow.care_plan_id,))] = f"flow {flow.number} accept"
        if flow.plan_version >= 2:
            facts[("carecoord.careplan.updated.v1", (flow.care_plan_id, 2))] = f"flow {flow.number} edit"
        for appointment_id in flow.appointment_ids:
            facts[("carecoord.appointment.booked.v1", (appointment_id,))] = f"flow {flow.number} book"
        if flow.completed_id:
            facts[("carecoord.appointment.completed.v1", (flow.completed_id,))] = (
                f"flow {flow.number} complete"
            )
            # The first completed visit starts treatment: referrals activates the referral, once.
            facts[("carecoord.referral.activated.v1", (flow.referral_id,))] = f"flow {flow.number} complete"
        if flow.signed:
            facts[("carecoord.note.signed.v1", (flow.note_id,))] = f"flow {flow.number} sign"
            facts[("carecoord.progress.recorded.v1", (flow.note_id,))] = f"flow {flow.number} sign"
    return facts
