"""Each reason of the alert rule, on hand-made days with known answers."""

from datetime import UTC, date, datetime, timedelta

import pytest

from reports.alerts import alerts_for, window
from tests.factories import DailyEntryFactory
from tracker.models import Drug, TherapyPeriod

END = date(2026, 3, 31)  # this week: 25–31 March


def ago(n, **values):
    """The day `n` days before END (0 = END itself), with its answers."""
    return {"day": END - timedelta(days=n), **values}


def found(days, timeline=()):
    return {alert.key: alert for alert in alerts_for(days, end=END, timeline=timeline)}


def keys(days, timeline=()):
    return list(found(days, timeline))


def taken(n, yes=True, reason=""):
    return ago(n, tablet_taken=yes, missed_reason="" if yes else reason)


def a_break(*, start, confirmed=False, planned_end=None, end=None):
    return TherapyPeriod(
        kind=TherapyPeriod.Kind.BREAK,
        drug=Drug.LETROZOLE,
        start=start,
        end=end,
        confirmed_at=datetime(2026, 1, 1, tzinfo=UTC) if confirmed else None,
        planned_end=planned_end,
    )


def test_no_data_gives_no_alert():
    assert alerts_for([], end=END) == []


# Signs of stopping: a silent diary.


def daily(first, last, **values):
    """Every day from `first` days ago to `last` days ago."""
    return [ago(n, **values) for n in range(last, first + 1)]


def test_a_silent_stop_after_six_weeks_of_daily_entries_alerts_with_the_days_counted():
    alert = found(daily(52, 10, joint_pain=2))["silent:diary"]
    assert alert.reason.startswith("No entry for 10 days")
    assert alert.day == END - timedelta(days=10) + timedelta(days=7)


def test_six_silent_days_do_not_alert():
    assert "silent:diary" not in keys(daily(40, 6, joint_pain=2))


def test_a_gap_in_a_patient_who_logs_twice_a_week_does_not_alert():
    twice_a_week = [ago(n, joint_pain=2) for n in range(10, 56) if n % 7 in (0, 3)]
    assert "silent:diary" not in keys(twice_a_week)


def test_a_silence_needs_both_weeks_before_it_regular():
    # Four days in the week before the silence, three in the week before that.
    days = [ago(n) for n in (10, 11, 12, 13, 17, 19, 21)]
    assert "silent:diary" not in keys(days)
    assert "silent:diary" in keys([*days, ago(18)])


# Signs of stopping: breaks.


def test_a_self_declared_break_alerts_until_confirmed():
    start = END - timedelta(days=3)
    assert keys([], [a_break(start=start)]) == ["break_unconfirmed:tablet_taken"]
    assert keys([], [a_break(start=start, confirmed=True)]) == []


def test_a_self_declared_break_five_weeks_ago_with_no_end_still_alerts():
    alert = found([], [a_break(start=END - timedelta(weeks=5))])["break_unconfirmed:tablet_taken"]
    assert "the care team has not confirmed it" in alert.reason


def test_a_confirmed_break_past_its_planned_end_alerts():
    planned = END - timedelta(days=1)
    period = a_break(start=END - timedelta(days=10), confirmed=True, planned_end=planned)
    assert keys([], [period]) == ["break_overdue:tablet_taken"]
    period.planned_end = END
    assert keys([], [period]) == []


def test_a_confirmed_break_with_no_planned_end_alerts_after_four_weeks():
    assert keys([], [a_break(start=END - timedelta(days=27), confirmed=True)]) == []
    assert keys([], [a_break(start=END - timedelta(days=28), confirmed=True)]) == [
        "break_long:tablet_taken"
    ]


def test_a_break_that_has_ended_does_not_alert():
    period = a_break(start=END - timedelta(days=40), end=END - timedelta(days=1))
    assert keys([], [period]) == []


# Signs of stopping: adherence over 28 days.


def adherence_days(taken_days, answered_days, reason="forgot"):
    return [taken(n, n >= answered_days - taken_days, reason) for n in range(answered_days)]


def test_79_percent_adherence_alerts_and_80_does_not():
    # 15 of 19 answered days is 78.9%; 16 of 20 is 80%.
    assert "adherence:tablet_taken" in keys(adherence_days(15, 19))
    assert "adherence:tablet_taken" not in keys(adherence_days(16, 20))


def test_one_tablet_in_four_forgotten_over_six_weeks_alerts_with_her_reasons():
    days = [taken(n, n % 4 != 0, "forgot") for n in range(42)]
    alert = found(days)["adherence:tablet_taken"]
    assert alert.reason == (
        "Tablet taken on 75% of the 28 days she answered in the last 4 weeks: “I forgot” on 7 days."
    )


def test_adherence_needs_14_answered_days():
    assert "adherence:tablet_taken" not in keys(adherence_days(5, 13))
    assert "adherence:tablet_taken" in keys(adherence_days(5, 14))


def test_days_of_a_confirmed_break_are_not_missed_and_of_an_unconfirmed_one_are():
    # Ten days of a break that ended yesterday.
    days = [taken(n, not 1 <= n <= 10, "agreed_break") for n in range(28)]
    start, end = END - timedelta(days=10), END - timedelta(days=1)
    assert "adherence:tablet_taken" in keys(days, [a_break(start=start, end=end)])
    confirmed = a_break(start=start, end=end, confirmed=True)
    assert "adherence:tablet_taken" not in keys(days, [confirmed])


def test_adherence_is_not_told_again_while_she_is_on_a_break_or_has_said_she_stopped():
    days = [taken(n, n >= 10, "agreed_break") for n in range(28)]
    assert keys(days, [a_break(start=END - timedelta(days=9))]) == [
        "break_unconfirmed:tablet_taken"
    ]
    stopped = [taken(n, n >= 10, "stopped") for n in range(28)]
    assert keys(stopped) == ["stopped:tablet_taken"]


# Signs of stopping: said so, or missed for side effects.


def test_i_have_stopped_alerts_at_once_from_its_first_day():
    alert = found([taken(3), taken(2, False, "stopped"), taken(1, False, "stopped")])[
        "stopped:tablet_taken"
    ]
    assert alert.day == END - timedelta(days=2)
    assert alert.reason.startswith("Says she has stopped taking her tablet")


def test_a_tablet_taken_after_saying_stopped_ends_it():
    assert "stopped:tablet_taken" not in keys([taken(3, False, "stopped"), taken(1)])


def test_a_tablet_missed_for_side_effects_alerts_on_the_first_day():
    alert = found([taken(1, False, "side_effects")])["missed_side_effects:tablet_taken"]
    assert alert.day == END - timedelta(days=1)


# Symptoms: pain.


def test_pain_on_most_days_alerts_with_the_weeks_average():
    days = [ago(n, joint_pain=p) for n, p in enumerate([4, 5, 6, 4, 1])]
    alert = found(days)["pain_most_days:joint_pain"]
    assert alert.level == 4.0
    assert alert.worse_at == 5.0
    assert "on 4 of the last 7 days (average 4.0)" in alert.reason


def test_pain_on_three_days_does_not_alert():
    assert keys([ago(n, joint_pain=6) for n in range(3)]) == []


def test_a_single_severe_day_of_pain_or_low_mood_alerts():
    assert keys([ago(2, joint_pain=7)]) == ["severe:joint_pain"]
    assert keys([ago(2, low_mood=3)]) == ["severe:low_mood"]


def test_a_single_day_of_vaginal_bleeding_alerts_in_words():
    alert = found([ago(2, vaginal_bleeding=True), ago(3, vaginal_bleeding=False)])[
        "severe:vaginal_bleeding"
    ]
    assert alert.reason == "Vaginal bleeding on 29 March."


def test_severe_pain_reason_names_the_worst_and_latest_day():
    days = [ago(1, joint_pain=8), ago(3, joint_pain=9), ago(5, joint_pain=9)]
    alert = found(days)["severe:joint_pain"]
    assert alert.reason == (
        "Joint or muscle pain was 9 (severe) on 28 March, and severe or worse on 3 days this week."
    )
    assert alert.day == END - timedelta(days=1)


def test_another_symptom_needs_two_severe_days_in_the_week():
    assert keys([ago(1, fatigue=4)]) == []
    assert keys([ago(1, fatigue=4), ago(6, fatigue=3)]) == ["severe_days:fatigue"]
    assert keys([ago(1, fatigue=4), ago(7, fatigue=3)]) == []


# Symptoms: hot flashes.


def flashes(first, last, score):
    return [ago(n, hot_flash_score=score) for n in range(last, first + 1)]


def test_hot_flashes_well_above_her_usual_alert():
    alert = found(flashes(27, 7, 4) + flashes(6, 0, 12))["high:hot_flash_score"]
    assert alert.reason == (
        "Hot flash score averaged 12 a day this week, against 4 a day in the 3 weeks before "
        "(7 days answered)."
    )


def test_steady_high_hot_flashes_are_her_usual_and_do_not_alert():
    assert keys(flashes(27, 0, 12)) == []


def test_hot_flashes_below_the_floor_do_not_alert_however_they_rise():
    assert keys(flashes(27, 7, 1) + flashes(6, 0, 7)) == []


def test_hot_flashes_need_three_answered_days():
    assert keys(flashes(1, 0, 20)) == []
    assert keys(flashes(2, 0, 20)) == ["high:hot_flash_score"]


# Order and reading.


def test_signs_of_stopping_come_before_symptoms():
    days = [ago(0, joint_pain=9, tablet_taken=False, missed_reason="side_effects")]
    assert keys(days) == ["missed_side_effects:tablet_taken", "severe:joint_pain"]


def test_a_day_after_the_end_is_not_read():
    assert keys([{"day": END + timedelta(days=1), "joint_pain": 9}]) == []


@pytest.mark.django_db
def test_the_window_reads_eight_weeks_of_her_own_days(patient, other_patient):
    for n in (0, 55, 56):
        DailyEntryFactory(patient=patient, day=END - timedelta(days=n), joint_pain=2)
    DailyEntryFactory(patient=other_patient, day=END, joint_pain=9)
    assert sorted(row["day"] for row in window(patient=patient, end=END)) == [
        END - timedelta(days=55),
        END,
    ]
