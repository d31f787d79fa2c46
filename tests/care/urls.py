"""The site's URLs with a stand-in for `care:patients`, the clinician's patient list that
another branch builds: the "shared with you" email and the one-tap acceptance link to it.

Used by tests/care/conftest.py only while that URL does not exist; once it is merged, this file
and the fixture can go.
"""

from django.http import HttpResponse
from django.urls import include, path

from care.urls import urlpatterns as care_urls
from config.urls import urlpatterns as site_urls


def patients(request):
    return HttpResponse("The patient list")


urlpatterns = [
    path("", include(([*care_urls, path("patients/", patients, name="patients")], "care"))),
    *(pattern for pattern in site_urls if getattr(pattern, "namespace", None) != "care"),
]
