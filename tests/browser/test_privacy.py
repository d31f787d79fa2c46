"""Her data from Settings in Chromium at phone width: the download link, and deleting her
account with a wrong password first (the error in words next to the field), then for real."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, DailyEntryFactory, make_patient


@pytest.mark.browser
def test_she_deletes_her_account_from_settings(page, accessible, screenshots):
    patient = make_patient(email="leaving@example.org")
    DailyEntryFactory(patient=patient, note="Last day")
    log_in(page, patient.email, PASSWORD)

    page.goto("/profile/")
    expect(page.get_by_role("link", name="Download everything")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account?")
    accessible(page)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    field = page.get_by_label("Your password")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("That is not your password").first).to_be_visible()
    # The refused form is answered 400 on purpose, which Chromium logs as a failed load.
    page.console_errors = [error for error in page.console_errors if "(Bad Request)" not in error]
    accessible(page)
    screenshots(page, "delete-account")
    assert User.objects.filter(pk=patient.pk).exists()

    field.fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and diary are deleted")).to_be_visible()
    assert not User.objects.filter(pk=patient.pk).exists()
