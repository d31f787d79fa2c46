"""The history page's calendar in Chromium, for the demo patient's year with a hand-made last
month: days told apart in words, a day opened from it, other months, axe at both widths."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, log_in
from tracker.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PATIENT_EMAIL
from tracker.models import DailyEntry, PatientProfile
from tracker.selectors import local_today


@pytest.fixture
def last_month(demo):
    """Her last month, with the 10th missed, the 11th partly logged (cramps left blank) and
    the 12th answered in full; returns its first day."""
    today = local_today(PatientProfile.objects.get(user__email=DEMO_PATIENT_EMAIL))
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    days = DailyEntry.objects.filter(patient__email=DEMO_PATIENT_EMAIL)
    days.filter(day=first.replace(day=10)).delete()
    days.filter(day=first.replace(day=11)).update(cramp_count=None)
    days.filter(day=first.replace(day=12)).update(
        joint_pain=3, cramp_count=0, night_sweats=False, tablet_taken=True
    )
    return first


def day_link(calendar, first, n, words):
    """A day of the calendar by what a screen reader hears: "12 November: logged"."""
    return calendar.get_by_role("link", name=f"{n} {first:%B}: {words}", exact=True)


@pytest.mark.browser
def test_the_calendar_tells_her_days_apart_and_opens_any_day(
    page, last_month, accessible, screenshots
):
    first = last_month
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    calendar = page.get_by_role("region", name="Your days by month")
    this_month = (first + timedelta(days=31)).replace(day=1)
    expect(calendar.locator("caption")).to_contain_text(f"{this_month:%B %Y}:")

    # To last month by its link: her days there, in words and in marks of different shapes.
    months = calendar.get_by_role("navigation", name="Months")
    # The year said only when it changes.
    months.get_by_role(
        "link", name=f"{first:%B %Y}" if first.month == 12 else f"{first:%B}"
    ).click()
    expect(calendar.locator("caption")).to_contain_text(f"{first:%B %Y}:")
    for n, words, mark in [
        (12, "logged", "✓"),
        (11, "partly logged", "◐"),
        (10, "missed, log it", "✗"),
    ]:
        link = day_link(calendar, first, n, words)
        expect(link).to_be_visible()
        expect(link).to_contain_text(mark)
    expect(calendar).to_contain_text("✓ logged · ◐ partly logged")
    # Every day of the month fits the phone's width, with a target big enough for a finger.
    cells = calendar.locator("td > a")
    boxes = [cells.nth(n).bounding_box() for n in range(cells.count())]
    assert all(box["x"] + box["width"] <= PHONE["width"] for box in boxes), boxes
    assert all(box["height"] >= 44 and box["width"] >= 40 for box in boxes), boxes
    accessible(page)
    screenshots(page, "calendar")
    page.set_viewport_size(DESKTOP)
    accessible(page)
    page.set_viewport_size(PHONE)

    # A logged day opens her entry; a missed one the form to log it.
    day_link(calendar, first, 12, "logged").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Your diary for {first.replace(day=12):%A} 12 {first:%B %Y}"
    )
    page.go_back()
    day_link(calendar, first, 10, "missed, log it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log your day")
    expect(page.get_by_label("Day", exact=True)).to_have_value(first.replace(day=10).isoformat())

    # Any month, and any day, from the two jumps.
    page.go_back()
    earlier = (first - timedelta(days=70)).replace(day=1)
    calendar.get_by_label("Show a month").fill(f"{earlier:%Y-%m}")
    calendar.get_by_role("button", name="Show").click()
    expect(calendar.locator("caption")).to_contain_text(f"{earlier:%B %Y}:")
    calendar.get_by_label("Open a day").fill(first.replace(day=11).isoformat())
    calendar.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Your diary for {first.replace(day=11):%A} 11 {first:%B %Y}"
    )
    accessible(page)
