"""Browser tests: Chromium, driven by Playwright, against pytest-django's live server.

Chromium is Debian's package (`apt-get install -y chromium`): `playwright install` cannot
download a browser here. Without Chromium these tests fail, they never skip.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from it (SynchronousOnlyOperation) when a test reads the database.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).parent / "screenshots"
# Long enough for a slow machine, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000

_axe = Axe()


def _chromium_path():
    for candidate in (CHROMIUM, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "Chromium is missing, the browser tests need it: "
        "install chromium: apt-get install -y chromium",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser tab (own cookies) at phone width, pointed at the live server.

    Every console error is recorded on `page.console_errors` (a blocked inline script or
    style, a Content Security Policy violation, a failed request, an uncaught exception).
    """
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console_errors = []

    def record(message):
        if message.type == "error":
            url = message.location.get("url") or ""
            page.console_errors.append(f"{message.text} ({url})")

    page.on("console", record)
    page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
    yield page
    context.close()


def _assert_no_console_errors(page):
    errors = page.console_errors
    assert not errors, f"console errors on {page.url}:\n" + "\n".join(errors)


def _assert_accessible(page):
    """axe-core finds no serious or critical violation, and the console has no error."""
    violations = [
        violation
        for violation in _axe.run(page).response["violations"]
        if violation.get("impact") in ("serious", "critical")
    ]
    report = "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']}\n"
        + "\n".join(
            f"    {node['target']}: {node.get('failureSummary', '').replace(chr(10), ' ')}"
            for node in v["nodes"]
        )
        for v in violations
    )
    assert not violations, f"axe-core violations on {page.url}:\n{report}"
    _assert_no_console_errors(page)


def _screenshot(page, name, *, redraw=False):
    """Full-page screenshots at phone and desktop width; the page is left at its first width.

    `redraw` loads the page again at each width, for charts that are laid out on load.
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    before = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        if redraw:
            page.reload(wait_until="networkidle")
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(before)
    if redraw:
        page.reload(wait_until="networkidle")


def log_in(page, email, password):
    """Sign in through the login form, as she would."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def no_console_errors():
    """`no_console_errors(page)` asserts that the page logged no error to its console."""
    return _assert_no_console_errors


@pytest.fixture
def accessible():
    """`accessible(page)` asserts no serious or critical axe-core violation, no console error."""
    return _assert_accessible


@pytest.fixture
def screenshots():
    """`screenshots(page, name)` saves <name>-phone.png and <name>-desktop.png."""
    return _screenshot
