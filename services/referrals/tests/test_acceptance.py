from datetime import date

import pytest
from carecoord.events.vocabulary import Discipline, Precaution, Technique
from referrals.domain.acceptance import PlanItemDraft, new_plan
from referrals.domain.care_plan import InvalidPlan, TeamMember
from referrals.domain.model import Insurance, Referral, RequestedDiscipline
from referrals.domain.vocabulary import Condition

MT, PT = Discipline.MEDICAL_MASSAGE, Discipline.PHYSICAL_THERAPY
START = date(2025, 3, 3)


def _referral() -> Referral:
    return Referral(
        clinic_id="clinic-a",
        patient_id="patient-1",
        referring_physician_id="dr-kim",
        referring_physician_npi="1234567893",
        diagnosis_codes=["M54.50"],
        conditions=[Condition.LOW_BACK_PAIN],
        requested=[RequestedDiscipline(MT, 2, 6), RequestedDiscipline(PT, 1, 4)],
        precautions=[Precaution.NO_DEEP_PRESSURE],
        insurance=Insurance("Acme", "M-1", None, START, date(2025, 5, 1), {MT: 12, PT: 4}),
    )


def test_the_plan_has_one_item_per_requested_discipline_with_its_window_and_the_precautions() -> None:
    drafts = (PlanItemDraft(MT, (Technique.MYOFASCIAL_RELEASE,), (Precaution.AVOID_SURGICAL_SITE,), True),)
    plan = new_plan(_referral(), START, (), drafts, (TeamMember("mt-1", MT),))
    massage, therapy = plan.content.items
    assert (massage.window_start, massage.window_end, massage.spot_work_allowed) == (
        START,
        date(2025, 4, 13),
        True,
    )
    assert massage.precautions == (Precaution.NO_DEEP_PRESSURE, Precaution.AVOID_SURGICAL_SITE)
    assert (therapy.window_end, therapy.techniques, therapy.precautions) == (
        date(2025, 3, 30),
        (),
        (Precaution.NO_DEEP_PRESSURE,),
    )
    assert plan.version == 1 and plan.provider_for(MT) == "mt-1" and plan.provider_for(PT) is None
    assert plan.content.authorization is not None and plan.content.authorization.visits_authorized == {
        MT: 12,
        PT: 4,
    }


def test_a_plan_item_for_a_discipline_nobody_asked_for_is_refused() -> None:
    with pytest.raises(InvalidPlan) as raised:
        new_plan(_referral(), START, (), (PlanItemDraft(Discipline.CHIROPRACTIC),), ())
    assert raised.value.field == "plan_items.0.discipline"
