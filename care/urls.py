from django.urls import path  # noqa: F401  (the care side's pages are added below)

app_name = "care"

urlpatterns = []
