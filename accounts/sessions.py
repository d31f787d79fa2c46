"""Automatic sign-out: after a while without activity, and for clinicians and staff after a
working day whatever they do.

Patients: 30 minutes without a request (settings.SESSION_IDLE_MINUTES_PATIENT), unless she
ticked "Keep me signed in" at sign-in; then allauth's remember period (the session cookie's age)
is the only limit. Clinicians and staff see many patients' data: 15 minutes without a request
(SESSION_IDLE_MINUTES_CLINICIAN) and 12 hours from sign-in (SESSION_MAX_HOURS_CLINICIAN),
"Keep me signed in" or not.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SEEN_AT = "accounts_seen_at"
SIGNED_IN_AT = "accounts_signed_in_at"
# The time of the last request is written at most once a minute: a write of the session row
# on every page would cost more than the minute of precision is worth.
_SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _remember_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


def _is_staff_side(user):
    return user.is_clinician or user.is_staff


def _limits(user, session):
    """(idle seconds or None, absolute seconds or None) for this signed-in session."""
    if _is_staff_side(user):
        return (
            settings.SESSION_IDLE_MINUTES_CLINICIAN * 60,
            settings.SESSION_MAX_HOURS_CLINICIAN * 3600,
        )
    if not session.get_expire_at_browser_close():
        return None, None  # "Keep me signed in": the cookie's own age is the limit
    return settings.SESSION_IDLE_MINUTES_PATIENT * 60, None


def _expired(user, session, now):
    """Why this session must end now, in words, or None."""
    idle, lifetime = _limits(user, session)
    seen_at = session.get(SEEN_AT, now)
    signed_in_at = session.get(SIGNED_IN_AT, now)
    if idle is not None and now - seen_at > idle:
        return (
            f"You were signed out after {idle // 60} minutes without activity, to keep "
            "the diary private. Sign in again to go on."
        )
    if lifetime is not None and now - signed_in_at > lifetime:
        return (
            f"You were signed out {lifetime // 3600} hours after signing in, as happens "
            "every working day on the care side. Sign in again to go on."
        )
    return None


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware: signs an expired session out before the view runs, so
    the view sees an anonymous visitor and sends her to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            now = time.time()
            reason = _expired(request.user, session, now)
            if reason:
                logout(request)
                messages.info(request, reason)
            else:
                if now - session.get(SEEN_AT, 0) >= _SEEN_RESOLUTION:
                    session[SEEN_AT] = now
                session.setdefault(SIGNED_IN_AT, now)
        return self.get_response(request)
