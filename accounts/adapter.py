"""The diary's allauth account adapter."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

from audit.services import Kind, record, target


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        """allauth's rate limit of failed sign-ins refuses the attempt here, before the
        password is checked: the audit log's "lockout" (no Django signal says so)."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            typed = credentials.get("email") or credentials.get("username") or ""
            record(Kind.LOCKOUT, actor_email=typed, target=target("email", typed), request=request)
            raise
