import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth's rate limits and lockout count in the cache: each test starts and leaves it
    empty, so that one test's sign-ups or failed sign-ins never refuse another's."""
    cache.clear()
    yield
    cache.clear()
