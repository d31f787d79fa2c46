from django.urls import path

from trends import views

app_name = "trends"

urlpatterns = [
    path("", views.index, name="index"),
]
