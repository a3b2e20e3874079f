from datetime import UTC, datetime
from typing import Any

from console.adapters.services import Reply, ServiceRefused
from console.domain.progress import HEIGHT, chart, goals_progress, readings_of, report_progress
from console.service_layer.chart import load_chart

GOAL = {"goal_id": "g-1", "metric": "pain_nrs", "baseline": 7.0, "target": 3.0, "comparator": "at_most"}


def entry(visit_on: str, value: float, goal_id: str = "g-1") -> dict[str, Any]:
    reading = {"goal_id": goal_id, "value": value, "status": "improving"}
    return {
        "visit_on": visit_on,
        "visit_starts_at": f"{visit_on}T10:00:00Z",
        "discipline": "medical_massage",
        "goals": [reading],
    }


def test_a_goals_readings_are_its_own_oldest_first() -> None:
    timeline = [entry("2026-12-09", 4), entry("2026-12-02", 6), entry("2026-12-05", 9, goal_id="g-2")]
    assert [(r.visit_on, r.value) for r in readings_of("g-1", timeline)] == [
        ("2026-12-02", 6),
        ("2026-12-09", 4),
    ]


def test_lower_values_are_drawn_lower_and_every_mark_is_labelled() -> None:
    drawn = chart(7, 3, readings_of("g-1", [entry("2026-12-02", 6), entry("2026-12-09", 2)]))
    first, second = drawn.marks
    assert second.y > first.y and second.x > first.x
    assert [mark.text for mark in drawn.marks] == ["6", "2"]
    assert drawn.measured == f"{first.x},{first.y} {second.x},{second.y}"
    assert drawn.baseline.text == "baseline 7" and drawn.target.text == "target 3"
    assert drawn.target.y > drawn.baseline.y  # target 3 sits below baseline 7


def test_the_scale_fits_pain_to_ten_and_range_of_motion_above_it() -> None:
    pain = chart(7, 3, [])
    assert pain.y_ticks[-1].text == "10" and pain.y_ticks[0].text == "0"
    rotation = chart(40, 70, readings_of("g-1", [entry("2026-12-02", 55)]))
    assert rotation.y_ticks[-1].text == "100"
    assert all(0 <= mark.y <= HEIGHT for mark in (*rotation.marks, rotation.baseline, rotation.target))


def test_a_goal_never_measured_has_its_lines_and_no_marks() -> None:
    (progress,) = goals_progress([GOAL], [])
    assert progress.readings == [] and progress.chart.marks == [] and progress.chart.measured == ""


class FakeServices:
    """The services as a dictionary of answers; a missing path is refused as not found."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers

    async def get(self, service: str, path: str, params: object = None) -> Reply:
        if path not in self.answers:
            raise ServiceRefused(service, 403, "not allowed")
        return Reply(self.answers[path], None)


PLAN = {"id": "cp-1", "referral_id": "r-1", "patient_id": "p-1", "goals": [GOAL]}


async def test_the_chart_names_the_patient_and_draws_each_goals_progress() -> None:
    services = FakeServices(
        {
            "/care-plans/cp-1": PLAN,
            "/patients/p-1/appointments": {"items": []},
            "/patients/p-1/notes": [],
            "/patients/p-1/progress": [entry("2026-12-02", 5)],
            "/referrals/r-1": {"patient": {"mrn": "MRN-1", "given_name": "Dana", "family_name": "Reyes"}},
        }
    )
    chart_ = await load_chart(services, "cp-1", datetime(2026, 12, 10, tzinfo=UTC))  # type: ignore[arg-type]
    assert chart_.patient_name == "Dana Reyes"
    assert [reading.value for reading in chart_.progress[0].readings] == [5]


async def test_someone_who_may_not_read_the_referral_sees_the_patients_id() -> None:
    services = FakeServices({"/care-plans/cp-1": PLAN, "/patients/p-1/appointments": {"items": []}})
    chart_ = await load_chart(services, "cp-1", datetime(2026, 12, 10, tzinfo=UTC))  # type: ignore[arg-type]
    assert chart_.patient_name == "patient p-1"
    assert chart_.progress[0].readings == []


def test_a_reports_goal_trends_are_drawn_like_live_progress() -> None:
    trend = {**GOAL, "latest_value": 4.0, "status": "improving", "body_region": None}
    trend["trend"] = [
        {"visit_on": "2026-12-02", "discipline": "chiropractic", "value": 5.0},
        {"visit_on": "2026-12-04", "discipline": "chiropractic", "value": 4.0},
    ]
    (progress,) = report_progress([trend])
    assert [mark.text for mark in progress.chart.marks] == ["5", "4"]
    assert progress.readings[0].visit_on == "2026-12-02" and progress.goal["status"] == "improving"
