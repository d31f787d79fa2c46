from django.conf import settings
from django.db import models
from django.db.models import Q

# "Snooze": no reminders for this many days after today.
SNOOZE_DAYS = 7


class ReminderSettings(models.Model):
    """Whether a patient wants reminders. No row means the defaults: on, not snoozed.

    Her reminder time and time zone live on `tracker.PatientProfile`.
    """

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_settings",
    )
    enabled = models.BooleanField("send me reminder emails", default=True)
    # Snoozed: no reminder on a local date before this one.
    resume_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self):
        return f"Reminder settings of {self.patient}"

    def quiet_on(self, day):
        """True when this patient gets no reminder on her local date `day`."""
        return not self.enabled or (self.resume_on is not None and day < self.resume_on)


class Delivery(models.Model):
    """One reminder for one patient on one of her local dates, recorded before it is sent.

    The row is the guard against sending twice: it is unique per patient, local date and kind,
    and a send task moves it from pending to sending with a conditional UPDATE before it sends.
    """

    class Kind(models.TextChoices):
        DAILY = "daily", "Daily reminder"
        APPOINTMENT = "appointment", "Appointment reminder"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"
        FAILED = "failed", "Failed"

    # No index of its own: the unique constraint below starts with the patient.
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        db_index=False,
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    local_date = models.DateField()
    # Indexed below for appointment rows only: daily rows, nearly all, leave it NULL.
    appointment = models.ForeignKey(
        "tracker.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a send task was last queued for it; the sweeper queues one again if that got lost.
    queued_at = models.DateTimeField(null=True, blank=True)
    # The send task run that holds it while it is sending.
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # A link in the email (snooze or stop) works once.
    link_used_at = models.DateTimeField(null=True, blank=True)
    link_action = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            # Also the index behind the dispatcher's "no delivery yet" anti-join.
            models.UniqueConstraint(
                fields=["patient", "local_date", "kind"], name="delivery_one_per_patient_day_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind="appointment") | Q(appointment__isnull=True),
                name="delivery_appointment_only_for_appointment_kind",
            ),
        ]
        indexes = [
            # Pending rows only: take_batch_to_queue (queued_at IS NULL) and the sweeper
            # (queued_at < ...).
            models.Index(
                fields=["queued_at"], condition=Q(status="pending"), name="delivery_pending"
            ),
            # The sweeper's "stuck in sending since before ...".
            models.Index(
                fields=["claimed_at"], condition=Q(status="sending"), name="delivery_sending"
            ),
            # Deleting an appointment sets its reminders' appointment to NULL.
            models.Index(
                fields=["appointment"],
                condition=Q(appointment__isnull=False),
                name="delivery_appointment",
            ),
            # reminder_report: one local date.
            models.Index(fields=["local_date", "status"], name="delivery_by_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.patient} on {self.local_date}"
