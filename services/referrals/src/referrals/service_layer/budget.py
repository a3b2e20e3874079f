"""The authorization budget follows scheduling's appointment events; alerts are raised once."""

from datetime import date

from carecoord.events import AuthorizationExpiring, AuthorizationThresholdReached
from carecoord.events.scheduling import AppointmentEvent
from carecoord.events.vocabulary import Discipline
from carecoord.outbox import UnitOfWork

from referrals.adapters.authorization_repository import AuthorizationRepository
from referrals.adapters.care_plan_repository import CarePlanRepository
from referrals.domain.authorization import (
    THRESHOLD_PERCENT,
    BudgetLine,
    VisitState,
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
    await _alert_at_threshold(uow, plan, event.discipline)


async def budget_of(visits: AuthorizationRepository, plan: CarePlan) -> dict[Discipline, BudgetLine]:
    authorization = plan.content.authorization
    if authorization is None:
        return {}
    counts = await visits.visits_by_state(plan.id)
    return {
        discipline: budget_line(authorized, counts.get(discipline, {}), authorization.payer_counts_missed)
        for discipline, authorized in authorization.visits_authorized.items()
    }


async def _alert_at_threshold(uow: UnitOfWork, plan: CarePlan, discipline: Discipline) -> None:
    visits = AuthorizationRepository(uow.connection)
    line = (await budget_of(visits, plan)).get(discipline)
    if line is None or not line.threshold_reached:
        return
    if not await visits.claim_alert(plan.id, f"threshold:{discipline}"):
        return
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
        subject=f"care-plans/{plan.id}",
    )


async def alert_expiring_authorizations(uow: UnitOfWork, today: date) -> int:
    visits = AuthorizationRepository(uow.connection)
    plans = CarePlanRepository(uow.connection)
    raised = 0
    for clinic_id, plan_id in await visits.plans_expiring(today):
        plan = await plans.get(clinic_id, plan_id)
        if plan is None or plan.content.authorization is None:
            continue
        if not await visits.claim_alert(plan_id, "expiring"):
            continue
        valid_to = plan.content.authorization.valid_to
        await uow.publish(
            AuthorizationExpiring(
                clinic_id=clinic_id,
                patient_id=plan.patient_id,
                care_plan_id=plan_id,
                valid_to=valid_to,
                days_remaining=(valid_to - today).days,
            ),
            subject=f"care-plans/{plan_id}",
        )
        raised += 1
    return raised
