"""Signed links of the care side: an invitation to join a patient's care team, and a visit link
to the summary of one period.

A token names one row (an `Invitation` or a `VisitLink`), signed with the project's secret key
and dated (Django's signing), so it cannot be altered or made up; each kind has its own salt, so
an invitation's token never opens a visit link. The row decides the rest: it expires sooner
than the signature when the patient chose fewer days, and it remembers being used or revoked.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from care.models import LINK_DAYS

MAX_AGE = timedelta(days=LINK_DAYS)
INVITATION, VISIT = "care.invitation", "care.visit"
URL_NAMES = {INVITATION: "care:invitation", VISIT: "care:visit"}


class BadLink(Exception):
    """A link that does not work, with the words that tell the reader why."""

    def __init__(self, reason, words):
        super().__init__(words)
        self.reason = reason
        self.words = words


def url_for(kind, pk):
    """The full URL of a link naming row `pk`, for an email or to copy."""
    token = signing.TimestampSigner(salt=kind).sign_object(pk)
    return settings.SITE_URL + reverse(URL_NAMES[kind], args=[token])


def read(kind, token):
    """The row id a token names; BadLink when it was altered or is older than `LINK_DAYS`."""
    try:
        pk = signing.TimestampSigner(salt=kind).unsign_object(token, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise BadLink(
            "expired", f"This link has expired: it worked for {LINK_DAYS} days at most."
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise BadLink(
            "invalid",
            "This link is not valid. It may have been cut short or changed when it was copied.",
        ) from None
    if not isinstance(pk, int):
        raise BadLink("invalid", "This link is not valid.")
    return pk
