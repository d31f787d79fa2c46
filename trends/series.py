"""The numbers behind the charts, aggregated in the database: one query per kind of series.

`daily` reads one row per logged day with the 7-day rolling averages computed by a window
function; `buckets` groups by week (or month, on long ranges) for the joint-site and tablet
charts and for the tables that stand in for the charts for screen readers.
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.db import NotSupportedError, connection

from tracker import measures
from tracker.selectors import EntrySQL

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


def rolling_average(value, day, *, days=ROLLING_DAYS):
    """SQL for the average of `value` over the calendar days ending on each row's day.

    A frame of days, not of rows: a day she did not log is left out of the average rather
    than counted as a zero, and the row of a week ago is not mistaken for yesterday's.
    Django cannot write a date-distance RANGE frame on PostgreSQL, so the SQL is ours.
    """
    preceding = days - 1
    if connection.vendor == "postgresql":
        order, offset = day, f"INTERVAL '{preceding} days'"
    elif connection.vendor == "sqlite":
        order, offset = f"julianday({day})", str(preceding)
    else:
        raise NotSupportedError(f"No rolling average for {connection.vendor}.")
    average = (
        f"AVG({value}) OVER (ORDER BY {order} RANGE BETWEEN {offset} PRECEDING AND CURRENT ROW)"
    )
    # Two decimals, as a float: the figures carry thousands of these.
    return f"CAST(ROUND(CAST({average} AS NUMERIC), 2) AS DOUBLE PRECISION)"


@dataclass(frozen=True)
class Daily:
    """Her logged days, oldest first, as columns: what a chart trace is made of."""

    days: list  # dates
    values: dict  # measure code -> the day's values (None where not answered)
    rolling: dict  # measure code -> the 7-day averages ending on each day

    @cached_property
    def dates(self):
        return [day.isoformat() for day in self.days]

    @cached_property
    def week_gaps(self):
        """Where a whole week went unlogged: the indexes of the days logged more than
        `ROLLING_DAYS` after the day before them (found once for every line of the page)."""
        return [
            n
            for n, (previous, day) in enumerate(itertools.pairwise(self.days), start=1)
            if (day - previous).days > ROLLING_DAYS
        ]


def daily(*, patient, first, last):
    """Her logged days from `first` to `last` with their rolling averages: one query.

    The query reads from six days before `first`, so the average on `first` is complete.
    Hand-written, rows straight from the cursor: the ORM's composing and per-row converters
    cost more than the query on five years of days.
    """
    table = EntrySQL()
    day = f"e.{table.day}"
    columns = [
        day,
        *(table.column(m) for m in AVERAGED + MARKED),
        *(rolling_average(table.column(m), day) for m in AVERAGED),
    ]
    sql = (
        f"SELECT {', '.join(columns)} FROM {table.name} e "  # noqa: S608 (names from the model)
        f"WHERE e.{table.patient} = %s "
        f"AND {day} BETWEEN {table.date_param} AND {table.date_param} ORDER BY {day}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [patient.pk, first - timedelta(days=ROLLING_DAYS - 1), last])
        rows = [row for row in cursor.fetchall() if row[0] >= first]
    width = 1 + len(AVERAGED + MARKED)
    columns = list(zip(*rows, strict=True)) if rows else [()] * (width + len(AVERAGED))
    return Daily(
        days=list(columns[0]),
        values={m.code: list(c) for m, c in zip(AVERAGED + MARKED, columns[1:width], strict=True)},
        rolling={m.code: list(c) for m, c in zip(AVERAGED, columns[width:], strict=True)},
    )


@dataclass(frozen=True)
class Bucket:
    """A week, or a month on long ranges."""

    start: date
    days_logged: int
    averages: dict  # measure code -> the week's average
    sites: dict  # joint site code -> days with pain there
    tablets_taken: int
    tablets_answered: int


WEEK, MONTH = "week", "month"
MONTHS_AFTER_DAYS = 184  # beyond about six months, weeks get too thin to read: months


def bucket_for(first, last):
    return MONTH if (last - first).days > MONTHS_AFTER_DAYS else WEEK


def buckets(*, patient, first, last, size=WEEK):
    """Week by week (from Monday) or month by month: averages, joint sites, tablets; one query.

    Hand-written like `measure_stats`: composed with the ORM, its seventeen filtered
    aggregates took longer to build than to run.
    """
    table = EntrySQL()
    start = _bucket_start(f"e.{table.day}", size)
    taken = table.column(measures.TABLET_TAKEN)
    columns = [
        f"{start} AS bucket",
        "COUNT(*)",
        f"SUM(CASE WHEN {taken} THEN 1 ELSE 0 END)",
        f"COUNT({taken})",
        *(f"AVG({table.value(m)})" for m in AVERAGED),
        *(
            f"SUM(CASE WHEN {table.column(o)} THEN 1 ELSE 0 END)"
            for o in measures.JOINT_SITES.options
        ),
    ]
    sql = (
        f"SELECT {', '.join(columns)} FROM {table.name} e "  # noqa: S608 (names from the model)
        f"WHERE e.{table.patient} = %s "
        f"AND e.{table.day} BETWEEN {table.date_param} AND {table.date_param} "
        "GROUP BY bucket ORDER BY bucket"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [patient.pk, first, last])
        rows = cursor.fetchall()
    found = []
    for bucket, logged, taken_days, answered, *values in rows:
        averages, sites = values[: len(AVERAGED)], values[len(AVERAGED) :]
        found.append(
            Bucket(
                start=table.to_date(bucket),
                days_logged=logged,
                averages={m.code: _round(v) for m, v in zip(AVERAGED, averages, strict=True)},
                sites={
                    o.code: int(n) for o, n in zip(measures.JOINT_SITES.options, sites, strict=True)
                },
                tablets_taken=int(taken_days),
                tablets_answered=answered,
            )
        )
    return found


def _bucket_start(day, size):
    """The Monday of the day's week, or the first of its month, in the database's dialect."""
    if connection.vendor == "postgresql":
        return f"CAST(DATE_TRUNC('{size}', {day}) AS DATE)"
    if size == WEEK:  # SQLite: %w is 0 on Sunday (doubled: the SQL takes parameters)
        weekday = f"((CAST(STRFTIME('%%w', {day}) AS INTEGER) + 6) %% 7)"
        return f"DATE({day}, '-' || {weekday} || ' days')"
    return f"DATE({day}, 'start of month')"


def _round(value):
    return None if value is None else round(float(value), 2)
