"""The care side end to end in Chromium: a patient shares her diary with a nurse who has no
account yet, the nurse joins from the invitation email, sets up an authenticator app and a
passkey, sees the patient's severe joint pain on top of her list, reads her page and marks the
alert seen; the patient sees that in her access log, stops sharing, and the nurse's next
request is refused. Two browser profiles, one for each of them; axe-core on every page.

Alerts are evaluated by a Celery task queued when a day is saved: `eager_celery` runs it in
the live server's thread, so the alert is there when the nurse looks.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    add_passkey,
    add_virtual_authenticator,
    log_in,
    turn_on_authenticator_app,
)
from tests.factories import PASSWORD, DailyEntryFactory, GrantFactory, make_patient
from tracker.selectors import local_today

NURSE = "ana.silva@clinic.example.org"
NURSE_NAME = "Ana Silva, oncology nurse"
NURSE_PASSWORD = "quiet-ward-lantern-57"


def heading(page):
    return page.get_by_role("heading", level=1)


def status(page):
    return page.get_by_role("status").first


def refused(page, response, code):
    """The page answered `code`. Chromium logs that to the console as a failed load of the
    page itself: expected here, so it is taken off the page's console errors (any other stays).
    """
    assert response.status == code
    expected = f"the server responded with a status of {code}"
    page.console_errors[:] = [
        error for error in page.console_errors if not (expected in error and page.url in error)
    ]


@pytest.mark.browser
def test_patient_shares_with_a_new_nurse_who_sees_her_alert_until_she_stops_sharing(
    new_page, live_server, settings, mailoutbox, eager_celery, accessible, screenshots
):
    # The links in emails and on the sharing page point at the server under test.
    settings.SITE_URL = live_server.url
    maria = make_patient(email="maria@example.org")
    her, nurse = new_page(), new_page()

    # She shares with an address that has no account: an invitation goes out.
    log_in(her, maria.email, PASSWORD)
    her.get_by_role("link", name="Share with your care team").click()
    expect(heading(her)).to_have_text("Share with your care team")
    accessible(her)
    share = her.get_by_role("region", name="Share your diary")
    share.get_by_label("Your name for your care team").fill("Maria Jones")
    share.get_by_label("Their email address").fill(NURSE)
    share.get_by_role("button", name="Share my diary").click()
    expect(status(her)).to_contain_text(f"Saved: {NURSE} is on your lists below")
    expect(her.get_by_role("region", name="Who can see your diary")).to_contain_text(
        f"{NURSE} (invited)"
    )
    accessible(her)

    # And a visit link for her GP, which opens her summary without an account.
    links = her.get_by_role("region", name="Visit links")
    links.get_by_label("Who it is for (optional)").fill("Dr Patel, GP")
    links.get_by_role("button", name="Make the link").click()
    expect(status(her)).to_contain_text("Your visit link is ready")
    visit_url = links.get_by_label("Link to copy").input_value()
    screenshots(her, "care-sharing")
    nurse.goto(visit_url)
    expect(heading(nurse)).to_have_text("Diary summary")
    expect(nurse.locator(".summary")).to_be_visible()
    accessible(nurse)

    # The nurse opens the invitation email's link and makes her account.
    [invitation] = [message for message in mailoutbox if message.to == [NURSE]]
    assert invitation.to == [NURSE]
    nurse.goto(re.search(r"^https?://\S+/invitations/\S+$", invitation.body, re.M).group())
    expect(heading(nurse)).to_have_text("Maria Jones invites you to see her diary")
    accessible(nurse)
    nurse.get_by_label("Your name as patients see it").fill(NURSE_NAME)
    nurse.get_by_label("Choose a password").fill(NURSE_PASSWORD)
    nurse.get_by_label("The same password again").fill(NURSE_PASSWORD)
    nurse.get_by_role("button", name="Make my account").click()

    # No diary before a second step at sign-in: an authenticator app first (her password,
    # typed a moment ago, is not asked for again).
    expect(heading(nurse)).to_have_text("Set up an authenticator app")
    accessible(nurse)
    turn_on_authenticator_app(nurse)
    expect(heading(nurse)).to_have_text("Your recovery codes")
    accessible(nurse)
    nurse.get_by_role("link", name="go to my patients").click()
    expect(heading(nurse)).to_have_text("Your patients")

    # Then a passkey, her phone's screen lock, which signs her in on its own.
    add_virtual_authenticator(nurse)
    nurse.get_by_role("link", name="Two-step sign-in").click()
    accessible(nurse)
    nurse.get_by_role("link", name="Add a passkey").click()
    expect(heading(nurse)).to_have_text("Add a passkey")
    accessible(nurse)
    add_passkey(nurse, "Ward phone")
    expect(nurse.get_by_text("1 passkey.")).to_be_visible()
    nurse.get_by_role("link", name="Sign out").click()
    nurse.get_by_role("button", name="Sign out").click()
    nurse.goto("/accounts/login/")
    nurse.get_by_role("button", name="Use a passkey").click()
    expect(heading(nurse)).to_have_text("Your patients")

    # Another of her patients, named first in the alphabet, with quiet days and no alert.
    [clinician] = type(maria).objects.filter(email=NURSE)
    adele = make_patient(email="adele@example.org")
    adele.patient_profile.care_name = "Adele Brown"
    adele.patient_profile.save(update_fields=["care_name"])
    adele_today = local_today(adele.patient_profile)
    for days_ago in range(3):
        DailyEntryFactory(patient=adele, day=adele_today - timedelta(days=days_ago), joint_pain=2)
    GrantFactory(patient=adele, clinician=clinician)

    # Maria logs a day of severe joint pain.
    her.get_by_role("link", name="Today").click()
    her.get_by_role("region", name="Today").get_by_role("link", name="Log today").click()
    pain = her.get_by_role("group", name="Worst joint or muscle pain today")
    pain.locator("label").nth(8).click()  # the points run 0 to 10: 8, "severe"
    her.get_by_role("group", name="Did you take your tablet today").locator(
        "label", has_text="Yes"
    ).click()
    her.get_by_role("button", name="Save this day").click()
    expect(status(her)).to_contain_text("Saved your diary")

    # The nurse sees her first, with the reason in words, though Adele sorts first by name.
    nurse.get_by_role("link", name="Patients").click()
    cards = nurse.locator(".patient-card")
    expect(cards).to_have_count(2)
    expect(cards.first.get_by_role("heading", level=2)).to_have_text("Maria Jones")
    expect(cards.first).to_contain_text("1 new alert")
    expect(cards.first).to_contain_text("Joint or muscle pain was 8 (severe) on")
    expect(cards.nth(1).get_by_role("heading", level=2)).to_have_text("Adele Brown")
    expect(cards.nth(1)).to_contain_text("No new alerts.")
    accessible(nurse)
    screenshots(nurse, "care-patient-list")

    cards.first.get_by_role("link", name="Maria Jones").click()
    expect(heading(nurse)).to_have_text("Maria Jones")
    expect(nurse.locator(".summary")).to_contain_text("Joint or muscle pain")
    accessible(nurse)
    screenshots(nurse, "care-patient-page", redraw=True)
    nurse.get_by_role("button", name="Mark alerts seen").click()
    expect(status(nurse)).to_have_text("Marked 1 alert as seen.")
    alerts = nurse.get_by_role("region", name="Alerts not seen yet")
    expect(alerts).to_contain_text("None: every alert has been seen.")
    alerts.get_by_text("Alerts seen lately").click()
    expect(alerts).to_contain_text(f"Seen by {NURSE_NAME}")
    accessible(nurse)

    # Maria sees the nurse's visits in her access log, newest first, and stops sharing.
    her.get_by_role("link", name="Today").click()
    her.get_by_role("link", name="Share with your care team").click()
    log = her.get_by_role("region", name="Who looked at your diary")
    expect(log.locator("li").first).to_contain_text(f"{NURSE_NAME} ({NURSE}), summary, charts")
    expect(log).to_contain_text(f"{NURSE_NAME} ({NURSE}), marked alerts as seen")
    expect(log.locator("li").last).to_contain_text("Visit link: Dr Patel, GP, summary")
    accessible(her)
    her.once("dialog", lambda dialog: dialog.accept())
    her.get_by_role("button", name=f"Stop sharing with {NURSE}").click()
    expect(status(her)).to_have_text(f"{NURSE} can no longer see your diary.")
    expect(her.get_by_role("region", name="Who can see your diary")).not_to_contain_text(NURSE)

    # The nurse's page was still open: her next request is refused, in the app's layout.
    refused(nurse, nurse.reload(), 404)
    expect(heading(nurse)).to_have_text("We could not find that page")
    expect(nurse.get_by_role("link", name="Go to your home page")).to_be_visible()
    accessible(nurse)
    nurse.get_by_role("link", name="Patients").click()
    expect(nurse.locator(".patient-card")).to_have_count(1)

    # The clinicians' pages are not for a patient: the app's own 403.
    refused(her, her.goto("/care/"), 403)
    expect(heading(her)).to_have_text("This page is not for your account")
    accessible(her)
