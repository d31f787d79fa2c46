from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("summary/", views.summary, name="summary"),
]
