"""Reads of the patient's diary: plain functions, each scoped to one patient."""

from dataclasses import dataclass

from django.db.models import Avg, Count, IntegerField, Max, Min, Q
from django.db.models.functions import Cast
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


def entry_on(*, patient, day):
    return DailyEntry.objects.filter(patient=patient, day=day).first()


def history(*, patient):
    return DailyEntry.objects.filter(patient=patient).order_by("-day")


def next_appointment(*, patient, today):
    return Appointment.objects.filter(patient=patient, date__gte=today).order_by("date").first()


def appointments(*, patient):
    return list(Appointment.objects.filter(patient=patient).order_by("-date"))


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
    """
    if not windows:
        return {}
    aggregates = {}
    for name, (first, last) in windows.items():
        in_window = Q(day__range=(first, last))
        aggregates[f"{name}__logged"] = Count("pk", filter=in_window)
        for measure in of:
            value = _numeric(measure)
            prefix = f"{name}__{measure.code}"
            aggregates[f"{prefix}__days"] = Count(measure.field, filter=in_window)
            aggregates[f"{prefix}__average"] = Avg(value, filter=in_window)
            aggregates[f"{prefix}__worst"] = Max(value, filter=in_window)
            if measure.severe_at is not None:
                severe = in_window & Q(**{f"{measure.field}__gte": measure.severe_at})
                aggregates[f"{prefix}__severe"] = Count("pk", filter=severe)
    row = DailyEntry.objects.filter(patient=patient).aggregate(**aggregates)
    return {
        name: WindowStats(
            days_logged=row[f"{name}__logged"],
            by_measure={
                measure.code: MeasureStats(
                    days=row[f"{name}__{measure.code}__days"],
                    average=_float(row[f"{name}__{measure.code}__average"]),
                    worst=row[f"{name}__{measure.code}__worst"],
                    severe_days=row.get(f"{name}__{measure.code}__severe", 0),
                )
                for measure in of
            },
        )
        for name in windows
    }


def _numeric(measure):
    """Yes/no answers as 0 and 1, so the database can average them."""
    if measure.scale.kind == measures.Kind.YES_NO:
        return Cast(measure.field, IntegerField())
    return measure.field


def _float(value):
    return None if value is None else float(value)
