from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("account/download/", views.download_everything, name="download"),
    path("account/delete/", views.delete_account, name="delete"),
]
