"""50 parallel requests for one slot give exactly one booking, proven on the real database."""

import asyncio
from collections import Counter

from carecoord.events import Discipline

from .harness import WINDOW_START, Clinic, local

SLOT = local(WINDOW_START, 10)


async def test_fifty_parallel_requests_for_one_slot_book_exactly_once(clinic: Clinic) -> None:
    await clinic.add_team()
    plan = clinic.plan()
    await clinic.projected(plan)
    responses = await asyncio.gather(
        *(clinic.book(plan, Discipline.PHYSICAL_THERAPY, SLOT) for _ in range(50))
    )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 49}
    assert {r.json()["reason"] for r in responses if r.status_code == 409} <= {
        "provider_double_booked",
        "patient_double_booked",
    }


async def test_fifty_patients_racing_for_one_providers_slot_book_exactly_once(clinic: Clinic) -> None:
    """Different patients take no common lock: the exclusion constraint alone decides."""
    await clinic.add_team()
    plans = [clinic.plan() for _ in range(50)]
    await clinic.publish(*plans)
    for plan in plans:
        await clinic.wait_for_version(plan.care_plan_id, 1)
    responses = await asyncio.gather(*(clinic.book(p, Discipline.PHYSICAL_THERAPY, SLOT) for p in plans))
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 49}
    assert {r.json()["reason"] for r in responses if r.status_code == 409} == {"provider_double_booked"}
    page = await clinic.client.get(
        "/providers/pt-1/calendar", params={"day": WINDOW_START.isoformat()}, headers=clinic.scheduler
    )
    assert len(page.json()["items"]) == 1
