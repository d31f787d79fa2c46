"""Account events into the audit log, from Django's and allauth's signals."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from audit.services import Kind, record, target


@receiver(auth_signals.user_logged_in)
def logged_in(sender, request, user, **kwargs):
    record(Kind.LOGIN, actor=user, target=target("user", user.pk), request=request)


@receiver(auth_signals.user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, actor=user, target=target("user", user.pk), request=request)


@receiver(auth_signals.user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    """The address typed (Django has masked the password) and, if it is an account's, its id."""
    typed = credentials.get("email") or credentials.get("username") or ""
    account = get_user_model().objects.filter(email__iexact=typed).first() if typed else None
    record(
        Kind.LOGIN_FAILED,
        actor=account,
        actor_email=typed,
        target=target("email", typed),
        request=request,
    )


def _account_event(kind):
    def handler(sender, request, user, **kwargs):
        address = kwargs.get("email_address") or kwargs.get("to_email_address")
        what = target("email", address.email) if address else target("user", user.pk)
        record(kind, actor=user, target=what, request=request)

    return handler


def _mfa_event(kind):
    def handler(sender, request, user, authenticator, **kwargs):
        what = target("authenticator", authenticator.type)
        record(kind, actor=user, target=what, request=request)

    return handler


RECEIVERS = {
    account_signals.password_changed: _account_event(Kind.PASSWORD_CHANGED),
    account_signals.password_set: _account_event(Kind.PASSWORD_SET),
    account_signals.password_reset: _account_event(Kind.PASSWORD_RESET),
    account_signals.email_added: _account_event(Kind.EMAIL_ADDED),
    account_signals.email_changed: _account_event(Kind.EMAIL_CHANGED),
    account_signals.email_removed: _account_event(Kind.EMAIL_REMOVED),
    mfa_signals.authenticator_added: _mfa_event(Kind.MFA_ADDED),
    mfa_signals.authenticator_removed: _mfa_event(Kind.MFA_REMOVED),
    mfa_signals.authenticator_reset: _mfa_event(Kind.MFA_RESET),
    mfa_signals.authentication_failed: _mfa_event(Kind.MFA_FAILED),
}
for signal, handler in RECEIVERS.items():
    signal.connect(handler, weak=False)


@receiver(account_signals.email_confirmed)
def email_confirmed(sender, request, email_address, **kwargs):
    record(
        Kind.EMAIL_CONFIRMED,
        actor=email_address.user,
        target=target("email", email_address.email),
        request=request,
    )
