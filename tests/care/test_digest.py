"""The weekly digest: Monday from 08:00 in the clinician's time zone, once a week, only with
new alerts, a link and a count, and no health data."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail

from care import alerts, digests, services, tasks
from care.models import WeeklyDigest
from tests.factories import DailyEntryFactory, GrantFactory, make_clinician, make_patient

# Monday 30 November 2026: 08:05 in London is 08:05 UTC; in Auckland (UTC+13) it was 08:05 on
# the evening of Sunday 29 November, UTC.
LONDON_MONDAY_MORNING = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)
AUCKLAND_MONDAY_MORNING = datetime(2026, 11, 29, 19, 5, tzinfo=UTC)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def dispatch(beat_at):
    """`dispatch(at)`: beat's hourly dispatcher at that moment, its sends run; returns new mail."""
    return lambda at: beat_at(tasks.dispatch_weekly_digests, at)


def alert_for(patient, *, at):
    """Severe joint pain on Thursday 26 November, raised at `at`."""
    day = date(2026, 11, 26)
    DailyEntryFactory(patient=patient, day=day, joint_pain=9, note="my knees, private")
    with time_machine.travel(at, tick=False):
        alerts.raise_alerts(patient=patient, today=day)


@pytest.fixture
def nurse(db):
    return make_clinician(email="nurse@clinic.example", name="Ana Silva")


@pytest.fixture
def sharing(nurse):
    """Two patients who share with the nurse, each with a new alert raised on Friday."""
    patients = [make_patient(email=f"patient{n}@example.org") for n in (1, 2)]
    for patient in patients:
        patient.patient_profile.care_name = f"Maria {patient.pk}"
        patient.patient_profile.save()
        GrantFactory(patient=patient, clinician=nurse)
        alert_for(patient, at=utc(2026, 11, 27, 12))
    return patients


def test_sent_once_with_the_count_and_the_list_link_and_no_health_data(
    nurse, sharing, dispatch, settings
):
    (email,) = dispatch(LONDON_MONDAY_MORNING)
    assert email.to == ["nurse@clinic.example"]
    html = email.alternatives[0].content
    for text in (email.body, html):
        assert "2 of your patients have new alerts" in text
        assert f"{settings.SITE_URL}/care/" in text
    everything = email.subject + email.body + html
    for private in ("Maria", "patient1", "joint", "pain", "knees", "severe", "Severe"):
        assert private not in everything
    assert dispatch(utc(2026, 11, 30, 9, 5)) == []  # the next tick: not twice
    assert WeeklyDigest.objects.get().sent_at == LONDON_MONDAY_MORNING


def test_a_patient_counts_once_however_many_alerts_she_has(nurse, dispatch):
    patient = make_patient()
    GrantFactory(patient=patient, clinician=nurse)
    DailyEntryFactory(patient=patient, day=date(2026, 11, 25), tablet_taken=False, fatigue=4)
    DailyEntryFactory(
        patient=patient, day=date(2026, 11, 26), tablet_taken=False, missed_reason="side_effects"
    )
    with time_machine.travel(utc(2026, 11, 27, 12), tick=False):
        alerts.raise_alerts(patient=patient, today=date(2026, 11, 26))
    (email,) = dispatch(LONDON_MONDAY_MORNING)
    assert "One of your patients has new alerts" in email.body


def test_not_sent_without_new_alerts(nurse, sharing, dispatch):
    for patient in sharing:
        services.mark_alerts_seen(patient=patient, clinician=nurse)
    assert dispatch(LONDON_MONDAY_MORNING) == []
    assert not WeeklyDigest.objects.exists()


def test_patients_who_stopped_sharing_do_not_count(nurse, sharing, dispatch):
    sharing[0].grants_given.update(revoked_at=utc(2026, 11, 28))
    (email,) = dispatch(LONDON_MONDAY_MORNING)
    assert "One of your patients has new alerts" in email.body


def test_only_monday_from_eight_in_her_own_time_zone(sharing, nurse, dispatch):
    kiwi = make_clinician(email="kiwi@clinic.example", name="Aroha", time_zone="Pacific/Auckland")
    GrantFactory(patient=sharing[0], clinician=kiwi)
    assert dispatch(utc(2026, 11, 29, 18, 5)) == []  # 07:05 on Monday in Auckland
    (email,) = dispatch(AUCKLAND_MONDAY_MORNING)
    assert email.to == ["kiwi@clinic.example"]  # Sunday evening in London
    assert dispatch(utc(2026, 11, 30, 7, 5)) == []  # 07:05 in London
    (email,) = dispatch(LONDON_MONDAY_MORNING)
    assert email.to == ["nurse@clinic.example"]
    assert dispatch(utc(2026, 12, 1, 8, 5)) == []  # Tuesday


def test_a_clinician_without_a_profile_follows_london_time(sharing, dispatch):
    plain = make_clinician(email="plain@clinic.example")
    GrantFactory(patient=sharing[0], clinician=plain)
    assert {e.to[0] for e in dispatch(LONDON_MONDAY_MORNING)} == {
        "nurse@clinic.example",
        "plain@clinic.example",
    }


def test_next_week_counts_only_alerts_raised_since_the_last_digest(nurse, sharing, dispatch):
    dispatch(LONDON_MONDAY_MORNING)
    assert dispatch(utc(2026, 12, 7, 8, 5)) == []  # the same alerts, still unseen: not new
    # A new reason (the severe pain is still unseen, so it is not raised again).
    DailyEntryFactory(
        patient=sharing[1], day=date(2026, 12, 3), tablet_taken=False, missed_reason="side_effects"
    )
    with time_machine.travel(utc(2026, 12, 3, 12), tick=False):
        alerts.raise_alerts(patient=sharing[1], today=date(2026, 12, 3))
    (email,) = dispatch(utc(2026, 12, 7, 8, 5))
    assert "One of your patients has new alerts" in email.body


def test_a_digest_is_sent_by_the_one_call_that_claims_it(nurse, sharing):
    with time_machine.travel(LONDON_MONDAY_MORNING, tick=False):
        (digest_id,) = digests.record_due_digests()
        assert digests.record_due_digests() == [digest_id]  # a second dispatcher: no new row
        assert digests.send_digest(digest_id=digest_id) is True
        assert digests.send_digest(digest_id=digest_id) is False
    assert len(mail.outbox) == 1
