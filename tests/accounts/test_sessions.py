"""Finding 4: sessions end after inactivity (patients 30 minutes unless "Keep me signed in",
clinicians and staff 15) and, for clinicians and staff, 12 hours after sign-in."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, make_clinician

pytestmark = pytest.mark.django_db
DIARY = reverse("tracker:history")


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def sign_in(client, user, remember=False):
    data = {"login": user.email, "password": PASSWORD} | ({"remember": "on"} if remember else {})
    response = client.post(reverse("account_login"), data)
    assert response.wsgi_request.user.is_authenticated
    return response


def still_in(client, url):
    return client.get(url).status_code == 200


def test_the_login_page_offers_to_keep_her_signed_in(client):
    page = client.get(reverse("account_login")).text
    assert 'name="remember"' in page
    assert "Keep me signed in" in page


def test_a_patient_is_signed_out_after_30_idle_minutes(client, patient, clock):
    sign_in(client, patient)
    clock.shift(timedelta(minutes=29))
    assert still_in(client, DIARY)  # activity starts the 30 minutes again
    clock.shift(timedelta(minutes=29))
    assert still_in(client, DIARY)
    clock.shift(timedelta(minutes=31))

    response = client.get(DIARY)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    page = client.get(response.url).text
    assert "signed out after 30 minutes without activity" in page


def test_a_patient_who_ticked_remember_me_stays_signed_in(client, patient, clock):
    sign_in(client, patient, remember=True)
    clock.shift(timedelta(days=3))
    assert still_in(client, DIARY)


def test_a_clinician_is_signed_out_after_15_idle_minutes(client, clock):
    clinician = make_clinician()
    client.force_login(clinician)
    client.get(reverse("care:patients"))
    clock.shift(timedelta(minutes=14))
    assert still_in(client, reverse("care:patients"))
    clock.shift(timedelta(minutes=16))
    assert client.get(reverse("care:patients")).status_code == 302


def test_a_clinician_who_ticked_remember_me_still_idles_out(client, clock):
    clinician = make_clinician()
    client.force_login(clinician)
    client.session.set_expiry(14 * 24 * 3600)
    clock.shift(timedelta(minutes=16))
    assert client.get(reverse("care:patients")).status_code == 302


def test_staff_are_signed_out_after_15_idle_minutes(admin_client, clock):
    assert still_in(admin_client, reverse("admin:index"))
    clock.shift(timedelta(minutes=16))
    assert admin_client.get(reverse("admin:index")).status_code == 302


def test_a_clinician_is_signed_out_12_hours_after_signing_in_however_active(client, clock):
    client.force_login(make_clinician())
    for _ in range(12 * 6):  # a request every 10 minutes for 12 hours
        clock.shift(timedelta(minutes=10))
        assert still_in(client, reverse("care:patients"))
    clock.shift(timedelta(minutes=5))  # 5 minutes after the last request, 12h05 in

    response = client.get(reverse("care:patients"))

    assert response.status_code == 302
    assert "12 hours after signing in" in client.get(response.url).text


@pytest.mark.parametrize(
    "variable, value",
    [("SESSION_IDLE_MINUTES_PATIENT", 5)],
)
def test_the_limits_come_from_the_settings(client, patient, clock, settings, variable, value):
    setattr(settings, variable, value)
    sign_in(client, patient)
    clock.shift(timedelta(minutes=6))
    assert client.get(DIARY).status_code == 302
