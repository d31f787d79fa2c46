"""The reminder emails: a greeting, one link to the diary, and the snooze and stop links.

They carry no health data: no symptoms, no medicine, no appointment, nothing from the diary.
"""

import base64
import uuid
from email.utils import formatdate, parseaddr
from smtplib import SMTP
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

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
        lines = [f"{name}: {value}" for name, value in headers.items()]
        for content, mimetype in [(self.body, "text/plain"), *self.alternatives]:
            encoded = base64.encodebytes(content.encode()).decode().splitlines()
            lines += [
                "",
                f"--{boundary}",
                f'Content-Type: {mimetype}; charset="utf-8"',
                "Content-Transfer-Encoding: base64",
                "",
                *encoded,
            ]
        lines += [f"--{boundary}--", ""]
        return "\r\n".join(lines).encode()


def _main_link(delivery):
    if delivery.kind == Delivery.Kind.DAILY:
        return reverse("tracker:log") + f"?day={delivery.local_date.isoformat()}"
    return reverse("tracker:history")


def reminder_message(delivery):
    """The email for one delivery (its patient loaded alongside)."""
    stop_url = links.url_for(delivery.id, links.STOP)
    context = {
        "kind": delivery.kind,
        "main_url": settings.SITE_URL + _main_link(delivery),
        "snooze_url": links.url_for(delivery.id, links.SNOOZE),
        "stop_url": stop_url,
        "snooze_days": SNOOZE_DAYS,
    }
    message = ReminderEmail(
        subject=SUBJECTS[delivery.kind],
        body=render_to_string("reminders/email.txt", context),
        to=[delivery.patient.email],
        headers={
            # The same id if a crash makes us send it again, so mail servers can drop the copy.
            "Message-ID": f"<reminder-{delivery.id}@{urlsplit(settings.SITE_URL).hostname}>",
            # One-click unsubscribe from the mail program itself (RFC 8058).
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return message


def send(connection, message):
    """Send one message over an open mailer connection.

    Over SMTP the bytes go straight to the connection's smtplib client: Django's SMTP backend
    re-parses the sender and every recipient address of every message, which cost a
    millisecond of CPU per reminder in bench/fanout.py, more than building the email. Our
    addresses come from validated fields; a non-ASCII one (which needs IDNA) and every other
    backend (locmem in tests, the console) take Django's own path.
    """
    client = getattr(connection, "connection", None)
    sender = parseaddr(message.from_email)[1]
    if isinstance(client, SMTP) and sender.isascii() and message.fits_wire():
        client.sendmail(sender, message.to, message.wire_bytes())
    else:
        connection.send_messages([message])
