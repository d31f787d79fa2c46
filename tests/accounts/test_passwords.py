"""Finding 11: no known password, and no password longer than 128 characters."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import validators
from accounts.models import User
from tracker.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def refusals(password):
    try:
        validate_password(password, User(email="jane@example.org"))
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


@pytest.mark.parametrize(
    "password", ["Summer2026", "summer2026!", "Password123", "dragon_1987", "qwertyuiop"]
)
def test_a_known_password_is_refused_even_with_digits_added(password):
    assert "password_known" in refusals(password)


def test_the_demo_password_cannot_be_chosen():
    assert "password_known" in refusals(DEMO_PASSWORD)


def test_an_unusual_password_is_accepted():
    assert refusals("lemon-harbour-kettle-42") == []


def test_a_100_kb_password_is_refused_in_words_before_hashing(client):
    huge = "lemon-harbour-kettle-" * 5000
    response = client.post(
        reverse("account_signup"),
        {"email": "jane@example.org", "password1": huge, "password2": huge},
    )
    assert response.status_code == 200
    assert "This password is too long: use at most 128 characters." in response.text
    assert not User.objects.exists()  # the form stopped before the account was hashed and saved


def test_128_characters_are_allowed_and_129_are_not():
    longest = "lemon-harbour-kettle-42-".ljust(128, "k")
    assert refusals(longest) == []
    assert refusals(longest + "k") == ["password_too_long"]


def test_the_list_is_read_once():
    validators.known_passwords.cache_clear()
    refusals("Summer2026")
    refusals("Winter2026")
    info = validators.known_passwords.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert len(validators.known_passwords()) > 49_000
