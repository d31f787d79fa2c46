"""The shared aggregate read behind the summary and the before/after comparison."""

from datetime import date

import pytest

from tests.factories import DailyEntryFactory
from tracker.aggregates import MeasureStats, measure_stats

WEEK_1 = (date(2026, 3, 1), date(2026, 3, 7))
WEEK_2 = (date(2026, 3, 8), date(2026, 3, 14))


@pytest.fixture
def days(patient, other_patient):
    # Week 1: pain 2, 4 and 9 on three of seven days; the other four days are not logged.
    DailyEntryFactory(patient=patient, day=date(2026, 3, 1), joint_pain=2, night_sweats=True)
    DailyEntryFactory(patient=patient, day=date(2026, 3, 3), joint_pain=4, night_sweats=False)
    DailyEntryFactory(patient=patient, day=date(2026, 3, 7), joint_pain=9, fatigue=3)
    # Week 2: one day.
    DailyEntryFactory(patient=patient, day=date(2026, 3, 8), joint_pain=1)
    # Someone else's terrible week never counts.
    DailyEntryFactory(patient=other_patient, day=date(2026, 3, 2), joint_pain=10, fatigue=4)


def test_missing_days_are_left_out_not_counted_as_zero(patient, days):
    stats = measure_stats(patient=patient, windows={"w1": WEEK_1, "w2": WEEK_2})
    pain = stats["w1"]["joint_pain"]
    assert stats["w1"].days_logged == 3
    assert (pain.days, pain.average, pain.worst) == (3, 5.0, 9)
    assert pain.severe_days == 1  # 9 is severe (7+); 4 is not
    assert stats["w2"]["joint_pain"].average == 1.0


def test_yes_no_measures_average_to_the_share_of_yes(patient, days):
    sweats = measure_stats(patient=patient, windows={"w1": WEEK_1})["w1"]["night_sweats"]
    assert sweats.days == 2
    assert sweats.average == 0.5
    assert sweats.worst == 1


def test_an_empty_window_has_no_average(patient, days):
    empty = measure_stats(patient=patient, windows={"e": (date(2025, 1, 1), date(2025, 1, 7))})
    assert empty["e"].days_logged == 0
    assert empty["e"]["fatigue"] == MeasureStats(days=0, average=None, worst=None, severe_days=0)


def test_all_windows_in_one_query(patient, days, django_assert_num_queries):
    windows = {f"w{n}": WEEK_1 for n in range(6)}
    with django_assert_num_queries(1):
        measure_stats(patient=patient, windows=windows)
