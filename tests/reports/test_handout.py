"""The summary as a handout: her name instead of her email, a Print button, word scales in
words, her first period said once, a note copied from day to day shown once."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from reports.summary import Change, summary_for
from tests.factories import DailyEntryFactory, make_patient
from tracker import measures

URL = reverse("reports:summary")
TODAY = date(2026, 11, 23)
STARTED = date(2026, 1, 10)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel("2026-11-23 12:00:00+00:00", tick=False):
        yield


@pytest.fixture
def patient(db):
    return make_patient(email="maria@example.org", started=STARTED)


def _heading(page):
    return page.split('id="summary-heading">')[1].split("</h2>")[0]


def test_summary_heads_with_her_name_birth_date_and_hospital_number_not_her_email(client, patient):
    profile = patient.patient_profile
    profile.care_name = "Maria Jones"
    profile.date_of_birth = date(1958, 3, 31)
    profile.hospital_number = "H 123 456"
    profile.save()
    client.force_login(patient)
    page = client.get(URL).text
    assert _heading(page).startswith("Maria Jones: ")
    assert "Born 31 March 1958 · Hospital number H 123 456" in page
    assert "maria@example.org" not in page.split("<main")[1]


def test_without_a_name_the_summary_shows_no_email_and_asks_for_her_name(client, patient):
    client.force_login(patient)
    page = client.get(URL).text
    assert _heading(page).startswith("27 October 2026 to ")
    assert "maria@example.org" not in page.split("<main")[1]
    assert "add the name your care team knows you by" in page
    assert "Born" not in page


def test_summary_has_a_print_button_for_the_static_script(client, patient):
    client.force_login(patient)
    page = client.get(URL).text
    assert '<button type="button" class="btn btn-primary" data-print hidden>' in page
    assert "Print or save as PDF" in page
    assert "window.print" not in page  # static JS only: the CSP forbids inline script


def test_a_word_scale_shows_a_word_never_an_average(patient):
    for n, severity in enumerate((2, 3, 3)):  # average 2.7: nearest "severe"
        DailyEntryFactory(
            patient=patient, day=TODAY - timedelta(days=n), cramp_count=2, cramp_severity=severity
        )
    for n, severity in enumerate((1, 1, 2)):  # 1.3 the period before: nearest "mild"
        DailyEntryFactory(
            patient=patient,
            day=TODAY - timedelta(days=10 + n),
            cramp_count=1,
            cramp_severity=severity,
        )
    summary = summary_for(patient, TODAY - timedelta(days=6), TODAY)
    line = next(
        line
        for _, lines in summary.sections
        for line in lines
        if line.measure is measures.CRAMP_SEVERITY
    )
    assert line.average_words == "severe"
    assert line.change.words == "up from mild to severe"


def test_a_word_scale_change_within_one_word_says_so():
    scale = measures.SEVERITY_SCALE
    assert Change(1.1, 1.4, words_scale=scale).words == "a little up, still mild"
    assert Change(2.0, 2.0, words_scale=scale).words == "same as before (moderate)"
    assert Change(3.1, 1.9, words_scale=scale).words == "down from severe to moderate"
    # Numbers stay numbers on a 0-10 rating.
    assert Change(3.1, 4.5).words == "up 1.4 from 3.1"


def test_the_summary_page_shows_no_average_of_a_word_scale(client, patient):
    DailyEntryFactory(patient=patient, day=TODAY, cramp_count=2, cramp_severity=3)
    DailyEntryFactory(
        patient=patient, day=TODAY - timedelta(days=1), cramp_count=1, cramp_severity=2
    )
    client.force_login(patient)
    page = client.get(URL).text
    row = page.split('<th scope="row">Worst cramp</th>')[1].split("</tr>")[0]
    assert '<td data-label="Average">Severe</td>' in row  # 2.5 rounds up
    assert "2.5" not in row


def test_first_period_says_so_once_instead_of_no_days_before_on_every_line(client):
    newcomer = make_patient(email="new@example.org", started=TODAY - timedelta(days=9))
    DailyEntryFactory(patient=newcomer, day=TODAY, joint_pain=4)
    client.force_login(newcomer)
    page = client.get(URL).text
    assert "The first period of the diary: therapy started on 14 November 2026" in page
    assert "no days before" not in page
    assert "Change on the previous period" not in page


def test_a_later_period_still_compares(patient):
    summary = summary_for(patient, TODAY - timedelta(days=6), TODAY)
    assert summary.first_period_since is None


def test_a_note_copied_from_day_to_day_is_shown_once_with_its_days(patient):
    for n in range(4):
        DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=n), note="Calf stretches")
    DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=4), note="Saw the GP")
    DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=5), note="Calf stretches")
    summary = summary_for(patient, TODAY - timedelta(days=6), TODAY)
    assert [(note.day, note.text, note.other_days) for note in summary.notes] == [
        (TODAY, "Calf stretches", 4),
        (TODAY - timedelta(days=4), "Saw the GP", 0),
    ]
    assert summary.more_notes == 0


def test_the_page_names_the_other_days_of_a_repeated_note(client, patient):
    for n in range(3):
        DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=n), note="Calf stretches")
    client.force_login(patient)
    page = client.get(URL).text
    assert page.count("Calf stretches") == 1
    assert "23 Nov and 2 earlier days:" in page
