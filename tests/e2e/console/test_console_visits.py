"""One visit in a real browser: found in its room's calendar, a refused reschedule showing the
scheduling service's own message next to the field, then the visit moved and cancelled."""

from datetime import datetime, timedelta

from playwright.async_api import BrowserContext, expect

from .clinic import THERAPIST, ClinicApi
from .conftest import PHONE, Console, assert_accessible, screenshot, sign_in


async def test_the_front_desk_finds_a_visit_in_its_room_then_reschedules_and_cancels_it(
    console: Console, clinic: ClinicApi, context: BrowserContext
) -> None:
    referral = await clinic.refer("MRN-4")
    room = await clinic.add_room("Treatment room 2")
    visit = await clinic.booked_visit(await clinic.accept(referral["id"]), room)
    booked = (await clinic.call("GET", "scheduling", f"/appointments/{visit}", clinic.scheduler)).json()
    page = await context.new_page()
    await sign_in(page, console, "front-desk", "scheduler", clinic.clinic_id)
    await page.get_by_label("Room").select_option(label="Treatment room 2 (room)")
    await page.get_by_label("Day").fill(booked["starts_at"][:10])
    await page.get_by_role("button", name="Show").click()
    held_there = page.get_by_role("row").filter(has_text=THERAPIST)
    await expect(held_there).to_contain_text("medical massage")  # the room's visits, any provider's
    await assert_accessible(page)
    await screenshot(page, "schedule-room")
    await held_there.get_by_role("link", name="Visit").click()
    await expect(page.get_by_role("heading", name="medical massage visit")).to_be_visible()

    start = page.get_by_label("New start")
    await start.fill("next tuesday")
    await page.get_by_role("button", name="Reschedule visit").click()
    await expect(page.locator("#starts_at-error")).to_be_visible()  # scheduling's own message
    await expect(start).to_have_value("next tuesday")  # what was typed is kept
    await assert_accessible(page)
    await screenshot(page, "visit-refused")

    later = datetime.fromisoformat(booked["starts_at"]) + timedelta(hours=1)
    await start.fill(later.isoformat())
    await page.get_by_role("button", name="Reschedule visit").click()
    await expect(page.get_by_text(later.strftime("%Y-%m-%d %H:%M"))).to_be_visible()

    await page.get_by_label("Reason").select_option("illness")
    await page.get_by_role("button", name="Cancel visit").click()
    await expect(page.get_by_text("cancelled · illness")).to_be_visible()
    assert await page.get_by_role("button", name="Cancel visit").count() == 0
    await assert_accessible(page)
    await page.set_viewport_size(PHONE)
    await assert_accessible(page)
    await screenshot(page, "visit-cancelled-phone")
    moved = (await clinic.call("GET", "scheduling", f"/appointments/{visit}", clinic.scheduler)).json()
    assert (moved["status"], moved["cancel_reason"]) == ("cancelled", "illness")
