from datetime import UTC, datetime

import pytest
import time_machine

from care.models import Grant
from tests.factories import make_clinician


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


@pytest.fixture
def care_clinician(db):
    """A clinician who has set up her second factor."""
    return make_clinician(email="oncology.nurse@example.org", name="Ana Silva", mfa=True)


@pytest.fixture
def grant(patient, care_clinician):
    """The patient shares her diary with the clinician, with no end date."""
    return Grant.objects.create(patient=patient, clinician=care_clinician)


@pytest.fixture
def care_client(client, care_clinician):
    client.force_login(care_clinician)
    return client
