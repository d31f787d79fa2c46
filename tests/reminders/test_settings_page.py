"""The Reminders page: on or off, time, time zone, snooze, and the next reminder in words."""

from datetime import date, time

import pytest
from django.urls import reverse

from reminders import selectors
from reminders.models import Delivery
from tests.factories import DailyEntryFactory
from tests.reminders.conftest import utc

pytestmark = pytest.mark.django_db

URL = reverse("reminders:settings")


def _next_reminder(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.text.split('id="next-reminder"', 1)[1].split("</p>", 1)[0]


def _set_zone(patient, time_zone, at=time(20, 0)):
    profile = patient.patient_profile
    profile.time_zone, profile.reminder_time = time_zone, at
    profile.save()


@pytest.mark.parametrize(
    ("now", "logged", "words"),
    [
        # 10:00 in Auckland, not logged: tonight's reminder is ahead.
        (utc(2026, 11, 22, 21, 0), False, "Today at 20:00, Auckland time"),
        # Logged already today: the next one is tomorrow's.
        (utc(2026, 11, 22, 21, 0), True, "Tomorrow at 20:00, Auckland time"),
    ],
)
def test_next_reminder_in_words(patient_client, patient, time_machine, now, logged, words):
    _set_zone(patient, "Pacific/Auckland")
    time_machine.move_to(now, tick=False)
    if logged:
        DailyEntryFactory(patient=patient, day=date(2026, 11, 23))

    assert f"Next reminder: {words}." in _next_reminder(patient_client)


def test_next_reminder_after_todays_was_sent_is_tomorrow(patient_client, patient, time_machine):
    _set_zone(patient, "America/New_York", at=time(7, 30))
    time_machine.move_to(utc(2026, 11, 23, 15, 0), tick=False)
    Delivery.objects.create(
        patient=patient, kind="daily", local_date=date(2026, 11, 23), status="sent"
    )

    assert "Tomorrow at 07:30, New York time" in _next_reminder(patient_client)


def test_snooze_and_resume_from_the_page(patient_client, patient, time_machine):
    time_machine.move_to(utc(2026, 11, 23, 12, 0), tick=False)

    response = patient_client.post(reverse("reminders:snooze"), follow=True)
    assert "start again on Tuesday 1 December" in response.text
    assert "Next reminder: Tuesday 1 December at 20:00, London time." in response.text
    assert "Start reminders again now" in response.text

    response = patient_client.post(reverse("reminders:resume"), follow=True)
    assert "Next reminder: Today at 20:00, London time." in response.text
    assert selectors.reminder_settings(patient=patient).resume_on is None


def test_turn_off_change_time_and_zone(patient_client, patient):
    response = patient_client.post(
        URL, {"reminder_time": "07:15", "time_zone": "Pacific/Auckland"}, follow=True
    )

    assert "Saved your reminder settings." in response.text
    assert "Reminders are off" in response.text
    patient.patient_profile.refresh_from_db()
    assert patient.patient_profile.reminder_time == time(7, 15)
    assert patient.patient_profile.time_zone == "Pacific/Auckland"
    assert not selectors.reminder_settings(patient=patient).enabled

    patient_client.post(
        URL, {"enabled": "on", "reminder_time": "07:15", "time_zone": "Pacific/Auckland"}
    )
    assert selectors.reminder_settings(patient=patient).enabled


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"enabled": "on", "reminder_time": "25:99", "time_zone": "Europe/London"},
        {"enabled": "on", "reminder_time": "20:00", "time_zone": "Mars/Olympus_Mons"},
        {"enabled": "on", "reminder_time": "20:00" * 1000, "time_zone": "\x00"},
    ],
)
def test_bad_input_shows_errors_not_a_500(patient_client, patient, data):
    response = patient_client.post(URL, data)

    assert response.status_code == 400
    assert "field-error" in response.text
    patient.patient_profile.refresh_from_db()
    assert patient.patient_profile.reminder_time == time(20, 0)


def test_anonymous_is_sent_to_log_in(client):
    for url in (URL, reverse("reminders:snooze"), reverse("reminders:resume")):
        response = client.post(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_clinicians_have_no_reminder_settings(client, clinician):
    client.force_login(clinician)

    assert client.get(URL).status_code == 403


def test_snooze_and_resume_refuse_get(patient_client):
    assert patient_client.get(reverse("reminders:snooze")).status_code == 405
    assert patient_client.get(reverse("reminders:resume")).status_code == 405
