from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# Staff sign in through allauth's login, so a clinician with two-step sign-in cannot skip
# the second step through the admin's own password-only form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("tracker.urls")),
    path("tips/", include("knowledge.urls")),
    path("", include("reminders.urls")),
    path("", include("reports.urls")),
    path("", include("care.urls")),
    path("", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
