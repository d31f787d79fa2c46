import pytest

from tests.factories import make_patient
from tests.privacy.accounts_graph import NOTE, fill


@pytest.fixture
def her(shipped_content):
    return fill(make_patient(email="her@example.org"), note=NOTE)


@pytest.fixture
def someone_else(shipped_content):
    return fill(make_patient(email="someone@example.org"), note="Someone else's note")
