"""The chart numbers, pinned on hand-made series with known answers."""

from datetime import date, timedelta

import pytest

from tests.factories import DailyEntryFactory
from trends import series

MARCH = date(2026, 3, 1)


def log(patient, offset, **values):
    DailyEntryFactory(patient=patient, day=MARCH + timedelta(days=offset), **values)


def rolling_pain(daily):
    return {
        day.day: value for day, value in zip(daily.days, daily.rolling["joint_pain"], strict=True)
    }


def test_the_rolling_average_leaves_missing_days_out(patient):
    # 1-3 March: pain 3; 4-5 March not logged; 6 March: pain 6.
    for offset in range(3):
        log(patient, offset, joint_pain=3)
    log(patient, 5, joint_pain=6)
    days = series.daily(patient=patient, first=MARCH, last=MARCH + timedelta(days=9))
    # Four logged days in the week to 6 March: (3+3+3+6)/4, not (3+3+3+0+0+6)/6 = 2.5.
    assert rolling_pain(days) == {1: 3.0, 2: 3.0, 3: 3.0, 6: 3.75}
    assert days.values["joint_pain"] == [3, 3, 3, 6]


def test_the_window_is_seven_calendar_days_not_seven_rows(patient):
    log(patient, 0, joint_pain=10)  # 1 March
    log(patient, 6, joint_pain=0)  # 7 March: 1 March is still in its week
    log(patient, 7, joint_pain=4)  # 8 March: 1 March has left the week
    days = series.daily(patient=patient, first=MARCH, last=MARCH + timedelta(days=7))
    assert rolling_pain(days) == {1: 10.0, 7: 5.0, 8: 2.0}


def test_the_first_day_shown_averages_the_days_before_it(patient):
    log(patient, 0, joint_pain=8)
    log(patient, 5, joint_pain=2)
    days = series.daily(
        patient=patient, first=MARCH + timedelta(days=5), last=MARCH + timedelta(days=5)
    )
    assert days.days == [MARCH + timedelta(days=5)]
    assert days.rolling["joint_pain"] == [5.0]


def test_unanswered_values_are_not_zeros(patient):
    log(patient, 0, joint_pain=2, fatigue=4)
    log(patient, 1, joint_pain=2, fatigue=None)
    days = series.daily(patient=patient, first=MARCH, last=MARCH + timedelta(days=1))
    assert days.rolling["fatigue"] == [4.0, 4.0]
    assert days.values["fatigue"] == [4, None]


def test_the_hot_flash_score_is_weighted_by_severity(patient):
    # 2 mild (1) + 1 moderate (2) + 3 very severe (4) = 16 points from 6 flashes.
    log(patient, 0, hot_flashes_mild=2, hot_flashes_moderate=1, hot_flashes_very_severe=3)
    days = series.daily(patient=patient, first=MARCH, last=MARCH)
    assert days.rolling["hot_flash_score"] == [16.0]


def test_weeks_count_sites_and_tablets(patient):
    # Monday 2 March 2026 starts a week; Sunday 1 March belongs to the week before.
    log(patient, 0, site_knees=True, tablet_taken=False, missed_reason="forgot")
    log(patient, 1, site_knees=True, site_hands=True, joint_pain=4)
    log(patient, 2, site_hands=True, joint_pain=6)
    log(patient, 3, tablet_taken=False, missed_reason="side_effects", joint_pain=None)
    weeks = series.buckets(patient=patient, first=MARCH, last=MARCH + timedelta(days=6))
    assert [w.start for w in weeks] == [date(2026, 2, 23), date(2026, 3, 2)]
    first, second = weeks
    assert (first.sites["knees"], first.tablets_taken, first.tablets_answered) == (1, 0, 1)
    assert (second.sites["knees"], second.sites["hands"]) == (1, 2)
    assert (second.tablets_taken, second.tablets_answered, second.days_logged) == (2, 3, 3)
    assert second.averages["joint_pain"] == 5.0


def test_another_patients_days_never_count(patient, other_patient):
    log(patient, 0, joint_pain=1)
    log(other_patient, 0, joint_pain=9)
    days = series.daily(patient=patient, first=MARCH, last=MARCH)
    assert days.rolling["joint_pain"] == [1.0]


@pytest.mark.parametrize("years", [0, 5])
def test_one_query_each(patient, django_assert_num_queries, years):
    for offset in range(0, 365 * years + 10, 7):
        log(patient, -offset, joint_pain=offset % 11)
    with django_assert_num_queries(1):
        series.daily(patient=patient, first=MARCH - timedelta(days=2000), last=MARCH)
    with django_assert_num_queries(1):
        series.buckets(
            patient=patient, first=MARCH - timedelta(days=2000), last=MARCH, size=series.MONTH
        )


def test_long_ranges_go_by_month(patient):
    log(patient, 0, site_knees=True)  # 1 March
    log(patient, 30, site_knees=True)  # 31 March
    log(patient, 31, site_knees=True)  # 1 April
    first, last = MARCH, MARCH + timedelta(days=300)
    assert series.bucket_for(first, last) == series.MONTH
    assert series.bucket_for(first, MARCH + timedelta(days=90)) == series.WEEK
    months = series.buckets(patient=patient, first=first, last=last, size=series.MONTH)
    assert [(m.start, m.sites["knees"]) for m in months] == [
        (date(2026, 3, 1), 2),
        (date(2026, 4, 1), 1),
    ]


def test_rolling_averages_keep_two_decimals(patient):
    for offset, pain in enumerate([1, 1, 2]):
        log(patient, offset, joint_pain=pain)
    days = series.daily(patient=patient, first=MARCH, last=MARCH + timedelta(days=2))
    assert days.rolling["joint_pain"] == [1.0, 1.0, 1.33]
