from django.urls import path

from tracker import views

app_name = "tracker"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.onboarding, name="onboarding"),
    path("diary/", views.history, name="history"),
    path("diary/export.csv", views.export_csv, name="export_csv"),
    path("diary/export.fhir.json", views.export_fhir, name="export_fhir"),
    path("diary/log/", views.log_day, name="log"),
    path("diary/entries/<int:pk>/", views.entry_edit, name="entry"),
    path("diary/entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("profile/", views.profile, name="profile"),
    path("profile/numbers/", views.numbers, name="numbers"),
    path("therapy/", views.therapy, name="therapy"),
    path("therapy/change/", views.therapy_change, name="therapy_change"),
    path("therapy/start/", views.therapy_start, name="therapy_start"),
    path("therapy/periods/<int:pk>/undo/", views.therapy_undo, name="therapy_undo"),
    path("therapy/appointments/", views.appointment_add, name="appointment_add"),
    path(
        "therapy/appointments/<int:pk>/delete/",
        views.appointment_delete,
        name="appointment_delete",
    ),
]
