"""Listing referrals: filters, the caller's visibility and pagination in one query."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from carecoord.pagination import Key, after
from sqlalchemy.ext.asyncio import AsyncConnection

from referrals.adapters.repository import to_referral
from referrals.adapters.tables import care_plans, referrals
from referrals.domain.lifecycle import ReferralStatus
from referrals.domain.model import Referral


@dataclass(frozen=True)
class ReferralQuery:
    clinic_id: str
    visible_to: str | None = None  # None: every referral of the clinic (an admin)
    patient_id: str | None = None
    status: ReferralStatus | None = None
    physician_id: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    after: Key | None = None  # (received_at, id) of the last referral shown
    limit: int = 50


async def search_referrals(connection: AsyncConnection, query: ReferralQuery) -> list[Referral]:
    """Up to ``limit + 1`` referrals, newest first: the extra one says another page follows."""
    order = (referrals.c.received_at, referrals.c.id)
    statement = (
        sa.select(referrals)
        .where(*_conditions(query), *after(order, query.after, descending=True))
        .order_by(*(column.desc() for column in order))
        .limit(query.limit + 1)
    )
    return [to_referral(row) for row in (await connection.execute(statement)).all()]


def _conditions(query: ReferralQuery) -> list[sa.ColumnElement[bool]]:
    found = [referrals.c.clinic_id == query.clinic_id]
    if query.visible_to is not None:
        found.append(referrals.c.patient_id.in_(_patients_visible_to(query.visible_to)))
    if query.patient_id is not None:
        found.append(referrals.c.patient_id == query.patient_id)
    if query.status is not None:
        found.append(referrals.c.status == str(query.status))
    if query.physician_id is not None:
        found.append(referrals.c.referring_physician_id == query.physician_id)
    if query.received_from is not None:
        found.append(referrals.c.received_at >= _start_of(query.received_from))
    if query.received_to is not None:
        found.append(referrals.c.received_at < _start_of(query.received_to + timedelta(days=1)))
    return found


def _patients_visible_to(subject: str) -> sa.CompoundSelect[tuple[str]]:
    """The same rule as the care-team check: patients this subject referred or treats."""
    referred = sa.select(referrals.c.patient_id).where(referrals.c.referring_physician_id == subject)
    treated = sa.select(care_plans.c.patient_id).where(care_plans.c.member_ids.contains([subject]))
    return sa.union(referred, treated)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)
