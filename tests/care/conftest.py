from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from tests.factories import make_clinician


@pytest.fixture(autouse=True)
def patient_list_url(settings):
    """`care:patients` as a stand-in until the clinician's patient list is merged."""
    try:
        reverse("care:patients")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.care.urls"


@pytest.fixture
def patient(patient):
    """The patient, with the name her care team knows her by."""
    profile = patient.patient_profile
    profile.care_name = "Maria Jones"
    profile.save()
    return patient


@pytest.fixture
def clinician(db):
    return make_clinician(email="nurse@example.org", name="Ana Silva")


NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    """The clock stopped at `NOW`."""
    with time_machine.travel(NOW, tick=False):
        yield
