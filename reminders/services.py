"""Writes for reminders: record who is due, hand batches to send tasks, send each email once.

The guard against sending twice is the database, not the queue: a delivery row is unique per
patient, local date and kind, and a send task claims rows with a conditional UPDATE (only rows
still pending become sending, marked with the task run's claim), so only the run that changed
a row sends it. A duplicate task, a retry or a second dispatcher finds nothing left to claim.
"""

import logging
import os
import smtplib
import threading
import uuid
from contextlib import contextmanager, suppress
from datetime import timedelta

import psycopg
from django.core.mail import mailers
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from psycopg import pq

from reminders import emails, links, selectors
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

    Runs on every dispatcher tick: one INSERT ... SELECT per time zone and kind, so 100,000
    patients due at once never travel through Python. Two ticks at once insert the same rows:
    the unique constraint keeps one and ON CONFLICT DO NOTHING drops the other without an error.
    """
    now = now or timezone.now()
    table = connection.ops.quote_name(Delivery._meta.db_table)
    recorded = 0
    with connection.cursor() as cursor:
        for time_zone in selectors.time_zones_in_use():
            for kind in Delivery.Kind:
                day, due = selectors.due_in_zone(kind=kind, time_zone=time_zone, now=now)
                select, params = due.query.sql_with_params()
                appointment = "due.appointment_id" if kind == Delivery.Kind.APPOINTMENT else "NULL"
                # Only names from the model and SQL compiled by Django go into the text.
                # "WHERE true": SQLite would read ON CONFLICT as a join's ON without a WHERE.
                sql = (
                    f"INSERT INTO {table} (patient_id, appointment_id, kind, local_date, "  # noqa: S608
                    "status, created_at, attempts, error, link_action) "
                    f"SELECT due.user_id, {appointment}, %s, %s, %s, %s, 0, '', '' "
                    f"FROM ({select}) AS due WHERE true ON CONFLICT DO NOTHING"
                )
                cursor.execute(sql, [kind, day, Delivery.Status.PENDING, now, *params])
                recorded += cursor.rowcount
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


def _mark_sent_sql(placeholders):
    """The "sent" mark of one row this run holds, with the driver's placeholders."""
    table = connection.ops.quote_name(Delivery._meta.db_table)
    sent_at, delivery_id, claim = placeholders
    return (
        f"UPDATE {table} SET status = '{Delivery.Status.SENT}', sent_at = {sent_at}, "  # noqa: S608
        f"claim = NULL WHERE id = {delivery_id} AND claim = {claim}"
    )


def _mark_sent(delivery_id, claim, sent_at):
    """`_mark(..., status=SENT, sent_at=...)` on Django's connection, in line."""
    field = Delivery._meta.get_field
    with connection.cursor() as cursor:
        cursor.execute(
            _mark_sent_sql(["%s"] * 3),
            [
                field("sent_at").get_db_prep_value(sent_at, connection),
                delivery_id,
                field("claim").get_db_prep_value(claim, connection),
            ],
        )


class MarksConnection:
    """A PostgreSQL connection of the worker process's own for "sent" marks, kept across batches.

    A mark goes out as libpq's asynchronous send of a statement prepared once (committed on
    its own, in autocommit) and its result is read later, so the sender does not wait for the
    commit. In bench/fanout.py this cost the worker 0.85 ms of CPU per email where a thread
    running Django's cursor on a second connection cost 1.3 ms: the cursor, the thread's
    hand-over and the wait each cost more than the database spent on the UPDATE.
    Any failure closes it (the next batch makes a new one) and raises Django's
    OperationalError, which the send task retries.
    """

    STATEMENT = b"reminders_mark_sent"
    # Shown in pg_stat_activity, to tell these connections from Django's.
    APPLICATION_NAME = "reminder marks"
    # By process and thread: a libpq connection is used by one thread, and never across a fork.
    _open = {}

    @classmethod
    def current(cls):
        """This process's and thread's connection, made on first use and checked each batch."""
        key = (os.getpid(), threading.get_ident())
        own = cls._open.get(key)
        if own is None or not own.alive():
            own = cls._open[key] = cls()
        return own

    @classmethod
    def close_current(cls):
        own = cls._open.pop((os.getpid(), threading.get_ident()), None)
        if own is not None:
            with suppress(psycopg.Error):
                own.raw.close()

    def __init__(self):
        params = connection.get_connection_params() | {"application_name": self.APPLICATION_NAME}
        with self._errors():
            self.raw = psycopg.connect(**params, autocommit=True)
            self.pgconn = self.raw.pgconn
            self.pgconn.nonblocking = 0  # each send returns once it is all written
            sql = _mark_sent_sql(["$1", "$2", "$3"]).encode()
            self._check(self.pgconn.prepare(self.STATEMENT, sql))

    def alive(self):
        """False when the server has dropped it (a restart, a failover, an idle timeout)."""
        try:
            with self._errors():
                self._check(self.pgconn.exec_(b"SELECT 1"))
        except OperationalError:
            return False
        return True

    def send_mark(self, delivery_id, claim, sent_at):
        with self._errors():
            params = [sent_at.isoformat().encode(), str(delivery_id).encode(), str(claim).encode()]
            self.pgconn.send_query_prepared(self.STATEMENT, params)

    def wait(self):
        """Return once the mark sent last is committed."""
        with self._errors():
            while (result := self.pgconn.get_result()) is not None:
                self._check(result)

    def _check(self, result):
        if result.status not in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
            raise psycopg.OperationalError(result.error_message.decode(errors="replace"))

    @contextmanager
    def _errors(self):
        try:
            yield
        except psycopg.Error as error:
            with suppress(psycopg.Error, AttributeError):
                self.raw.close()
            raise OperationalError(str(error)) from error


class SentMarks:
    """Commits each "sent" mark while the next email's envelope goes out.

    The mark of an email goes to the database (on the process's MarksConnection) while the
    next email's MAIL FROM and RCPT TO go to the mail server, and the sender waits for the
    commit before the next DATA: at any moment at most one email per connection has been
    taken by the server and not yet recorded, as when each row was marked in line, but the
    commit's wait is hidden behind two SMTP round trips instead of adding to them.

    Inside a transaction (a caller's atomic block, the tests') another connection cannot see
    the rows this run claimed, and SQLite takes one writer at a time: there the marks are
    made in line on Django's connection.
    """

    def __init__(self, claim):
        self.claim = claim
        self.unsure = set()  # taken by the server, but its mark could not be written
        self._pending = None  # the row whose mark was sent and is not known to be committed
        self._own = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self._own = MarksConnection.current()

    def add(self, delivery_id):
        """The server took this row's email: record it (after the previous mark is in)."""
        try:
            self.wait()
            if self._own is None:
                _mark_sent(delivery_id, self.claim, timezone.now())
            else:
                self._own.send_mark(delivery_id, self.claim, timezone.now())
                self._pending = delivery_id
        except Exception:
            self.unsure.add(delivery_id)
            raise

    def wait(self):
        """Return once every mark handed over is committed; raise its error if one failed."""
        if self._pending is None:
            return
        delivery_id, self._pending = self._pending, None
        try:
            self._own.wait()
        except Exception:
            self.unsure.add(delivery_id)
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.wait()


def send_deliveries(*, delivery_ids, final_attempt=True):
    """Claim the pending ones among `delivery_ids`, re-check them and send, one connection.

    Each row is marked sent once the server has taken its email, before the next email's
    data goes (see SentMarks). A transient error ("try again later", no connection) stops the
    batch: rows not sent yet go back to pending for the task's retry (or are marked failed on
    the last attempt) and TransientSendError is raised. A permanent refusal of one address
    marks that row failed and the batch goes on.

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
    sent = 0
    unsure = set()
    try:
        due = [delivery for delivery in claimed if _still_due(delivery)]
        if len(due) < len(claimed):
            held.exclude(id__in=[d.id for d in due]).update(
                status=Delivery.Status.SKIPPED, claim=None
            )
        if not due:
            return 0
        layouts = {}
        with mailers.default as connection, SentMarks(claim) as marks:
            unsure = marks.unsure
            for delivery in due:
                message = emails.reminder_message(delivery, layouts=layouts)
                try:
                    emails.send(connection, message, before_data=marks.wait)
                except SMTP_ERRORS as error:
                    if _is_transient(error):
                        raise
                    _mark(delivery.id, claim, status=Delivery.Status.FAILED, error=str(error))
                else:
                    marks.add(delivery.id)
                    sent += 1
    except SMTP_ERRORS as error:
        # "Try again later", or no connection at all: the whole rest of the batch waits.
        if final_attempt:
            held.exclude(id__in=unsure).update(
                status=Delivery.Status.FAILED, claim=None, error=str(error)
            )
        raise TransientSendError(str(error)) from error
    finally:
        # Whatever this run claimed and did not send goes back for the next attempt.
        held.exclude(id__in=unsure).update(status=Delivery.Status.PENDING, claim=None)
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
