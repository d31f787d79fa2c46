"""Writes to the patient's diary: each function is one transaction."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.models import Appointment, DailyEntry, PatientProfile, TherapyPeriod


@transaction.atomic
def set_up_therapy(
    *,
    patient,
    drug,
    start,
    time_zone,
    reminder_time,
    next_appointment=None,
    care_name="",
    country="",
):
    """A new patient's first answers: her profile, her first therapy period, her next visit."""
    profile, _ = PatientProfile.objects.update_or_create(
        user=patient,
        defaults={
            "time_zone": time_zone,
            "reminder_time": reminder_time,
            "care_name": care_name,
            "country": country,
        },
    )
    if not TherapyPeriod.objects.filter(patient=patient).exists():
        TherapyPeriod.objects.create(patient=patient, drug=drug, start=start)
    if next_appointment:
        Appointment.objects.get_or_create(patient=patient, date=next_appointment)
    return profile


@transaction.atomic
def record_therapy_change(*, patient, kind, drug, starting):
    """Close the open period the day before `starting` and open a new one from it.

    A drug switch, a supervised break and a restart after a break are all this one change.
    """
    current = (
        TherapyPeriod.objects.select_for_update().filter(patient=patient, end__isnull=True).first()
    )
    if current is None:
        raise ValidationError("Tell us about your therapy first.")
    if starting <= current.start:
        raise ValidationError(
            {
                "starting": f"A change has to start after {current.start:%-d %B %Y}, "
                "when your current period began."
            }
        )
    if (kind, drug) == (current.kind, current.drug):
        raise ValidationError("That is the therapy you are on already: nothing would change.")
    current.end = starting - timedelta(days=1)
    current.save(update_fields=["end"])
    return TherapyPeriod.objects.create(patient=patient, kind=kind, drug=drug, start=starting)


@transaction.atomic
def correct_therapy_start(*, patient, start):
    """Move the first day of her therapy (a date mistyped when she set up her diary).

    Her timeline stays whole: the first period may not reach past the change after it, and
    the diary may not start after a day she logged.
    """
    first = (
        TherapyPeriod.objects.select_for_update().filter(patient=patient).order_by("start").first()
    )
    if first is None:
        raise ValidationError("Tell us about your therapy first.")
    if first.end is not None and start > first.end:
        raise ValidationError(
            {
                "start": f"Your next change began on {first.end + timedelta(days=1):%-d %B %Y}: "
                "the start has to be before it. Undo that change first if it is wrong too."
            }
        )
    earliest = DailyEntry.objects.filter(patient=patient, day__lt=start).order_by("day").first()
    if earliest is not None:
        raise ValidationError(
            {
                "start": f"You logged {earliest.day:%-d %B %Y} already: your therapy has to "
                "start on that day or before it."
            }
        )
    first.start = start
    first.save(update_fields=["start"])
    return first


@transaction.atomic
def undo_therapy_change(*, period):
    """Remove the latest change recorded by mistake and reopen the period before it."""
    periods = list(
        TherapyPeriod.objects.select_for_update()
        .filter(patient_id=period.patient_id)
        .order_by("-start")[:2]
    )
    if len(periods) < 2 or periods[0].pk != period.pk:
        raise ValidationError("Only the latest change can be undone.")
    latest, previous = periods
    latest.delete()
    previous.end = None
    previous.save(update_fields=["end"])
    return previous


def save_entry(*, patient, day, values):
    """Create or update the patient's entry for `day`: one row per day, whoever saves first.

    `update_or_create` locks the row if it exists; if two requests create the same new day at
    once, the unique constraint stops the second insert and Django retries it as an update.
    `update_or_create` runs in a transaction of its own.
    """
    return DailyEntry.objects.update_or_create(patient=patient, day=day, defaults=values)


def delete_entry(*, entry):
    """Delete one of her days (a day no longer there can change a week's averages)."""
    entry.delete()


def add_appointment(*, patient, date, note=""):
    appointment, _ = Appointment.objects.update_or_create(
        patient=patient, date=date, defaults={"note": note}
    )
    return appointment
