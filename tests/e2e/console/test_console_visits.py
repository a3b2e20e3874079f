"""Changing one visit in a real browser: a refused reschedule shows the scheduling service's own
message next to the field, then the visit is moved and cancelled."""

from datetime import datetime, timedelta

from playwright.async_api import BrowserContext, expect

from .clinic import ClinicApi
from .conftest import PHONE, Console, assert_accessible, screenshot, sign_in


async def test_the_front_desk_reschedules_then_cancels_a_visit(
    console: Console, clinic: ClinicApi, context: BrowserContext
) -> None:
    referral = await clinic.refer("MRN-4")
    visit = await clinic.booked_visit(await clinic.accept(referral["id"]))
    booked = (await clinic.call("GET", "scheduling", f"/appointments/{visit}", clinic.scheduler)).json()
    page = await context.new_page()
    await sign_in(page, console, "front-desk", "scheduler", clinic.clinic_id)
    await page.goto(f"{console.url}/appointments/{visit}")
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
