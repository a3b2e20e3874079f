"""The CMS 8-minute rule and chiropractic manipulation coding, as tables."""

import pytest
from carecoord.events.vocabulary import BillingRule, Technique
from notes.domain.billing import spinal_cmt_code, timed_units, total_timed_units, units_under
from notes.domain.note import bill
from notes.domain.soap import SoapContent, TechniqueApplied, Treatment
from notes.domain.vocabulary import ExtraspinalRegion, SpinalRegion


@pytest.mark.parametrize(
    ("minutes", "units"),
    [(0, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4), (67, 4), (68, 5)],
)
def test_total_timed_minutes_decide_the_units(minutes: int, units: int) -> None:
    assert total_timed_units(minutes) == units


@pytest.mark.parametrize(
    ("minutes_by_code", "expected"),
    [
        # One service under 8 minutes bills nothing.
        ({"97110": 7}, {}),
        ({"97140": 8}, {"97140": 1}),
        # CMS: 24 min 97112 + 23 min 97110 = 47 -> 3 units; the extra unit to the larger remainder.
        ({"97112": 24, "97110": 23}, {"97112": 2, "97110": 1}),
        # CMS: 33 min 97110 + 7 min 97140 = 40 -> 3 units: 2 x 97110, 1 x 97140.
        ({"97110": 33, "97140": 7}, {"97110": 2, "97140": 1}),
        # CMS: 18 min 97110 + 13 min 97140 + 10 min 97035 = 41 -> 3 units, one each.
        ({"97110": 18, "97140": 13, "97035": 10}, {"97110": 1, "97140": 1, "97035": 1}),
        # CMS: two services of 7 minutes each total 14 -> 1 unit, billed once (tie broken by code).
        ({"97110": 7, "97140": 7}, {"97110": 1}),
        # CMS: 20 + 20 = 40 -> 3 units; either code may take the second unit, we pick by code.
        ({"97112": 20, "97110": 20}, {"97110": 2, "97112": 1}),
        # 5 + 5 minutes total 10 -> 1 unit to the service with more minutes.
        ({"97110": 5, "97140": 6}, {"97140": 1}),
        # CMS: 7 min each of three services = 21 -> 1 unit only.
        ({"97110": 7, "97140": 7, "97112": 7}, {"97110": 1}),
        # Whole units first: 15 + 7 + 7 = 29 -> 2 units.
        ({"97110": 15, "97140": 7, "97112": 6}, {"97110": 1, "97140": 1}),
        ({"97124": 60}, {"97124": 4}),
        ({"97124": 45, "97140": 30}, {"97124": 3, "97140": 2}),
        ({}, {}),
    ],
)
def test_units_are_distributed_across_codes_as_cms_describes(
    minutes_by_code: dict[str, int], expected: dict[str, int]
) -> None:
    assert timed_units(minutes_by_code) == expected
    assert sum(expected.values()) == total_timed_units(sum(minutes_by_code.values()))


def test_negative_minutes_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        timed_units({"97110": -1})


@pytest.mark.parametrize(
    ("regions", "code"),
    [
        ([], None),
        (["cervical"], "98940"),
        (["cervical", "lumbar"], "98940"),
        (["cervical", "cervical"], "98940"),
        (["cervical", "thoracic", "lumbar"], "98941"),
        (["cervical", "thoracic", "lumbar", "sacral"], "98941"),
        (["cervical", "thoracic", "lumbar", "sacral", "pelvic"], "98942"),
    ],
)
def test_spinal_manipulation_is_coded_by_regions_treated(regions: list[str], code: str | None) -> None:
    assert spinal_cmt_code(regions) == code


def test_a_session_bills_timed_units_and_the_manipulation_code() -> None:
    content = SoapContent(
        treatment=Treatment(
            techniques=[
                TechniqueApplied(technique=Technique.DEEP_TISSUE, minutes=20),
                TechniqueApplied(technique=Technique.MYOFASCIAL_RELEASE, minutes=10),
                TechniqueApplied(technique=Technique.TRIGGER_POINT, minutes=5),
                TechniqueApplied(
                    technique=Technique.SPINAL_MANIPULATION,
                    minutes=5,
                    regions=[SpinalRegion.CERVICAL, SpinalRegion.THORACIC, SpinalRegion.LUMBAR],
                ),
                TechniqueApplied(
                    technique=Technique.EXTRASPINAL_MANIPULATION,
                    minutes=3,
                    regions=[ExtraspinalRegion.UPPER_EXTREMITIES],
                ),
            ]
        )
    )
    summary = bill([content])
    assert summary.timed_minutes == {"97124": 20, "97140": 15}
    assert summary.timed_units == {"97124": 1, "97140": 1}
    assert summary.untimed_codes == ["98941", "98943"]
    assert summary.billable_units == 4


def massage(minutes: int) -> SoapContent:
    return SoapContent(
        treatment=Treatment(techniques=[TechniqueApplied(technique=Technique.DEEP_TISSUE, minutes=minutes)])
    )


def test_two_notes_on_one_day_are_billed_together_by_the_8_minute_rule() -> None:
    """Worked example: 7 minutes of massage in the morning and 7 in the afternoon bill nothing
    note by note, but 14 minutes on one day bill one unit."""
    assert bill([massage(7)]).billable_units == 0
    assert bill([massage(7), massage(7)]).timed_units == {"97124": 1}


def test_the_per_code_rule_bills_each_code_alone() -> None:
    """Worked example: 33 minutes of 97110 and 7 of 97140 make 40 minutes, 3 units under the
    8-minute rule (97110's 2 whole units, the third to 97140's larger 7-minute remainder); billed
    code by code, 97110's 3-minute and 97140's 7-minute remainders are under 8 and bill nothing."""
    minutes = {"97110": 33, "97140": 7}
    assert timed_units(minutes) == {"97110": 2, "97140": 1}
    assert units_under(BillingRule.PER_CODE, minutes) == {"97110": 2}
    assert units_under(BillingRule.PER_CODE, {"97110": 38, "97140": 8}) == {"97110": 3, "97140": 1}
