from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    # Before the articles' own pages: no article may take this slug (tests/knowledge).
    path("warning-signs/", views.warning_signs, name="warning_signs"),
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
]
