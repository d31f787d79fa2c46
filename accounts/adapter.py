"""django-allauth in the diary's own terms: the lockout's key and words, the new-device notice.

The lockout is allauth's own `login_failed` rate limit (settings.ACCOUNT_RATE_LIMITS) on the
shared cache; this adapter only changes what it counts. allauth keys the count on the email
alone, so 5 wrong guesses by anyone anywhere would lock her out everywhere; here it keys on the
account and the client's address together, so an attacker locks only his own address out of
her account, and a clinic behind one address is not locked out of every other account.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

from audit.services import Kind, record, target

KNOWN_DEVICE_COOKIE = "diary_device"
_KNOWN_DEVICE_SALT = "accounts.known-device"
# Accounts remembered per browser: a shared family computer, not a list that grows for ever.
_KNOWN_DEVICE_ACCOUNTS = 5
_KNOWN_DEVICE_DAYS = 400


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Sign-in to this account is paused on this device after %s failed attempts. "
            "Try again in %s minutes, or set a new password now with 'Forgot your "
            "password?': that lifts the pause at once."
        ),
    }

    def validation_error(self, code, *args):
        if code == "too_many_login_attempts" and not args:
            args = (settings.ACCOUNT_LOGIN_ATTEMPTS, settings.ACCOUNT_LOGIN_LOCKOUT_MINUTES)
        return super().validation_error(code, *args)

    def pre_authenticate(self, request, **credentials):
        """allauth's rate limit refuses a locked-out sign-in here, before the password is
        checked: the audit log's "lockout" (no signal says so)."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            typed = credentials.get("email") or credentials.get("username") or ""
            record(Kind.LOCKOUT, actor_email=typed, target=target("email", typed), request=request)
            raise

    # The lockout's key: allauth calls these two hooks around every password check and after
    # a password reset.

    def _get_login_attempts_cache_key(self, request, **credentials):
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{login}:{self.get_client_ip(request)}:{cache.get(_reset_key(login), 0)}"

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """A password reset lifts the pause on every device, not only the one she reset from:
        the counters keyed on the old generation are left to expire unread."""
        login = credentials.get("email", "").lower()
        cache.set(_reset_key(login), cache.get(_reset_key(login), 0) + 1, timeout=None)

    def post_login(self, request, user, **kwargs):
        """Tell her by email when her account is signed in from a browser it has not seen
        (no signed "known device" cookie for this account), then remember the browser."""
        response = super().post_login(request, user, **kwargs)
        known = _known_devices(request)
        token = _device_token(user)
        if token not in known:
            if not kwargs.get("signup"):
                self.send_notification_mail("account/email/new_sign_in", user)
            response.set_signed_cookie(
                KNOWN_DEVICE_COOKIE,
                ",".join([token, *known][:_KNOWN_DEVICE_ACCOUNTS]),
                salt=_KNOWN_DEVICE_SALT,
                max_age=_KNOWN_DEVICE_DAYS * 24 * 3600,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def _reset_key(login):
    return f"accounts:lockout-generation:{login}"


def _device_token(user):
    """Names the account in the cookie without saying which it is."""
    return salted_hmac(_KNOWN_DEVICE_SALT, str(user.pk), algorithm="sha256").hexdigest()[:20]


def _known_devices(request):
    # A missing, tampered or expired cookie reads as "" (a browser never seen).
    value = request.get_signed_cookie(
        KNOWN_DEVICE_COOKIE, "", salt=_KNOWN_DEVICE_SALT, max_age=_KNOWN_DEVICE_DAYS * 24 * 3600
    )
    return [token for token in value.split(",") if token]
