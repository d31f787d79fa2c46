"""One patient's page for her clinician: her summary, charts, therapy, downloads and alerts,
each opening written to the log she reads."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from care.models import AccessEvent, Alert, Grant
from tests.factories import DailyEntryFactory, TherapyPeriodFactory, make_clinician

TODAY = date(2026, 11, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-11-30 12:00Z", tick=False):
        yield


@pytest.fixture
def diary(patient, grant):
    """Her therapy and a few days, one with a note, one with severe pain."""
    patient.therapy_periods.update(start=TODAY - timedelta(days=60))
    DailyEntryFactory(
        patient=patient, day=TODAY - timedelta(days=2), joint_pain=8, note="Stairs hurt"
    )
    DailyEntryFactory(
        patient=patient, day=TODAY - timedelta(days=50), joint_pain=2, note="Old note"
    )
    return patient


def test_the_page_shows_her_summary_charts_therapy_and_downloads(care_client, diary):
    response = care_client.get(reverse("care:patient", args=[diary.pk]))

    assert response.status_code == 200
    text = response.text
    assert "Stairs hurt" in text  # the default period's notes
    assert "Old note" not in text  # before the default 4 weeks
    assert 'id="trends"' in text and "figure-joint-pain" in text
    assert "Anastrozole (Arimidex): 1 Oct 2026 to now" in text
    assert reverse("care:export_csv", args=[diary.pk]) in text
    assert reverse("care:export_fhir", args=[diary.pk]) in text
    # Read-only: none of her own diary's links.
    for name in ("tracker:log", "tracker:history", "tracker:therapy", "reports:summary"):
        assert f'href="{reverse(name)}"' not in text, name


def test_any_period_can_be_chosen_and_bad_dates_are_refused_in_words(care_client, diary):
    url = reverse("care:patient", args=[diary.pk])
    earlier = care_client.get(url, {"start": "2026-10-01", "end": "2026-10-31"})
    assert "Old note" in earlier.text and "Stairs hurt" not in earlier.text

    bad = care_client.get(url, {"start": "2026-12-25", "end": "x"})
    assert bad.status_code == 400
    assert "The first day cannot be after today" in bad.text
    assert "Enter a date like 2026-03-31." in bad.text


def test_every_opening_and_download_is_logged_once_for_her(care_client, diary, care_clinician):
    care_client.get(reverse("care:patient", args=[diary.pk]))
    care_client.get(reverse("care:export_csv", args=[diary.pk]))
    care_client.get(reverse("care:export_fhir", args=[diary.pk]))

    log = list(AccessEvent.objects.filter(patient=diary).order_by("at", "pk"))
    assert [event.what for event in log] == ["patient_page", "export_csv", "export_fhir"]
    assert {event.clinician for event in log} == {care_clinician}
    assert log[0].viewer == "Ana Silva (oncology.nurse@example.org)"


def test_her_downloads_hold_her_days_only(care_client, diary, other_patient):
    DailyEntryFactory(patient=other_patient, day=TODAY - timedelta(days=2), note="Not hers")
    csv_response = care_client.get(reverse("care:export_csv", args=[diary.pk]))
    assert csv_response["Cache-Control"] == "private, no-store"
    rows = list(csv.DictReader(io.StringIO(b"".join(csv_response).decode())))
    assert sorted(row["note"] for row in rows) == ["Old note", "Stairs hurt"]

    fhir = json.loads(care_client.get(reverse("care:export_fhir", args=[diary.pk])).content)
    assert "Not hers" not in json.dumps(fhir)
    assert fhir["resourceType"] == "Bundle"


def test_marking_alerts_seen_records_who_and_when_for_every_clinician_of_hers(
    client, care_client, diary, care_clinician
):
    Alert.objects.create(
        patient=diary, key="severe:joint_pain", day=date(2026, 11, 23), reason="Pain was 8."
    )
    colleague = make_clinician(email="colleague@example.org", name="Ben Okafor", mfa=True)
    Grant.objects.create(patient=diary, clinician=colleague)

    page = care_client.get(reverse("care:patient", args=[diary.pk]))
    assert "Pain was 8." in page.text and "Mark alerts seen" in page.text

    response = care_client.post(reverse("care:alerts_seen", args=[diary.pk]), follow=True)

    assert "Marked 1 alert as seen." in response.text
    alert = Alert.objects.get(patient=diary)
    assert alert.seen_by == care_clinician and alert.seen_at == timezone.now()
    client.force_login(colleague)
    list_text = client.get(reverse("care:patients")).text
    assert "Pain was 8." not in list_text
    assert AccessEvent.objects.filter(patient=diary, what="alerts_seen").count() == 1


def test_a_page_left_open_is_refused_once_she_stops_sharing(care_client, diary, grant):
    url = reverse("care:patient", args=[diary.pk])
    assert care_client.get(url).status_code == 200
    Grant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    refused = care_client.get(url)
    assert refused.status_code == 404
    assert "Stairs hurt" not in refused.text
    assert "We could not find that page" in refused.text  # the app's own page, in its layout
    assert AccessEvent.objects.filter(patient=diary).count() == 1


def test_a_grant_ends_at_the_end_of_the_day_she_chose_where_she_lives(care_client, diary, grant):
    Grant.objects.filter(pk=grant.pk).update(
        ends_on=TODAY, expires_at=timezone.now() + timedelta(hours=1)
    )
    url = reverse("care:patient", args=[diary.pk])
    assert care_client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        care_client.force_login(grant.clinician)  # two idle hours signed her out
        assert care_client.get(url).status_code == 404


def test_a_clinician_who_never_had_a_grant_gets_404_on_every_patient_url(client, diary):
    stranger = make_clinician(email="stranger@example.org", mfa=True)
    client.force_login(stranger)
    for name in ("care:patient", "care:export_csv", "care:export_fhir"):
        assert client.get(reverse(name, args=[diary.pk])).status_code == 404, name
    assert client.post(reverse("care:alerts_seen", args=[diary.pk])).status_code == 404
    assert not AccessEvent.objects.exists()


def test_her_past_therapy_changes_are_listed(care_client, diary):
    diary.therapy_periods.update(end=TODAY - timedelta(days=11))
    TherapyPeriodFactory(patient=diary, start=TODAY - timedelta(days=10), drug="exemestane")
    text = care_client.get(reverse("care:patient", args=[diary.pk])).text
    assert "Anastrozole (Arimidex): 1 Oct 2026 to 19 Nov 2026" in text
    assert "Exemestane (Aromasin) since 20 November 2026" in text


def on_a_break(patient, start):
    """Her therapy ends the day before `start`, and a break she started herself begins."""
    patient.therapy_periods.update(end=start - timedelta(days=1))
    return TherapyPeriodFactory(patient=patient, start=start, kind="break", drug="anastrozole")


def test_her_break_is_confirmed_from_her_page_with_its_planned_end(care_client, diary):
    period = on_a_break(diary, TODAY - timedelta(days=3))
    page = care_client.get(reverse("care:patient", args=[diary.pk])).text
    assert "Her break, to be confirmed" in page
    response = care_client.post(
        reverse("care:break_confirm", args=[diary.pk]), {"planned_end": "2026-12-20"}, follow=True
    )
    assert "Break confirmed, planned to end on 20 December 2026." in response.text
    period.refresh_from_db()
    assert period.confirmed_at is not None
    assert period.planned_end == date(2026, 12, 20)
    assert "Her break, to be confirmed" not in response.text
    assert AccessEvent.objects.filter(patient=diary, what="break_confirmed").count() == 1


@pytest.mark.parametrize(
    ("planned_end", "words"),
    [
        ("9999-12-31", "plan its end between then and"),
        ("2026-11-01", "plan its end between then and"),
        ("soon", "Enter a date like 2026-03-31."),
    ],
)
def test_a_bad_planned_end_is_refused_in_words_and_nothing_changes(
    care_client, diary, planned_end, words
):
    period = on_a_break(diary, TODAY - timedelta(days=3))
    response = care_client.post(
        reverse("care:break_confirm", args=[diary.pk]), {"planned_end": planned_end}
    )
    assert response.status_code == 400
    assert words in response.text
    period.refresh_from_db()
    assert period.confirmed_at is None


def test_a_bad_known_request_is_refused_in_words_and_nothing_changes(care_client, diary):
    Alert.objects.create(
        patient=diary,
        key="pain_most_days:joint_pain",
        day=TODAY,
        reason="Pain on most days.",
        level=5,
        worse_at=6,
    )
    for data, words in (
        ({"key": "pain_most_days:joint_pain", "weeks": "5"}, "Choose 4, 8 or 12 weeks."),
        ({"key": "severe:joint_pain", "weeks": "4"}, "There is no such alert to mark as known."),
        ({"key": "x" * 500, "weeks": "4"}, "Ensure this value has at most 64 characters"),
    ):
        response = care_client.post(reverse("care:alert_known", args=[diary.pk]), data, follow=True)
        assert words in response.text
    assert Alert.objects.get(patient=diary).seen_at is None


def test_every_note_of_the_period_is_shown_whole_with_its_day(care_client, diary):
    long_note = "New lump under my left arm. " + "Worried about it. " * 60
    DailyEntryFactory(patient=diary, day=TODAY - timedelta(days=1), note=long_note)
    page = care_client.get(reverse("care:patient", args=[diary.pk])).text
    assert "Her notes, whole" in page
    assert long_note.strip() in page
    assert 'id="note-2026-11-29"' in page
    assert "Read it whole" in page
