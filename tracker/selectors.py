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


def entry_on(*, patient, day):
    return DailyEntry.objects.filter(patient=patient, day=day).first()


def history(*, patient):
    return DailyEntry.objects.filter(patient=patient).order_by("-day")


def next_appointment(*, patient, today):
    return Appointment.objects.filter(patient=patient, date__gte=today).order_by("date").first()


def appointments(*, patient):
    return list(Appointment.objects.filter(patient=patient).order_by("-date"))
