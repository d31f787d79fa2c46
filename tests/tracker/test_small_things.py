"""What tripped new users: the cramp severity's 'optional', the note limit, an agreed break,
the onboarding's appointment date and her name, plurals, the site address in development."""

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from reports.alerts import reasons_words
from tests.factories import DailyEntryFactory, TherapyPeriodFactory, UserFactory
from tests.tracker.test_entry_form import a_day
from tracker.forms import EntryForm
from tracker.models import DailyEntry, PatientProfile, TherapyPeriod
from trends import charts

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
LOG = reverse("tracker:log")


@pytest.fixture(autouse=True)
def frozen_noon():
    with time_machine.travel("2026-11-23 12:00:00+00:00", tick=False):
        yield


def _legend(html, field):
    return html.split(f'data-field="{field}"')[1].split("</legend>")[0]


def test_cramp_severity_is_not_called_optional(patient_client):
    page = patient_client.get(LOG).text
    assert "(optional)" not in _legend(page, "cramp_severity")
    # A question she may skip still says so.
    assert "(optional)" in _legend(page, "fatigue")


def test_cramps_without_a_severity_are_refused_in_words(patient_client):
    response = patient_client.post(LOG, a_day(cramp_count="2"))
    assert "How bad was the worst cramp? Choose one." in response.text
    assert not DailyEntry.objects.exists()


def test_the_note_says_its_limit_and_the_browser_does_not_cut_it():
    html = str(EntryForm(today=TODAY, therapy_start=None)["note"])
    assert "maxlength" not in html
    assert 'data-note-limit="2000"' in html
    assert (
        EntryForm(today=TODAY, therapy_start=None)
        .fields["note"]
        .help_text.startswith(
            "Up to 2,000 characters. If you share your diary, your care team reads your notes"
        )
    )


def test_a_note_over_the_limit_is_refused_in_words_and_kept(patient_client):
    note = "word " * 400 + "extra"
    response = patient_client.post(LOG, a_day(note=note))
    assert "Keep the note to 2,000 characters or fewer: it has 2005." in response.text
    assert note in response.text  # her text comes back whole, to shorten
    assert not DailyEntry.objects.exists()


@pytest.fixture
def on_break(patient):
    """Her anastrozole paused from 10 November, by agreement with her team."""
    first = TherapyPeriod.objects.get(patient=patient)
    first.end = date(2026, 11, 9)
    first.save()
    TherapyPeriodFactory(
        patient=patient, kind=TherapyPeriod.Kind.BREAK, drug=first.drug, start=date(2026, 11, 10)
    )
    return patient


def test_during_an_agreed_break_the_tablet_question_says_so(patient_client, on_break):
    page = patient_client.get(LOG).text
    assert "On a break from your tablet" in _legend(page, "tablet_taken")
    before = patient_client.get(LOG, {"day": "2026-11-01"}).text
    assert "Did you take your tablet today" in _legend(before, "tablet_taken")


def test_a_break_day_needs_no_tablet_answer_and_counts_as_the_break(patient_client, on_break):
    response = patient_client.post(LOG, a_day(tablet_taken=None))
    assert response.status_code == 302
    entry = DailyEntry.objects.get(patient=on_break, day=TODAY)
    assert (entry.tablet_taken, entry.missed_reason) == (False, "agreed_break")


def test_a_break_day_keeps_a_tablet_taken_anyway(patient_client, on_break):
    patient_client.post(LOG, a_day(tablet_taken="True"))
    entry = DailyEntry.objects.get(patient=on_break, day=TODAY)
    assert (entry.tablet_taken, entry.missed_reason) == (True, "")


def test_outside_a_break_the_tablet_answer_is_still_needed(patient_client, on_break):
    response = patient_client.post(LOG, a_day(day="2026-11-01", tablet_taken=None))
    assert response.status_code == 200
    assert not DailyEntry.objects.exists()


@pytest.fixture
def newcomer(client):
    user = UserFactory()
    client.force_login(user)
    return user


FIRST_ANSWERS = {
    "drug": "letrozole",
    "start": "2026-09-01",
    "time_zone": "Europe/London",
    "reminder_time": "20:00",
}


@pytest.mark.parametrize(
    ("appointment", "words"),
    [
        ("2026-11-20", "20 November 2026 has passed: enter your next appointment"),
        # Before her start (1 September) too.
        ("2026-08-15", "15 August 2026 has passed"),
    ],
)
def test_onboarding_refuses_a_past_appointment_in_words(client, newcomer, appointment, words):
    response = client.post(
        reverse("tracker:onboarding"), {**FIRST_ANSWERS, "next_appointment": appointment}
    )
    assert response.status_code == 200
    assert words in response.text
    assert not PatientProfile.objects.filter(user=newcomer).exists()


def test_onboarding_takes_an_appointment_today_or_later(client, newcomer):
    answers = {**FIRST_ANSWERS, "next_appointment": "2026-11-23"}
    assert client.post(reverse("tracker:onboarding"), answers).status_code == 302


def test_onboarding_asks_her_name_for_her_team_once_optionally(client, newcomer):
    page = client.get(reverse("tracker:onboarding")).text
    assert "Your name for your care team (optional)" in page
    client.post(reverse("tracker:onboarding"), {**FIRST_ANSWERS, "care_name": "Maria Jones"})
    assert PatientProfile.objects.get(user=newcomer).care_name == "Maria Jones"


def test_settings_edit_her_name_date_of_birth_and_hospital_number(patient_client, patient):
    response = patient_client.post(
        reverse("tracker:profile"),
        {"care_name": "Maria Jones", "date_of_birth": "1958-03-31", "hospital_number": "H123"},
    )
    assert response.status_code == 302
    profile = PatientProfile.objects.get(user=patient)
    assert (profile.care_name, profile.date_of_birth, profile.hospital_number) == (
        "Maria Jones",
        date(1958, 3, 31),
        "H123",
    )


def test_settings_refuse_a_birth_date_in_the_future_in_words(patient_client, patient):
    response = patient_client.post(reverse("tracker:profile"), {"date_of_birth": "2027-01-01"})
    assert response.status_code == 400
    assert "Enter a date of birth between 1900 and today (23 November 2026)." in response.text
    assert PatientProfile.objects.get(user=patient).date_of_birth is None


def test_missed_tablet_reasons_say_one_day_not_one_days():
    assert reasons_words({"forgot": 1, "other": 2}) == (
        "“Another reason” on 2 days, “I forgot” on 1 day"
    )


def test_where_it_hurt_says_one_day_not_one_days(patient):
    start = TODAY - timedelta(days=20)
    DailyEntryFactory(patient=patient, day=start, joint_pain=5, site_knees=True)
    DailyEntryFactory(patient=patient, day=start + timedelta(days=1), site_hands=True)
    DailyEntryFactory(patient=patient, day=start + timedelta(days=2), site_hands=True)
    dashboard = charts.dashboard(
        patient=patient,
        today=TODAY,
        timeline=list(TherapyPeriod.objects.filter(patient=patient)),
        appointments=[],
        range_key="4w",
    )
    words = " ".join(" ".join(chart.summary) for chart in dashboard.charts)
    assert "knees (1 day)" in words
    assert "hands or fingers (2 days)" in words
    assert "Tablet taken on 3 of 3 days" in words


def _site_url(**env):
    code = "from django.conf import settings; print(settings.SITE_URL)"
    environ = {k: v for k, v in os.environ.items() if k not in ("PORT", "DJANGO_SITE_URL")}
    environ |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "x", **env}
    result = subprocess.run(  # noqa: S603 (this Python, a fixed line of code)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_site_address_never_follows_the_port_of_the_process():
    # honcho gives each process of `make run` a PORT of its own (web 8000, worker 8100): a
    # worker's links followed its own and pointed where nothing listened. The Makefile names
    # the web server's address in DJANGO_SITE_URL for every process.
    for debug in ("true", "false"):
        assert _site_url(DJANGO_DEBUG=debug, PORT="8101") == "http://127.0.0.1:8000"


def test_site_address_is_the_configured_one_when_set():
    assert (
        _site_url(DJANGO_DEBUG="true", PORT="8101", DJANGO_SITE_URL="https://diary.example.org/")
        == "https://diary.example.org"
    )
