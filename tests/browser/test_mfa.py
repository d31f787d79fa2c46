"""Two-step sign-in in Chromium: an authenticator app, then a passkey on a virtual authenticator.

WebAuthn needs a secure context and a relying-party id that is a domain name: the live
server must be served as http://localhost (pytest-django's default address), never
127.0.0.1. Chromium's virtual authenticator (DevTools protocol) stands in for a phone.
"""

from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_clinician, make_patient, totp_code


def add_virtual_authenticator(page, *, verifies=True):
    """A platform authenticator, like a phone's screen lock; `verifies` whether the person
    holding it passes its check (fingerprint, face or PIN)."""
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
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("6-digit code from your app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on").click()

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
    page.get_by_label("Name of this passkey").fill("Work phone")
    page.get_by_label("Also sign in with this passkey alone").check()
    page.get_by_role("button", name="Add passkey").click()
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

    page.get_by_role("link", name="Log out").click()
    page.get_by_role("button", name="Sign out").click()
    # The password alone is not enough: the second step asks for the app's code.
    log_in(page, clinician.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    accessible(page)
    screenshots(page, "mfa-sign-in-step")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Log out")).to_be_visible()

    page.get_by_role("link", name="Log out").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    accessible(page)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("link", name="Log out")).to_be_visible()
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
