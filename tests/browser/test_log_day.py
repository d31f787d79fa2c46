"""In Chromium: nothing she typed or recorded goes with one stray tap."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import AppointmentFactory, DailyEntryFactory, make_patient
from tracker.models import Appointment
from tracker.selectors import local_today


@pytest.mark.browser
def test_picking_another_day_asks_before_dropping_her_answers(page, password):
    patient = make_patient(email="another.day@example.org")
    today = local_today(patient.patient_profile)
    yesterday, earlier = today - timedelta(days=1), today - timedelta(days=2)
    DailyEntryFactory(patient=patient, day=earlier, joint_pain=2)
    log_in(page, patient.email, password)
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    # Nothing answered yet: another day opens at once.
    page.goto("/diary/log/")
    day = page.get_by_label("Day", exact=True)
    day.fill(yesterday.isoformat())
    expect(page).to_have_url(f"{page.url.split('?')[0]}?day={yesterday.isoformat()}")

    # Answered: she is asked; "no" keeps her answers and puts the day back.
    pain = page.get_by_role("group", name="Worst joint or muscle pain today")
    pain.locator("label").filter(has=page.get_by_role("radio", name="6 Moderate")).click()
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    day.fill(earlier.isoformat())
    expect(day).to_have_value(yesterday.isoformat())
    assert questions == [
        f"Open {earlier:%A} {earlier.day} {earlier:%B} instead? "
        "The answers you gave here are not saved yet."
    ]
    expect(pain.get_by_role("radio", name="6 Moderate")).to_be_checked()

    # "Yes" opens that day: here a day she logged already.
    page.once("dialog", lambda dialog: dialog.accept())
    day.fill(earlier.isoformat())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your diary for")
    expect(pain.get_by_role("radio", name="2 Mild")).to_be_checked()


@pytest.mark.browser
def test_removing_an_appointment_asks_first(page, password):
    patient = make_patient(email="appointments@example.org")
    AppointmentFactory(patient=patient, date=local_today(patient.patient_profile), note="Nurse")
    log_in(page, patient.email, password)
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    page.goto("/therapy/")
    remove = page.get_by_role("button", name=re.compile("^Remove the appointment on"))

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    remove.click()
    expect(remove).to_be_visible()
    assert questions and questions[0].startswith("Remove the appointment on ")
    assert Appointment.objects.filter(patient=patient).count() == 1

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page.get_by_role("status")).to_contain_text("Removed the appointment")
    assert not Appointment.objects.filter(patient=patient).exists()
