"""Comparisons a patient asks about: before and after a change, with and without self-care.

Both are observations of her own diary, not proof: the words say so on the page.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection

from tracker import measures
from tracker.selectors import EntrySQL
from trends import series

WINDOW_DAYS = 28
COMPARED = series.AVERAGED
MIN_SELF_CARE_DAYS = 5
SELF_CARE_WINDOW_DAYS = 14
NOTICEABLE = 1  # an average this high on one side makes a symptom worth a chart


@dataclass(frozen=True)
class BeforeAfter:
    change: object  # charts.Change
    before_days: tuple[date, date]
    after_days: tuple[date, date]
    before: dict  # measure code -> average (None: nothing logged)
    after: dict
    after_is_partial: bool

    def lines(self):
        """'Joint pain 5.2 → 3.4' for each measure logged and felt on either side."""
        return [
            _comparison(measure, self.before[measure.code], self.after[measure.code])
            for measure in COMPARED
            if _worth_comparing(self.before[measure.code], self.after[measure.code])
        ]


def before_after_windows(changes, today):
    """The 4 weeks before and after each change, named for `measure_stats`.

    The 'after' window stops at today, so a recent change compares the days there are. A
    caller reads them in the same query as its other windows.
    """
    windows = {}
    for n, change in enumerate(changes):
        if change.day > today:
            continue
        windows[f"before{n}"] = (
            change.day - timedelta(days=WINDOW_DAYS),
            change.day - timedelta(days=1),
        )
        windows[f"after{n}"] = (
            change.day,
            min(today, change.day + timedelta(days=WINDOW_DAYS - 1)),
        )
    return windows


def before_after(changes, windows, stats):
    """The average of each symptom in the 4 weeks before and after each change."""
    return [
        BeforeAfter(
            change=change,
            before_days=windows[f"before{n}"],
            after_days=windows[f"after{n}"],
            before={m.code: _one_decimal(stats[f"before{n}"][m.code].average) for m in COMPARED},
            after={m.code: _one_decimal(stats[f"after{n}"][m.code].average) for m in COMPARED},
            after_is_partial=windows[f"after{n}"][1] < change.day + timedelta(WINDOW_DAYS - 1),
        )
        for n, change in enumerate(changes)
        if f"before{n}" in windows
    ]


@dataclass(frozen=True)
class SelfCareEffect:
    option: object  # measures.Option
    days_with: int
    days_without: int
    started: date
    with_: dict  # measure code -> average on days she did it
    without: dict  # measure code -> average on the other days she logged
    before_start: dict  # the two weeks before she first did it
    after_start: dict  # the two weeks from the day she first did it

    def lines(self):
        return [
            f"{measure.label} {_value(self.with_[measure.code])} on days with it, "
            f"{_value(self.without[measure.code])} on other days"
            for measure in COMPARED
            if _worth_comparing(self.with_[measure.code], self.without[measure.code])
        ]

    def headline(self):
        """The measure that differs most, relative to its size, for the small chart; None when
        no symptom reached one point (or one cramp) on average on either side: 0.1 against 0.0
        is the largest difference relative to its size and says nothing."""
        scored = [
            (
                abs(self.with_[m.code] - self.without[m.code])
                / max(self.with_[m.code], self.without[m.code]),
                m,
            )
            for m in COMPARED
            if _worth_comparing(self.with_[m.code], self.without[m.code])
            and max(self.with_[m.code], self.without[m.code]) >= NOTICEABLE
        ]
        return max(scored, key=lambda pair: pair[0])[1] if scored else None

    def since_starting(self):
        """The headline measure in the two weeks before and after her first day of it."""
        measure = self.headline()
        if measure is None:
            return ""
        before, after = self.before_start[measure.code], self.after_start[measure.code]
        if before is None or after is None:
            return ""
        return (
            f"{measure.label} in the two weeks before starting: {_value(before)}; "
            f"in the two weeks after: {_value(after)}."
        )


def self_care_effects(*, patient, first, last):
    """For each self-care activity she ticked on 5 days or more from `first` to `last`:
    her symptoms on the days with it and on the other days she logged, and in the two weeks
    before and after her first day of it.

    One query (see `_self_care_days`).
    """
    options = measures.SELF_CARE.options
    grouped = _self_care_days(patient, options, first, last)
    effects = []
    for option in options:
        did = grouped.get((option.code, "with"), {})
        if did.get("days", 0) < MIN_SELF_CARE_DAYS:
            continue
        did_not = grouped.get((option.code, "without"), {})
        before = grouped.get((option.code, "before"), {})
        after = grouped.get((option.code, "after"), {})
        effects.append(
            SelfCareEffect(
                option=option,
                days_with=did["days"],
                days_without=did_not.get("days", 0),
                started=did["first"],
                with_={m.code: did[m.code] for m in COMPARED},
                without={m.code: did_not.get(m.code) for m in COMPARED},
                before_start={m.code: before.get(m.code) for m in COMPARED},
                after_start={m.code: after.get(m.code) for m in COMPARED},
            )
        )
    return effects


def _self_care_days(patient, options, first, last):
    """{(activity code, "with", "without", "before" or "after"): {"days", "first", measure
    code: average}}, in one query.

    Her days from `first` to `last` grouped by activity and by whether she did it (each
    activity is a row of a small table crossed with her days); then, for each activity done
    on enough days, her days in the two weeks before and the two weeks from the first of
    them, grouped by side.
    """
    table = EntrySQL()
    day = f"e.{table.day}"
    did = " ".join(f"WHEN {n} THEN {table.column(o)}" for n, o in enumerate(options))
    averages = ", ".join(f"AVG({table.value(m)})" for m in COMPARED)
    activities = ", ".join(f"({n})" for n in range(len(options)))
    window = (
        f"{table.days_after('g.first_day', -SELF_CARE_WINDOW_DAYS)} "
        f"AND {table.days_after('g.first_day', SELF_CARE_WINDOW_DAYS - 1)}"
    )
    # Only names from the model and the catalogue are written into the SQL; values are params.
    sql = (
        f"WITH o(n) AS (VALUES {activities}), "  # noqa: S608
        f"g AS (SELECT o.n, CASE o.n {did} END AS did, COUNT(*) AS days, "
        f"MIN({day}) AS first_day, {averages} "
        f"FROM o CROSS JOIN {table.name} e WHERE e.{table.patient} = %s "
        f"AND {day} BETWEEN {table.date_param} AND {table.date_param} GROUP BY 1, 2) "
        "SELECT 0, g.* FROM g UNION ALL "
        f"SELECT 1, g.n, {day} < g.first_day, COUNT(*), MIN({day}), {averages} "
        f"FROM g JOIN {table.name} e ON e.{table.patient} = %s AND {day} BETWEEN {window} "
        f"WHERE g.did AND g.days >= %s GROUP BY g.n, {day} < g.first_day"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [patient.pk, first, last, patient.pk, MIN_SELF_CARE_DAYS])
        rows = cursor.fetchall()
    parts = {(0, True): "with", (0, False): "without", (1, True): "before", (1, False): "after"}
    grouped = {}
    for around, n, flag, days, first_day, *values in rows:
        grouped[(options[n].code, parts[(around, bool(flag))])] = {
            "days": days,
            "first": table.to_date(first_day),
            **{m.code: _one_decimal(v) for m, v in zip(COMPARED, values, strict=True)},
        }
    return grouped


def _worth_comparing(one, other):
    """Both sides logged, and not nothing on both (no hot flashes before or after says little)."""
    return one is not None and other is not None and (one or other)


def _comparison(measure, before, after):
    if after > before:
        trend = "higher"
    elif after < before:
        trend = "lower"
    else:
        trend = "the same"
    return f"{measure.label} {_value(before)} → {_value(after)} ({trend})"


def _value(value):
    return f"{value:.1f}"


def _one_decimal(value):
    return None if value is None else round(float(value), 1)
