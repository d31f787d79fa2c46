"""The nurse's alert loop in Chromium: a patient logs severe pain, then shares; the nurse sees
her on top at once with the reasons; holds her pain "known" for 4 weeks, and a week of the
same pain raises nothing; the patient answers "I have stopped taking it" and is on top of the
nurse's list on the next request, above another patient with a symptom; the nurse reads a
1,000-character note whole. axe-core on every page; screenshots at 360 and 1280 px.

Alerts of a saved day are evaluated by a Celery task (`eager_celery` runs it in the live
server's thread); the share evaluates her days itself. The week after the nurse marks the pain
known is the nightly run at each of its evenings (time-machine in this process only).
"""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from care import alerts
from tests.browser.conftest import log_in
from tests.factories import (
    PASSWORD,
    DailyEntryFactory,
    GrantFactory,
    make_clinician,
    make_patient,
    totp_code,
)
from tracker.models import DailyEntry
from tracker.selectors import local_today

NOTE = "Thinking of stopping the letrozole. " + "My knees and hands ache every morning. " * 24
NOTE = NOTE[:1000]


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_in_nurse(page, nurse):
    log_in(page, nurse.email, PASSWORD)
    page.get_by_label("Code").fill(totp_code(nurse.totp_secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def log_today(page, *, pain, taken_answer, reason=None, note=""):
    page.goto("/diary/log/")
    page.get_by_role("group", name="Worst joint or muscle pain today").locator("label").nth(
        pain
    ).click()
    tablet = page.get_by_role("group", name="Did you take your tablet today")
    tablet.locator("label", has_text=taken_answer).click()
    if reason:
        page.get_by_role("group", name="If not, why not?").locator("label", has_text=reason).click()
    if note:
        page.get_by_label("Anything else you want to remember").fill(note)
    page.get_by_role("button", name=re.compile("^Save (this day|changes)$")).click()


@pytest.mark.browser
def test_the_nurse_sees_who_may_stop_first_and_known_pain_stays_quiet(
    new_page, live_server, settings, eager_celery, accessible, screenshots
):
    settings.SITE_URL = live_server.url
    maria = make_patient(email="maria@example.org")
    maria.patient_profile.care_name = "Maria Jones"
    maria.patient_profile.save(update_fields=["care_name"])
    nurse = make_clinician(email="ana@clinic.example.org", name="Ana Silva")
    today = local_today(maria.patient_profile)
    # Three days of moderate pain before today, one of them with a long note.
    for back in (1, 2, 3):
        DailyEntryFactory(
            patient=maria,
            day=today - timedelta(days=back),
            joint_pain=5,
            note=NOTE if back == 2 else "",
        )
    # Another patient of hers, first by name, quiet for now.
    adele = make_patient(email="adele@example.org")
    adele.patient_profile.care_name = "Adele Brown"
    adele.patient_profile.save(update_fields=["care_name"])
    GrantFactory(patient=adele, clinician=nurse)

    # Maria logs severe pain today, sharing with no one yet.
    her = new_page()
    log_in(her, maria.email, PASSWORD)
    expect(her.get_by_role("link", name="Sign out")).to_be_visible()
    log_today(her, pain=8, taken_answer="Yes")
    expect(her.get_by_role("status").first).to_contain_text("Saved your diary")

    # Then she shares with the nurse, who already has an account.
    her.goto("/sharing/")
    share = her.get_by_role("region", name="Share your diary")
    share.get_by_label("Their email address").fill(nurse.email)
    share.get_by_role("button", name="Share my diary").click()
    expect(her.get_by_role("region", name="Who can see your diary")).to_contain_text("Ana Silva")

    # The nurse's first look is true at once: Maria on top, with both reasons in words.
    page = new_page()
    sign_in_nurse(page, nurse)
    page.goto("/care/")
    cards = page.locator(".patient-card")
    expect(cards).to_have_count(2)
    expect(cards.first.get_by_role("heading", level=2)).to_have_text("Maria Jones")
    maria_card = cards.first
    expect(maria_card).to_contain_text("2 new alerts")
    expect(maria_card).to_contain_text("Joint or muscle pain was 8 (severe) on")
    expect(maria_card).to_contain_text("Worst joint or muscle pain was 4 or more on 4 of")
    accessible(page)

    # She opens Maria's page, holds the pain known for 4 weeks and marks the rest seen.
    maria_card.get_by_role("link", name="Maria Jones").click()
    expect(heading(page)).to_have_text("Maria Jones")
    accessible(page)
    known = page.locator(".known-form")
    known.get_by_label("Known, being managed for").select_option("4")
    known.get_by_role("button", name="Mark known").click()
    expect(page.get_by_role("status").first).to_contain_text("Marked as known, being managed")
    expect(page.locator(".care-alerts")).to_contain_text("Marked known by Ana Silva")
    page.get_by_role("button", name="Mark alerts seen").click()
    expect(page.locator(".care-alerts")).to_contain_text("None: every alert has been seen.")
    accessible(page)

    # Her note of 1,000 characters, whole, with its day.
    notes = page.get_by_role("region", name="Her notes, whole")
    expect(notes).to_contain_text(NOTE.strip())
    page.get_by_role("link", name="Read it whole").first.click()
    expect(page.locator(f"#note-{(today - timedelta(days=2)).isoformat()}")).to_be_in_viewport()
    screenshots(page, "care-alert-loop-patient-page")

    # A week of the same pain, evaluated every evening: nothing new for the nurse.
    for ahead in range(1, 8):
        day = today + timedelta(days=ahead)
        DailyEntryFactory(patient=maria, day=day, joint_pain=5)
        evening = datetime.combine(day, time(20), tzinfo=maria.patient_profile.zone)
        with time_machine.travel(evening, tick=False):
            alerts.raise_alerts(patient=maria, today=day)
    page.goto("/care/")
    expect(cards.filter(has_text="Maria Jones")).to_contain_text("No new alerts.")
    # Back to the real today: the week ahead was the nightly run's only.
    DailyEntry.objects.filter(patient=maria, day__gt=today).delete()

    # Adele logs a severe day of pain: a symptom for the nurse.
    DailyEntryFactory(patient=adele, day=local_today(adele.patient_profile), joint_pain=9)
    alerts.raise_alerts(patient=adele, today=local_today(adele.patient_profile))

    # Today Maria answers "I have stopped taking it", and is told what to know first.
    log_today(her, pain=5, taken_answer="No", reason="I have stopped taking it")
    expect(her.get_by_role("status").first).to_contain_text("that you have stopped your tablet")
    expect(
        her.get_by_role("heading", name="Talk to your team before you stop your tablet")
    ).to_be_visible()
    accessible(her)

    # The nurse's next request: Maria on top, above Adele's severe day, with the reason.
    page.reload()
    expect(cards.first.get_by_role("heading", level=2)).to_have_text("Maria Jones")
    expect(cards.first).to_contain_text("Says she has stopped taking her tablet")
    expect(cards.nth(1)).to_contain_text("Joint or muscle pain was 9 (severe)")
    accessible(page)
    screenshots(page, "care-alert-loop-list")
