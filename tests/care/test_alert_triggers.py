"""When alerts are evaluated: after a day is saved or deleted by someone who shares, and at
night for everyone who shares (the tasks run eagerly: no broker, the real task code)."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from care import alerts, tasks
from care.models import Alert
from config.celery import app
from tests.factories import DailyEntryFactory, GrantFactory, make_clinician, make_patient
from tracker.models import DailyEntry
from tracker.selectors import local_today


@pytest.fixture
def nurse(db):
    return make_clinician(email="nurse@clinic.example")


def severe_day(client, patient):
    today = local_today(patient.patient_profile)
    client.force_login(patient)
    return client.post(
        reverse("tracker:log"),
        {"day": today.isoformat(), "joint_pain": "9", "tablet_taken": "True"},
    )


def test_a_saved_day_of_a_sharing_patient_is_evaluated_after_commit(
    client, patient, nurse, eager_celery, django_capture_on_commit_callbacks
):
    GrantFactory(patient=patient, clinician=nurse)
    with django_capture_on_commit_callbacks() as queued:
        assert severe_day(client, patient).status_code == 302
    assert not Alert.objects.exists()  # nothing before the day is committed
    for callback in queued:
        callback()
    assert list(Alert.objects.values_list("patient", "key")) == [(patient.pk, "severe:joint_pain")]


def test_a_day_of_a_patient_who_shares_with_no_one_is_not_evaluated(
    client, patient, nurse, eager_celery, django_capture_on_commit_callbacks
):
    GrantFactory(patient=patient, clinician=nurse, revoked_at=patient.date_joined)
    with django_capture_on_commit_callbacks(execute=True):
        assert severe_day(client, patient).status_code == 302
    assert not Alert.objects.exists()


def test_deleting_a_day_evaluates_her_days_again(
    client, patient, nurse, eager_celery, django_capture_on_commit_callbacks
):
    GrantFactory(patient=patient, clinician=nurse)
    today = local_today(patient.patient_profile)
    # Hot flashes at 12 a day this week against a usual of 10: not well above her usual. With
    # one of the 3 usual days gone, she has no usual to compare with, and 12 is high.
    for back, score in ((8, 10), (9, 10), (10, 10), (0, 12), (1, 12), (2, 12)):
        DailyEntryFactory(
            patient=patient, day=today - timedelta(days=back), hot_flashes_moderate=score // 2
        )
    alerts.raise_alerts(patient=patient, today=today)
    assert not Alert.objects.exists()
    usual = DailyEntry.objects.get(patient=patient, day=today - timedelta(days=10))
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tracker:entry_delete", args=[usual.pk]))
    assert list(Alert.objects.values_list("key", flat=True)) == ["high:hot_flash_score"]


def test_the_nightly_run_evaluates_everyone_who_shares_and_no_one_else(
    nurse, eager_celery, django_capture_on_commit_callbacks
):
    sharing = [make_patient() for _ in range(3)]
    private = make_patient()
    for patient in [*sharing, private]:
        DailyEntryFactory(patient=patient, day=date.today() - timedelta(days=1), joint_pain=9)
    for patient in sharing:
        GrantFactory(patient=patient, clinician=nurse)
    assert tasks.raise_alerts_for_sharers() == 3
    assert set(Alert.objects.values_list("patient", flat=True)) == {p.pk for p in sharing}


def test_beat_starts_the_nightly_run_and_the_digest_dispatcher():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"care.tasks.raise_alerts_for_sharers", "care.tasks.dispatch_weekly_digests"} <= (
        scheduled & set(app.tasks)
    )


def test_severe_days_logged_before_a_share_are_on_the_list_at_her_first_look(
    client, patient, nurse
):
    """No save after the share, no nightly run: the share itself evaluates her days."""
    today = local_today(patient.patient_profile)
    for back in (1, 2):
        DailyEntryFactory(patient=patient, day=today - timedelta(days=back), joint_pain=8)
    client.force_login(patient)
    response = client.post(reverse("care:sharing"), {"email": nurse.email})
    assert response.status_code == 302
    client.force_login(nurse)
    page = client.get(reverse("care:patients")).text
    assert "1 new alert" in page
    assert "Joint or muscle pain was 8 (severe) on" in page
    assert "No new alerts" not in page
