"""The clinic admin's pages in a real browser: a webhook subscription created, its delivery log,
paused and its secret rotated; then the audit trail searched."""

import httpx
from carecoord_local.testing import eventually
from playwright.async_api import BrowserContext, expect

from .clinic import PHYSICIAN, ClinicApi
from .conftest import PHONE, Console, assert_accessible, screenshot, sign_in

RECEIVER = "https://hooks.example.org/carecoord"


async def test_an_admin_subscribes_a_webhook_reads_its_log_and_searches_the_audit_trail(
    console: Console, clinic: ClinicApi, context: BrowserContext
) -> None:
    page = await context.new_page()
    await sign_in(page, console, "admin-a", "admin", clinic.clinic_id)
    await page.get_by_role("link", name="Webhooks").click()
    await page.get_by_label("Endpoint URL").fill(RECEIVER)
    await page.get_by_role("button", name="Create subscription").click()
    await expect(page.locator("#event_types-error")).to_be_visible()  # notifications' own message
    await expect(page.get_by_label("Endpoint URL")).to_have_value(RECEIVER)

    await page.get_by_label("referral.received.v1").check()
    await page.get_by_role("button", name="Create subscription").click()
    await expect(page.get_by_role("status").filter(has_text="Signing secret")).to_contain_text("whsec_")
    await assert_accessible(page)
    await screenshot(page, "webhooks")

    await clinic.refer("MRN-7")
    subscription = (await clinic.call("GET", "notifications", "/subscriptions", clinic.admin)).json()[
        "items"
    ][0]
    deliveries = f"/subscriptions/{subscription['id']}/deliveries"

    async def delivered_or_tried() -> bool:
        response = await clinic.call("GET", "notifications", deliveries, clinic.admin)
        return response.status_code == 200 and bool(response.json())

    await eventually(delivered_or_tried, within=120)
    await page.get_by_role("link", name=RECEIVER).click()
    log = page.get_by_role("region", name="Delivery log")
    await expect(log).to_contain_text("referral.received.v1")
    await page.get_by_role("button", name="Pause deliveries").click()
    await expect(page.get_by_text("paused", exact=True)).to_be_visible()
    await page.get_by_role("button", name="Rotate signing secret").click()
    await expect(page.get_by_role("status").filter(has_text="Signing secret")).to_contain_text("whsec_")
    await expect(page.get_by_text("Previous secret valid until")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "webhook-delivery-log")

    await page.get_by_role("link", name="Audit").click()
    await page.get_by_label("Actor").fill(PHYSICIAN)
    await page.get_by_role("button", name="Search").click()
    entries = page.get_by_role("region", name="Referrals")
    await expect(entries.get_by_role("row").nth(1)).to_contain_text(PHYSICIAN)
    await assert_accessible(page)
    await page.set_viewport_size(PHONE)
    await assert_accessible(page)  # the tables reflow at phone width; nothing scrolls unreachably
    await screenshot(page, "audit-phone")


async def test_a_therapist_is_refused_the_admin_pages(
    console: Console, clinic: ClinicApi, context: BrowserContext
) -> None:
    page = await context.new_page()
    await sign_in(page, console, "lmt-kim", "massage_therapist", clinic.clinic_id)
    assert await page.get_by_role("link", name="Webhooks").count() == 0
    for path in ("/admin/webhooks", "/admin/audit"):
        response = await page.goto(f"{console.url}{path}")
        assert response is not None and response.status == 403
    async with httpx.AsyncClient() as http:  # and the console itself answers nothing without a session
        assert (await http.get(f"{console.url}/admin/webhooks")).status_code == 303
