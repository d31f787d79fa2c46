"""Reads for reminders: who is due now, and when a patient's next reminder comes."""

import zoneinfo
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from reminders.models import Delivery, ReminderSettings
from tracker.models import Appointment, DailyEntry, PatientProfile

APPOINTMENT_NOTICE = timedelta(days=2)


def reminder_settings(*, patient):
    """Her settings, or the defaults (on, not snoozed) when she never changed them."""
    return ReminderSettings.objects.filter(patient=patient).first() or ReminderSettings(
        patient=patient
    )


def quiet(*, patient, day):
    """Settings under which `patient` gets no reminder on `day` (both may be OuterRefs)."""
    return ReminderSettings.objects.filter(Q(enabled=False) | Q(resume_on__gt=day), patient=patient)


def logged(*, patient, day):
    return DailyEntry.objects.filter(patient=patient, day=day)


def claimed(*, delivery_ids, claim):
    """The deliveries a send task run holds, with what is needed to re-check and send them."""
    patient, day = OuterRef("patient"), OuterRef("local_date")
    return list(
        Delivery.objects.filter(id__in=delivery_ids, claim=claim)
        .annotate(
            quiet=Exists(quiet(patient=patient, day=day)),
            logged=Exists(logged(patient=patient, day=day)),
        )
        .select_related("patient")
        .order_by("id")
    )


def time_zones_in_use():
    """The distinct time zones of patients (from the profile index on time zone)."""
    return list(PatientProfile.objects.order_by().values_list("time_zone", flat=True).distinct())


def due_in_zone(*, kind, time_zone, now):
    """Her local date in `time_zone`, and the patients there due a reminder of `kind` now.

    The patients are a query of `user_id` (daily) or `user_id, appointment_id` (appointment)
    rows, for the dispatcher to insert from in one statement. Due means: her local reminder
    time has passed on her local date, her reminders are on and not snoozed for that date, she
    has no delivery of that kind for that date yet, and
    - daily: she has not logged that date;
    - appointment: she has an appointment two days after that date.
    Wall-clock times are compared, so on the day the clocks go forward a reminder set inside
    the skipped hour is due from the first minute after it, and on the day they go back the
    delivery row for the date keeps the repeated hour from sending a second one.
    """
    local = timezone.localtime(now, zoneinfo.ZoneInfo(time_zone))
    day = local.date()
    patient = OuterRef("user")
    delivered = Delivery.objects.filter(patient=patient, local_date=day, kind=kind)
    profiles = (
        PatientProfile.objects.filter(
            time_zone=time_zone,
            reminder_time__lte=local.time().replace(tzinfo=None),
            user__is_active=True,
        )
        .exclude(Exists(quiet(patient=patient, day=day)) | Exists(delivered))
        .order_by()
    )
    if kind == Delivery.Kind.DAILY:
        profiles = profiles.exclude(Exists(logged(patient=patient, day=day)))
        return day, profiles.values_list("user_id")
    appointment = Appointment.objects.filter(patient=patient, date=day + APPOINTMENT_NOTICE)
    profiles = profiles.annotate(appointment_id=Subquery(appointment.values("id")[:1])).filter(
        appointment_id__isnull=False
    )
    return day, profiles.values_list("user_id", "appointment_id")


def next_reminder(*, patient, profile, settings, today):
    """The local date and time of her next daily reminder, or None when reminders are off.

    `settings` is her ReminderSettings and `today` her local date, both already read by the
    caller.
    """
    if not settings.enabled:
        return None
    day = today
    if settings.quiet_on(today):
        day = settings.resume_on
    elif (
        logged(patient=patient, day=today).exists()
        or Delivery.objects.filter(
            patient=patient, local_date=today, kind=Delivery.Kind.DAILY
        ).exists()
    ):
        day = today + timedelta(days=1)
    return datetime.combine(day, profile.reminder_time)


def when_in_words(when, *, today, time_zone):
    """ "Tomorrow at 20:00, Auckland time" for a local date and time."""
    place = time_zone.rsplit("/", 1)[-1].replace("_", " ")
    if when.date() == today:
        day = "Today"
    elif when.date() == today + timedelta(days=1):
        day = "Tomorrow"
    else:
        day = day_in_words(when.date())
    return f"{day} at {when:%H:%M}, {place} time"


def day_in_words(day):
    """ "Wednesday 2 December" """
    return f"{day:%A} {day.day} {day:%B}"
