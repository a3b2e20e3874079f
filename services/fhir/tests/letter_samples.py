"""A progress report, its referral and signed notes as the services answer them: twelve visits."""

from typing import Any

Json = dict[str, Any]

PAIN = [7, 7, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3]
ROTATION = [45, 48, 50, 52, 55, 58, 60, 62, 65, 66, 68, 70]


def _day(index: int) -> str:
    return f"2026-01-{5 + 2 * index:02d}"


REPORT: Json = {
    "id": "rep-1",
    "patient_id": "p-1",
    "care_plan_id": "cp-1",
    "milestone": "discharge_summary",
    "visits_completed": 12,
    "created_at": "2026-02-01T09:00:00+00:00",
    "body": {
        "milestone": "discharge_summary",
        "visits_completed": 12,
        "visits": [
            {"discipline": "medical_massage", "completed": 8, "planned": 8, "authorized": 12},
            {"discipline": "chiropractic", "completed": 4, "planned": 6, "authorized": None},
        ],
        "goals": [
            {
                "goal_id": "g-1",
                "metric": "pain_nrs",
                "body_region": "lumbar",
                "baseline": 7,
                "target": 3,
                "comparator": "at_most",
                "latest_value": 3,
                "status": "met",
                "trend": [
                    {"visit_on": _day(i), "discipline": "medical_massage", "value": v}
                    for i, v in enumerate(PAIN)
                ],
            },
            {
                "goal_id": "g-2",
                "metric": "cervical_rotation_deg",
                "body_region": None,
                "baseline": 45,
                "target": 70,
                "comparator": "at_least",
                "latest_value": 70,
                "status": "met",
                "trend": [
                    {"visit_on": _day(i), "discipline": "chiropractic", "value": v}
                    for i, v in enumerate(ROTATION)
                ],
            },
        ],
        "recommendations": [
            {
                "discipline": "medical_massage",
                "visit_on": _day(11),
                "next_visit_focus": None,
                "home_care": ["heat 15 minutes daily", "cat-cow stretch"],
                "follow_up": "re-check in 4 weeks",
            },
        ],
    },
}
REFERRAL: Json = {
    "patient": {"mrn": "MRN-1", "given_name": "Dana", "family_name": "Reyes"},
    "referring_physician_name": "Dr. Ada Osei",
    "referring_physician_npi": "1234567893",
    "diagnosis_codes": ["M54.50"],
    "conditions": ["low back pain"],
}
NOTES: list[Json] = [
    {
        "discipline": "medical_massage",
        "visit_starts_at": f"{_day(11)}T10:00:00+00:00",
        "status": "signed",
        "content": {"assessment": {"summary": "Lumbar tone much reduced; tolerates firm pressure."}},
        "signed_by": "lmt-kim",
        "author_id": "lmt-kim",
        "signed_at": f"{_day(11)}T11:05:00+00:00",
    },
    {
        "discipline": "chiropractic",
        "visit_starts_at": f"{_day(10)}T10:00:00+00:00",
        "status": "signed",
        "content": {"assessment": {"summary": "Cervical rotation at goal bilaterally."}},
        "signed_by": "dc-lee",
        "author_id": "dc-lee",
        "signed_at": f"{_day(10)}T10:50:00+00:00",
    },
    {
        "discipline": "chiropractic",
        "visit_starts_at": f"{_day(11)}T12:00:00+00:00",
        "status": "draft",
        "content": {},
        "signed_by": None,
        "author_id": "dc-lee",
        "signed_at": None,
    },
]
