"""The front desk's morning with the keyboard alone: sign in, open the new referral, accept it."""

import re

from playwright.async_api import BrowserContext, expect

from .clinic import THERAPIST, ClinicApi
from .conftest import Console, assert_accessible, tab_to


async def test_sign_in_then_accept_a_referral_with_the_keyboard_only(
    console: Console, clinic: ClinicApi, context: BrowserContext
) -> None:
    await clinic.refer("MRN-6")
    page = await context.new_page()
    await page.goto(f"{console.url}/sign-in")

    await tab_to(page, "Your user id")
    await page.keyboard.type("front-desk")
    await tab_to(page, "Role")
    await page.keyboard.type("Clinic admin")  # a closed list box selects by typing
    await expect(page.get_by_label("Role")).to_have_value("admin")
    await tab_to(page, "Clinic")
    await page.keyboard.press("Control+A")
    await page.keyboard.type(clinic.clinic_id)
    await tab_to(page, "Sign in")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", name="New referrals")).to_be_visible()

    await tab_to(page, "Review referral for Dana Reyes")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", name="Review referral")).to_be_visible()
    await tab_to(page, "Baseline")
    await page.keyboard.type("7")
    await tab_to(page, "Medical massage provider")
    await page.keyboard.type(THERAPIST)
    await tab_to(page, "Accept referral")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", name="Chart of Dana Reyes")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/care-plans/"))
    await assert_accessible(page)
