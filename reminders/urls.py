from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.reminder_settings, name="settings"),
    path("reminders/snooze/", views.snooze, name="snooze"),
    path("reminders/resume/", views.resume, name="resume"),
    path("reminders/link/<str:token>/", views.link, name="link"),
]
