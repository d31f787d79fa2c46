"""The clinician's side: who a patient shares her diary with, the links she hands out, every
view of her data, and the alerts her care team has to see.

A grant is live while it is neither revoked nor past its end; every lookup of a patient by a
clinician goes through `Grant.objects.live()` (see `care.access`).
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from tracker import phones
from tracker.models import _time_zone_choices

# How long an invitation or a visit link can be used at most.
LINK_DAYS = 7


def end_of_day(day, zone_name):
    """The moment `day` ends in the time zone `zone_name`: access "until 31 December" lasts
    through that whole day where the patient lives."""
    zone = zoneinfo.ZoneInfo(zone_name)
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


class GrantQuerySet(models.QuerySet):
    def live(self, *, now=None):
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at=None)


class Grant(models.Model):
    """A patient lets a clinician account read her diary, until she revokes it or it ends."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants_given"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants_received"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The last day of access she chose (her local date), and the moment it ends.
    ends_on = models.DateField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One grant not revoked per pair; an expired one is closed (revoked_at set to its
            # end) before a new one is made: `care.services.share_with`.
            models.UniqueConstraint(
                fields=["patient", "clinician"],
                condition=Q(revoked_at__isnull=True),
                name="care_grant_one_live_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True, expires_at__isnull=True)
                | Q(ends_on__isnull=False, expires_at__isnull=False),
                name="care_grant_end_date_and_moment_together",
            ),
        ]
        indexes = [
            # The clinician's patient list: her grants not revoked.
            models.Index(
                fields=["clinician", "patient"],
                condition=Q(revoked_at__isnull=True),
                name="care_grant_clinician_open",
            ),
        ]

    def __str__(self):
        return f"{self.patient} shares with {self.clinician}"

    def is_live(self, *, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class Invitation(models.Model):
    """A patient asked someone without a clinician account to join her care team.

    The email carries a signed link (`care.links`) naming this row; the row makes it single
    use (`accepted_at`) and revocable.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    email = models.EmailField()
    ends_on = models.DateField(null=True, blank=True)  # the grant's last day, once accepted
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Her sharing page: her invitations still open.
            models.Index(
                fields=["patient", "created_at"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="care_invitation_open",
            ),
        ]

    def __str__(self):
        return f"{self.patient} invites {self.email}"

    def is_open(self, *, now=None):
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class VisitLink(models.Model):
    """A link to the summary of one period, for someone without an account (a GP, a
    physiotherapist): valid for at most `LINK_DAYS`, revocable, the summary only."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visit_links"
    )
    label = models.CharField("who it is for", max_length=80, blank=True)
    start = models.DateField()
    end = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="care_visit_link_period"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="care_visit_link_expires_after_creation",
            ),
        ]

    def __str__(self):
        return f"Visit link of {self.patient} ({self.start} to {self.end})"

    def is_live(self, *, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class AccessEvent(models.Model):
    """One opening of a patient's data by someone else: a clinician or a visit link.

    The patient reads these on her sharing page, newest first.
    """

    class What(models.TextChoices):
        PATIENT_PAGE = "patient_page", "Summary, charts and therapy"
        SUMMARY = "summary", "Summary"
        EXPORT_CSV = "export_csv", "Diary download (CSV)"
        EXPORT_FHIR = "export_fhir", "Diary download (FHIR)"
        ALERTS_SEEN = "alerts_seen", "Marked alerts as seen"
        ALERT_KNOWN = "alert_known", "Marked an alert known, being managed"
        BREAK_CONFIRMED = "break_confirmed", "Confirmed your break"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_events"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_events_made",
    )
    visit_link = models.ForeignKey(
        VisitLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="openings"
    )
    # Kept in words too: the log must still say who looked after an account or link is gone.
    viewer = models.CharField(max_length=254)
    what = models.CharField(max_length=16, choices=What.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        indexes = [
            # Her sharing page: her log, newest first.
            models.Index(fields=["patient", "-at"], name="care_access_patient_newest"),
        ]

    def __str__(self):
        return f"{self.viewer}: {self.get_what_display()} of {self.patient} at {self.at}"


class Alert(models.Model):
    """A reason of the alert rule (`reports.alerts`) raised for a patient, kept until a
    clinician marks it seen or "known, being managed".

    At most one unseen row per patient and reason (`key`); a reason seen is raised again as a
    new row only by new evidence (`care.alerts`), so the rows of a reason are its history.
    """

    class Priority(models.IntegerChoices):
        STOPPING = 1, "May be stopping the tablet"
        SYMPTOMS = 2, "Symptoms"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_alerts"
    )
    key = models.CharField(max_length=64)
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.SYMPTOMS)
    reason = models.TextField()
    # The evidence: its day, how bad (`level`) and, for a state, the level that is worse.
    day = models.DateField()
    level = models.FloatField(default=0)
    worse_at = models.FloatField(null=True, blank=True)
    # The last day the rule found this reason: a state gone for a week is raised anew.
    present_on = models.DateField(null=True, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # "Known, being managed" until this day (her date): only worse evidence raises it before.
    known_until = models.DateField(null=True, blank=True)
    known_at = models.DateTimeField(null=True, blank=True)
    known_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "key", "day"], name="care_alert_one_per_reason_and_day"
            ),
            models.UniqueConstraint(
                fields=["patient", "key"],
                condition=Q(seen_at__isnull=True),
                name="care_alert_one_unseen_per_reason",
            ),
            models.CheckConstraint(
                condition=Q(known_until__isnull=True) | Q(seen_at__isnull=False),
                name="care_alert_known_is_seen",
            ),
        ]
        indexes = [
            # The patient list: each patient's unseen alerts.
            models.Index(
                fields=["patient", "raised_at"],
                condition=Q(seen_at__isnull=True),
                name="care_alert_unseen",
            ),
            # The memory: each reason's latest row.
            models.Index(fields=["patient", "key", "-raised_at"], name="care_alert_latest"),
        ]

    def __str__(self):
        return f"{self.key} for {self.patient} ({self.day})"

    @property
    def is_state(self):
        return self.worse_at is not None


class ClinicianProfile(models.Model):
    """What the care side needs to know about a clinician beyond the account: the name the
    patients see, and the time zone her weekly digest follows."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="clinician_profile",
    )
    name = models.CharField("your name as patients see it", max_length=120)
    time_zone = models.CharField(max_length=64, choices=_time_zone_choices, default="Europe/London")
    # Shown on the "Get help now" card of every patient who shares her diary with her.
    service_name = models.CharField("your service's name", max_length=120, blank=True)
    service_phone = models.CharField(
        "your service's 24-hour number", max_length=32, blank=True, validators=[phones.validate]
    )

    def __str__(self):
        return self.name


class WeeklyDigest(models.Model):
    """The weekly email telling a clinician how many of her patients have new alerts.

    Recorded before it is sent, one per clinician and week (the Monday of her local week), so
    a second dispatcher or a tick that runs twice cannot send it again; the send task claims
    it with a conditional UPDATE of `sent_at` (`care.digests`).
    """

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_digests"
    )
    week = models.DateField()
    patients = models.PositiveIntegerField()  # how many had new alerts when it was recorded
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "week"], name="care_digest_one_per_clinician_and_week"
            ),
        ]

    def __str__(self):
        return f"Digest for {self.clinician}, week of {self.week}"


def clinician_zone(clinician):
    """Her time zone: her profile's, else the profile's default (a clinician made in the admin
    may have no profile yet), as her weekly digest reads it (`care.digests`)."""
    try:
        name = clinician.clinician_profile.time_zone
    except ClinicianProfile.DoesNotExist:
        name = ClinicianProfile._meta.get_field("time_zone").default
    return zoneinfo.ZoneInfo(name)
