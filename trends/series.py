"""The numbers behind the charts, aggregated in the database: one query per kind of series.

`daily` reads one row per logged day with the 7-day rolling averages computed by a window
function; `weekly` groups by week for the joint-site and tablet charts and the tables that
stand in for the charts for screen readers.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import NotSupportedError
from django.db.models import Avg, Count, F, FloatField, Func, Q
from django.db.models.functions import TruncWeek

from tracker import measures
from tracker.models import DailyEntry

ROLLING_DAYS = 7

# What the charts draw, from the one catalogue.
AVERAGED = (
    measures.JOINT_PAIN,
    measures.CRAMP_COUNT,
    measures.HOT_FLASH_SCORE,
    measures.FATIGUE,
    measures.LOW_MOOD,
    measures.SLEEP_PROBLEMS,
)
MARKED = (measures.NIGHT_CRAMPS, measures.NIGHT_SWEATS, measures.TABLET_TAKEN)
WEEKLY = AVERAGED


class RollingAverage(Func):
    """The average of `value` over the calendar days ending on each row's day.

    A frame of days, not of rows: a day she did not log is left out of the average rather
    than counted as a zero, and the row of a week ago is not mistaken for yesterday's.
    Django cannot write a date-distance RANGE frame on PostgreSQL, so the SQL is ours.
    """

    contains_over_clause = True
    window_compatible = True

    def __init__(self, value, *, days=ROLLING_DAYS):
        super().__init__(value, F("day"), output_field=FloatField())
        self.days = days

    def as_sql(self, compiler, connection, **extra):
        (value, value_params), (day, day_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        preceding = self.days - 1
        if connection.vendor == "postgresql":
            order, offset = day, f"INTERVAL '{preceding} days'"
        elif connection.vendor == "sqlite":
            order, offset = f"julianday({day})", str(preceding)
        else:
            raise NotSupportedError(f"No rolling average for {connection.vendor}.")
        sql = (
            f"AVG(CAST({value} AS DOUBLE PRECISION)) OVER (ORDER BY {order} "
            f"RANGE BETWEEN {offset} PRECEDING AND CURRENT ROW)"
        )
        return sql, (*value_params, *day_params)


@dataclass(frozen=True)
class Day:
    day: date
    values: dict  # measure code -> the day's value (None when not answered)
    rolling: dict  # measure code -> the 7-day average ending that day (None: no value)


def daily(*, patient, first, last):
    """Her logged days from `first` to `last`, oldest first, with rolling averages.

    The query reads from six days before `first`, so the average on `first` is complete.
    """
    fields = {m.code: m.field for m in AVERAGED + MARKED}
    rolling = {f"rolling_{m.code}": RollingAverage(m.field) for m in AVERAGED}
    rows = (
        DailyEntry.objects.filter(
            patient=patient,
            day__range=(first - timedelta(days=ROLLING_DAYS - 1), last),
        )
        .annotate(**rolling)
        .order_by("day")
        .values_list("day", *fields.values(), *rolling.keys())
    )
    codes = list(fields)
    days = []
    for row in rows:
        if row[0] < first:
            continue
        values = dict(zip(codes, row[1 : 1 + len(codes)], strict=True))
        averages = row[1 + len(codes) :]
        days.append(
            Day(
                day=row[0],
                values=values,
                rolling={m.code: _round(v) for m, v in zip(AVERAGED, averages, strict=True)},
            )
        )
    return days


@dataclass(frozen=True)
class Week:
    start: date
    days_logged: int
    averages: dict  # measure code -> the week's average
    sites: dict  # joint site code -> days with pain there
    tablets_taken: int
    tablets_answered: int


def weekly(*, patient, first, last):
    """Week by week (weeks start on Monday): averages, joint sites and tablets, one query."""
    aggregates = {f"avg_{m.code}": Avg(m.field) for m in WEEKLY}
    aggregates |= {
        f"site_{o.code}": Count("pk", filter=Q(**{o.field: True}))
        for o in measures.JOINT_SITES.options
    }
    rows = (
        DailyEntry.objects.filter(patient=patient, day__range=(first, last))
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(
            logged=Count("pk"),
            taken=Count("pk", filter=Q(tablet_taken=True)),
            answered=Count("tablet_taken"),
            **aggregates,
        )
        .order_by("week")
    )
    return [
        Week(
            start=row["week"],
            days_logged=row["logged"],
            averages={m.code: _round(row[f"avg_{m.code}"]) for m in WEEKLY},
            sites={o.code: row[f"site_{o.code}"] for o in measures.JOINT_SITES.options},
            tablets_taken=row["taken"],
            tablets_answered=row["answered"],
        )
        for row in rows
    ]


def _round(value):
    return None if value is None else round(float(value), 2)
