"""The Reminders page and an email's snooze link, in Chromium, with axe-core."""

import pytest
from playwright.sync_api import expect

from reminders import links
from reminders.models import Delivery
from tests.factories import make_patient
from tracker.selectors import local_today


@pytest.mark.browser
def test_reminders_page_and_snooze_link(page, password, accessible, screenshots):
    patient = make_patient(email="reminded@example.org", time_zone="Pacific/Auckland")
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(patient.email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Reminders").click()
    expect(page.locator("#next-reminder")).to_contain_text("at 20:00, Auckland time")
    accessible(page)
    screenshots(page, "reminders")

    page.get_by_role("button", name="Snooze for 7 days").click()
    expect(page.get_by_role("status").first).to_contain_text("Snoozed")
    accessible(page)

    delivery = Delivery.objects.create(
        patient=patient, kind="daily", local_date=local_today(patient.patient_profile)
    )
    page.context.clear_cookies()  # the link works without logging in
    page.goto(f"/reminders/link/{links.token_for(delivery.id, links.STOP)}/")
    accessible(page)
    page.get_by_role("button", name="Stop reminders").click()
    expect(page.get_by_role("status")).to_contain_text("Reminders are off")
    accessible(page)
    screenshots(page, "reminder-link-done")
