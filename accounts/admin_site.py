"""The admin, reached only through the app's own sign-in and only with a second factor.

Its login page sends staff to allauth's (with its lockout and two-step sign-in), and a staff
member who has not set up two-step sign-in is sent to set it up before the admin shows
anything: the admin lists every patient's account.
"""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from accounts.mfa import second_step_first


class AppAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)

        @wraps(protected)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and user.is_staff:
                set_up = second_step_first(request, before="the admin opens")
                if set_up:
                    return set_up
            return protected(request, *args, **kwargs)

        return wrapper
