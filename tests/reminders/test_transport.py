"""The reminders' transport: the bytes it writes are the email Django would send, intact."""

import email
import email.policy
import uuid

import pytest
from django.core.mail import EmailMultiAlternatives

from reminders import emails, transport
from reminders.models import Delivery

pytestmark = pytest.mark.django_db


def test_wire_bytes_carry_the_same_email_as_djangos_own_message(due, settings):
    """The fast SMTP serialisation, read back by the standard library's parser."""
    settings.SITE_URL = "https://diary.example.org"
    delivery = Delivery.objects.select_related("patient").get(id=due(1)[0].id)
    message = emails.reminder_message(delivery)

    parsed = email.message_from_bytes(transport.wire_bytes(message), policy=email.policy.SMTP)

    assert transport.fits_wire(message)
    assert parsed.get_content_type() == "multipart/alternative"
    for name in ("Subject", "From", "To", "Message-ID", "List-Unsubscribe"):
        assert parsed[name] == message.message()[name]
    text, html = parsed.iter_parts()
    # Lines end in CRLF on the wire, whatever the template wrote.
    assert text.get_content().replace("\r\n", "\n") == message.body
    assert text["Content-Transfer-Encoding"] == "7bit"
    html_content = html.get_content().replace("\r\n", "\n")
    assert (html_content, html.get_content_type()) == message.alternatives[0]


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        ("Plain ASCII.\nTwo lines.\n", "7bit"),
        ("Windows line ends.\r\nStill plain.", "7bit"),
        ("Tagebuch f\u00fcr heute\n", "base64"),
        ("A stray\rcarriage return", "base64"),
        ("x" * 999, "base64"),
        (".\nA line that is a lone dot, and one that starts with a dot:\n.hidden\n", "7bit"),
    ],
)
def test_each_body_arrives_intact_and_its_row_is_marked_sent(body, encoding, due, smtp_server):
    """Each part goes as it is when SMTP allows, else as base64, and arrives the same."""
    (delivery,) = due(1)
    claim = uuid.uuid4()
    Delivery.objects.filter(id=delivery.id).update(status="sending", claim=claim)
    message = EmailMultiAlternatives(
        subject="Hello", body=body, to=["her@example.org"], headers={"Message-ID": "<a@b>"}
    )
    message.attach_alternative(f"<p>{body}</p>", "text/html")

    with transport.Outbox(claim=claim) as outbox:
        outbox.send(delivery.id, message)

    received = email.message_from_bytes(
        smtp_server.handler.last_message, policy=email.policy.default
    )
    text, html = received.iter_parts()
    assert text["Content-Transfer-Encoding"] == encoding
    # On the wire every line ends in CRLF; base64 carries the content as it was.
    expected = body if encoding == "base64" else body.replace("\r\n", "\n")
    assert _unix(text.get_content()) == _unix(expected)
    assert _unix(html.get_content()) == _unix(f"<p>{expected}</p>")
    assert Delivery.objects.get(id=delivery.id).status == "sent"


def _unix(text):
    return text.replace("\r\n", "\n")
