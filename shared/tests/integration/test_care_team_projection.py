"""The care team projection a consuming service keeps, on real PostgreSQL."""

from datetime import date
from pathlib import Path

from carecoord.care_teams import load_care_team, project_care_plan, project_referral_received
from carecoord.db import make_engine
from carecoord.envelope import CloudEvent
from carecoord.events import CarePlanUpdated, CareTeamMember, Discipline, ReferralReceived
from carecoord.migrations import upgrade_to_head
from carecoord.outbox import Transactions
from carecoord_local.testing import NewDatabase

SCHEDULING_MIGRATIONS = Path(__file__).resolve().parents[3] / "services" / "scheduling" / "migrations"
ENVELOPE = CloudEvent(type="t", source="/test", subject="s", data={})


def plan(version: int, *provider_ids: str) -> CarePlanUpdated:
    return CarePlanUpdated(
        clinic_id="c1",
        patient_id="p1",
        care_plan_id="cp1",
        referral_id="r1",
        referring_physician_id="dr-1",
        version=version,
        conditions=[],
        goals=[],
        disciplines=[],
        authorization=None,
        care_team=[
            CareTeamMember(provider_id=p, discipline=Discipline.MEDICAL_MASSAGE) for p in provider_ids
        ],
    )


async def test_the_newest_plan_version_wins_and_a_late_older_one_changes_nothing(
    new_database: NewDatabase,
) -> None:
    url = await new_database()
    await upgrade_to_head(url, SCHEDULING_MIGRATIONS)
    engine = make_engine(url)
    transactions = Transactions(engine, "/test", after_commit=[])
    referral = ReferralReceived(
        clinic_id="c1",
        patient_id="p1",
        referral_id="r1",
        referring_physician_id="dr-1",
        referring_physician_npi="1234567893",
        diagnosis_codes=["M54.50"],
        conditions=[],
        requested_disciplines=[Discipline.MEDICAL_MASSAGE],
        received_on=date(2026, 11, 27),
    )
    try:
        async with transactions.begin() as uow:
            await project_referral_received(uow, referral, ENVELOPE)
            await project_care_plan(uow, plan(2, "lmt-2", "dc-1"), ENVELOPE)
            await project_care_plan(uow, plan(1, "lmt-1"), ENVELOPE)
            await project_referral_received(uow, referral, ENVELOPE)
        async with engine.connect() as connection:
            team = await load_care_team(connection, "p1")
    finally:
        await engine.dispose()
    assert team is not None
    assert team.member_ids == {"lmt-2", "dc-1"}
    assert team.referring_physician_ids == {"dr-1"}
