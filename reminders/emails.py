"""The reminder emails: a greeting, one link to the diary, and the snooze and stop links.

They carry no health data: no symptoms, no medicine, no appointment, nothing from the diary.
"""

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
    message = EmailMultiAlternatives(
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
