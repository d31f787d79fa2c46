"""Reads of the patient's diary: plain functions, each scoped to one patient."""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Min
from django.utils import timezone

from tracker import measures
from tracker.models import Appointment, DailyEntry, TherapyPeriod


def local_today(profile, *, now=None):
    """The patient's own date: "today" is where she lives, not where the server is."""
    return timezone.localtime(now or timezone.now(), profile.zone).date()


def therapy_start(*, patient):
    """The first day of her therapy, before which the diary does not go."""
    return TherapyPeriod.objects.filter(patient=patient).aggregate(start=Min("start"))["start"]


def therapy_timeline(*, patient):
    return list(TherapyPeriod.objects.filter(patient=patient).order_by("start"))


def period_on(timeline, day):
    """The therapy period covering `day`, from an already loaded timeline."""
    for period in timeline:
        if period.start <= day and (period.end is None or day <= period.end):
            return period
    return None


def day_of_therapy(start, day):
    """Day 1 is `start`, the day she took her first tablet."""
    return (day - start).days + 1


def therapy_day(timeline, today):
    """Her day of therapy on `today`, from an already loaded timeline; None before her
    therapy started or without one."""
    if not timeline:
        return None
    day = day_of_therapy(min(period.start for period in timeline), today)
    return day if day >= 1 else None


def entry_on(*, patient, day):
    return DailyEntry.objects.filter(patient=patient, day=day).first()


def history(*, patient):
    return DailyEntry.objects.filter(patient=patient).order_by("-day")


def recent_days(*, patient, first, last):
    """Her logged days from `first` to `last`, newest first, with only what the Today page
    shows (its two cards and the 4-week pain drawing): a day's row has some fifty columns."""
    return list(history(patient=patient).filter(day__range=(first, last)).only("day", "joint_pain"))


def day_answers(*, patient, first, last, fields):
    """Her logged days from `first` to `last` as a dict of day to its id and the named fields'
    answers: one query, through the unique (patient, day) index."""
    rows = DailyEntry.objects.filter(patient=patient, day__range=(first, last)).values(
        "id", "day", *fields
    )
    return {row["day"]: row for row in rows}


def appointments(*, patient):
    """Her appointments, newest first: read once a page, for its lines and its charts."""
    return list(Appointment.objects.filter(patient=patient).order_by("-date"))


def next_appointment(appointments, today):
    """Her first appointment on or after `today`, from already loaded appointments."""
    upcoming = (appointment for appointment in appointments if appointment.date >= today)
    return min(upcoming, key=lambda appointment: appointment.date, default=None)


def day_rows(*, patient, first, last, fields):
    """Her days from `first` to `last`, newest first like the diary, each a dict of "day"
    and the named fields, as the ORM's `values()` gives them.

    One hand-written query: for the couple of weeks the tips and the alert rule read, the ORM
    took longer to compose the query than the database to run it.
    """
    return days_by_patient(patient_ids=[patient.pk], first=first, last=last, fields=fields).get(
        patient.pk, []
    )


def days_by_patient(*, patient_ids, first, last, fields):
    """`day_rows` for many patients in one query (the nightly alert run reads a batch of
    fortnights at once): a dict of patient id to her rows; a patient with none is left out.
    Served by the unique (patient, day) index."""
    table = EntrySQL()
    names = ["day", *(name for name in fields if name != "day")]
    ids = list(patient_ids)
    if not ids:
        return {}
    sql = (
        f"SELECT e.{table.patient}, {', '.join(table.field(name) for name in names)} "  # noqa: S608 (model names)
        f"FROM {table.name} e WHERE e.{table.patient} IN ({', '.join(['%s'] * len(ids))}) "
        f"AND e.{table.day} BETWEEN {table.date_param} AND {table.date_param} "
        f"ORDER BY e.{table.patient}, e.{table.day} DESC"
    )
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, first, last])
        for patient_id, *row in cursor.fetchall():
            found.setdefault(patient_id, []).append(dict(zip(names, row, strict=True)))
    return found


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

    The windows are rows of a small table joined to her days and grouped, so the query has one
    column per measure and statistic however many windows there are. (Written with the ORM as
    one filtered aggregate per window and measure, building the query cost more than running
    it: 200 ms for seven windows.)
    """
    if not windows:
        return {}
    table = EntrySQL()
    select = []
    for measure in of:
        value, column = table.value(measure), table.column(measure)
        select += [f"COUNT({column})", f"AVG({value})", f"MAX({value})"]
        if measure.severe_at is not None:
            select.append(f"SUM(CASE WHEN {column} >= {int(measure.severe_at)} THEN 1 ELSE 0 END)")
    names = list(windows)
    pair = f"{table.date_param}, {table.date_param}"
    rows_sql = ", ".join(f"({n}, {pair})" for n in range(len(names)))
    params = [day for name in names for day in windows[name]]
    # Only names from the model and the catalogue are written into the SQL; values are params.
    sql = (
        f"WITH w(n, first_day, last_day) AS (VALUES {rows_sql}) "  # noqa: S608
        f"SELECT w.n, COUNT(*), {', '.join(select)} FROM w "
        f"JOIN {table.name} e ON e.{table.patient} = %s "
        f"AND e.{table.day} BETWEEN w.first_day AND w.last_day GROUP BY w.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, patient.pk])
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
            average=None if average is None else float(average),
            worst=None if worst is None else int(worst),
            severe_days=int(severe or 0),
        )
    return WindowStats(days_logged=row[0], by_measure=by_measure)


class EntrySQL:
    """Names for hand-written SQL over the diary's days, from the model and the catalogue."""

    def __init__(self):
        quote = connection.ops.quote_name
        meta = DailyEntry._meta
        self.name = quote(meta.db_table)
        self.patient = quote(meta.get_field("patient").column)
        self.day = quote(meta.get_field("day").column)
        self._quote = quote
        # SQLite stores dates as ISO text; PostgreSQL needs the parameter typed.
        self.date_param = "CAST(%s AS DATE)" if connection.vendor == "postgresql" else "%s"

    def column(self, measure_or_option):
        return self.field(measure_or_option.field)

    def field(self, name):
        """A model field's column by the field's name, e.g. "note"."""
        return f"e.{self._quote(DailyEntry._meta.get_field(name).column)}"

    @staticmethod
    def days_after(day, days):
        """SQL for the date `days` days after the date `day` (before it, if negative)."""
        if connection.vendor == "postgresql":
            return f"({day} + {int(days)})"
        return f"DATE({day}, '{int(days):+d} days')"

    @staticmethod
    def to_date(value):
        """A date read back from hand-written SQL: SQLite returns a computed one as text."""
        return date.fromisoformat(value) if isinstance(value, str) else value

    def value(self, measure):
        """The column as a number: yes/no answers count as 0 and 1."""
        if measure.scale.kind == measures.Kind.YES_NO:
            return f"CAST({self.column(measure)} AS INTEGER)"
        return self.column(measure)
