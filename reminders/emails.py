"""The reminder emails: a greeting, one link to the diary, and the snooze and stop links.

They carry no health data: no symptoms, no medicine, no appointment, nothing from the diary.
"""

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
    message = EmailMultiAlternatives(
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
