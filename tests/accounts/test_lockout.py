"""Finding 3: failed sign-ins pause one account at one address, for a while, on the shared
cache; the admin's sign-in is the same door."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory, make_clinician

pytestmark = pytest.mark.django_db

PAUSED = "Sign-in to this account is paused on this device after 5 failed attempts"
ATTACKER = "203.0.113.9"


def sign_in(client, email, password, address=ATTACKER, **extra):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail(client, email, times=5, address=ATTACKER, **extra):
    for _ in range(times):
        response = sign_in(client, email, "not-her-password", address, **extra)
        assert "not correct" in response.text
    return response


def signed_in(response):
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_throttling_keys_on_account_and_address(client, patient):
    fail(client, patient.email)

    refused = sign_in(client, patient.email, PASSWORD)

    assert refused.status_code == 200
    assert not refused.wsgi_request.user.is_authenticated
    assert PAUSED in refused.text
    assert "Try again in 15 minutes" in refused.text
    assert "Forgot your password?" in refused.text
    # The same account from her own address, and another account from the attacker's.
    assert signed_in(sign_in(client, patient.email, PASSWORD, address="198.51.100.7"))
    client.logout()
    other = UserFactory(email="other@example.org")
    assert signed_in(sign_in(client, other.email, PASSWORD))


def test_the_fourth_failure_does_not_lock(client, patient):
    fail(client, patient.email, times=4)
    assert signed_in(sign_in(client, patient.email, PASSWORD))


def test_the_pause_ends_by_itself(client, patient):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail(client, patient.email)
        clock.shift(timedelta(minutes=14))
        assert PAUSED in sign_in(client, patient.email, PASSWORD).text
        clock.shift(timedelta(minutes=2))
        assert signed_in(sign_in(client, patient.email, PASSWORD))


def test_a_password_reset_lifts_the_pause_from_any_device(client, patient):
    fail(client, patient.email)
    client.post(reverse("account_reset_password"), {"email": patient.email})
    link = mail.outbox[-1].body.split("http://testserver", 1)[1].split()[0]
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "lemon-harbour-kettle-42", "password2": "lemon-harbour-kettle-42"},
        REMOTE_ADDR="198.51.100.7",
    )
    client.logout()
    assert signed_in(sign_in(client, patient.email, "lemon-harbour-kettle-42"))


def test_behind_the_proxy_each_client_counts_on_its_own(client, patient, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    fail(client, patient.email, address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert (
        PAUSED
        in sign_in(client, patient.email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER).text
    )
    assert signed_in(
        sign_in(client, patient.email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    )


def test_admin_sign_in_is_under_the_same_rule(client):
    staff = make_clinician(email="staff@example.org")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])

    # The admin's own form is not a door: it sends her to the app's sign-in.
    posted = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    assert posted.status_code == 302
    assert posted.url.startswith(reverse("account_login"))
    assert not posted.wsgi_request.user.is_authenticated
    # That sign-in counts the failures and pauses the account, the admin's way in included.
    fail(client, staff.email)
    response = client.post(
        f"{reverse('account_login')}?next={reverse('admin:index')}",
        {"login": staff.email, "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert PAUSED in response.text
    assert client.get(reverse("admin:index")).status_code == 302
