"""The one module that reads her days in bulk: rows for a period, statistics over windows, the
daily series with rolling averages, weeks or months, worst days and counts, self-care days.

Every function takes the measures it reads (from `tracker.measures`) and answers in
dataclasses (day rows as the dicts of `values()`, which the rules read by field), so the apps
that draw or judge her days (`trends`, `reports`, `knowledge`, `care`) never name the diary's
table, a column or an SQL dialect.

Most reads are ORM querysets. Two are SQL, because the ORM cannot write a `VALUES` list:
`measure_stats` (a list of windows) and `self_care_days` (a list of activities); a third,
`worst_days_and_counts`, because the ORM took seven times as long to compose it (measured in
its docstring). The rolling
average needs two small pieces the ORM lacks, `DayNumber` and `NumberRange`. Every query here
reads one patient's days (or a batch of patients') by date, served by the unique
(patient, day) index of `DailyEntry` (constraint `entry_one_per_patient_per_day`).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from itertools import pairwise

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    ValueRange,
    Window,
)
from django.db.models.functions import Cast, Round, TruncMonth, TruncWeek

from tracker import measures
from tracker.models import DailyEntry

WEEK, MONTH = "week", "month"
ROLLING_DAYS = 7  # a rolling average over a week, unless the caller asks for another span


def _her_days(patient, first, last):
    return DailyEntry.objects.filter(patient=patient, day__range=(first, last))


def _number(measure):
    """The measure's answer as a number: a yes/no answer counts as 0 or 1."""
    if measure.scale.kind == measures.Kind.YES_NO:
        return Cast(measure.field, IntegerField())
    return F(measure.field)


def _as_float(value):
    return None if value is None else float(value)


# Day rows


def day_rows(*, patient, first, last, fields):
    """Her days from `first` to `last`, newest first like the diary, each a dict of "day" and
    the named fields, as the ORM's `values()` gives them: what the tips' rules and the alert
    rule read."""
    return days_by_patient(patient_ids=[patient.pk], first=first, last=last, fields=fields).get(
        patient.pk, []
    )


def days_by_patient(*, patient_ids, first, last, fields):
    """`day_rows` for many patients in one query (the nightly alert run reads a batch of
    fortnights at once): a dict of patient id to her rows; a patient with none is left out."""
    names = ["day", *(name for name in fields if name != "day")]
    rows = (
        DailyEntry.objects.filter(patient_id__in=list(patient_ids), day__range=(first, last))
        .order_by("patient_id", "-day")
        .values("patient_id", *names)
    )
    found = {}
    for row in rows:
        found.setdefault(row.pop("patient_id"), []).append(row)
    return found


# Statistics over windows


@dataclass(frozen=True)
class MeasureStats:
    """One measure over one window of days. Counts only the days she answered it."""

    days: int
    average: float | None
    worst: int | None
    severe_days: int


@dataclass(frozen=True)
class WindowStats:
    days_logged: int
    by_measure: dict[str, MeasureStats]

    def __getitem__(self, code):
        return self.by_measure[code]


def measure_stats(*, patient, windows, of=measures.MEASURES):
    """Each measure's average, worst value and days at severe or worse, per window: one query.

    `windows` maps a name to its first and last day (inclusive); the answer maps the same
    names to `WindowStats`. Days she did not log are left out, never counted as zeros. A yes/no
    measure averages to the share of days answered yes, and its worst is 1 if any day was yes.

    SQL, because the windows are a `VALUES` list (which the ORM cannot write) joined to her
    days and grouped: one column per measure and statistic however many windows there are,
    and windows may overlap. (Written with the ORM as one filtered aggregate per window and
    measure, building the query cost more than running it: 200 ms for seven windows.) Each
    window is a range scan of the (patient, day) index.
    """
    if not windows:
        return {}
    sql = _EntrySQL()
    select = []
    for measure in of:
        value, column = sql.value(measure), sql.column(measure)
        select += [f"COUNT({column})", f"AVG({value})", f"MAX({value})"]
        if measure.severe_at is not None:
            select.append(f"SUM(CASE WHEN {value} >= {int(measure.severe_at)} THEN 1 ELSE 0 END)")
    names = list(windows)
    values = ", ".join(f"({n}, %s, %s)" for n in range(len(names)))
    params = [day for name in names for day in windows[name]]
    # Only names from the model and the catalogue are written into the SQL; values are params.
    query = (
        f"WITH w(n, first_day, last_day) AS (VALUES {values}) "  # noqa: S608
        f"SELECT w.n, COUNT(*), {', '.join(select)} FROM w "
        f"JOIN {sql.table} e ON e.{sql.patient} = %s "
        f"AND e.{sql.day} BETWEEN w.first_day AND w.last_day GROUP BY w.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, patient.pk])
        found = {row[0]: row[1:] for row in cursor.fetchall()}
    return {name: _window_stats(found.get(n), of) for n, name in enumerate(names)}


def _window_stats(row, of):
    if row is None:
        empty = MeasureStats(days=0, average=None, worst=None, severe_days=0)
        return WindowStats(days_logged=0, by_measure={m.code: empty for m in of})
    values = iter(row[1:])
    by_measure = {}
    for measure in of:
        days, average, worst = next(values), next(values), next(values)
        severe = next(values) if measure.severe_at is not None else 0
        by_measure[measure.code] = MeasureStats(
            days=days,
            average=_as_float(average),
            worst=None if worst is None else int(worst),
            severe_days=int(severe or 0),
        )
    return WindowStats(days_logged=row[0], by_measure=by_measure)


# The daily series


class DayNumber(Func):
    """Days since 1970-01-01: a number to order a window frame by, so that the frame is a
    span of calendar days (Django writes a RANGE frame only as a number of units)."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


class NumberRange(ValueRange):
    """A RANGE frame with offsets ("6 PRECEDING"). Django writes one on SQLite but refuses it on
    PostgreSQL (its flag predates PostgreSQL 11, which runs it); the bounds are written the
    way Django writes a ROWS frame's, which is the same SQL."""

    def window_frame_start_end(self, connection, start, end):
        return connection.ops.window_frame_rows_start_end(start, end)


@dataclass(frozen=True)
class Daily:
    """Her logged days, oldest first, as columns: what a chart trace is made of."""

    days: list  # dates
    values: dict  # measure code -> the day's values (None where not answered)
    rolling: dict  # measure code -> the averages over the days ending on each day
    rolling_days: int = ROLLING_DAYS

    @cached_property
    def dates(self):
        return [day.isoformat() for day in self.days]

    @cached_property
    def week_gaps(self):
        """Where a whole rolling window went unlogged: the indexes of the days logged more than
        `rolling_days` after the day before them (found once for every line of the page)."""
        return [
            n
            for n, (previous, day) in enumerate(pairwise(self.days), start=1)
            if (day - previous).days > self.rolling_days
        ]


def daily(*, patient, first, last, averaged, marked, rolling_days=ROLLING_DAYS):
    """Her logged days from `first` to `last`: the `averaged` and `marked` measures' answers,
    and each averaged measure's mean over the `rolling_days` calendar days ending on each day,
    to two decimals. One query.

    A frame of calendar days, not of rows: a day she did not log is left out of the average
    rather than counted as a zero, and the row of a week ago is not mistaken for yesterday's.
    The query reads from `rolling_days - 1` days before `first`, so the average on `first` is
    complete.
    """
    read = (*averaged, *marked)
    frame = NumberRange(start=-(rolling_days - 1), end=0)
    rolling = {
        f"rolling_{m.code}": Cast(
            Round(Window(Avg(_number(m)), order_by=DayNumber("day").asc(), frame=frame), 2),
            FloatField(),
        )
        for m in averaged
    }
    rows = [
        row
        for row in _her_days(patient, first - timedelta(days=rolling_days - 1), last)
        .annotate(**rolling)
        .order_by("day")
        .values_list("day", *(m.field for m in read), *rolling)
        if row[0] >= first
    ]
    columns = list(zip(*rows, strict=True)) if rows else [()] * (1 + len(read) + len(averaged))
    return Daily(
        days=list(columns[0]),
        values={m.code: list(c) for m, c in zip(read, columns[1:], strict=False)},
        rolling={m.code: list(c) for m, c in zip(averaged, columns[1 + len(read) :], strict=True)},
        rolling_days=rolling_days,
    )


# Weeks and months


@dataclass(frozen=True)
class Bucket:
    """A week (from Monday), or a month."""

    start: date
    days_logged: int
    averages: dict  # measure code -> the average over the days she answered it, 2 decimals
    sites: dict  # option code -> days it was ticked
    tablets_taken: int
    tablets_answered: int


def buckets(*, patient, first, last, size, averaged, sites, tablet):
    """Week by week (from Monday) or month by month: the `averaged` measures' averages, the
    days each of the `sites` options was ticked, and the days the yes/no `tablet` was
    answered and answered yes. One query, grouped by the bucket's first day."""
    start = TruncWeek("day") if size == WEEK else TruncMonth("day")
    rows = (
        _her_days(patient, first, last)
        .annotate(bucket=start)
        .values("bucket")
        .annotate(
            logged=Count("pk"),
            taken=Count("pk", filter=Q(**{tablet.field: True})),
            answered=Count(tablet.field),
            **{f"average_{m.code}": Avg(_number(m)) for m in averaged},
            **{f"site_{o.code}": Count("pk", filter=Q(**{o.field: True})) for o in sites},
        )
        .order_by("bucket")
    )
    return [
        Bucket(
            start=row["bucket"],
            days_logged=row["logged"],
            averages={m.code: _round(row[f"average_{m.code}"], 2) for m in averaged},
            sites={o.code: row[f"site_{o.code}"] for o in sites},
            tablets_taken=row["taken"],
            tablets_answered=row["answered"],
        )
        for row in rows
    ]


def _round(value, digits):
    return None if value is None else round(float(value), digits)


# Worst days and counts


@dataclass(frozen=True)
class WorstDaysAndCounts:
    worst_days: dict  # measure code -> the day of its highest answer (the latest, if tied)
    notes: int  # days with a note
    missed: dict  # missed-tablet reason code ("" for none given) -> days missed for it


def worst_days_and_counts(*, patient, first, last, worst_of, tablet, reasons):
    """From `first` to `last`: the worst day of each of the `worst_of` measures (its highest
    answer, the latest day if tied), the days with a note, and the days the yes/no `tablet`
    was answered no, by each of `reasons`. One query: her days in the period as one row, with
    a subquery per measure reading the (patient, day) index, highest answer first.

    Written as SQL, measured on bench/dashboard.py's 5-year diary: the same query composed by
    the ORM (twelve subqueries, seven filtered counts) cost 9 to 17 ms against 1.3 ms here,
    most of it in composing, and took the summary page from 3x to 5.8x the bare view (its
    target is 5x; the page is not kept in the cache, as a summary is read once)."""
    sql = _EntrySQL()
    in_period = f"e.{sql.patient} = %s AND e.{sql.day} BETWEEN %s AND %s"
    in_period_params = [patient.pk, first, last]
    columns, params = [], []
    for measure in worst_of:
        column = sql.column(measure)
        columns.append(
            f"(SELECT e.{sql.day} FROM {sql.table} e WHERE {in_period} "  # noqa: S608 (names from the model)
            f"AND {column} IS NOT NULL ORDER BY {column} DESC, e.{sql.day} DESC LIMIT 1)"
        )
        params += in_period_params
    columns.append(f"SUM(CASE WHEN {sql.field('note')} <> '' THEN 1 ELSE 0 END)")
    for code in reasons:
        columns.append(
            f"SUM(CASE WHEN {sql.column(tablet)} = %s "
            f"AND {sql.field('missed_reason')} = %s THEN 1 ELSE 0 END)"
        )
        params += [False, code]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {sql.table} e WHERE {in_period}",  # noqa: S608
            params + in_period_params,
        )
        row = cursor.fetchone()
    days, (notes, *missed) = row[: len(worst_of)], row[len(worst_of) :]
    return WorstDaysAndCounts(
        worst_days={m.code: sql.to_date(day) for m, day in zip(worst_of, days, strict=True)},
        notes=int(notes or 0),
        missed={code: int(n or 0) for code, n in zip(reasons, missed, strict=True)},
    )


# Self-care days


@dataclass(frozen=True)
class DaysAverages:
    """A group of her days: how many, the first of them and each measure's average."""

    days: int
    first: date
    averages: dict  # measure code -> average over the days she answered it (None: none)


@dataclass(frozen=True)
class ActivityDays:
    """One self-care activity: her days with it and the others, and, when she did it on
    enough days, the days just before and from her first day of it."""

    with_: DaysAverages | None
    without: DaysAverages | None
    before_start: DaysAverages | None
    after_start: DaysAverages | None


def self_care_days(*, patient, first, last, activities, averaged, min_days, around_days):
    """For each of the `activities` (yes/no options), her days from `first` to `last` with
    it and without it, and, for those done on `min_days` or more, her days in the
    `around_days` before and the `around_days` from her first day of it, each group with the
    `averaged` measures' averages: a dict of activity code to `ActivityDays`. One query.

    SQL, because the activities are a `VALUES` list crossed with her days (the ORM writes
    neither a `VALUES` list nor a join to one) and the second half joins her days again by
    each activity's first day. Both halves read the (patient, day) index.
    """
    sql = _EntrySQL()
    day = f"e.{sql.day}"
    did = " ".join(f"WHEN {n} THEN {sql.column(o)}" for n, o in enumerate(activities))
    averages = ", ".join(f"AVG({sql.value(m)})" for m in averaged)
    rows = ", ".join(f"({n})" for n in range(len(activities)))
    around = (
        f"{sql.days_after('g.first_day', -around_days)} "
        f"AND {sql.days_after('g.first_day', around_days - 1)}"
    )
    # Only names from the model and the catalogue are written into the SQL; values are params.
    query = (
        f"WITH o(n) AS (VALUES {rows}), "  # noqa: S608
        f"g AS (SELECT o.n, CASE o.n {did} END AS did, COUNT(*) AS days, "
        f"MIN({day}) AS first_day, {averages} "
        f"FROM o CROSS JOIN {sql.table} e WHERE e.{sql.patient} = %s "
        f"AND {day} BETWEEN %s AND %s GROUP BY 1, 2) "
        "SELECT 0, g.* FROM g UNION ALL "
        f"SELECT 1, g.n, {day} < g.first_day, COUNT(*), MIN({day}), {averages} "
        f"FROM g JOIN {sql.table} e ON e.{sql.patient} = %s AND {day} BETWEEN {around} "
        f"WHERE g.did AND g.days >= %s GROUP BY g.n, {day} < g.first_day"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [patient.pk, first, last, patient.pk, min_days])
        found = cursor.fetchall()
    parts = {(0, 1): "with_", (0, 0): "without", (1, 1): "before_start", (1, 0): "after_start"}
    grouped = {}
    for second_half, n, flag, days, first_day, *values in found:
        grouped.setdefault(n, {})[parts[(second_half, int(bool(flag)))]] = DaysAverages(
            days=days,
            first=sql.to_date(first_day),
            averages={m.code: _as_float(v) for m, v in zip(averaged, values, strict=True)},
        )
    return {
        activity.code: ActivityDays(**dict.fromkeys(parts.values()) | grouped.get(n, {}))
        for n, activity in enumerate(activities)
    }


class _EntrySQL:
    """Names for the SQL above, from the model and the catalogue, in the database's dialect."""

    def __init__(self):
        quote = connection.ops.quote_name
        meta = DailyEntry._meta
        self.table = quote(meta.db_table)
        self.patient = quote(meta.get_field("patient").column)
        self.day = quote(meta.get_field("day").column)
        self._quote = quote

    def column(self, measure_or_option):
        return f"e.{self._quote(DailyEntry._meta.get_field(measure_or_option.field).column)}"

    def field(self, name):
        return f"e.{self._quote(DailyEntry._meta.get_field(name).column)}"

    def value(self, measure):
        """The column as a number: yes/no answers count as 0 and 1."""
        if measure.scale.kind == measures.Kind.YES_NO:
            return f"CAST({self.column(measure)} AS INTEGER)"
        return self.column(measure)

    @staticmethod
    def days_after(day, days):
        """The date `days` days after the date `day` (before it, if negative)."""
        if connection.vendor == "postgresql":
            return f"({day} + {int(days)})"
        return f"DATE({day}, '{int(days):+d} days')"

    @staticmethod
    def to_date(value):
        """A date computed in SQL: SQLite returns it as text."""
        return date.fromisoformat(value) if isinstance(value, str) else value
