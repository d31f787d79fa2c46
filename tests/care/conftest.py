import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from care.models import ClinicianProfile, Grant
from tests.factories import UserFactory


def make_clinician(*, email, name="", mfa=True):
    """A clinician account, with a second factor (TOTP) set up unless `mfa` is False."""
    user = UserFactory(email=email, role="clinician")
    if name:
        ClinicianProfile.objects.create(user=user, name=name)
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def care_clinician(db):
    """A clinician who has set up her second factor."""
    return make_clinician(email="oncology.nurse@example.org", name="Ana Silva")


@pytest.fixture
def grant(patient, care_clinician):
    """The patient shares her diary with the clinician, with no end date."""
    return Grant.objects.create(patient=patient, clinician=care_clinician)


@pytest.fixture
def care_client(client, care_clinician):
    client.force_login(care_clinician)
    return client
