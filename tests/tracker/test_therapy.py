"""The therapy timeline: a switch or a break is recorded, never overwritten."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import DailyEntryFactory
from tracker import services
from tracker.models import Appointment, TherapyPeriod
from tracker.selectors import local_today


def timeline(patient):
    return list(
        TherapyPeriod.objects.filter(patient=patient)
        .order_by("start")
        .values_list("kind", "drug", "start", "end")
    )


@pytest.fixture
def started(patient):
    TherapyPeriod.objects.filter(patient=patient).update(start=date(2026, 1, 1))
    return patient


def test_a_switch_closes_the_old_drug_and_opens_the_new(started):
    services.record_therapy_change(
        patient=started, kind="treatment", drug="exemestane", starting=date(2026, 5, 1)
    )
    assert timeline(started) == [
        ("treatment", "anastrozole", date(2026, 1, 1), date(2026, 4, 30)),
        ("treatment", "exemestane", date(2026, 5, 1), None),
    ]


def test_a_break_and_a_restart_are_periods_of_their_own(started):
    services.record_therapy_change(
        patient=started, kind="break", drug="anastrozole", starting=date(2026, 3, 1)
    )
    services.record_therapy_change(
        patient=started, kind="treatment", drug="anastrozole", starting=date(2026, 3, 15)
    )
    assert [(kind, start, end) for kind, _, start, end in timeline(started)] == [
        ("treatment", date(2026, 1, 1), date(2026, 2, 28)),
        ("break", date(2026, 3, 1), date(2026, 3, 14)),
        ("treatment", date(2026, 3, 15), None),
    ]


@pytest.mark.parametrize("starting", [date(2026, 1, 1), date(2025, 12, 1)])
def test_a_change_must_start_after_the_current_period(started, starting):
    with pytest.raises(ValidationError):
        services.record_therapy_change(
            patient=started, kind="treatment", drug="letrozole", starting=starting
        )
    assert len(timeline(started)) == 1


def test_a_change_to_the_same_therapy_is_refused(started):
    with pytest.raises(ValidationError):
        services.record_therapy_change(
            patient=started, kind="treatment", drug="anastrozole", starting=date(2026, 2, 1)
        )


def test_undo_removes_only_the_latest_change(started):
    services.record_therapy_change(
        patient=started, kind="treatment", drug="letrozole", starting=date(2026, 2, 1)
    )
    latest = services.record_therapy_change(
        patient=started, kind="treatment", drug="exemestane", starting=date(2026, 4, 1)
    )
    first = TherapyPeriod.objects.get(patient=started, start=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.undo_therapy_change(period=first)
    services.undo_therapy_change(period=latest)
    assert timeline(started)[-1] == ("treatment", "letrozole", date(2026, 2, 1), None)


def test_therapy_page_records_a_switch(patient_client, started):
    response = patient_client.post(
        reverse("tracker:therapy_change"),
        {"kind": "switch", "drug": "exemestane", "starting": "2026-06-01"},
    )
    assert response.status_code == 302
    page = patient_client.get(reverse("tracker:therapy")).text
    assert "Exemestane (Aromasin)" in page
    assert "1 Jan 2026 to 31 May 2026" in page


def test_therapy_page_explains_a_bad_change(patient_client, started):
    response = patient_client.post(
        reverse("tracker:therapy_change"),
        {"kind": "switch", "drug": "exemestane", "starting": "2025-06-01"},
    )
    assert response.status_code == 400
    assert "A change has to start after 1 January 2026" in response.text
    assert len(timeline(started)) == 1


def test_a_change_that_has_not_begun_is_refused_and_the_timeline_kept(patient_client, patient):
    tomorrow = local_today(patient.patient_profile) + timedelta(days=1)
    response = patient_client.post(
        reverse("tracker:therapy_change"),
        {"kind": "switch", "drug": "exemestane", "starting": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert f"{tomorrow:%-d %B %Y} has not happened yet" in response.text
    assert TherapyPeriod.objects.filter(patient=patient).count() == 1
    assert TherapyPeriod.objects.get(patient=patient).end is None


def test_a_recorded_change_is_confirmed_in_words(patient_client, started):
    response = patient_client.post(
        reverse("tracker:therapy_change"),
        {"kind": "break", "drug": "anastrozole", "starting": "2026-06-01"},
        follow=True,
    )
    assert (
        "Recorded: break, Anastrozole (Arimidex), from 1 June 2026. Your care team will be "
        "asked to confirm it" in response.text
    )


def test_therapy_page_explains_missing_answers(patient_client, started):
    response = patient_client.post(reverse("tracker:therapy_change"), {"kind": "nonsense"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert "Enter a date." in response.text


def test_appointments_are_added_and_removed(patient_client, patient):
    response = patient_client.post(
        reverse("tracker:appointment_add"), {"date": "2026-12-10", "note": "Oncologist"}
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get(patient=patient)
    assert "Thursday 10 December 2026: Oncologist" in patient_client.get("/therapy/").text
    patient_client.post(reverse("tracker:appointment_delete", args=[appointment.pk]))
    assert not Appointment.objects.filter(patient=patient).exists()


def test_a_bad_appointment_date_is_explained(patient_client, patient):
    response = patient_client.post(reverse("tracker:appointment_add"), {"date": "10/12"})
    assert response.status_code == 400
    assert "Enter a date like 2026-03-31." in response.text
    assert not Appointment.objects.filter(patient=patient).exists()


def test_settings_page_shows_her_clock_and_sends_changes_to_one_form(patient_client):
    page = patient_client.get(reverse("tracker:profile")).text
    assert "Europe/London, reminder at 20:00" in page
    assert reverse("reminders:settings") in page
    main = page.split("<main")[1].split("</main>")[0]
    # Time zone and reminder time are changed on the Reminders page only.
    assert 'name="time_zone"' not in main
    assert 'name="reminder_time"' not in main


START = reverse("tracker:therapy_start")


def test_a_mistyped_start_date_is_corrected_and_earlier_days_can_be_logged(patient_client, started):
    assert 'value="2026-01-01"' in patient_client.get(reverse("tracker:therapy")).text
    response = patient_client.post(START, {"start": "2025-11-03"}, follow=True)
    assert "Your therapy now starts on 3 November 2025." in response.text
    assert timeline(started)[0][2] == date(2025, 11, 3)
    response = patient_client.post(
        reverse("tracker:log"), {"day": "2025-11-10", "joint_pain": "2", "tablet_taken": "True"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2026-03-05", "You logged 1 March 2026 already: your therapy has to start on that day"),
        ("2026-07-01", "Your next change began on 1 June 2026: the start has to be before it."),
        ("2099-01-01", "1 January 2099 has not happened yet"),
        ("1980-01-01", "Enter a start date from 1990 onwards."),
        ("the third", "Enter a date like 2026-03-31."),
    ],
)
def test_a_start_date_that_would_break_her_timeline_is_refused(
    patient_client, started, start, message
):
    DailyEntryFactory(patient=started, day=date(2026, 3, 1))
    services.record_therapy_change(
        patient=started, kind="treatment", drug="exemestane", starting=date(2026, 6, 1)
    )
    before = timeline(started)
    response = patient_client.post(START, {"start": start})
    assert response.status_code == 400
    assert message in response.text
    assert timeline(started) == before


def test_an_empty_change_says_what_is_missing(patient_client, started):
    response = patient_client.post(reverse("tracker:therapy_change"), {})
    assert response.status_code == 400
    for message in ("Choose what is changing.", "Choose the medicine.", "Enter a date."):
        assert message in response.text
    assert len(timeline(started)) == 1
