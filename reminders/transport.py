"""The reminders' way in and out: the pending rows of those due (`insert_pending`), then a
batch's mail connection, each email's bytes, and its "sent" mark (`Outbox`).

`Outbox` is all that `services.send_deliveries` sees: opened for a batch, `send()` hands one
email to the mail server and records its row sent. What the guarantee needs from it: a row is
marked only once the server has taken its email, and the mark is committed before the next
email goes, so at any moment at most one email per connection has been taken and not recorded.

What is Django's here and what is not, measured with bench/fanout.py (`python -m bench.fanout
--patients 20000`: PostgreSQL, Redis, one worker of 4 processes, the SMTP sink in a process of
its own) on 2 December 2026, on 2 cores shared with other sessions' test runs. The load moved
from run to run, so each figure is the rate end to end over the floor measured in the same run,
and the variants ran one after another in five turns:

    variant, ratio to the floor by turn                1     2     3     4     5
    this module's path (in turn 1, the code before
      it, the same path)                               0.66  0.45  0.37  0.29  0.50
    smtplib's own sendmail, the mark's wait
      before MAIL instead of before DATA                           0.40  0.32  0.44
    Django's message() and SMTP backend (an
      EmailMultiAlternatives, one connection)                0.15        0.13
    each mark an ORM update, in line                   0.29        0.24        0.33

With `--patients 100000` on a quieter machine, two runs one after the other: smtplib's
sendmail 0.44 (637 reminders/s), the code before this module (the same path) 0.55 (756/s);
this module, in the next two runs, 0.55 (726/s) and 0.34 (551/s, against a floor of 1,618/s),
0 duplicates, 0 misses.

- The connection is Django's (`mailers.default`, opened once for the batch) and so is the
  client, smtplib's, but MAIL and RCPT are written here (`_envelope`) so that the wait for the
  last mark's commit hides behind their two round trips: smtplib's `sendmail`, waiting before
  MAIL, matched it on average over the noisy turns above but was a fifth slower at 100,000.
- The bytes are written here (`wire_bytes`): Django's `message().as_bytes()` (the standard
  library's email package) costs 3.4 ms of CPU a reminder against 0.16 ms, and the ratio fell
  to a third. tests/reminders/test_transport.py pins them to Django's message. Any header that
  is not one-line ASCII, and every backend but SMTP (locmem in tests), take Django's path.
- The marks go on a connection of the worker process's own, sent without waiting
  (`MarksConnection`): each is a commit (1.9 ms to flush here), and an ORM update in line
  waits for it with nothing to overlap: a quarter to a half slower.
"""

import base64
import os
import threading
import uuid
from contextlib import contextmanager, suppress
from email.utils import formatdate, parseaddr
from functools import cache
from smtplib import (
    SMTP,
    SMTPDataError,
    SMTPRecipientsRefused,
    SMTPSenderRefused,
    SMTPServerDisconnected,
)

import psycopg
from django.core.mail import mailers
from django.db import OperationalError, connection
from django.utils import timezone
from psycopg import pq

from reminders.models import Delivery


def insert_pending(due, *, kind, day, now):
    """The way in: a pending delivery of `kind` for `day` for each patient of the `due`
    queryset (of patient profiles); returns how many rows were new.

    One INSERT ... SELECT, so 100,000 patients due at once never travel through Python (the
    ORM has no INSERT ... SELECT: `bulk_create` would read every row first). Two ticks at once
    insert the same rows: the unique constraint keeps one and ON CONFLICT DO NOTHING drops the
    other without an error.
    """
    table = connection.ops.quote_name(Delivery._meta.db_table)
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
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, day, Delivery.Status.PENDING, now, *params])
        return cursor.rowcount


class Outbox:
    """One batch's mail connection and the "sent" marks of the rows its run holds (`claim`).

    The mark of an email goes to the database without waiting (on the process's
    MarksConnection) while the next email is built and its envelope goes out; the wait for
    its commit comes just before that email's data. Inside a transaction (a caller's atomic
    block, the tests') another connection cannot see the rows this run claimed, and SQLite
    takes one writer at a time: there each mark is made in line on Django's connection.

    `unsure` holds the rows whose email the server took but whose mark failed: they stay
    "sending" for the sweeper, never handed straight back as pending.
    """

    def __init__(self, *, claim):
        self.claim = claim
        self.unsure = set()
        self._mailer = mailers.default
        self._marks = None
        self._unconfirmed = None  # the row whose mark was sent and is not known committed

    def __enter__(self):
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self._marks = MarksConnection.current()
        self._mailer.__enter__()
        return self

    def __exit__(self, *exc_info):
        try:
            self._confirm()
        finally:
            self._mailer.__exit__(*exc_info)

    def send(self, delivery_id, message):
        """Send one email and mark its row sent; raises the mail server's or database's error."""
        client = getattr(self._mailer, "connection", None)
        if isinstance(client, SMTP) and fits_wire(message):
            data = wire_bytes(message)
            _envelope(client, _bare_address(message.from_email), message.to, size=len(data))
            try:
                self._confirm()
            except BaseException:
                _abandon(client, None)
                raise
            _data(client, data)
        else:
            self._confirm()
            self._mailer.send_messages([message])
        self._mark(delivery_id)

    def _mark(self, delivery_id):
        try:
            if self._marks is None:
                Delivery.objects.filter(id=delivery_id, claim=self.claim).update(
                    status=Delivery.Status.SENT, sent_at=timezone.now(), claim=None
                )
            else:
                self._marks.send_mark(delivery_id, self.claim, timezone.now())
                self._unconfirmed = delivery_id
        except Exception:
            self.unsure.add(delivery_id)
            raise

    def _confirm(self):
        """Return once the last mark sent is committed; raise its error if it failed."""
        if self._unconfirmed is None:
            return
        delivery_id, self._unconfirmed = self._unconfirmed, None
        try:
            self._marks.wait()
        except Exception:
            self.unsure.add(delivery_id)
            raise


class MarksConnection:
    """A PostgreSQL connection of the worker process's own for "sent" marks, kept across batches.

    A mark goes out as libpq's asynchronous send of a statement prepared once (committed on
    its own, in autocommit) and its result is read later, so the sender does not wait for the
    commit. Any failure closes it (the next batch makes a new one) and raises Django's
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
            table = connection.ops.quote_name(Delivery._meta.db_table)
            # Only names from the model go into the text; the values are parameters.
            sql = (
                f"UPDATE {table} SET status = '{Delivery.Status.SENT}', sent_at = $1, "  # noqa: S608
                "claim = NULL WHERE id = $2 AND claim = $3"
            )
            self._check(self.pgconn.prepare(self.STATEMENT, sql.encode()))

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


def _headers(message):
    return {
        "Subject": str(message.subject),
        "From": message.from_email,
        "To": ", ".join(message.to),
        **message.extra_headers,
    }


def fits_wire(message):
    """True when every header is plain one-line ASCII, which `wire_bytes` writes as it is."""
    return all(
        value.isascii() and "\n" not in value and "\r" not in value
        for value in _headers(message).values()
    )


def wire_bytes(message):
    """The SMTP data of a text email with HTML alternatives (an EmailMultiAlternatives)."""
    boundary = uuid.uuid4().hex
    headers = {
        "MIME-Version": "1.0",
        "Content-Type": f'multipart/alternative; boundary="{boundary}"',
        "Date": formatdate(),
        **_headers(message),
    }
    # The line break before each boundary belongs to the boundary (RFC 2046), not to
    # the part above it: a part's lines are exactly its content's.
    lines = [f"{name}: {value}" for name, value in headers.items()]
    lines.append("")
    for content, mimetype in [(message.body, "text/plain"), *message.alternatives]:
        encoding, encoded = _transfer_encoded(content)
        lines += [
            f"--{boundary}",
            f'Content-Type: {mimetype}; charset="utf-8"',
            f"Content-Transfer-Encoding: {encoding}",
            "",
            *encoded,
        ]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode()


def _transfer_encoded(content):
    """(Content-Transfer-Encoding, lines) for one part of an email.

    Plain ASCII with lines of at most 998 characters (RFC 5322) goes as it is: no encoding
    to compute, and a third fewer bytes for every mail server on the way than base64. Anything
    else (a non-ASCII letter, a stray carriage return, a very long line) goes as base64.
    """
    unix = content.replace("\r\n", "\n")
    lines = unix.split("\n")
    if unix.isascii() and "\r" not in unix and max(map(len, lines)) <= 998:
        return "7bit", lines
    return "base64", base64.encodebytes(content.encode()).decode().splitlines()


@cache
def _bare_address(address):
    """ "Symptom Diary <diary@example.org>" -> "diary@example.org" (the same few, every email)."""
    return parseaddr(address)[1]


def _envelope(client, sender, recipients, *, size):
    """MAIL and RCPT as smtplib's `SMTP.sendmail` sends them: same replies, same errors.

    SMTPSenderRefused, SMTPRecipientsRefused (when every recipient is refused); a 421 closes
    the connection, other refusals reset the transaction. Split from `_data` so that the wait
    for the last mark's commit hides behind these two round trips.
    """
    client.ehlo_or_helo_if_needed()
    size = f" SIZE={size}" if client.does_esmtp and client.has_extn("size") else ""
    code, reply = client.docmd("MAIL", f"FROM:<{sender}>{size}")
    if code != 250:
        _abandon(client, code)
        raise SMTPSenderRefused(code, reply, sender)
    refused = {}
    for recipient in recipients:
        code, reply = client.docmd("RCPT", f"TO:<{recipient}>")
        if code not in (250, 251):
            refused[recipient] = (code, reply)
        if code == 421:
            client.close()
            raise SMTPRecipientsRefused(refused)
    if len(refused) == len(recipients):
        _abandon(client, code)
        raise SMTPRecipientsRefused(refused)


def _data(client, data):
    """DATA, whose acceptance delivers the email; SMTPDataError when it is refused."""
    code, reply = client.data(data)
    if code != 250:
        _abandon(client, code)
        raise SMTPDataError(code, reply)


def _abandon(client, code):
    """Drop the mail transaction in progress: close on 421, else RSET (as smtplib does)."""
    if code == 421:
        client.close()
        return
    with suppress(SMTPServerDisconnected):
        client.rset()
