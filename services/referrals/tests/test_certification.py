from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from carecoord.events.vocabulary import Discipline
from referrals.domain.care_plan import PlanEdit, TeamMember, edited
from referrals.domain.certification import (
    CertificationState,
    NotTheReferringPhysician,
    certification_status,
    certify,
)

from .domain_fixtures import item, plan

MT = Discipline.MEDICAL_MASSAGE

CERTIFIED_AT = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def test_a_plan_never_certified_is_uncertified() -> None:
    assert certification_status(plan(), None, date(2025, 3, 3)).state is CertificationState.UNCERTIFIED


def test_a_certification_lasts_ninety_days() -> None:
    certification = certify(plan(), "dr-kim", CERTIFIED_AT)
    assert certification_status(plan(), certification, date(2025, 6, 1)).state is CertificationState.CERTIFIED
    late = certification_status(plan(), certification, date(2025, 6, 2))
    assert (late.state, late.recertify_by) == (CertificationState.RECERTIFICATION_DUE, date(2025, 6, 1))


def test_changing_the_frequency_needs_recertification_but_changing_the_team_does_not() -> None:
    certification = certify(plan(), "dr-kim", CERTIFIED_AT)
    new_team = edited(plan(), PlanEdit(team=(TeamMember("mt-2", MT),)), 1)
    assert (
        certification_status(new_team, certification, date(2025, 3, 4)).state is CertificationState.CERTIFIED
    )
    more_often = edited(plan(), PlanEdit(items=(replace(item(), visits_per_week=3),)), 1)
    due = certification_status(more_often, certification, date(2025, 3, 4))
    assert due.state is CertificationState.RECERTIFICATION_DUE


def test_only_the_referring_physician_certifies() -> None:
    with pytest.raises(NotTheReferringPhysician):
        certify(plan(), "dr-someone-else", CERTIFIED_AT)
