"""The care team's memory of alerts on hand-made weeks: one row per reason until it is seen."""

from datetime import UTC, date, datetime, timedelta

import pytest

from care import alerts, selectors, services
from care.models import Alert
from tests.factories import DailyEntryFactory, GrantFactory, make_clinician, make_patient
from tracker.models import Drug, TherapyPeriod

# Two weeks of March 2026, Monday to Sunday.
WEEK_1, WEEK_2 = date(2026, 3, 2), date(2026, 3, 9)
SUNDAY_1, SUNDAY_2 = date(2026, 3, 8), date(2026, 3, 15)


def log(patient, day, **values):
    return DailyEntryFactory(patient=patient, day=day, **values)


def stored(patient):
    return list(
        Alert.objects.filter(patient=patient).order_by("week", "key").values_list("key", "week")
    )


@pytest.fixture
def nurse(db):
    return make_clinician(email="ana@clinic.example", name="Ana Silva")


def test_the_same_reason_two_weeks_in_a_row_raises_one_alert(patient):
    log(patient, date(2026, 3, 4), joint_pain=8)
    alerts.raise_alerts(patient=patient, today=SUNDAY_1)
    log(patient, date(2026, 3, 12), joint_pain=9)
    alerts.raise_alerts(patient=patient, today=SUNDAY_2)
    assert stored(patient) == [("severe:joint_pain", WEEK_1)]


def test_after_seen_a_new_week_raises_it_again(patient, nurse):
    log(patient, date(2026, 3, 4), joint_pain=8)
    alerts.raise_alerts(patient=patient, today=SUNDAY_1)
    services.mark_alerts_seen(patient=patient, clinician=nurse)
    log(patient, date(2026, 3, 12), joint_pain=9)
    alerts.raise_alerts(patient=patient, today=SUNDAY_2)
    assert stored(patient) == [("severe:joint_pain", WEEK_1), ("severe:joint_pain", WEEK_2)]
    assert [a.week for a in selectors.unseen_alerts(patient=patient)] == [WEEK_2]


def test_after_seen_the_same_evidence_does_not_raise_it_again(patient, nurse):
    log(patient, date(2026, 3, 6), joint_pain=8)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 6))
    services.mark_alerts_seen(patient=patient, clinician=nurse)
    # Evaluated again the next days (the next week included): the same severe day, 6 March.
    for today in (date(2026, 3, 7), SUNDAY_1, date(2026, 3, 9)):
        alerts.raise_alerts(patient=patient, today=today)
    assert stored(patient) == [("severe:joint_pain", WEEK_1)]
    assert selectors.unseen_alerts(patient=patient) == []


def test_a_rise_from_none_to_mild_raises_nothing(patient):
    for n in range(1, 8):
        log(patient, date(2026, 3, 1) + timedelta(days=n), fatigue=0)
        log(patient, date(2026, 3, 8) + timedelta(days=n), fatigue=1, joint_pain=1)
    alerts.raise_alerts(patient=patient, today=SUNDAY_2)
    assert stored(patient) == []


def test_one_side_effects_miss_alerts_keyed_on_the_week_of_that_day(patient):
    log(patient, date(2026, 3, 8), tablet_taken=False, missed_reason="side_effects")
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 10))
    assert stored(patient) == [("missed_side_effects:tablet_taken", WEEK_1)]
    (alert,) = selectors.unseen_alerts(patient=patient)
    assert alert.reason == "Tablet missed because of side effects on 8 March."


def test_window_reasons_are_keyed_on_the_week_of_the_day_evaluated(patient):
    for n in (2, 3, 4):
        log(patient, date(2026, 3, 8) + timedelta(days=n), tablet_taken=False, missed_reason="")
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 12))
    assert stored(patient) == [("missed:tablet_taken", WEEK_2)]


def test_days_of_a_supervised_break_on_her_timeline_are_not_missed(patient):
    # Her first period ends before the break, whatever day the factory started it on.
    TherapyPeriod.objects.filter(patient=patient).update(
        start=date(2025, 2, 1), end=date(2026, 3, 9)
    )
    TherapyPeriod.objects.create(
        patient=patient,
        kind=TherapyPeriod.Kind.BREAK,
        drug=Drug.ANASTROZOLE,
        start=date(2026, 3, 10),
    )
    for n in (10, 11, 12):
        log(patient, date(2026, 3, n), tablet_taken=False, missed_reason="side_effects")
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 12))
    assert stored(patient) == []


@pytest.mark.django_db
def test_the_nightly_batch_finds_what_each_patient_alone_finds_in_five_queries(
    django_assert_num_queries,
):
    # 23:30 in London on Sunday 8 March is already Monday 9 March in Auckland.
    now = datetime(2026, 3, 8, 23, 30, tzinfo=UTC)
    london = make_patient(email="london@example.org", time_zone="Europe/London")
    auckland = make_patient(email="auckland@example.org", time_zone="Pacific/Auckland")
    quiet = make_patient(email="quiet@example.org")
    for patient in (london, auckland):
        log(patient, date(2026, 3, 2), joint_pain=8)  # this week for London only
        log(patient, date(2026, 3, 9), tablet_taken=False, missed_reason="side_effects")
    # Profiles, days, breaks, the INSERT, and the clinicians whose lists show them anew.
    with django_assert_num_queries(5):
        alerts.raise_alerts_for(patient_ids=[london.pk, auckland.pk, quiet.pk], now=now)
    assert stored(london) == [("severe:joint_pain", WEEK_1)]  # 9 March is her tomorrow
    assert stored(auckland) == [("missed_side_effects:tablet_taken", WEEK_2)]
    assert stored(quiet) == []


@pytest.mark.django_db
def test_the_nightly_batch_runs_the_same_queries_for_many_patients(django_assert_num_queries):
    patients = [make_patient() for _ in range(12)]
    for patient in patients:
        log(patient, date(2026, 3, 4), joint_pain=8)
    with django_assert_num_queries(5):
        alerts.raise_alerts_for(
            patient_ids=[p.pk for p in patients], now=datetime(2026, 3, 6, 2, 30, tzinfo=UTC)
        )
    assert Alert.objects.filter(key="severe:joint_pain", week=WEEK_1).count() == 12


def test_only_patients_with_a_live_grant_are_sharers(patient, other_patient, nurse):
    now = datetime(2026, 3, 6, tzinfo=UTC)
    GrantFactory(patient=patient, clinician=nurse)
    GrantFactory(patient=other_patient, clinician=nurse, revoked_at=now - timedelta(days=1))
    ended = make_patient()
    GrantFactory(
        patient=ended,
        clinician=nurse,
        ends_on=date(2026, 3, 4),
        expires_at=now - timedelta(hours=1),
    )
    assert alerts.sharing_patient_ids(now=now) == [patient.pk]


def test_mark_seen_is_one_update_of_her_unseen_alerts_only(
    patient, other_patient, nurse, django_assert_num_queries
):
    for someone in (patient, other_patient):
        log(someone, date(2026, 3, 4), joint_pain=8, fatigue=4)
        alerts.raise_alerts(patient=someone, today=SUNDAY_1)
    seen_at = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    # The UPDATE, and her clinicians, whose lists show her anew.
    with django_assert_num_queries(2):
        assert services.mark_alerts_seen(patient=patient, clinician=nurse, now=seen_at) == 2
    assert services.mark_alerts_seen(patient=patient, clinician=nurse, now=seen_at) == 0
    assert selectors.unseen_alerts(patient=patient) == []
    assert len(selectors.unseen_alerts(patient=other_patient)) == 2


def test_seen_alerts_say_who_saw_them_and_when(patient, nurse, django_assert_num_queries):
    log(patient, date(2026, 3, 4), joint_pain=8)
    alerts.raise_alerts(patient=patient, today=SUNDAY_1)
    services.mark_alerts_seen(
        patient=patient, clinician=nurse, now=datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    )
    with django_assert_num_queries(1):
        (alert,) = selectors.seen_alerts(patient=patient)
    assert alert.seen_words == "Seen by Ana Silva (ana@clinic.example) on 3 December"


def test_unseen_alerts_of_a_page_of_patients_in_one_query(
    patient, other_patient, django_assert_num_queries
):
    log(patient, date(2026, 3, 4), joint_pain=8, fatigue=4)
    alerts.raise_alerts(patient=patient, today=SUNDAY_1)
    with django_assert_num_queries(1):
        found = selectors.unseen_alerts_by_patient(patient_ids=[patient.pk, other_patient.pk])
    assert {pk: [a.key for a in rows] for pk, rows in found.items()} == {
        patient.pk: ["severe:fatigue", "severe:joint_pain"]
    }
