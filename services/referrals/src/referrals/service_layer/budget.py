"""The authorization budget follows scheduling's appointment events; alerts are raised once per
authorization."""

from datetime import date

from carecoord.events import (
    AuthorizationExhausted,
    AuthorizationExpired,
    AuthorizationExpiring,
    AuthorizationThresholdReached,
)
from carecoord.events.scheduling import AppointmentEvent
from carecoord.events.vocabulary import Discipline
from carecoord.outbox import UnitOfWork
from carecoord.telemetry import new_trace

from referrals.adapters.authorization_repository import AuthorizationRepository
from referrals.adapters.care_plan_repository import CarePlanRepository
from referrals.domain.authorization import (
    THRESHOLD_PERCENT,
    BudgetLine,
    VisitState,
    alert_key,
    budget_line,
    next_visit_state,
)
from referrals.domain.care_plan import CarePlan


async def record_visit(uow: UnitOfWork, event: AppointmentEvent, reported: VisitState) -> None:
    """Count the appointment by its id, so a replayed event (even under a new event id) counts
    once. Appointments of plans this clinic does not hold are not ours to count."""
    if event.care_plan_id is None:
        return
    plan = await CarePlanRepository(uow.connection).get(event.clinic_id, event.care_plan_id)
    if plan is None:
        return
    visits = AuthorizationRepository(uow.connection)
    current = await visits.visit_state(event.appointment_id)
    state = next_visit_state(current, reported)
    if state == current:
        return
    await visits.set_visit_state(event.appointment_id, plan.id, event.discipline, state)
    await _alert_on_use(uow, plan, event.discipline)


async def budget_of(visits: AuthorizationRepository, plan: CarePlan) -> dict[Discipline, BudgetLine]:
    authorization = plan.content.authorization
    if authorization is None:
        return {}
    counts = await visits.visits_by_state(plan.id)
    return {
        discipline: budget_line(authorized, counts.get(discipline, {}), authorization.payer_counts_missed)
        for discipline, authorized in authorization.visits_authorized.items()
    }


async def _alert_on_use(uow: UnitOfWork, plan: CarePlan, discipline: Discipline) -> None:
    """At the threshold and when every authorized visit is used, once per authorization."""
    authorization = plan.content.authorization
    visits = AuthorizationRepository(uow.connection)
    line = (await budget_of(visits, plan)).get(discipline)
    if authorization is None or line is None:
        return
    window = (authorization.valid_from, authorization.valid_to)
    subject = f"care-plans/{plan.id}"
    if line.threshold_reached and await visits.claim_alert(
        plan.id, alert_key("threshold", *window, discipline)
    ):
        await uow.publish(
            AuthorizationThresholdReached(
                clinic_id=plan.clinic_id,
                patient_id=plan.patient_id,
                care_plan_id=plan.id,
                discipline=discipline,
                visits_authorized=line.authorized,
                visits_used=line.used,
                threshold_percent=THRESHOLD_PERCENT,
            ),
            subject=subject,
        )
    if line.exhausted and await visits.claim_alert(plan.id, alert_key("exhausted", *window, discipline)):
        await uow.publish(
            AuthorizationExhausted(
                clinic_id=plan.clinic_id,
                patient_id=plan.patient_id,
                care_plan_id=plan.id,
                discipline=discipline,
                visits_authorized=line.authorized,
                visits_used=line.used,
            ),
            subject=subject,
        )


async def alert_expiring_authorizations(uow: UnitOfWork, today: date) -> int:
    """Authorizations ending within the notice period, and those that ended, of open referrals:
    each alerted once per authorization."""
    visits = AuthorizationRepository(uow.connection)
    plans = CarePlanRepository(uow.connection)
    raised = 0
    for clinic_id, plan_id in await visits.plans_to_alert_on_expiry(today):
        plan = await plans.get(clinic_id, plan_id)
        authorization = plan.content.authorization if plan else None
        if plan is None or authorization is None:
            continue
        expired = authorization.valid_to < today
        key = alert_key(
            "expired" if expired else "expiring", authorization.valid_from, authorization.valid_to
        )
        if not await visits.claim_alert(plan_id, key):
            continue
        fields = {"clinic_id": clinic_id, "patient_id": plan.patient_id, "care_plan_id": plan_id}
        with new_trace("alert on authorization expiry"):
            event = (
                AuthorizationExpired(**fields, valid_to=authorization.valid_to)
                if expired
                else AuthorizationExpiring(
                    **fields,
                    valid_to=authorization.valid_to,
                    days_remaining=(authorization.valid_to - today).days,
                )
            )
            await uow.publish(event, subject=f"care-plans/{plan_id}")
        raised += 1
    return raised
