"""Two-step sign-in in Chromium: an authenticator app, then a passkey on a virtual authenticator
(`add_virtual_authenticator` says why the live server must be served as localhost)."""

from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.browser.conftest import (
    add_passkey,
    add_virtual_authenticator,
    log_in,
    turn_on_authenticator_app,
)
from tests.factories import PASSWORD, make_clinician, make_patient, totp_code


@pytest.mark.browser
def test_clinician_sets_up_an_app_then_signs_in_with_a_passkey(
    page, live_server, accessible, screenshots
):
    assert urlsplit(live_server.url).hostname == "localhost", (
        "WebAuthn refuses an IP address: serve the browser tests on localhost"
    )
    clinician = make_clinician(email="nurse@clinic.example.org", mfa=False)
    log_in(page, clinician.email, PASSWORD)

    page.goto("/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    accessible(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    accessible(page)
    screenshots(page, "mfa-totp")
    page.get_by_label("6-digit code from your app").fill("000000")
    page.get_by_role("button", name="Turn on").click()
    expect(page.locator(".field-error")).to_contain_text("That code did not work")
    accessible(page)
    secret = turn_on_authenticator_app(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    accessible(page)
    screenshots(page, "mfa-recovery-codes")
    page.get_by_role("link", name="go to my patients").click()

    add_virtual_authenticator(page)
    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Add a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey")
    accessible(page)
    add_passkey(page, "Work phone")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    expect(page.get_by_text("1 passkey.")).to_be_visible()
    assert Authenticator.objects.filter(user=clinician, type="webauthn").count() == 1

    page.get_by_role("link", name="Your passkeys").click()
    expect(page.get_by_role("heading", level=2, name="Work phone")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Rename Work phone").click()
    accessible(page)
    page.get_by_label("Name").fill("Ward phone")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=2, name="Ward phone")).to_be_visible()

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    # The password alone is not enough: the second step asks for the app's code.
    log_in(page, clinician.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    accessible(page)
    screenshots(page, "mfa-sign-in-step")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    accessible(page)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    assert "/accounts/" not in urlsplit(page.url).path


@pytest.mark.browser
def test_a_refused_passkey_is_explained_in_words(page, accessible):
    """The device says no (here: the person holding it fails its check): the page says so."""
    patient = make_patient(email="careful@example.org")
    log_in(page, patient.email, PASSWORD)
    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    add_virtual_authenticator(page, verifies=False)

    # A passkey that signs her in on its own needs the device's check, which fails here.
    page.get_by_label("Also sign in with this passkey alone").check()
    page.get_by_role("button", name="Add passkey").click()

    expect(page.locator("#passkey-error")).to_contain_text("No passkey was used")
    accessible(page)
    assert not Authenticator.objects.filter(user=patient).exists()
