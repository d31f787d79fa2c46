"""Logging a day: one row per day, clear messages for bad input, nothing half saved."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.factories import DailyEntryFactory, make_patient
from tracker.models import DailyEntry

LOG = reverse("tracker:log")
TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_noon():
    with time_machine.travel("2026-11-23 12:00:00+00:00", tick=False):
        yield


def a_day(**changes):
    """A valid day as the browser posts it."""
    data = {
        "day": TODAY.isoformat(),
        "joint_pain": "4",
        "morning_stiffness_minutes": "20",
        "cramp_count": "0",
        "hot_flashes_mild": "0",
        "hot_flashes_moderate": "0",
        "hot_flashes_severe": "0",
        "hot_flashes_very_severe": "0",
        "tablet_taken": "True",
        "note": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_logging_today_saves_one_row_and_shows_it_in_history(patient_client, patient):
    response = patient_client.post(LOG, a_day(site_knees="on", did_walking="on"))
    assert response.status_code == 302
    assert response.url == reverse("tracker:history")
    entry = DailyEntry.objects.get(patient=patient)
    assert (entry.day, entry.joint_pain, entry.site_knees, entry.did_walking) == (
        TODAY,
        4,
        True,
        True,
    )
    history = patient_client.get(reverse("tracker:history")).text
    assert "Monday 23 November 2026" in history
    assert "4 – Moderate (knees)" in history


def test_second_entry_same_day_updates_the_first(patient_client, patient):
    patient_client.post(LOG, a_day(joint_pain="4"))
    response = patient_client.post(LOG, a_day(joint_pain="7"))
    assert response.status_code == 302
    assert DailyEntry.objects.filter(patient=patient).count() == 1
    assert DailyEntry.objects.get(patient=patient).joint_pain == 7


def test_opening_the_form_for_a_logged_day_edits_it(patient_client, patient):
    entry = DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=2))
    response = patient_client.get(LOG, {"day": entry.day.isoformat()})
    assert response.status_code == 302
    assert response.url == reverse("tracker:entry", args=[entry.pk])


def test_editing_a_day_keeps_its_date_and_changes_its_values(patient_client, patient):
    entry = DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=2), joint_pain=2)
    url = reverse("tracker:entry", args=[entry.pk])
    response = patient_client.post(url, a_day(day="2020-01-01", joint_pain="6"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.day, entry.joint_pain) == (TODAY - timedelta(days=2), 6)
    assert DailyEntry.objects.filter(patient=patient).count() == 1


def test_hot_flash_score_is_derived_from_the_bands_never_typed(patient_client, patient):
    patient_client.post(
        LOG,
        a_day(
            hot_flashes_mild="2",
            hot_flashes_moderate="1",
            hot_flashes_severe="0",
            hot_flashes_very_severe="1",
            hot_flash_score="999",
        ),
    )
    entry = DailyEntry.objects.get(patient=patient)
    assert entry.hot_flash_count == 4
    assert entry.hot_flash_score == 2 * 1 + 1 * 2 + 1 * 4


def test_empty_count_boxes_mean_none(patient_client, patient):
    data = a_day(cramp_count="", hot_flashes_mild="", morning_stiffness_minutes="")
    assert patient_client.post(LOG, data).status_code == 302
    entry = DailyEntry.objects.get(patient=patient)
    assert (entry.cramp_count, entry.hot_flashes_mild, entry.morning_stiffness_minutes) == (0, 0, 0)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"joint_pain": "11"}, "joint_pain", "Select a valid choice"),
        ({"joint_pain": None}, "joint_pain", "Choose a number for “Joint or muscle pain”."),
        ({"cramp_count": "51"}, "cramp_count", "Enter a whole number from 0 to 50."),
        ({"cramp_count": "-1"}, "cramp_count", "Enter a whole number from 0 to 50."),
        ({"cramp_count": "three"}, "cramp_count", "Enter a whole number from 0 to 50."),
        ({"hot_flashes_mild": "2.5"}, "hot_flashes_mild", "Enter a whole number from 0 to 50."),
        (
            {"morning_stiffness_minutes": "1e9"},
            "morning_stiffness_minutes",
            "Enter a whole number from 0 to 1440.",
        ),
        ({"day": "2026-11-24"}, "day", "24 November 2026 has not happened yet"),
        ({"day": "2026-02-30"}, "day", "Enter a date like 2026-03-31."),
        ({"day": None}, "day", "Pick a day."),
        ({"tablet_taken": None}, "tablet_taken", "Choose yes or no for “Tablet taken”."),
        ({"tablet_taken": "False"}, "missed_reason", "Tell us why you did not take it today."),
        ({"cramp_count": "2"}, "cramp_severity", "How bad was the worst cramp?"),
        ({"cramps_woke_me": "True"}, "cramp_count", "You described cramps below"),
        ({"fatigue": "9"}, "fatigue", "Select a valid choice"),
        ({"note": "x" * 2001}, "note", "Keep the note to 2,000 characters or fewer: it has 2001."),
    ],
)
def test_bad_input_gets_a_clear_message_next_to_the_field_and_saves_nothing(
    patient_client, patient, changes, field, message
):
    response = patient_client.post(LOG, a_day(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert f'id="id_{field}_error"' in response.text
    assert 'role="alert"' in response.text
    assert not DailyEntry.objects.filter(patient=patient).exists()


def test_a_day_before_therapy_started_is_refused(client):
    patient = make_patient(started=date(2026, 6, 1))
    client.force_login(patient)
    response = client.post(LOG, a_day(day="2026-05-31"))
    assert response.status_code == 200
    assert "Your diary starts when your therapy started, on 1 June 2026" in response.text
    assert not DailyEntry.objects.exists()
    assert client.post(LOG, a_day(day="2026-06-01")).status_code == 302


def test_a_failed_edit_changes_nothing(patient_client, patient):
    entry = DailyEntryFactory(patient=patient, day=TODAY, joint_pain=3, cramp_count=0)
    url = reverse("tracker:entry", args=[entry.pk])
    response = patient_client.post(url, a_day(joint_pain="8", cramp_count="lots"))
    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.joint_pain, entry.cramp_count) == (3, 0)


def test_a_taken_tablet_drops_a_stale_missed_reason(patient_client, patient):
    patient_client.post(LOG, a_day(tablet_taken="True", missed_reason="forgot"))
    assert DailyEntry.objects.get(patient=patient).missed_reason == ""


def test_a_missed_tablet_keeps_its_reason(patient_client, patient):
    patient_client.post(LOG, a_day(tablet_taken="False", missed_reason="side_effects"))
    entry = DailyEntry.objects.get(patient=patient)
    assert (entry.tablet_taken, entry.missed_reason) == (False, "side_effects")


def test_today_is_the_patients_local_date(client):
    # 12:00 UTC on 23 November is already 01:00 on 24 November in Auckland.
    patient = make_patient(time_zone="Pacific/Auckland")
    client.force_login(patient)
    assert client.post(LOG, a_day(day="2026-11-24")).status_code == 302
    assert DailyEntry.objects.get(patient=patient).day == date(2026, 11, 24)


def test_a_future_day_link_opens_today_instead(patient_client):
    response = patient_client.get(LOG, {"day": "2027-01-01"}, follow=True)
    assert response.context["day"] == TODAY
    assert "That day has not happened yet" in response.text


def test_a_nonsense_day_link_opens_today(patient_client):
    response = patient_client.get(LOG, {"day": "not-a-date"})
    assert response.status_code == 200
    assert response.context["day"] == TODAY


def test_deleting_a_day_asks_first(patient_client, patient):
    entry = DailyEntryFactory(patient=patient, day=TODAY)
    url = reverse("tracker:entry_delete", args=[entry.pk])
    confirm = patient_client.get(url)
    assert "cannot be undone" in confirm.text
    assert DailyEntry.objects.filter(pk=entry.pk).exists()
    assert patient_client.post(url).status_code == 302
    assert not DailyEntry.objects.filter(pk=entry.pk).exists()


def test_the_reason_for_a_missed_tablet_is_not_called_optional(patient_client):
    """It is asked only when the tablet was missed, and then it is needed."""
    html = patient_client.get(LOG).content.decode()
    assert '<legend class="field-label">If not, why not?</legend>' in html
    # The questions she may skip still say so.
    assert 'Night sweats last night <span class="optional">(optional)</span></legend>' in html


def test_a_past_day_says_what_today_means_in_its_questions(patient_client, patient):
    """The questions say "today": logging or changing another day says which day that is."""
    assert "Everything is about <strong>today</strong>" in patient_client.get(LOG).text
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    page = patient_client.get(LOG, {"day": yesterday}).text
    assert "Everything is about <strong>today</strong>" not in page
    assert "where a question says “today”, it means that day" in page
    entry = DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=2), joint_pain=3)
    page = patient_client.get(reverse("tracker:entry", args=[entry.pk])).text
    assert "it means <strong>Saturday 21 November</strong>" in page
