"""Each branch of the alert rule, on hand-made fortnights with known answers."""

from datetime import date, timedelta

import pytest

from reports.alerts import alerts_for, fortnight, weeks
from tests.factories import DailyEntryFactory
from tracker.models import Drug, TherapyPeriod

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
    assert reasons([day(12, joint_pain=8)]) == ["Joint or muscle pain was 8 (severe) on 12 March."]


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


# 2. A rise of 2+ points (0–10) or 1+ level (0–4) between the weekly averages, with 3+ answered
# days in each week and this week at moderate or worse.


def pain(*pairs):
    return [day(n, joint_pain=value) for n, value in pairs]


def fatigue(*pairs):
    return [day(n, fatigue=value) for n, value in pairs]


def test_a_rise_of_exactly_two_points_to_moderate_alerts_on_the_last_day_of_the_week():
    days = pain((1, 2), (2, 2), (3, 3), (8, 4), (9, 4), (10, 5))  # 7/3 -> 13/3
    (alert,) = alerts_for(days, end=END)
    assert alert.key == "rise:joint_pain"
    assert alert.reason == "Joint or muscle pain rose from 2.3 to 4.3 on average this week."
    assert alert.day == END


def test_a_rise_of_less_than_two_points_does_not_alert():
    days = pain((1, 3), (2, 3), (3, 2), (8, 4), (9, 5), (10, 4))  # 8/3 -> 13/3
    assert keys(days) == []


def test_a_rise_of_exactly_two_alerts_where_floats_would_say_1_99():
    # 18/7 -> 32/7: in floating point 32/7 - 18/7 is 1.9999999999999996.
    last = pain(*zip(range(1, 8), [2, 2, 2, 3, 3, 3, 3], strict=True))
    this = pain(*zip(range(8, 15), [4, 4, 4, 5, 5, 5, 5], strict=True))
    assert "rise:joint_pain" in keys(last + this)


def test_a_rise_to_below_moderate_pain_does_not_alert():
    assert keys(pain((1, 0), (2, 0), (3, 1), (8, 3), (9, 3), (10, 3))) == []  # 1/3 -> 3


def test_a_rise_from_none_to_mild_raises_nothing():
    assert keys(fatigue((1, 0), (2, 0), (3, 0), (8, 1), (9, 1), (10, 1))) == []


def test_a_rise_from_mild_to_moderate_alerts():
    days = fatigue((1, 1), (2, 1), (3, 1), (8, 2), (9, 2), (10, 2))
    assert reasons(days) == ["Fatigue rose from 1.0 to 2.0 on average this week."]


def test_a_rise_of_less_than_one_level_does_not_alert():
    assert keys(fatigue((1, 1), (2, 2), (3, 1), (8, 2), (9, 2), (10, 2))) == []  # 4/3 -> 2


def test_two_answered_days_in_a_week_do_not_count_for_a_rise():
    three = fatigue((1, 1), (2, 1), (3, 1))
    assert keys(three + fatigue((8, 3), (9, 2))) == ["severe:fatigue"]
    assert keys(fatigue((1, 0), (2, 0)) + fatigue((8, 2), (9, 2), (10, 2))) == []
    # Days logged without an answer for the measure are not answered days.
    assert keys(three + fatigue((8, 2), (9, 2), (10, None))) == []


def test_fatigue_rise_reason_in_words():
    days = fatigue((2, 1), (3, 1), (4, 1), (9, 2), (10, 2), (11, 3))
    assert reasons(days) == [
        "Fatigue was severe on 11 March.",
        "Fatigue rose from 1.0 to 2.3 on average this week.",
    ]


def test_missing_days_are_not_zeros_for_a_rise():
    # Last week she logged pain 5 on three days: its average is 5, not 15/7.
    days = pain((1, 5), (2, 5), (3, 5), (8, 6), (9, 6), (10, 6))
    assert keys(days) == []


def test_no_answer_in_either_week_gives_no_rise():
    assert keys(pain((8, 6), (9, 6), (10, 6))) == []
    assert keys([day(1, joint_pain=0), day(2, joint_pain=None), day(9)]) == []


def test_a_fall_does_not_alert():
    assert keys(pain((1, 6), (2, 6), (3, 6), (8, 1), (9, 1), (10, 1))) == []


def test_count_measures_have_no_rise_branch():
    assert keys([day(1, cramp_count=0), day(8, cramp_count=20)]) == []


# 3. Worst joint pain 4+ on most days (4 or more of the 7).


def test_joint_pain_four_or_more_on_three_days_does_not_alert():
    days = [day(n, joint_pain=4) for n in (8, 10, 12)] + [day(n, joint_pain=3) for n in (9, 11)]
    assert keys(days) == []


def test_joint_pain_four_or_more_on_four_days_alerts():
    days = [day(n, joint_pain=p) for n, p in ((8, 4), (10, 5), (12, 6), (14, 4), (9, 3))]
    assert reasons(days) == ["Worst joint or muscle pain was 4 or more on 4 of the last 7 days."]


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
        "“Because of side effects” on 1 day.",
        "Tablet missed because of side effects on 11 March.",
    ]


def test_days_not_logged_are_not_missed_tablets():
    days = [day(8, tablet_taken=False, missed_reason="")] + [day(n) for n in (9, 10)]
    assert keys(days) == []


def test_a_break_agreed_with_her_team_is_not_a_missed_tablet():
    days = [day(n, tablet_taken=False, missed_reason="agreed_break") for n in range(8, 15)]
    assert keys(days) == []
    days[0]["missed_reason"] = days[1]["missed_reason"] = days[2]["missed_reason"] = ""
    assert reasons(days) == ["Tablet missed on 3 of the last 7 days: no reason given on 3 days."]


def on_break(first, last):
    """A supervised break on her timeline from day `first` to day `last` of the fortnight."""
    return TherapyPeriod(
        kind=TherapyPeriod.Kind.BREAK,
        drug=Drug.ANASTROZOLE,
        start=date(2026, 3, first),
        end=None if last is None else date(2026, 3, last),
    )


def test_days_inside_a_supervised_break_are_not_missed_tablets():
    days = [day(n, tablet_taken=False, missed_reason="other") for n in (9, 11, 13)]
    timeline = [TherapyPeriod(drug=Drug.ANASTROZOLE, start=date(2025, 1, 1)), on_break(11, 11)]
    assert alerts_for(days, end=END, timeline=timeline) == []
    assert keys(days) == ["missed:tablet_taken"]  # the same days without the break
    assert alerts_for(days, end=END, timeline=[on_break(12, None)]) == []  # only 9 and 11 left


# 5. A tablet missed because of side effects, on any day this week.


def test_one_side_effects_miss_alerts_on_that_day():
    (alert,) = alerts_for([day(11, tablet_taken=False, missed_reason="side_effects")], end=END)
    assert alert.key == "missed_side_effects:tablet_taken"
    assert alert.reason == "Tablet missed because of side effects on 11 March."
    assert alert.day == date(2026, 3, 11)


def test_several_side_effects_misses_name_the_latest_day():
    days = [day(n, tablet_taken=False, missed_reason="side_effects") for n in (9, 12)]
    (alert,) = alerts_for(days, end=END)
    assert (
        alert.reason
        == "Tablet missed because of side effects on 12 March, and on 2 days this week."
    )
    assert alert.day == date(2026, 3, 12)


def test_a_side_effects_miss_last_week_or_during_a_break_does_not_alert():
    assert keys([day(7, tablet_taken=False, missed_reason="side_effects")]) == []
    days = [day(11, tablet_taken=False, missed_reason="side_effects")]
    assert alerts_for(days, end=END, timeline=[on_break(10, 12)]) == []


def test_a_severe_alert_is_dated_on_the_latest_severe_day_and_window_alerts_on_the_end():
    days = [day(n, joint_pain=p) for n, p in ((8, 9), (10, 7), (12, 5), (13, 4))]
    dated = {alert.key: alert.day for alert in alerts_for(days, end=END)}
    assert dated == {"severe:joint_pain": date(2026, 3, 10), "pain_most_days:joint_pain": END}


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
