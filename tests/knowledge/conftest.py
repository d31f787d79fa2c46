import pytest
from django.apps import apps

from knowledge import content


@pytest.fixture
def shipped_content(db):
    """The shipped articles, loaded the way the data migration loads them.

    Browser tests flush the database, taking the migration's rows with them: tests that need
    the content load it again (idempotent) instead of hoping they run first.
    """
    content.load(apps)
