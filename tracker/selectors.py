"""Reads of the patient's diary: plain functions, each scoped to one patient."""

from django.db.models import Min
from django.utils import timezone

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


def notes(*, patient, first, last):
    """Her notes from `first` to `last`, whole, newest first, as (day, note) pairs: the care
    team reads every word she wrote (the printed summary has room for a few, cut short)."""
    return list(
        history(patient=patient)
        .filter(day__range=(first, last))
        .exclude(note="")
        .values_list("day", "note")
    )


def appointments(*, patient):
    """Her appointments, newest first: read once a page, for its lines and its charts."""
    return list(Appointment.objects.filter(patient=patient).order_by("-date"))


def next_appointment(appointments, today):
    """Her first appointment on or after `today`, from already loaded appointments."""
    upcoming = (appointment for appointment in appointments if appointment.date >= today)
    return min(upcoming, key=lambda appointment: appointment.date, default=None)
