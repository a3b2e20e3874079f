"""The console in a real browser against the real services, Kafka and PostgreSQL."""

import re

from playwright.async_api import BrowserContext, expect

from .clinic import PHYSICIAN, THERAPIST, ClinicApi
from .conftest import DESK, PHONE, Console, assert_accessible, screenshot, sign_in


async def test_front_desk_accepts_a_referral_then_books_its_series_after_a_preview(
    console: Console, clinic: ClinicApi, context: BrowserContext
) -> None:
    await clinic.refer("MRN-1")
    await clinic.add_therapist()
    page = await context.new_page()
    await page.goto(console.url)
    await expect(page).to_have_url(re.compile(r"/sign-in$"))
    await assert_accessible(page)
    await screenshot(page, "sign-in")

    await sign_in(page, console, "front-desk", "admin", clinic.clinic_id)
    await expect(page.get_by_role("heading", name="New referrals")).to_be_visible()
    await expect(page.get_by_text("M54.50")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "referral-inbox")

    await page.get_by_role("link", name="Review referral for Dana Reyes").click()
    await page.get_by_label("Medical massage provider").fill(THERAPIST)
    await page.get_by_role("button", name="Accept referral").click()
    baseline_error = page.locator("#goals-0-baseline-error")
    await expect(baseline_error).to_have_text("Field required")  # the referrals service's own message
    await expect(page.get_by_label("Medical massage provider")).to_have_value(THERAPIST)  # input kept
    await assert_accessible(page)
    await screenshot(page, "referral-review-with-error")

    await page.get_by_label("Baseline").fill("7")
    await page.get_by_role("button", name="Accept referral").click()
    await expect(page.get_by_role("heading", name="Chart of Dana Reyes")).to_be_visible()
    goals = page.get_by_role("region", name="Goals")
    await expect(goals.get_by_role("row").nth(1)).to_contain_text("pain nrs")
    await expect(goals.get_by_role("row").nth(1)).to_contain_text("at most 3")
    await expect(page.get_by_role("region", name="Care team")).to_contain_text(
        f"{THERAPIST} · medical massage · coordinator"
    )
    await expect(page.get_by_role("region", name="Disciplines and frequency")).to_contain_text(
        "no deep pressure"
    )
    await expect(page.get_by_role("region", name="Authorization")).to_contain_text("12")
    await assert_accessible(page)
    await screenshot(page, "chart")
    await page.set_viewport_size(PHONE)
    await screenshot(page, "chart-phone")
    await page.set_viewport_size(DESK)

    care_plan_id = page.url.rsplit("/", 1)[-1]
    await clinic.bookable(care_plan_id)
    await page.get_by_role("link", name="Book a visit series").click()
    await page.get_by_label("Provider").select_option(THERAPIST)
    await page.get_by_label("Minutes per visit").fill("500")
    await page.get_by_role("button", name="Preview the series").click()
    await expect(page.locator("#duration_minutes-error")).to_contain_text("240")  # scheduling's own rule
    await expect(page.get_by_label("Provider")).to_have_value(THERAPIST)

    await page.get_by_label("Minutes per visit").fill("60")
    await page.get_by_role("button", name="Preview the series").click()
    proposed = page.get_by_role("checkbox", name=re.compile("^Book the visit at"))
    await expect(proposed.first).to_be_checked()
    count = await proposed.count()
    await assert_accessible(page)
    await screenshot(page, "series-preview")
    await proposed.last.uncheck()
    await page.get_by_role("button", name="Confirm and book").click()

    await expect(page.get_by_role("heading", name="Schedule")).to_be_visible()
    await expect(page.get_by_label("Provider")).to_have_value(THERAPIST)
    booked = await clinic.call("GET", "scheduling", f"/care-plans/{care_plan_id}", clinic.scheduler)
    assert booked.json()["visits_counted"]["medical_massage"] == count - 1
    await expect(page.get_by_role("cell", name="medical massage").first).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "schedule-week")


async def test_forgery_and_other_clinics_are_refused_and_a_concurrent_edit_keeps_the_draft(
    console: Console, clinic: ClinicApi, context: BrowserContext, another_browser: BrowserContext
) -> None:
    referral = await clinic.refer("MRN-2")
    page = await context.new_page()
    await sign_in(page, console, "front-desk", "admin", clinic.clinic_id)

    forged = await page.request.post(
        f"{console.url}/referrals/{referral['id']}/decline", form={"reason_code": "forged"}, max_redirects=0
    )
    assert forged.status == 403
    still = await clinic.call("GET", "referrals", f"/referrals/{referral['id']}", clinic.admin)
    assert still.json()["status"] == "received"

    care_plan_id = await clinic.accept(referral["id"])
    await page.goto(f"{console.url}/care-plans/{care_plan_id}")
    await page.get_by_role("link", name="Edit goals").click()
    await page.get_by_label("Target (goal 1)").fill("2")
    plan = (await clinic.call("GET", "referrals", f"/care-plans/{care_plan_id}", clinic.therapist)).json()
    their_goal = {
        key: plan["goals"][0][key] for key in ("goal_id", "metric", "baseline", "comparator", "due_on")
    }
    their_edit = {"goals": [{**their_goal, "target": 4}]}
    saved_first = await clinic.call(
        "PATCH", "referrals", f"/care-plans/{care_plan_id}", clinic.therapist, their_edit, if_match='"1"'
    )
    assert saved_first.status_code == 200, saved_first.text
    await page.get_by_role("button", name="Save goals").click()
    changed = page.get_by_role("alert").filter(has_text="Someone saved this plan while you were editing")
    await expect(changed).to_contain_text(f"Version 2 by {THERAPIST}")
    await expect(page.get_by_label("Target (goal 1)")).to_have_value("2")  # the draft is kept
    await assert_accessible(page)
    await screenshot(page, "goals-concurrent-edit")
    await page.get_by_role("button", name="Save goals").click()
    await expect(page.get_by_text("Care plan version 3")).to_be_visible()
    await expect(page.get_by_role("region", name="Goals")).to_contain_text("at most 2")

    outsider = await another_browser.new_page()
    await sign_in(outsider, console, "front-desk", "admin", "another-clinic")
    response = await outsider.goto(f"{console.url}/care-plans/{care_plan_id}")
    assert response is not None and response.status == 404
    await expect(outsider.get_by_role("heading", name=re.compile("^Not found"))).to_be_visible()
    await assert_accessible(outsider)

    await page.get_by_role("button", name="Sign out").click()
    await expect(page).to_have_url(re.compile(r"/sign-in$"))
    await page.goto(f"{console.url}/care-plans/{care_plan_id}")
    await expect(page).to_have_url(re.compile(r"/sign-in$"))


async def test_a_signed_note_reaches_the_physicians_open_inbox_live(
    console: Console, clinic: ClinicApi, context: BrowserContext, another_browser: BrowserContext
) -> None:
    referral = await clinic.refer("MRN-3")
    care_plan_id = await clinic.accept(referral["id"])
    visit = await clinic.held_visit(care_plan_id)

    physician = await another_browser.new_page()
    await sign_in(physician, console, PHYSICIAN, "physician", clinic.clinic_id)
    await physician.goto(f"{console.url}/notifications")
    await expect(physician.get_by_role("heading", name="Notifications")).to_be_visible()

    therapist = await context.new_page()
    await sign_in(therapist, console, THERAPIST, "massage_therapist", clinic.clinic_id)
    await therapist.goto(f"{console.url}/appointments/{visit}/note")
    await expect(therapist.get_by_label("Note type")).to_have_value("daily_note")
    await therapist.get_by_label("Body region").fill("low_back")
    await therapist.get_by_label("Pain before").fill("6")
    await therapist.get_by_label("Pain after").fill("3")
    await therapist.get_by_label("Technique 1").select_option("myofascial_release")
    await therapist.get_by_label("Minutes").first.fill("30")
    await therapist.get_by_label("Pressure").select_option("deep")  # the plan says no_deep_pressure
    await therapist.get_by_label("Assessment").fill("Tolerated well; less guarding.")
    await therapist.get_by_label("Joint 1").select_option("lumbar")
    await therapist.get_by_label("Motion 1").select_option("flexion")
    await therapist.get_by_label("Degrees 1").fill("60")
    await therapist.get_by_text("Oswestry low back disability (ODI)").click()
    odi = therapist.locator("details", has_text="Oswestry")
    for item, answer in enumerate(["2", "3", "2", "1", "2", "2", "1", "0", "2"], start=1):
        await odi.get_by_label(f"Item {item}", exact=True).select_option(answer)  # item 10 unanswered
    await therapist.get_by_role("button", name="Save draft").click()
    await expect(therapist.get_by_text("97140 30 min = 2 units")).to_be_visible()  # the service's rule
    await expect(therapist.get_by_label("Degrees 1")).to_have_value("60")
    await assert_accessible(therapist)
    await screenshot(therapist, "note-editor")
    await therapist.get_by_role("button", name="Sign note").click()
    refusal = therapist.get_by_role("alert").filter(has_text="A plan precaution stops this signature")
    await expect(refusal).to_contain_text("no_deep_pressure")
    await expect(therapist.get_by_label("Pressure")).to_have_value("deep")  # the draft is kept
    await assert_accessible(therapist)
    await screenshot(therapist, "note-precaution")
    await therapist.get_by_label("Reason to sign despite the precaution").fill(
        "Patient asked; tolerated well."
    )
    await therapist.get_by_role("button", name="Sign note").click()
    await expect(therapist.get_by_role("heading", name=re.compile(f"^Signed by {THERAPIST}"))).to_be_visible()
    await expect(therapist.get_by_text("2 billable units")).to_be_visible()
    await expect(therapist.get_by_text("ODI 33.3% (moderate)")).to_be_visible()
    await expect(therapist.get_by_text("lumbar flexion 60°")).to_be_visible()
    assert await therapist.get_by_role("button", name="Sign note").count() == 0
    await therapist.get_by_label("Addendum").fill("Patient called: soreness gone the next day.")
    await therapist.get_by_role("button", name="Add addendum").click()
    await expect(therapist.get_by_role("region", name="Addenda")).to_contain_text(
        "soreness gone the next day"
    )
    await assert_accessible(therapist)
    await screenshot(therapist, "note-signed")

    live = physician.locator("#live-updates")
    await expect(live.get_by_text("Progress recorded", exact=True).first).to_be_visible()
    await assert_accessible(physician)
    await screenshot(physician, "notifications-live")

    await physician.goto(f"{console.url}/care-plans/{care_plan_id}")
    progress = physician.get_by_role("region", name="Progress")
    await expect(progress.get_by_role("img", name="pain nrs over visits")).to_be_visible()
    await expect(progress.get_by_role("table")).to_contain_text("medical massage")
    await expect(progress.locator("svg")).to_contain_text("baseline 7")
    await assert_accessible(physician)
    await screenshot(physician, "progress-chart")
