"""The HTML reports in a real browser (Debian's chromium, driven by Playwright): every image loads,
the console stays clean, and no request leaves the machine. Screenshots are kept in build/screenshots/."""

import shutil
from pathlib import Path

import pytest

from helpers.paths import PROJECT_ROOT

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reports(built):
    return sorted(built.glob("*.html"))


def test_reports_load_offline_with_every_image(browser, reports):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert reports
    for report in reports:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        errors, outside = [], []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on(
            "request",
            lambda r, outside=outside: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
        )
        page.goto(Path(report).as_uri(), wait_until="load")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert images, f"{report.name}: no image"
        assert all(done and width > 0 for done, width in images), f"{report.name}: an image did not load"
        assert not errors, f"{report.name}: console errors {errors}"
        assert not outside, f"{report.name}: requests left the machine: {outside}"
        assert page.evaluate("document.documentElement.lang") == "zh"
        page.screenshot(path=str(SCREENSHOTS / f"{report.stem}.png"), full_page=True)
        page.close()
