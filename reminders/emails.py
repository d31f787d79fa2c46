"""The reminder emails: a greeting, one link to the diary, and the snooze and stop links.

They carry no health data: no symptoms, no medicine, no appointment, nothing from the diary.
"""

import base64
import uuid
from contextlib import suppress
from email.utils import formatdate, parseaddr
from functools import cache
from smtplib import (
    SMTP,
    SMTPDataError,
    SMTPRecipientsRefused,
    SMTPSenderRefused,
    SMTPServerDisconnected,
)
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from reminders import links
from reminders.models import SNOOZE_DAYS, Delivery

SUBJECTS = {
    Delivery.Kind.DAILY: "Your diary for today",
    Delivery.Kind.APPOINTMENT: "Your diary summary",
}


class ReminderEmail(EmailMultiAlternatives):
    """A text and HTML email that can also write itself straight to SMTP bytes.

    Django's `message()` builds the MIME tree with the standard library's email package, whose
    header parsing and folding took most of the CPU of each reminder in bench/fanout.py (about
    1.5 ms a message, against 0.02 ms for the fixed layout below). Django's path stays for
    every backend but SMTP, and for any header that is not plain one-line ASCII.
    """

    def _headers(self):
        return {
            "Subject": str(self.subject),
            "From": self.from_email,
            "To": ", ".join(self.to),
            **self.extra_headers,
        }

    def fits_wire(self):
        return all(
            value.isascii() and "\n" not in value and "\r" not in value
            for value in self._headers().values()
        )

    def wire_bytes(self):
        boundary = uuid.uuid4().hex
        headers = {
            "MIME-Version": "1.0",
            "Content-Type": f'multipart/alternative; boundary="{boundary}"',
            "Date": formatdate(),
            **self._headers(),
        }
        # The line break before each boundary belongs to the boundary (RFC 2046), not to
        # the part above it: a part's lines are exactly its content's.
        lines = [f"{name}: {value}" for name, value in headers.items()]
        lines.append("")
        for content, mimetype in [(self.body, "text/plain"), *self.alternatives]:
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


def _main_link(kind, local_date):
    if kind == Delivery.Kind.DAILY:
        return reverse("tracker:log") + f"?day={local_date.isoformat()}"
    # The summary's default period is the one since her last appointment.
    return reverse("reports:summary")


# Stand-ins for one recipient's links in a layout rendered once: letters and digits only, so
# the HTML template's escaping leaves them as they are.
SNOOZE_SLOT, STOP_SLOT = "zzreminderSnoozeLinkzz", "zzreminderStopLinkzz"


class Layout:
    """The text and HTML of a reminder of one kind for one date, rendered once per batch.

    Only the signed snooze and stop links differ from one recipient to the next; they are put
    in place of stand-ins, escaped for the HTML part as the template would have escaped them.
    """

    def __init__(self, kind, local_date):
        context = {
            "kind": kind,
            "main_url": settings.SITE_URL + _main_link(kind, local_date),
            "snooze_url": SNOOZE_SLOT,
            "stop_url": STOP_SLOT,
            "snooze_days": SNOOZE_DAYS,
        }
        self.link_around = links.url_around()
        self.signer = links.make_signer()
        self.text = render_to_string("reminders/email.txt", context)
        self.html = render_to_string("reminders/email.html", context)

    def fill(self, *, snooze_url, stop_url):
        """(text, html) with one recipient's links."""
        text = self.text.replace(SNOOZE_SLOT, snooze_url).replace(STOP_SLOT, stop_url)
        html = self.html.replace(SNOOZE_SLOT, escape(snooze_url)).replace(
            STOP_SLOT, escape(stop_url)
        )
        return text, html


def reminder_message(delivery, *, layouts=None):
    """The email for one delivery (its patient loaded alongside).

    `layouts`, a dict kept for a batch, holds the layouts rendered so far by kind and date.
    """
    layouts = {} if layouts is None else layouts
    key = (delivery.kind, delivery.local_date)
    if key not in layouts:
        layouts[key] = Layout(*key)
    layout = layouts[key]
    stop_url, snooze_url = (
        links.url_for(delivery.id, action, around=layout.link_around, signer=layout.signer)
        for action in (links.STOP, links.SNOOZE)
    )
    text, html = layout.fill(snooze_url=snooze_url, stop_url=stop_url)
    message = ReminderEmail(
        subject=SUBJECTS[delivery.kind],
        body=text,
        to=[delivery.patient.email],
        headers={
            # The same id if a crash makes us send it again, so mail servers can drop the copy.
            "Message-ID": f"<reminder-{delivery.id}@{urlsplit(settings.SITE_URL).hostname}>",
            # One-click unsubscribe from the mail program itself (RFC 8058).
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def send(connection, message, *, before_data=None):
    """Send one message over an open mailer connection.

    Over SMTP the bytes go straight to the connection's smtplib client: Django's SMTP backend
    re-parses the sender and every recipient address of every message, which cost a
    millisecond of CPU per reminder in bench/fanout.py, more than building the email. Our
    addresses come from validated fields; a non-ASCII one (which needs IDNA) and every other
    backend (locmem in tests, the console) take Django's own path.

    `before_data()` is called once the envelope is accepted, just before the data whose
    acceptance delivers the email (on other backends, just before sending).
    """
    before_data = before_data or (lambda: None)
    client = getattr(connection, "connection", None)
    sender = _bare_address(message.from_email)
    if isinstance(client, SMTP) and sender.isascii() and message.fits_wire():
        _sendmail(client, sender, message.to, message.wire_bytes(), before_data)
    else:
        before_data()
        connection.send_messages([message])


@cache
def _bare_address(address):
    """ "Symptom Diary <diary@example.org>" -> "diary@example.org" (the same few, every email)."""
    return parseaddr(address)[1]


def _sendmail(client, sender, recipients, data, before_data):
    """smtplib's `SMTP.sendmail`, with `before_data()` called between the envelope and DATA.

    Same replies, same errors: SMTPSenderRefused, SMTPRecipientsRefused (when every
    recipient is refused), SMTPDataError; a 421 closes the connection, other refusals reset
    the transaction. MAIL and RCPT are written here as well: smtplib parses each address again
    to quote it, and the addresses here are bare and checked (see `send`).
    """
    client.ehlo_or_helo_if_needed()
    size = f" SIZE={len(data)}" if client.does_esmtp and client.has_extn("size") else ""
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
    try:
        before_data()
    except BaseException:
        _abandon(client, None)
        raise
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
