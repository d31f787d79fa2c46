"""A new patient's first day, in Chromium: sign up, set up her therapy, log today, correct it."""

import re
import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import emailed_code
from tracker.models import DailyEntry

EMAIL = "first.day@example.org"
PASSWORD = "lemon-harbour-kettle-42"
ZONE = "Pacific/Auckland"


def at(path):
    """The page's URL is `path` on the live server (a #fragment may linger after a redirect)."""
    return re.compile(rf"^http://[^/]+{re.escape(path)}(#.*)?$")


def long_date(day):
    """A day as the history heads it, e.g. "Sunday 23 November 2025"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@pytest.mark.browser
def test_first_day(page, live_server, accessible, screenshots):
    # Sign up.
    page.goto("/accounts/signup/")
    accessible(page)
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    # The code from her email (sign-up answers the same for an address that has an account).
    expect(page).to_have_url(at("/accounts/confirm-email/"))
    accessible(page)
    page.get_by_label("Code").fill(emailed_code(mail.outbox[-1]))
    page.get_by_role("button", name="Confirm").click()

    # About her therapy: the medicine, when she started it, her time zone.
    expect(page).to_have_url(at("/start/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("About your therapy")
    accessible(page)
    medicine = page.get_by_role("group", name="Which medicine do you take?")
    medicine.locator("label", has_text="Letrozole").click()
    expect(medicine.get_by_role("radio", name="Letrozole")).to_be_checked()
    today = datetime.now(zoneinfo.ZoneInfo(ZONE)).date()
    page.get_by_label("When did you start it?").fill((today - timedelta(days=90)).isoformat())
    page.get_by_label("Your time zone").select_option(ZONE)
    page.get_by_role("button", name="Save and start my diary").click()

    # Straight on to logging today.
    expect(page).to_have_url(at("/diary/log/"))
    expect(page.get_by_role("status")).to_contain_text("Your diary is ready")
    expect(page.get_by_label("Day", exact=True)).to_have_value(today.isoformat())
    accessible(page)
    screenshots(page, "log-form")

    pain = page.get_by_role("group", name="Worst joint or muscle pain today")
    tablet = page.get_by_role("group", name="Did you take your tablet today")
    tablet.locator("label", has_text="Yes").click()

    # Saving without the pain score: the summary of problems takes the focus, and the
    # question itself says what is missing.
    page.get_by_role("button", name="Save this day").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(pain.locator(".field-error")).to_have_text("Error: Choose a number for “Joint pain”.")
    expect(tablet.get_by_role("radio", name="Yes")).to_be_checked()
    accessible(page)
    screenshots(page, "log-form-error")
    # The summary's link takes her to the question's first answer.
    summary.get_by_role("link", name="Choose a number for “Joint pain”.").click()
    expect(pain.get_by_role("radio", name="0 No pain")).to_be_focused()
    assert DailyEntry.objects.filter(patient__email=EMAIL).count() == 0

    # Now with the pain score, and three hot flashes counted on the + buttons.
    pain.locator("label", has_text="Annoying").click()
    expect(pain.get_by_role("radio", name="3 Annoying")).to_be_checked()
    mild = page.locator('[data-field="hot_flashes_mild"]')
    mild.get_by_role("button", name="One more").click()
    mild.get_by_role("button", name="One more").click()
    expect(mild.get_by_role("spinbutton", name="Mild", exact=True)).to_have_value("2")
    severe = page.locator('[data-field="hot_flashes_severe"]')
    severe.get_by_role("button", name="One more").click()
    expect(severe.get_by_role("spinbutton", name="Severe", exact=True)).to_have_value("1")
    page.get_by_role("button", name="Save this day").click()

    # History: exactly one day, today.
    expect(page).to_have_url(at("/diary/"))
    expect(page.get_by_role("status")).to_contain_text("Saved your diary")
    days = page.get_by_role("list", name="Logged days").get_by_role("listitem")
    expect(days).to_have_count(1)
    expect(days.get_by_role("heading")).to_have_text(f"{long_date(today)} Today")
    expect(days).to_contain_text("3 – Annoying")
    expect(days).to_contain_text("3 hot flashes")
    expect(days).to_contain_text("5 points")  # 2 mild x 1 + 1 severe x 3
    expect(page.get_by_text("1 day logged")).to_be_visible()
    accessible(page)
    screenshots(page, "history")

    # Correct the pain score.
    days.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your diary for {long_date(today)}")
    accessible(page)  # with its "Delete this day" button
    expect(pain.get_by_role("radio", name="3 Annoying")).to_be_checked()
    expect(mild.get_by_role("spinbutton", name="Mild", exact=True)).to_have_value("2")
    pain.locator("label", has_text="Distressing").click()
    page.get_by_role("button", name="Save changes").click()

    # Still one day, now with the new score.
    expect(page).to_have_url(at("/diary/"))
    expect(page.get_by_role("status")).to_contain_text("Updated your diary")
    expect(days).to_have_count(1)
    expect(days).to_contain_text("6 – Distressing")
    expect(days).not_to_contain_text("Annoying")
    entries = DailyEntry.objects.filter(patient__email=EMAIL)
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.day, entry.joint_pain, entry.tablet_taken) == (today, 6, True)
    assert (entry.hot_flashes_mild, entry.hot_flashes_severe) == (2, 1)
    accessible(page)
