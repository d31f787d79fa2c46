"""The care team's memory of alerts on hand-made weeks: one row per reason until it is seen,
then raised again only by new evidence."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

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
        Alert.objects.filter(patient=patient).order_by("raised_at", "pk").values_list("key", "day")
    )


def unseen(patient):
    return {alert.key: alert for alert in selectors.unseen_alerts(patient=patient)}


@pytest.fixture
def nurse(db):
    return make_clinician(email="ana@clinic.example", name="Ana Silva")


def nightly(patient, first, last):
    """The nightly run for her, every day from `first` to `last`."""
    for n in range((last - first).days + 1):
        alerts.raise_alerts(patient=patient, today=first + timedelta(days=n))


def pain_days(patient, first, last, pain):
    for n in range((last - first).days + 1):
        log(patient, first + timedelta(days=n), joint_pain=pain)


def test_the_same_severe_day_read_again_raises_one_alert(patient):
    log(patient, date(2026, 3, 4), joint_pain=8)
    nightly(patient, date(2026, 3, 4), date(2026, 3, 10))
    assert stored(patient) == [("severe:joint_pain", date(2026, 3, 4))]


def test_after_seen_a_new_severe_day_raises_it_again(patient, nurse):
    log(patient, date(2026, 3, 4), joint_pain=8)
    alerts.raise_alerts(patient=patient, today=SUNDAY_1)
    services.mark_alerts_seen(patient=patient, clinician=nurse)
    log(patient, date(2026, 3, 12), joint_pain=9)
    alerts.raise_alerts(patient=patient, today=SUNDAY_2)
    assert stored(patient) == [
        ("severe:joint_pain", date(2026, 3, 4)),
        ("severe:joint_pain", date(2026, 3, 12)),
    ]
    assert [a.day for a in selectors.unseen_alerts(patient=patient)] == [date(2026, 3, 12)]


def test_after_seen_the_same_evidence_does_not_raise_it_again(patient, nurse):
    log(patient, date(2026, 3, 6), joint_pain=8)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 6))
    services.mark_alerts_seen(patient=patient, clinician=nurse)
    nightly(patient, date(2026, 3, 7), date(2026, 3, 12))
    assert stored(patient) == [("severe:joint_pain", date(2026, 3, 6))]
    assert selectors.unseen_alerts(patient=patient) == []


def test_a_worse_unseen_alert_shows_the_new_value_and_day(patient):
    log(patient, date(2026, 3, 4), joint_pain=7)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 4))
    log(patient, date(2026, 3, 6), joint_pain=9)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 6))
    (alert,) = selectors.unseen_alerts(patient=patient)
    assert alert.reason.startswith("Joint or muscle pain was 9 (severe) on 6 March")
    assert (alert.day, alert.level) == (date(2026, 3, 6), 9)
    assert Alert.objects.count() == 1


def test_a_milder_day_leaves_the_unseen_alert_as_it_was(patient):
    log(patient, date(2026, 3, 4), joint_pain=9)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 4))
    log(patient, date(2026, 3, 5), fatigue=1)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 5))
    (alert,) = selectors.unseen_alerts(patient=patient)
    assert alert.level == 9


def test_stable_pain_after_seen_stays_quiet_for_three_weeks_and_a_rise_of_1_raises_it(
    patient, nurse
):
    pain_days(patient, date(2026, 3, 1), date(2026, 3, 7), 5)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 7))
    assert list(unseen(patient)) == ["pain_most_days:joint_pain"]
    services.mark_alerts_seen(patient=patient, clinician=nurse)
    # Three more weeks of the same pain, evaluated every night: nothing new.
    pain_days(patient, date(2026, 3, 8), date(2026, 3, 28), 5)
    nightly(patient, date(2026, 3, 8), date(2026, 3, 28))
    assert unseen(patient) == {}
    # Then a week one point worse.
    pain_days(patient, date(2026, 3, 29), date(2026, 4, 4), 6)
    nightly(patient, date(2026, 3, 29), date(2026, 4, 4))
    alert = unseen(patient)["pain_most_days:joint_pain"]
    assert alert.level == 6.0
    assert "(average 6.0)" in alert.reason


def test_pain_that_went_away_for_a_week_is_raised_when_it_comes_back(patient, nurse):
    pain_days(patient, date(2026, 3, 1), date(2026, 3, 7), 5)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 7))
    services.mark_alerts_seen(patient=patient, clinician=nurse)
    pain_days(patient, date(2026, 3, 8), date(2026, 3, 21), 1)
    nightly(patient, date(2026, 3, 8), date(2026, 3, 21))
    pain_days(patient, date(2026, 3, 22), date(2026, 3, 28), 5)
    nightly(patient, date(2026, 3, 22), date(2026, 3, 28))
    assert list(unseen(patient)) == ["pain_most_days:joint_pain"]


def test_known_pain_stays_quiet_raises_when_worse_and_again_when_its_time_is_over(patient, nurse):
    pain_days(patient, date(2026, 3, 1), date(2026, 3, 7), 5)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 7))
    at = datetime(2026, 3, 7, 12, tzinfo=UTC)
    row = services.mark_known(
        patient=patient, clinician=nurse, key="pain_most_days:joint_pain", weeks=4, now=at
    )
    assert (row.seen_by, row.known_by, row.known_until) == (nurse, nurse, date(2026, 4, 4))
    # Gone for a week and back, within the 4 weeks: still known.
    pain_days(patient, date(2026, 3, 8), date(2026, 3, 16), 1)
    pain_days(patient, date(2026, 3, 17), date(2026, 4, 4), 5)
    nightly(patient, date(2026, 3, 8), date(2026, 4, 4))
    assert unseen(patient) == {}
    (known,) = selectors.known_alerts(patient=patient, today=date(2026, 4, 4))
    assert known.known_words == "by Ana Silva (ana@clinic.example) on 7 March, until 4 April 2026"
    # Still there after the 4 weeks: raised again.
    log(patient, date(2026, 4, 5), joint_pain=5)
    alerts.raise_alerts(patient=patient, today=date(2026, 4, 5))
    assert list(unseen(patient)) == ["pain_most_days:joint_pain"]


def test_known_pain_that_gets_worse_is_raised_at_once(patient, nurse):
    pain_days(patient, date(2026, 3, 1), date(2026, 3, 7), 5)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 7))
    services.mark_known(patient=patient, clinician=nurse, key="pain_most_days:joint_pain", weeks=8)
    pain_days(patient, date(2026, 3, 8), date(2026, 3, 14), 6)
    nightly(patient, date(2026, 3, 8), date(2026, 3, 14))
    assert list(unseen(patient)) == ["pain_most_days:joint_pain"]


def test_only_a_state_can_be_marked_known(patient, nurse):
    log(patient, date(2026, 3, 4), joint_pain=8)
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 4))
    with pytest.raises(ValidationError):
        services.mark_known(patient=patient, clinician=nurse, key="severe:joint_pain", weeks=4)
    assert Alert.objects.get().seen_at is None


def test_a_self_declared_break_alerts_until_a_clinician_confirms_it(patient, nurse):
    # Her first period ends before the break, whatever day the factory started it on.
    TherapyPeriod.objects.filter(patient=patient).update(
        start=date(2025, 2, 1), end=date(2026, 3, 1)
    )
    TherapyPeriod.objects.create(
        patient=patient, kind=TherapyPeriod.Kind.BREAK, drug=Drug.ANASTROZOLE, start=WEEK_1
    )
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 3))
    assert list(unseen(patient)) == ["break_unconfirmed:tablet_taken"]
    period = services.confirm_break(
        patient=patient,
        clinician=nurse,
        planned_end=date(2026, 3, 20),
        now=datetime(2026, 3, 3, 12, tzinfo=UTC),
    )
    assert (period.confirmed_by, period.planned_end) == (nurse, date(2026, 3, 20))
    nightly(patient, date(2026, 3, 4), date(2026, 3, 20))
    assert unseen(patient) == {}
    alerts.raise_alerts(patient=patient, today=date(2026, 3, 21))
    assert list(unseen(patient)) == ["break_overdue:tablet_taken"]


def test_days_of_a_confirmed_break_are_not_missed(patient, nurse):
    TherapyPeriod.objects.filter(patient=patient).update(
        start=date(2025, 2, 1), end=date(2026, 3, 9)
    )
    TherapyPeriod.objects.create(
        patient=patient,
        kind=TherapyPeriod.Kind.BREAK,
        drug=Drug.ANASTROZOLE,
        start=date(2026, 3, 10),
        confirmed_at=datetime(2026, 3, 10, tzinfo=UTC),
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
    # Profiles, days, breaks, the latest rows, the INSERT, and the clinicians whose lists
    # show them anew.
    with django_assert_num_queries(6):
        alerts.raise_alerts_for(patient_ids=[london.pk, auckland.pk, quiet.pk], now=now)
    # 9 March is her tomorrow.
    assert stored(london) == [("severe:joint_pain", date(2026, 3, 2))]
    assert stored(auckland) == [("missed_side_effects:tablet_taken", date(2026, 3, 9))]
    assert stored(quiet) == []


@pytest.mark.django_db
def test_the_nightly_batch_runs_the_same_queries_for_many_patients(django_assert_num_queries):
    patients = [make_patient() for _ in range(12)]
    for patient in patients:
        log(patient, date(2026, 3, 4), joint_pain=8)
    now = datetime(2026, 3, 6, 2, 30, tzinfo=UTC)
    with django_assert_num_queries(6):
        alerts.raise_alerts_for(patient_ids=[p.pk for p in patients], now=now)
    assert Alert.objects.filter(key="severe:joint_pain", day=date(2026, 3, 4)).count() == 12
    # The next night, the same evidence: the latest rows read, a day of presence written.
    with django_assert_num_queries(5):
        alerts.raise_alerts_for(patient_ids=[p.pk for p in patients], now=now + timedelta(days=1))
    assert Alert.objects.count() == 12


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
        log(someone, date(2026, 3, 4), joint_pain=8, low_mood=4)
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
    log(
        patient,
        date(2026, 3, 4),
        joint_pain=8,
        low_mood=4,
        tablet_taken=False,
        missed_reason="side_effects",
    )
    alerts.raise_alerts(patient=patient, today=SUNDAY_1)
    with django_assert_num_queries(1):
        found = selectors.unseen_alerts_by_patient(patient_ids=[patient.pk, other_patient.pk])
    # Signs of stopping first.
    assert {pk: [a.key for a in rows] for pk, rows in found.items()} == {
        patient.pk: ["missed_side_effects:tablet_taken", "severe:joint_pain", "severe:low_mood"]
    }
