"""Comparisons a patient asks about: before and after a change, with and without self-care.

Both are observations of her own diary, not proof: the words say so on the page.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from tracker import aggregates, measures
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
    before and after her first day of it. One query (`aggregates.self_care_days`)."""
    found = aggregates.self_care_days(
        patient=patient,
        first=first,
        last=last,
        activities=measures.SELF_CARE.options,
        averaged=COMPARED,
        min_days=MIN_SELF_CARE_DAYS,
        around_days=SELF_CARE_WINDOW_DAYS,
    )
    return [
        SelfCareEffect(
            option=option,
            days_with=days.with_.days,
            days_without=days.without.days if days.without else 0,
            started=days.with_.first,
            with_=_averages(days.with_),
            without=_averages(days.without),
            before_start=_averages(days.before_start),
            after_start=_averages(days.after_start),
        )
        for option in measures.SELF_CARE.options
        if (days := found[option.code]).with_ and days.with_.days >= MIN_SELF_CARE_DAYS
    ]


def _averages(group):
    """Each compared measure's average over a group of days, to one decimal (None: no days)."""
    return {m.code: _one_decimal(group.averages[m.code]) if group else None for m in COMPARED}


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
