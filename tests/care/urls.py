"""The app's URLs plus the care side's patient list, which the digest links to: that page is
built apart from the alerts (issue 12), so the tests stand its name in."""

from django.http import HttpResponse
from django.urls import include, path

care_patterns = (
    [path("care/patients/", lambda request: HttpResponse(), name="patients")],
    "care",
)
urlpatterns = [path("", include(care_patterns)), path("", include("config.urls"))]
