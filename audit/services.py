"""Writing the security audit log: one function, `record`, called by the signal receivers
(sign-in, account changes), the export views and `care.services` (sharing)."""

from contextvars import ContextVar

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from audit.models import SecurityEvent

Kind = SecurityEvent.Kind

# The address of the request being answered, set by `ClientAddressMiddleware`, so the services
# that write events (care.services, called from views and tasks alike) need not be handed the
# request; outside a request (a Celery task) it is None.
current_ip = ContextVar("audit_current_ip", default=None)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind a proxy the address the trusted proxies
    saw (allauth's `ALLAUTH_TRUSTED_PROXY_COUNT`), the same one allauth's rate limits use."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None


def record(event, *, actor=None, actor_email="", target="", request=None):
    """One row of the audit log. `actor` is the account acting (or None: a visitor with a
    link, someone typing an address that has no account); `target` says what it was done to,
    never with health data."""
    return SecurityEvent.objects.create(
        event=event,
        actor_id=actor.pk if actor is not None else None,
        actor_email=(actor.email if actor is not None else actor_email)[:254],
        ip_address=client_ip(request) if request is not None else current_ip.get(),
        target=target[:300],
    )


def target(kind, value):
    """The target column's words: "grant:12", "email:ana@clinic.org"."""
    return f"{kind}:{value}"
