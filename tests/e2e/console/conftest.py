"""The console as a process beside the four services of ``tests/e2e`` (same broker, same
database server), driven by a real headless Chromium: Debian's ``chromium`` through Playwright,
so no browser is downloaded. axe-core comes from this folder's committed npm lock."""

import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from carecoord_local.ports import free_port
from carecoord_local.services import ServiceProcess
from carecoord_local.testing import MintToken
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from ..conftest import System
from .clinic import ClinicApi

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
# `CARECOORD_SCREENSHOTS=docs/console make test` refreshes the README's screenshots; by default
# the pages are still rendered and checked, and the committed pictures are left alone.
SCREENSHOTS = os.environ.get("CARECOORD_SCREENSHOTS")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 720}


@dataclass
class Console:
    url: str
    services: System


@pytest.fixture
async def console(system: System, dev_keys: tuple[Path, Path], tmp_path: Path) -> AsyncIterator[Console]:
    env = {
        "ENVIRONMENT": "development",
        "JWT_DEV_PRIVATE_KEY_PATH": str(dev_keys[0]),
        **{f"{name.upper()}_URL": url for name, url in system.urls.items()},
    }
    process = ServiceProcess("console", free_port(), env, tmp_path / "console.log")
    process.start()
    try:
        process.wait_ready()
        yield Console(process.url, system)
    finally:
        process.stop()


@pytest.fixture
async def clinic(console: Console, mint_token: MintToken, clinic_id: str) -> AsyncIterator[ClinicApi]:
    async with httpx.AsyncClient(timeout=10) as http:
        yield ClinicApi(http, console.services, mint_token, clinic_id)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing: run `npm ci` in {HERE}")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        await launched.close()


@pytest.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context()
    expect.set_options(timeout=20_000)
    yield context
    await context.close()


async def sign_in(page: Page, console: Console, subject: str, role: str, clinic_id: str) -> None:
    await page.goto(f"{console.url}/sign-in")
    await page.get_by_label("Your user id").fill(subject)
    await page.get_by_label("Role").select_option(role)
    await page.get_by_label("Clinic").fill(clinic_id)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_text(f"{subject} ·")).to_be_visible()


async def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation. axe is evaluated through the DevTools protocol,
    which the page's Content-Security-Policy does not govern, so the policy stays as strict."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(AXE.read_text())
    violations = await page.evaluate("async () => (await axe.run(document)).violations")
    serious = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}: {serious}"


async def screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        await page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)


@pytest.fixture
async def another_browser(browser: Browser) -> AsyncIterator[BrowserContext]:
    """A second person's browser: its own cookies."""
    context = await browser.new_context()
    yield context
    await context.close()


async def tab_to(page: Page, name: str, presses: int = 80) -> None:
    """Moves the focus with the Tab key alone until it reaches the control labelled ``name``."""
    for _ in range(presses):
        await page.keyboard.press("Tab")
        focused = await page.evaluate(
            """() => { const e = document.activeElement;
                const text = ['A', 'BUTTON'].includes(e.tagName) ? e.innerText : '';
                return [...(e.labels || [])].map(l => l.innerText).join(' ') + '|' + text
                       + '|' + (e.getAttribute('aria-label') || ''); }"""
        )
        if name.lower() in focused.lower():
            return
    raise AssertionError(f"{name!r} is not reachable with the Tab key")
