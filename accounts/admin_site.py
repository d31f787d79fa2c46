"""The admin, reached only through the app's own sign-in and only with a second factor.

Its login page sends staff to allauth's (with its lockout and two-step sign-in), and a staff
member who has not set up two-step sign-in is sent to set it up before the admin shows
anything: the admin lists every patient's account.
"""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect

from accounts.mfa import second_step_first

# Longer than any email or name searched for; SQLite refuses a LIKE pattern of 50,000.
SEARCH_MAX_LENGTH = 200


def unusable_query(request):
    """Why the admin cannot use this query string, or None: a filter value with a control
    character (PostgreSQL refuses NUL in text: a 500) or a search longer than any value."""
    for name, values in request.GET.lists():
        for value in values:
            if any(ord(char) < 32 or ord(char) == 127 for char in value):
                return f"The filter {name!r} has a control character."
    if len(request.GET.get(SEARCH_VAR, "")) > SEARCH_MAX_LENGTH:
        return f"Search for at most {SEARCH_MAX_LENGTH} characters."
    return None


class AppAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and user.is_staff and user.is_active:
            # Django's admin login signs in whatever account is posted to it: a signed-in
            # staff member could become another staff account, skipping its second step and
            # its lockout. Signed in already, there is nothing to do here.
            return redirect("admin:index")
        return secure_admin_login(super().login)(request, extra_context)

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)

        @wraps(protected)
        def wrapper(request, *args, **kwargs):
            if problem := unusable_query(request):
                return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
            user = request.user
            if user.is_authenticated and user.is_staff:
                set_up = second_step_first(request, before="the admin opens")
                if set_up:
                    return set_up
            return protected(request, *args, **kwargs)

        return wrapper
