import pytest
from notes.domain.outcome_measures import InvalidQuestionnaire, neck_disability_index, oswestry


@pytest.mark.parametrize(
    ("items", "percent", "band"),
    [
        ([0] * 10, 0.0, "minimal"),
        ([2] * 10, 40.0, "moderate"),
        ([3, 3, 3, 3, 3, 3, 3, 3, 3, None], 60.0, "severe"),  # one skipped: total / 45
        ([1, 2, 3, 4, 5, 0, 1, 2, None, None], 45.0, "severe"),  # 18 / 40
        ([5] * 10, 100.0, "bed_bound"),
        ([1, 1, 1, 1, 1, 1, 0, 0, 0, 0], 12.0, "minimal"),
    ],
)
def test_oswestry_scores_as_a_percent_of_the_items_answered(
    items: list[int | None], percent: float, band: str
) -> None:
    score = oswestry(items)
    assert (score.percent, score.interpretation) == (percent, band)


@pytest.mark.parametrize(
    ("items", "percent", "band"),
    [
        ([0] * 10, 0.0, "none"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], 8.0, "none"),  # raw 4
        ([1] * 10, 20.0, "mild"),  # raw 10
        ([2] * 10, 40.0, "moderate"),  # raw 20
        ([3] * 10, 60.0, "severe"),  # raw 30
        ([4] * 10, 80.0, "complete"),  # raw 40
    ],
)
def test_neck_disability_index_uses_the_published_raw_bands(
    items: list[int | None], percent: float, band: str
) -> None:
    score = neck_disability_index(items)
    assert (score.percent, score.interpretation) == (percent, band)


@pytest.mark.parametrize("items", [[0] * 9, [6] + [0] * 9, [None, None, None] + [1] * 7, [-1] + [0] * 9])
def test_unscorable_questionnaires_are_refused(items: list[int | None]) -> None:
    with pytest.raises(InvalidQuestionnaire):
        oswestry(items)
