"""Browser tests: Chromium, driven by Playwright, against pytest-django's live server.

Chromium is Debian's package (`apt-get install -y chromium`): `playwright install` cannot
download a browser here. Without Chromium these tests fail, they never skip.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from knowledge.services import load_content
from tests.factories import totp_code

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
def new_page(browser, live_server, transactional_db):
    """`new_page()` opens a tab in a browser profile of its own (own cookies) at phone width,
    pointed at the live server: two people in one test each get one.

    Every console error is recorded on `page.console_errors` (a blocked inline script or
    style, a Content Security Policy violation, a failed request, an uncaught exception).
    """
    contexts = []

    def open_tab():
        context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []

        def record(message):
            if message.type == "error":
                url = message.location.get("url") or ""
                page.console_errors.append(f"{message.text} ({url})")

        page.on("console", record)
        page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
        return page

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def demo(transactional_db):
    """The demo patient's year of diary, with the shipped tips: the live server's database is
    flushed after each browser test, migration rows included."""
    load_content()
    call_command("seed_demo", stdout=None)


@pytest.fixture
def page(new_page):
    """A fresh browser tab (own cookies) at phone width, pointed at the live server."""
    return new_page()


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


def add_virtual_authenticator(page, *, verifies=True):
    """A platform authenticator, like a phone's screen lock; `verifies` whether the person
    holding it passes its check (fingerprint, face or PIN).

    WebAuthn needs a secure context and a relying-party id that is a domain name: the live
    server must be served as http://localhost (pytest-django's default address), never
    127.0.0.1. Chromium's virtual authenticator (DevTools protocol) stands in for a phone.
    """
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": verifies,
                "automaticPresenceSimulation": True,
            }
        },
    )


def turn_on_authenticator_app(page):
    """On "Set up an authenticator app": type the code an app computes from the key the page
    shows, as a phone would. Returns the key, for the codes of later sign-ins."""
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("6-digit code from your app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on").click()
    return secret


def add_passkey(page, name):
    """On "Add a passkey": a passkey that also signs in alone, from the virtual authenticator."""
    page.get_by_label("Name of this passkey").fill(name)
    page.get_by_label("Also sign in with this passkey alone").check()
    page.get_by_role("button", name="Add passkey").click()


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
