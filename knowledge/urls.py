from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
]
