"""Signed one-click links in reminder emails: snooze for 7 days, or stop reminders.

A token names a delivery and an action, signed with the project's secret key (Django's
signing) and dated, so it works without logging in, cannot be altered, and expires. The
delivery remembers that its link was used, so a link works once.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "reminders.link"
MAX_AGE = timedelta(days=30)
SNOOZE, STOP = "snooze", "stop"
ACTIONS = (SNOOZE, STOP)


class BadLink(Exception):
    """A link that does not work, with the words that tell the reader why."""

    def __init__(self, reason, words):
        super().__init__(words)
        self.reason = reason
        self.words = words


def make_signer():
    """What `signing.dumps(..., salt=SALT)` signs with; kept for a batch of emails, it saves
    reading the settings again for every token (half of a token's cost)."""
    return signing.TimestampSigner(salt=SALT)


def token_for(delivery_id, action, *, signer=None):
    return (signer or make_signer()).sign_object([delivery_id, action])


def url_for(delivery_id, action, *, around=None, signer=None):
    """The full URL of a link; `around` (from `url_around()`) saves reversing it each time."""
    before, after = around or url_around()
    return before + token_for(delivery_id, action, signer=signer) + after


def url_around():
    """(what comes before the token in a link's URL, what comes after), reversed once.

    Tokens are URL-safe base64 and colons, which `reverse` would leave as they are.
    """
    before, after = reverse("reminders:link", args=[SLOT]).rsplit(SLOT, 1)
    return settings.SITE_URL + before, after


SLOT = "token"


def read(token):
    """The (delivery id, action) a token names; BadLink when it was altered or is too old."""
    try:
        delivery_id, action = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise BadLink(
            "expired",
            f"This link has expired: links in reminder emails work for {MAX_AGE.days} days.",
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise BadLink(
            "invalid",
            "This link is not valid. It may have been cut short or changed when it was copied.",
        ) from None
    if not isinstance(delivery_id, int) or action not in ACTIONS:
        raise BadLink("invalid", "This link is not valid.")
    return delivery_id, action
