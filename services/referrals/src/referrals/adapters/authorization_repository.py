"""The visits counted against each care plan's authorization, and the alerts already raised."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from carecoord.events.vocabulary import Discipline
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from referrals.adapters.tables import authorization_alerts, authorization_visits, care_plans, referrals
from referrals.domain.authorization import EXPIRY_NOTICE_DAYS, VisitState
from referrals.domain.lifecycle import ReferralStatus


class AuthorizationRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def visit_state(self, appointment_id: str) -> VisitState | None:
        state = await self._connection.scalar(
            sa.select(authorization_visits.c.state)
            .where(authorization_visits.c.appointment_id == appointment_id)
            .with_for_update()
        )
        return None if state is None else VisitState(state)

    async def set_visit_state(
        self, appointment_id: str, care_plan_id: str, discipline: Discipline, state: VisitState
    ) -> None:
        await self._connection.execute(
            insert(authorization_visits)
            .values(
                appointment_id=appointment_id, care_plan_id=care_plan_id, discipline=discipline, state=state
            )
            .on_conflict_do_update(index_elements=["appointment_id"], set_={"state": str(state)})
        )

    async def visits_by_state(self, care_plan_id: str) -> dict[Discipline, dict[VisitState, int]]:
        rows = await self._connection.execute(
            sa.select(
                authorization_visits.c.discipline,
                authorization_visits.c.state,
                sa.func.count().label("visits"),
            )
            .where(authorization_visits.c.care_plan_id == care_plan_id)
            .group_by(authorization_visits.c.discipline, authorization_visits.c.state)
        )
        counts: dict[Discipline, dict[VisitState, int]] = {}
        for row in rows:
            counts.setdefault(Discipline(row.discipline), {})[VisitState(row.state)] = row.visits
        return counts

    async def claim_alert(self, care_plan_id: str, alert: str) -> bool:
        """True the first time this alert is claimed for this plan, False ever after."""
        claimed = await self._connection.scalar(
            insert(authorization_alerts)
            .values(care_plan_id=care_plan_id, alert=alert, raised_at=datetime.now(UTC))
            .on_conflict_do_nothing()
            .returning(authorization_alerts.c.care_plan_id)
        )
        return claimed is not None

    async def plans_to_alert_on_expiry(self, today: date) -> Sequence[tuple[str, str]]:
        """Clinic and id of the open plans whose authorization ends within the notice period, or
        has ended, and has not been alerted for that yet (alert keys end with the window's end)."""
        ending = care_plans.c.authorization_valid_to
        kind = sa.case((ending < today, "expired:"), else_="expiring:")
        alerted = (
            sa.select(authorization_alerts.c.care_plan_id)
            .where(
                authorization_alerts.c.care_plan_id == care_plans.c.id,
                authorization_alerts.c.alert.startswith(kind),
                authorization_alerts.c.alert.endswith(sa.cast(ending, sa.Text)),
            )
            .exists()
        )
        rows = await self._connection.execute(
            sa.select(care_plans.c.clinic_id, care_plans.c.id)
            .join(referrals, referrals.c.id == care_plans.c.referral_id)
            .where(
                ending <= today + timedelta(days=EXPIRY_NOTICE_DAYS),
                referrals.c.status.in_([ReferralStatus.ACCEPTED, ReferralStatus.ACTIVE]),
                ~alerted,
            )
        )
        return [(row.clinic_id, row.id) for row in rows]
