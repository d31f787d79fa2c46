"""Writes for reminders: record who is due, hand batches to send tasks, send each email once.

The guard against sending twice is the database, not the queue: a delivery row is unique per
patient, local date and kind, and a send task claims rows with a conditional UPDATE (only rows
still pending become sending, marked with the task run's claim), so only the run that changed
a row sends it. A duplicate task, a retry or a second dispatcher finds nothing left to claim.
"""

import logging
import smtplib
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reminders import emails, links, selectors, transport
from reminders.models import SNOOZE_DAYS, Delivery, ReminderSettings
from tracker import selectors as tracker_selectors

logger = logging.getLogger(__name__)

# Longer than a send task's hard time limit: a row still "sending" after this has lost its
# worker (killed, machine gone), so the sweeper hands it back.
STUCK_AFTER = timedelta(minutes=10)
# A pending row whose task was queued this long ago and never ran: its message was lost.
REQUEUE_AFTER = timedelta(minutes=15)
# A row that crashed its send task this many times is marked failed instead of tried again.
MAX_ATTEMPTS = 5


SMTP_ERRORS = (smtplib.SMTPException, OSError)


class TransientSendError(Exception):
    """The mail server said "try again later" or could not be reached."""


def record_due_deliveries(*, now=None):
    """Record a pending delivery for every patient due a reminder now; returns how many.

    Runs on every dispatcher tick: one INSERT ... SELECT per time zone and kind
    (`transport.insert_pending`), so 100,000 patients due at once never travel through Python,
    and two ticks at once record each row once.
    """
    now = now or timezone.now()
    recorded = 0
    for time_zone in selectors.time_zones_in_use():
        for kind in Delivery.Kind:
            day, due = selectors.due_in_zone(kind=kind, time_zone=time_zone, now=now)
            recorded += transport.insert_pending(due, kind=kind, day=day, now=now)
    return recorded


def take_batch_to_queue(*, size, now=None):
    """Mark up to `size` pending deliveries that no task holds as queued; returns their ids.

    Locked rows are skipped (PostgreSQL), so two dispatchers take different batches.
    """
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=Delivery.Status.PENDING, queued_at__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)[:size]
        )
        Delivery.objects.filter(id__in=ids).update(queued_at=now or timezone.now())
    return ids


def release_stuck(*, now=None):
    """Hand back rows whose worker died or whose task message was lost; returns how many.

    Rows stuck in "sending" go back to pending; pending rows queued long ago are queued again.
    Rows that have used up their attempts are marked failed. The caller then queues them.
    """
    now = now or timezone.now()
    gave_up = Delivery.objects.filter(
        status=Delivery.Status.SENDING,
        claimed_at__lt=now - STUCK_AFTER,
        attempts__gte=MAX_ATTEMPTS,
    ).update(status=Delivery.Status.FAILED, error=f"Gave up after {MAX_ATTEMPTS} attempts.")
    stuck = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(status=Delivery.Status.PENDING, claim=None, queued_at=None)
    lost = Delivery.objects.filter(
        status=Delivery.Status.PENDING, queued_at__lt=now - REQUEUE_AFTER
    ).update(queued_at=None)
    if gave_up or stuck or lost:
        logger.warning(
            "Reminders: %d stuck in sending, %d lost in the queue, %d given up",
            stuck,
            lost,
            gave_up,
        )
    return stuck + lost


def _still_due(delivery):
    """Re-checked just before sending: she may have logged, snoozed or stopped since."""
    if delivery.quiet:
        return False
    if delivery.kind == Delivery.Kind.DAILY:
        return not delivery.logged
    return delivery.appointment_id is not None


def _is_transient(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
    else:
        codes = [getattr(error, "smtp_code", None)]
    return any(code is None or 400 <= code < 500 for code in codes)


def _mark(delivery_id, claim, **fields):
    """Update a row this run holds; a row the sweeper took back is left alone."""
    Delivery.objects.filter(id=delivery_id, claim=claim).update(claim=None, **fields)


def send_deliveries(*, delivery_ids, final_attempt=True):
    """Claim the pending ones among `delivery_ids`, re-check them and send, one connection.

    Each row is marked sent once the server has taken its email, and the mark is committed
    before the next email goes (see transport.Outbox). A transient error ("try again later",
    no connection) stops the batch: rows not sent yet go back to pending for the task's retry
    (or are marked failed on the last attempt) and TransientSendError is raised. A permanent
    refusal of one address marks that row failed and the batch goes on.

    What "exactly once" means here. A row is claimed (pending -> sending) before its email
    goes, so two runs never send the same row, and the server has taken the email before
    its row is marked sent, so a marked row was delivered. The one gap is a worker killed
    between the server's "250 OK" for an email and the commit of that row's mark: at most one
    row per mail connection, always the last email that connection sent. That row stays
    "sending" and the sweeper sends it again after STUCK_AFTER, with the same Message-ID so
    that mail servers can drop the copy. A worker killed anywhere else (building an email,
    in the envelope, waiting on the server's answer to the data, between batches) leaves
    every email the server took marked sent, and every other row to be sent once after the
    sweep. tests/reminders/test_integration.py kills a worker that way, mid-batch.
    A row whose mark failed (the database went away) also stays "sending" for the sweeper:
    it is never handed back as pending by this run.
    """
    claim = uuid.uuid4()
    Delivery.objects.filter(id__in=delivery_ids, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING,
        claim=claim,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    claimed = selectors.claimed(delivery_ids=delivery_ids, claim=claim)
    # The rows this run holds, found by primary key: the claim column has no index.
    held = Delivery.objects.filter(id__in=delivery_ids, claim=claim)
    outbox = transport.Outbox(claim=claim)
    sent = 0
    try:
        due = [delivery for delivery in claimed if _still_due(delivery)]
        if len(due) < len(claimed):
            held.exclude(id__in=[d.id for d in due]).update(
                status=Delivery.Status.SKIPPED, claim=None
            )
        if not due:
            return 0
        layouts = {}
        with outbox:
            for delivery in due:
                message = emails.reminder_message(delivery, layouts=layouts)
                try:
                    outbox.send(delivery.id, message)
                except SMTP_ERRORS as error:
                    if _is_transient(error):
                        raise
                    _mark(delivery.id, claim, status=Delivery.Status.FAILED, error=str(error))
                else:
                    sent += 1
    except SMTP_ERRORS as error:
        # "Try again later", or no connection at all: the whole rest of the batch waits.
        if final_attempt:
            held.exclude(id__in=outbox.unsure).update(
                status=Delivery.Status.FAILED, claim=None, error=str(error)
            )
        raise TransientSendError(str(error)) from error
    finally:
        # Whatever this run claimed and did not send goes back for the next attempt.
        held.exclude(id__in=outbox.unsure).update(status=Delivery.Status.PENDING, claim=None)
    return sent


@transaction.atomic
def set_enabled(*, patient, enabled):
    ReminderSettings.objects.update_or_create(patient=patient, defaults={"enabled": enabled})


@transaction.atomic
def save_settings(*, profile, enabled, reminder_time, time_zone):
    """Her reminder time and zone (kept on her profile) and whether reminders are on, together."""
    profile.reminder_time, profile.time_zone = reminder_time, time_zone
    profile.save(update_fields=["reminder_time", "time_zone", "updated_at"])
    set_enabled(patient=profile.user, enabled=enabled)


@transaction.atomic
def snooze(*, patient, today):
    """No reminders for SNOOZE_DAYS days after `today`; returns the day they resume."""
    resume_on = today + timedelta(days=SNOOZE_DAYS + 1)
    ReminderSettings.objects.update_or_create(patient=patient, defaults={"resume_on": resume_on})
    return resume_on


def resume(*, patient):
    ReminderSettings.objects.filter(patient=patient).update(resume_on=None)


def delivery_for_link(*, delivery_id):
    """The delivery a link names, if that link still works; BadLink when it does not."""
    delivery = (
        Delivery.objects.select_related("patient__patient_profile").filter(id=delivery_id).first()
    )
    if delivery is None:
        raise links.BadLink("invalid", "This link is not valid any more.")
    if delivery.link_used_at is not None:
        used_on = tracker_selectors.local_today(
            delivery.patient.patient_profile, now=delivery.link_used_at
        )
        raise links.BadLink(
            "used",
            f"This link was already used, on {selectors.day_in_words(used_on)}. "
            "Each link in a reminder email works once.",
        )
    return delivery


@transaction.atomic
def use_link(*, delivery_id, action):
    """Do what a signed email link asks, once; returns the delivery and the resume date.

    The guarded UPDATE makes a link single-use: of two clicks at once only one changes the
    row; the other is refused like any later click. The resume date is None for "stop".
    """
    delivery = delivery_for_link(delivery_id=delivery_id)
    if not Delivery.objects.filter(id=delivery_id, link_used_at__isnull=True).update(
        link_used_at=timezone.now(), link_action=action
    ):
        delivery_for_link(delivery_id=delivery_id)  # raises "already used"
    if action == links.STOP:
        set_enabled(patient=delivery.patient, enabled=False)
        return delivery, None
    today = tracker_selectors.local_today(delivery.patient.patient_profile)
    return delivery, snooze(patient=delivery.patient, today=today)
