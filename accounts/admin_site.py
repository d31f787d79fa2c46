"""The admin, reached only through the app's own sign-in and only with a second factor.

Its login page sends staff to allauth's (with its lockout and two-step sign-in), and a staff
member who has not set up two-step sign-in is sent to set it up before the admin shows
anything: the admin lists every patient's account.
"""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.shortcuts import redirect


class AppAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)

        @wraps(protected)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and user.is_staff and not is_mfa_enabled(user):
                messages.info(
                    request,
                    "Before the admin opens, protect your account with a second step at "
                    "sign-in: an authenticator app code.",
                )
                return redirect("mfa_activate_totp")
            return protected(request, *args, **kwargs)

        return wrapper
