"""The summary page: the period form, its errors in words, what the page shows."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.factories import AppointmentFactory, DailyEntryFactory, make_patient

URL = reverse("reports:summary")
# Noon in London: her local date is the server's.
NOW = "2026-11-23 12:00:00+00:00"
TODAY = date(2026, 11, 23)
STARTED = date(2026, 1, 10)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def patient(db):
    return make_patient(email="patient@example.org", started=STARTED)


def errors(response):
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def test_default_is_the_last_four_weeks(patient_client):
    response = patient_client.get(URL)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.period.start, summary.period.end) == (date(2026, 10, 27), TODAY)
    assert "The last 4 weeks." in response.text
    assert 'value="2026-10-27"' in response.text


def test_default_is_since_her_last_appointment(patient_client, patient):
    AppointmentFactory(patient=patient, date=date(2026, 11, 2))
    response = patient_client.get(URL)
    assert response.context["summary"].period.start == date(2026, 11, 2)
    assert "Since your last appointment on 2 November 2026." in response.text


def test_her_local_today_ends_the_default_period(client, db):
    # 23:30 in London on 23 November is already 24 November in Auckland.
    patient = make_patient(time_zone="Pacific/Auckland", started=STARTED)
    with time_machine.travel("2026-11-23 23:30:00+00:00", tick=False):
        client.force_login(patient)
        response = client.get(URL)
    assert response.context["summary"].period.end == date(2026, 11, 24)


def test_any_period_from_the_form(patient_client, patient):
    DailyEntryFactory(patient=patient, day=date(2026, 3, 3), joint_pain=9)
    response = patient_client.get(URL, {"start": "2026-03-01", "end": "2026-03-07"})
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.period.start, summary.period.end) == (date(2026, 3, 1), date(2026, 3, 7))
    assert "1 March 2026 to 7 March 2026" in response.text
    assert "Joint or muscle pain was 9 (severe) on 3 March." in response.text
    assert "9 (severe), 3 Mar" in response.text


def test_a_single_day_is_a_period(patient_client):
    response = patient_client.get(URL, {"start": "2026-11-23", "end": "2026-11-23"})
    assert response.status_code == 200
    assert response.context["summary"].period.days == 1


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"start": "last tuesday", "end": "2026-11-01"}, "start", "Enter a date like 2026-03-31."),
        ({"start": "2026-02-30", "end": "2026-11-01"}, "start", "Enter a date like 2026-03-31."),
        ({"start": "", "end": "2026-11-01"}, "start", "Pick the first day of the summary."),
        ({"start": "2026-11-01"}, "end", "Pick the last day of the summary."),
        (
            {"start": "2026-11-10", "end": "2026-11-01"},
            "end",
            "The last day must be on or after the first day.",
        ),
        (
            {"start": "2026-11-01", "end": "2026-11-24"},
            "end",
            "The last day cannot be after today, 23 November 2026.",
        ),
        (
            {"start": "2026-11-24", "end": "2026-11-25"},
            "start",
            "The first day cannot be after today, 23 November 2026.",
        ),
        (
            {"start": "2026-01-09", "end": "2026-11-01"},
            "start",
            "Your diary starts on 10 January 2026, when your therapy started: "
            "pick that day or a later one.",
        ),
        (
            {"start": "0001-01-01", "end": "9999-12-31"},
            "start",
            "Your diary starts on 10 January 2026, when your therapy started: "
            "pick that day or a later one.",
        ),
    ],
)
def test_bad_dates_get_errors_in_words(patient_client, query, field, words):
    response = patient_client.get(URL, query)
    assert response.status_code == 400
    assert words in errors(response)[field]
    assert words in response.text
    assert response.context["summary"] is None


def test_a_span_longer_than_two_years_is_refused(client, db):
    patient = make_patient(started=date(2020, 1, 1))
    client.force_login(patient)
    response = client.get(URL, {"start": "2022-01-01", "end": "2024-01-02"})
    assert response.status_code == 400
    assert errors(response) == {
        "end": ["Pick a period of at most two years (731 days) for a summary."]
    }
    response = client.get(URL, {"start": "2022-01-01", "end": "2024-01-01"})
    assert response.status_code == 200


def test_notes_are_escaped(patient_client, patient):
    DailyEntryFactory(patient=patient, day=TODAY, note="<script>alert(1)</script> & more")
    response = patient_client.get(URL)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in response.text


def test_long_notes_are_capped_with_a_count(patient_client, patient):
    for n in range(10):
        DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=n), note=f"Note {n}")
    response = patient_client.get(URL)
    assert "and 4 more in the diary." in response.text
    assert "Note 0" in response.text
    assert "Note 9" not in response.text


def test_the_page_shows_each_section_and_the_change_in_words(patient_client, patient):
    DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=30), joint_pain=2)
    DailyEntryFactory(patient=patient, day=TODAY, joint_pain=5, night_sweats=True)
    text = patient_client.get(URL).text
    for heading in ["Joint and muscle pain", "Cramps", "Hot flashes and night sweats"]:
        assert heading in text
    assert "Other symptoms today" not in text
    assert "Other symptoms" in text
    assert '<span aria-hidden="true">↑</span> up 3.0 from 2.0' in text
    assert "on 1 of 1 day" in text
    assert "Taken on 100% of the days answered" in text
    assert "{% block charts %}" not in text


def test_no_days_logged(patient_client):
    text = patient_client.get(URL).text
    assert "Nothing was logged in this period." in text
    assert "Things to raise with your team" in text
    assert "Nothing this week." in text
    assert "No notes in this period." in text


@pytest.mark.parametrize("page", ["tracker:home", "tracker:history"])
def test_today_and_history_link_to_the_summary(patient_client, page):
    response = patient_client.get(reverse(page))
    assert f'href="{URL}"' in response.text
