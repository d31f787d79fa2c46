from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tracker.urls")),
    path("tips/", include("knowledge.urls")),
    path("", include("reminders.urls")),
    path("", include("reports.urls")),
    path("", include("care.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
