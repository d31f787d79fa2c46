"""tracker.aggregates, the bulk reads of her days, on hand-made days with known answers.

Run on PostgreSQL and on SQLite by `make test`: the same answers from both dialects.
"""

from datetime import date

import pytest

from tests.factories import DailyEntryFactory
from tracker import aggregates, measures
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


def test_day_rows_are_hers_newest_first_with_the_fields_asked(patient, days):
    rows = aggregates.day_rows(
        patient=patient, first=date(2026, 3, 1), last=date(2026, 3, 7), fields=["joint_pain"]
    )
    assert rows == [
        {"day": date(2026, 3, 7), "joint_pain": 9},
        {"day": date(2026, 3, 3), "joint_pain": 4},
        {"day": date(2026, 3, 1), "joint_pain": 2},
    ]


def test_days_by_patient_reads_a_batch_and_leaves_out_who_has_none(
    patient, other_patient, days, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = aggregates.days_by_patient(
            patient_ids=[patient.pk, other_patient.pk, 0],
            first=date(2026, 3, 2),
            last=date(2026, 3, 3),
            fields=["fatigue"],
        )
    assert found == {
        patient.pk: [{"day": date(2026, 3, 3), "fatigue": None}],
        other_patient.pk: [{"day": date(2026, 3, 2), "fatigue": 4}],
    }
    assert aggregates.days_by_patient(patient_ids=[], first=None, last=None, fields=[]) == {}


def test_daily_rolls_over_the_calendar_days_asked(patient, days):
    # A 3-day span: on 3 March only 1 and 3 March count; on 7 and 8 March only themselves
    # and each other.
    found = aggregates.daily(
        patient=patient,
        first=date(2026, 3, 2),
        last=date(2026, 3, 8),
        averaged=[measures.JOINT_PAIN],
        marked=[measures.NIGHT_SWEATS],
        rolling_days=3,
    )
    assert found.days == [date(2026, 3, 3), date(2026, 3, 7), date(2026, 3, 8)]
    assert found.values == {"joint_pain": [4, 9, 1], "night_sweats": [False, None, None]}
    assert found.rolling == {"joint_pain": [3.0, 9.0, 5.0]}
    assert found.week_gaps == [1]  # 3 to 7 March: more than 3 days without a log


def test_an_empty_daily_series_has_empty_columns(patient):
    found = aggregates.daily(
        patient=patient,
        first=date(2026, 3, 1),
        last=date(2026, 3, 8),
        averaged=[measures.FATIGUE],
        marked=[],
    )
    assert (found.days, found.values, found.rolling) == ([], {"fatigue": []}, {"fatigue": []})


def test_months_start_on_the_first_and_weeks_on_monday(patient, days):
    args = {
        "patient": patient,
        "first": date(2026, 2, 1),
        "last": date(2026, 3, 31),
        "averaged": [measures.JOINT_PAIN],
        "sites": [],
        "tablet": measures.NIGHT_SWEATS,
    }
    (march,) = aggregates.buckets(size=aggregates.MONTH, **args)
    assert (march.start, march.days_logged, march.averages) == (
        date(2026, 3, 1),
        4,
        {"joint_pain": 4.0},
    )
    assert (march.tablets_taken, march.tablets_answered) == (1, 2)  # night sweats: yes, no
    weeks = aggregates.buckets(size=aggregates.WEEK, **args)
    # Sunday 1 March closes the week of 23 February; Sunday 8 March, that of 2 March.
    assert [(w.start, w.days_logged) for w in weeks] == [
        (date(2026, 2, 23), 1),
        (date(2026, 3, 2), 3),
    ]


def test_worst_days_counts_and_reasons(patient, other_patient):
    for day, pain, taken, reason, note in (
        (1, 5, False, "forgot", "stiff"),
        (2, 8, False, "side_effects", ""),
        (3, 8, False, "forgot", "stiff again"),
        (4, None, False, "", ""),
        (5, 2, True, "", ""),
    ):
        DailyEntryFactory(
            patient=patient,
            day=date(2026, 3, day),
            joint_pain=pain,
            tablet_taken=taken,
            missed_reason=reason,
            note=note,
        )
    DailyEntryFactory(patient=other_patient, day=date(2026, 3, 2), joint_pain=10, note="x")
    found = aggregates.worst_days_and_counts(
        patient=patient,
        first=date(2026, 3, 1),
        last=date(2026, 3, 5),
        worst_of=[measures.JOINT_PAIN, measures.FATIGUE],
        tablet=measures.TABLET_TAKEN,
        reasons=["", "forgot", "side_effects", "other"],
    )
    # Pain 8 on 2 and 3 March: the latest is the worst day; nobody answered fatigue.
    assert found.worst_days == {"joint_pain": date(2026, 3, 3), "fatigue": None}
    assert found.notes == 2
    assert found.missed == {"": 1, "forgot": 2, "side_effects": 1, "other": 0}


def test_worst_days_and_counts_of_an_empty_period(patient):
    found = aggregates.worst_days_and_counts(
        patient=patient,
        first=date(2026, 3, 1),
        last=date(2026, 3, 5),
        worst_of=[measures.JOINT_PAIN],
        tablet=measures.TABLET_TAKEN,
        reasons=["forgot"],
    )
    assert found == aggregates.WorstDaysAndCounts({"joint_pain": None}, 0, {"forgot": 0})


def test_self_care_days_with_without_and_around_the_first(patient, other_patient):
    # Pain 2 on the 3 days she stretched (from 10 March), 6 on the 4 days before, 4 after.
    for day, pain, stretched in (
        (6, 6, False),
        (7, 6, False),
        (8, 6, False),
        (9, 6, False),
        (10, 2, True),
        (11, 2, True),
        (12, 4, False),
        (13, 2, True),
    ):
        DailyEntryFactory(
            patient=patient, day=date(2026, 3, day), joint_pain=pain, did_stretching=stretched
        )
    DailyEntryFactory(patient=other_patient, day=date(2026, 3, 10), did_stretching=True)
    found = aggregates.self_care_days(
        patient=patient,
        first=date(2026, 3, 9),
        last=date(2026, 3, 31),
        activities=measures.SELF_CARE.options[:2],
        averaged=[measures.JOINT_PAIN],
        min_days=3,
        around_days=2,
    )
    stretching, walking = found["stretching"], found["walking"]
    assert stretching.with_ == aggregates.DaysAverages(3, date(2026, 3, 10), {"joint_pain": 2.0})
    assert stretching.without == aggregates.DaysAverages(2, date(2026, 3, 9), {"joint_pain": 5.0})
    # Two days before 10 March (8 and 9, before the range too) and two from it (10 and 11).
    assert stretching.before_start == aggregates.DaysAverages(
        2, date(2026, 3, 8), {"joint_pain": 6.0}
    )
    assert stretching.after_start == aggregates.DaysAverages(
        2, date(2026, 3, 10), {"joint_pain": 2.0}
    )
    # Never done: every day is "without", and there is no first day to look around.
    assert walking.with_ is None
    assert walking.without.days == 5
    assert (walking.before_start, walking.after_start) == (None, None)
