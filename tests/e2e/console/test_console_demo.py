"""`make demo` against a running system: its loader fills an empty clinic through the public APIs,
refuses to load twice, and the referring physician then sees a treated patient's progress."""

import asyncio
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from carecoord.dev_keys import PRIVATE_KEY_FILE, PUBLIC_KEY_FILE
from playwright.async_api import BrowserContext, expect

from .conftest import Console, assert_accessible, screenshot, sign_in

LOADER = Path(__file__).parents[3] / "tools" / "demo" / "load_demo.py"


async def load_demo(console: Console, keys: tuple[Path, Path], var_dir: Path) -> str:
    """Runs the loader as `make demo` does, pointed at the test's services and key pair."""
    (var_dir / "dev-keys").mkdir(parents=True)
    for key, name in zip(keys, (PRIVATE_KEY_FILE, PUBLIC_KEY_FILE), strict=True):
        shutil.copy(key, var_dir / "dev-keys" / name)
    ports = {
        f"CARECOORD_{name.upper()}_PORT": str(urlsplit(url).port)
        for name, url in console.services.urls.items()
    }
    loader = await asyncio.create_subprocess_exec(
        sys.executable, str(LOADER), env={**os.environ, **ports, "CARECOORD_VAR_DIR": str(var_dir)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await loader.communicate()
    assert loader.returncode == 0, output.decode()
    return output.decode()


async def test_the_demo_clinic_shows_a_treated_patients_progress_to_the_physician(
    console: Console, dev_keys: tuple[Path, Path], tmp_path: Path, context: BrowserContext
) -> None:
    printed = await load_demo(console, dev_keys, tmp_path / "var")
    assert "Maria Gomez: mid-treatment" in printed and "dr-osei" in printed
    assert "already has referrals" in await load_demo(console, dev_keys, tmp_path / "again")

    page = await context.new_page()
    await sign_in(page, console, "dr-osei", "physician", "clinic-1")
    await expect(page.get_by_role("heading", name="Referral for Dana Reyes")).to_be_visible()
    await page.get_by_role("link", name="Open chart of Maria Gomez").click()
    progress = page.get_by_role("region", name="Progress")
    pain = progress.get_by_role("table", name="Readings of pain nrs")
    await expect(pain.get_by_role("row")).to_have_count(5)  # a header and four signed visits
    await expect(pain).to_contain_text("physical therapy")
    await expect(pain).to_contain_text("medical massage")
    await assert_accessible(page)
    await screenshot(page, "demo-progress")

    # Alex Chen was discharged: the notes service sends the physician a discharge summary.
    await page.get_by_role("link", name="Referrals").click()
    chart = page.get_by_role("link", name="Open chart of Alex Chen")
    summary = page.get_by_role("link", name=re.compile("^Discharge summary"))
    await chart.click()
    for _ in range(120):  # the summary is written when notes consumes the referral's closing
        if await summary.count():
            break
        await page.wait_for_timeout(1000)
        await page.reload()
    await summary.click()
    await expect(page.get_by_role("heading", name="Progress report: discharge summary")).to_be_visible()
    await expect(page.get_by_role("region", name="Visits")).to_contain_text("chiropractic")
    await expect(page.get_by_role("img", name="pain nrs over visits")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "progress-report")
