"""Every form a patient can reach, at phone width in Chromium, sent empty or with a bad value:
the errors show in words (the summary first, focused, and each next to its field, which is
marked invalid), and axe-core finds no serious or critical violation, before and after."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, UserFactory, make_patient

LONG_WORDS = "cramps " * 20  # over the search box's 100 characters


def _refused(page):
    """A refused form is answered 400 on purpose, which Chromium logs as a failed load."""
    page.console_errors[:] = [e for e in page.console_errors if "(Bad Request)" not in e]


def _errors_shown(page, accessible):
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    # Each problem the summary names links to a field marked invalid, its error beside it.
    for link in summary.locator("a").all():
        field = page.locator(link.get_attribute("href"))
        expect(field).to_have_attribute("aria-invalid", "true")
        # On the input, or for a group of buttons on its fieldset.
        described = field.locator("xpath=ancestor-or-self::*[@aria-describedby][1]")
        error_ids = [
            i for i in described.get_attribute("aria-describedby").split() if i.endswith("_error")
        ]
        assert error_ids, f"{link.get_attribute('href')}: no error named by aria-describedby"
        expect(page.locator(f"#{error_ids[0]}")).to_be_visible()
    _refused(page)
    accessible(page)


def _send(page, accessible, path, button, *, fill=None):
    """Open `path`, check it, send its form (after `fill(page)`), check the errors."""
    page.goto(path)
    accessible(page)
    if fill:
        fill(page)
    page.get_by_role("button", name=button).first.click()
    _errors_shown(page, accessible)


@pytest.mark.browser
def test_the_forms_before_signing_in_show_their_errors_accessibly(page, accessible, screenshots):
    _send(page, accessible, "/accounts/login/", "Sign in")
    screenshots(page, "forms-sign-in-errors")
    _send(page, accessible, "/accounts/signup/", "Sign up")
    screenshots(page, "forms-sign-up-errors")
    _send(page, accessible, "/accounts/password/reset/", "Email me a link")


@pytest.mark.browser
def test_onboarding_shows_its_errors_accessibly(page, accessible, screenshots):
    user = UserFactory()
    log_in(page, user.email, PASSWORD)
    _send(page, accessible, "/start/", "Save and start my diary")
    screenshots(page, "forms-onboarding-errors")


def _clear(label):
    return lambda page: page.get_by_label(label, exact=True).fill("")


@pytest.mark.browser
def test_every_form_of_her_diary_shows_its_errors_accessibly(page, accessible, screenshots):
    patient = make_patient()
    log_in(page, patient.email, PASSWORD)

    _send(page, accessible, "/diary/log/", "Save this day", fill=_clear("Day"))
    screenshots(page, "forms-log-errors")
    _send(page, accessible, "/therapy/", "Record this change", fill=_clear("From which day?"))
    _send(
        page,
        accessible,
        "/therapy/",
        "Correct the start date",
        fill=_clear("The day you took your first tablet"),
    )
    _send(page, accessible, "/therapy/", "Add appointment")
    _send(
        page,
        accessible,
        "/reminders/",
        "Save reminder settings",
        fill=_clear("Daily reminder time"),
    )
    screenshots(page, "forms-reminders-errors")
    _send(page, accessible, "/summary/", "Show summary", fill=_clear("From"))
    _send(page, accessible, "/sharing/", "Share my diary")
    screenshots(page, "forms-sharing-errors")
    _send(
        page,
        accessible,
        "/profile/",
        "Save",
        fill=lambda page: page.get_by_label("Date of birth (optional)").fill("2999-01-01"),
    )
    _send(page, accessible, "/account/delete/", "Delete my account")

    # The search box keeps to 100 characters as she types: a longer query comes by its address.
    page.goto(f"/tips/?q={LONG_WORDS}")
    _errors_shown(page, accessible)

    _send(page, accessible, "/accounts/email/", "Change Email")
    _send(page, accessible, "/accounts/password/change/", "Change Password")
    # Two-step sign-in asks her password again first (allauth's reauthentication).
    _send(page, accessible, "/accounts/2fa/totp/activate/", "Confirm")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Turn on").click()
    _errors_shown(page, accessible)
    page.goto("/accounts/2fa/webauthn/add/")
    accessible(page)
