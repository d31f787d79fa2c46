from django.contrib import admin
from django.urls import include, path

# admin.site is accounts.admin_site.AppAdminSite: sign-in through allauth, MFA for staff.

urlpatterns = [
    path("", include("tracker.urls")),
    path("tips/", include("knowledge.urls")),
    path("trends/", include("trends.urls")),
    path("", include("reminders.urls")),
    path("", include("reports.urls")),
    path("", include("care.urls")),
    path("", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
