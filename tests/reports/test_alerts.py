"""Each branch of the alert rule, on hand-made fortnights with known answers."""

from datetime import date, timedelta

import pytest

from reports.alerts import alerts_for, fortnight, weeks
from tests.factories import DailyEntryFactory

END = date(2026, 3, 14)  # this week: 8–14 March; last week: 1–7 March


def day(n, **values):
    """Day `n` of the fortnight (1 = 1 March, 14 = the period's end, 14 March)."""
    return {"day": date(2026, 3, n), **values}


def keys(days):
    return [alert.key for alert in alerts_for(days, end=END)]


def reasons(days):
    return [alert.reason for alert in alerts_for(days, end=END)]


def test_no_data_gives_no_alert():
    assert alerts_for([], end=END) == []


def test_weeks_are_the_last_seven_days_and_the_seven_before():
    days = [day(n) for n in range(1, 15)] + [{"day": date(2026, 2, 28)}]
    this_week, last_week = weeks(days, end=END)
    assert [d["day"].day for d in this_week] == list(range(8, 15))
    assert [d["day"].day for d in last_week] == list(range(1, 8))


# 1. Severe or worse on any day this week.


def test_severe_joint_pain_alerts_with_its_value_words_and_date():
    assert reasons([day(12, joint_pain=8)]) == ["Joint pain was 8 (very severe) on 12 March."]


def test_just_below_severe_does_not_alert():
    assert keys([day(12, joint_pain=6), day(13, fatigue=2)]) == []


def test_severe_last_week_does_not_alert_this_week():
    assert keys([day(7, joint_pain=9, fatigue=4)]) == []


def test_severe_on_several_days_is_one_alert_naming_the_worst_and_latest_day():
    days = [day(9, fatigue=4), day(10, fatigue=3), day(13, fatigue=4)]
    assert reasons(days) == [
        "Fatigue was very severe on 13 March, and severe or worse on 3 days this week."
    ]


def test_each_severe_symptom_is_its_own_alert():
    assert keys([day(10, fatigue=3, cramp_severity=3)]) == [
        "severe:cramp_severity",
        "severe:fatigue",
    ]


# 2. A rise of 2+ points (0–10) or 1+ level (0–4) between the weekly averages.


def pain(*pairs):
    return [day(n, joint_pain=value) for n, value in pairs]


def test_a_rise_of_exactly_two_points_alerts():
    days = pain((1, 0), (2, 1), (8, 2), (9, 3))  # 0.5 -> 2.5
    assert keys(days) == ["rise:joint_pain"]
    assert reasons(days) == ["Joint pain rose from 0.5 to 2.5 on average this week."]


def test_a_rise_of_one_point_nine_does_not_alert():
    days = pain((1, 0), (2, 1), (8, 2), (9, 2), (10, 2), (11, 3), (12, 3))  # 0.5 -> 2.4
    assert keys(days) == []


def test_a_rise_of_exactly_two_alerts_where_floats_would_say_1_99():
    # 3/7 -> 17/7: in floating point 17/7 - 3/7 is 1.9999999999999998.
    last = pain(*zip(range(1, 8), [0, 0, 0, 0, 1, 1, 1], strict=True))
    this = pain(*zip(range(8, 15), [2, 2, 2, 2, 3, 3, 3], strict=True))
    assert keys(last + this) == ["rise:joint_pain"]
    assert reasons(last + this) == ["Joint pain rose from 0.4 to 2.4 on average this week."]


def test_a_rise_of_one_level_on_a_severity_scale_alerts_and_less_does_not():
    days = [day(3, fatigue=1), day(10, fatigue=2)]
    assert reasons(days) == ["Fatigue rose from 1.0 to 2.0 on average this week."]
    days = [day(3, fatigue=1), day(4, fatigue=2), day(10, fatigue=2), day(11, fatigue=2)]
    assert keys(days) == []  # 1.5 -> 2.0


def test_fatigue_rise_reason_in_words():
    days = [day(2, fatigue=1), day(9, fatigue=2), day(10, fatigue=2), day(11, fatigue=3)]
    assert reasons(days) == [
        "Fatigue was severe on 11 March.",
        "Fatigue rose from 1.0 to 2.3 on average this week.",
    ]


def test_missing_days_are_not_zeros_for_a_rise():
    # Last week she logged pain 5 on one day only: its average is 5, not 5/7.
    days = [day(1, joint_pain=5), day(8, joint_pain=5), day(9, joint_pain=6)]
    assert keys(days) == []


def test_no_answer_in_either_week_gives_no_rise():
    assert keys([day(8, joint_pain=6), day(9, joint_pain=6)]) == []
    assert keys([day(1, joint_pain=0), day(2, joint_pain=None), day(9)]) == []


def test_a_fall_does_not_alert():
    assert keys([day(1, joint_pain=6), day(8, joint_pain=1)]) == []


def test_count_measures_have_no_rise_branch():
    assert keys([day(1, cramp_count=0), day(8, cramp_count=20)]) == []


# 3. Worst joint pain 4+ on most days (4 or more of the 7).


def test_joint_pain_four_or_more_on_three_days_does_not_alert():
    days = [day(n, joint_pain=4) for n in (8, 10, 12)] + [day(n, joint_pain=3) for n in (9, 11)]
    assert keys(days) == []


def test_joint_pain_four_or_more_on_four_days_alerts():
    days = [day(n, joint_pain=p) for n, p in ((8, 4), (10, 5), (12, 6), (14, 4), (9, 3))]
    assert reasons(days) == ["Worst joint pain was 4 or more on 4 of the last 7 days."]


def test_joint_pain_days_before_this_week_do_not_count():
    days = [day(n, joint_pain=5) for n in (5, 6, 7, 8, 9, 10)]
    assert keys(days) == []  # three this week (8, 9, 10)


# 4. Missed tablets on 3+ of the last 7 days.


def test_two_missed_tablets_do_not_alert():
    days = [day(n, tablet_taken=False, missed_reason="forgot") for n in (9, 12)]
    assert keys(days) == []


def test_three_missed_tablets_alert_with_her_reasons():
    days = [
        day(9, tablet_taken=False, missed_reason="forgot"),
        day(10, tablet_taken=True, missed_reason=""),
        day(11, tablet_taken=False, missed_reason="side_effects"),
        day(13, tablet_taken=False, missed_reason="forgot"),
    ]
    assert reasons(days) == [
        "Tablet missed on 3 of the last 7 days: “I forgot” on 2 days, "
        "“Because of side effects” on 1 day."
    ]


def test_days_not_logged_are_not_missed_tablets():
    days = [day(8, tablet_taken=False, missed_reason="")] + [day(n) for n in (9, 10)]
    assert keys(days) == []


def test_a_break_agreed_with_her_team_is_not_a_missed_tablet():
    days = [day(n, tablet_taken=False, missed_reason="agreed_break") for n in range(8, 15)]
    assert keys(days) == []
    days[0]["missed_reason"] = days[1]["missed_reason"] = days[2]["missed_reason"] = ""
    assert reasons(days) == ["Tablet missed on 3 of the last 7 days: no reason given on 3 days."]


def test_every_branch_at_once_one_alert_per_reason():
    days = [
        day(n, joint_pain=3, fatigue=1, tablet_taken=True, missed_reason="") for n in range(1, 8)
    ] + [
        day(n, joint_pain=8, fatigue=1, tablet_taken=False, missed_reason="forgot")
        for n in range(8, 15)
    ]
    assert keys(days) == [
        "severe:joint_pain",
        "rise:joint_pain",
        "pain_most_days:joint_pain",
        "missed:tablet_taken",
    ]


@pytest.mark.django_db
def test_fortnight_reads_her_fourteen_days_in_one_query(
    patient, other_patient, django_assert_num_queries
):
    for n in range(20):
        DailyEntryFactory(patient=patient, day=END - timedelta(days=n), joint_pain=n % 11)
    DailyEntryFactory(patient=other_patient, day=END, joint_pain=10)
    with django_assert_num_queries(1):
        days = fortnight(patient=patient, end=END)
    assert sorted(d["day"] for d in days) == [END - timedelta(days=n) for n in range(13, -1, -1)]
    assert {d["day"]: d["joint_pain"] for d in days}[END] == 0
