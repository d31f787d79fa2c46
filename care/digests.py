"""The weekly digest: on Monday morning in each clinician's time zone, one email saying how
many of her patients have new alerts, with a link to her patient list. No names, no symptoms.

"New" means raised since her previous digest was recorded (ever, before her first) and still
unseen; a patient with a live grant to her counts once however many alerts she has. A
clinician without a `ClinicianProfile` follows `DEFAULT_ZONE` (Europe/London, the profile's
default).

Sent once: the `WeeklyDigest` row (unique per clinician and week) is recorded first, and the
send task claims it by setting `sent_at` with a conditional UPDATE; only the task that changed
the row sends. A failed send hands the row back and the task retries. A worker killed between
the claim and the mail server's answer loses that week's email (at most once, not at least
once): the next digest still counts those alerts if they are unseen and new since the last.
"""

import zoneinfo
from datetime import UTC, datetime, time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from care.models import Alert, ClinicianProfile, Grant, WeeklyDigest

DEFAULT_ZONE = ClinicianProfile._meta.get_field("time_zone").default
# Monday from this hour to midnight, her time; the hourly dispatcher sends at its first tick.
SEND_FROM = time(8, 0)
MONDAY = 0
# "Since her previous digest", before her first one.
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def due_weeks(*, now):
    """The week (its Monday) of each time zone in use where it is now Monday from `SEND_FROM`
    on: {monday: [zone names]}."""
    zones = {DEFAULT_ZONE, *ClinicianProfile.objects.values_list("time_zone", flat=True)}
    due = {}
    for name in sorted(zones):
        local = timezone.localtime(now, zoneinfo.ZoneInfo(name))
        if local.weekday() == MONDAY and local.time() >= SEND_FROM:
            due.setdefault(local.date(), []).append(name)
    return due


def record_due_digests(*, now=None):
    """Record a digest row for each clinician due now who has patients with new alerts, and
    return the ids of those rows still unsent (new or left from an earlier tick). Per week due
    (almost always one): one query finds the clinicians and counts, one inserts."""
    now = now or timezone.now()
    pending = []
    for week, zones in due_weeks(now=now).items():
        previous = WeeklyDigest.objects.filter(
            clinician=OuterRef("clinician"), week__lt=week
        ).order_by("-week")
        new_alerts = Alert.objects.filter(
            patient=OuterRef("patient"),
            seen_at=None,
            raised_at__gt=Coalesce(OuterRef("since"), Value(NEVER)),
        )
        counts = (
            Grant.objects.live(now=now)
            .annotate(
                zone=Coalesce("clinician__clinician_profile__time_zone", Value(DEFAULT_ZONE)),
                since=Subquery(previous.values("created_at")[:1]),
            )
            .filter(Exists(new_alerts), zone__in=zones)
            .values("clinician_id")
            .annotate(patients=Count("patient_id", distinct=True))
        )
        WeeklyDigest.objects.bulk_create(
            [
                WeeklyDigest(
                    clinician_id=row["clinician_id"],
                    week=week,
                    patients=row["patients"],
                    created_at=now,
                )
                for row in counts
            ],
            ignore_conflicts=True,
        )
        pending += WeeklyDigest.objects.filter(week=week, sent_at=None).values_list("id", flat=True)
    return pending


def send_digest(*, digest_id, now=None):
    """Send one recorded digest if no one has: returns True when this call sent it."""
    claimed = WeeklyDigest.objects.filter(pk=digest_id, sent_at=None).update(
        sent_at=now or timezone.now()
    )
    if not claimed:
        return False
    digest = WeeklyDigest.objects.select_related("clinician").get(pk=digest_id)
    try:
        digest_email(digest).send()
    except Exception:
        # Hand it back, so that the retry (or the next tick) can claim it again.
        WeeklyDigest.objects.filter(pk=digest_id).update(sent_at=None)
        raise
    return True


def digest_email(digest):
    context = {
        "patients": digest.patients,
        "week": digest.week,
        "list_url": settings.SITE_URL + reverse("care:patients"),
    }
    email = EmailMultiAlternatives(
        subject="Your patients' diaries: new alerts this week",
        body=render_to_string("care/email/digest.txt", context),
        to=[digest.clinician.email],
    )
    email.attach_alternative(render_to_string("care/email/digest.html", context), "text/html")
    return email
