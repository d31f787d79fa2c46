"""Signed snooze and stop links from the emails: work once, without a login, say what they did."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from reminders import links, selectors, services
from reminders.models import Delivery
from tests.reminders.conftest import utc

pytestmark = pytest.mark.django_db

SENT_AT = utc(2026, 11, 23, 20, 1)


@pytest.fixture
def delivery(patient):
    return Delivery.objects.create(
        patient=patient,
        kind=Delivery.Kind.DAILY,
        local_date=date(2026, 11, 23),
        status=Delivery.Status.SENT,
    )


def _path(delivery, action):
    with time_machine.travel(SENT_AT, tick=False):
        return reverse("reminders:link", args=[links.token_for(delivery.id, action)])


@pytest.mark.parametrize("action", ["snooze", "stop"])
def test_link_asks_before_acting_so_mail_scanners_change_nothing(client, delivery, action):
    with time_machine.travel(SENT_AT + timedelta(hours=1), tick=False):
        response = client.get(_path(delivery, action))

    assert response.status_code == 200
    assert '<form method="post">' in response.text
    assert selectors.reminder_settings(patient=delivery.patient).enabled
    delivery.refresh_from_db()
    assert delivery.link_used_at is None


def test_stop_link_works_without_login_and_says_what_it_did(client, delivery):
    with time_machine.travel(SENT_AT + timedelta(hours=1), tick=False):
        response = client.post(_path(delivery, "stop"))

    assert response.status_code == 200
    assert "Reminders are off" in response.text
    assert not selectors.reminder_settings(patient=delivery.patient).enabled


def test_snooze_link_pauses_reminders_for_seven_days(client, delivery):
    with time_machine.travel(SENT_AT + timedelta(hours=1), tick=False):
        response = client.post(_path(delivery, "snooze"))

    assert response.status_code == 200
    assert "the next one comes on Tuesday 1 December at 20:00" in response.text
    assert selectors.reminder_settings(patient=delivery.patient).resume_on == date(2026, 12, 1)


def test_mail_program_one_click_unsubscribe_post_works(client, delivery):
    """RFC 8058: the mail program posts List-Unsubscribe=One-Click, with no CSRF token."""
    client.handler.enforce_csrf_checks = True
    with time_machine.travel(SENT_AT, tick=False):
        response = client.post(_path(delivery, "stop"), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not selectors.reminder_settings(patient=delivery.patient).enabled


def test_replayed_link_is_refused_with_a_clear_page(client, delivery):
    path = _path(delivery, "snooze")
    with time_machine.travel(SENT_AT, tick=False):
        client.post(path)
    services_resume_on = selectors.reminder_settings(patient=delivery.patient).resume_on

    with time_machine.travel(SENT_AT + timedelta(days=2), tick=False):
        again = client.post(path)
        opened_again = client.get(path)

    assert again.status_code == 410
    assert "This link was already used, on Monday 23 November" in again.text
    assert "Nothing was changed" in again.text
    assert opened_again.status_code == 410
    # The second click did not snooze again from a later day.
    assert selectors.reminder_settings(patient=delivery.patient).resume_on == services_resume_on


def test_expired_link_is_refused(client, delivery):
    path = _path(delivery, "stop")
    with time_machine.travel(SENT_AT + links.MAX_AGE + timedelta(minutes=1), tick=False):
        response = client.post(path)

    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert selectors.reminder_settings(patient=delivery.patient).enabled


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature
        lambda token: token[:10],  # cut short
        lambda token: "not-a-token",
    ],
)
def test_tampered_link_is_refused(client, delivery, tamper):
    with time_machine.travel(SENT_AT, tick=False):
        token = links.token_for(delivery.id, "stop")
        response = client.post(reverse("reminders:link", args=[tamper(token)]))

    assert response.status_code == 400
    assert "This link is not valid" in response.text
    assert selectors.reminder_settings(patient=delivery.patient).enabled


def test_link_for_another_delivery_id_cannot_be_forged(client, delivery, other_patient):
    """Changing the id inside the token breaks the signature: no one can stop someone else's."""
    token = links.token_for(delivery.id, "stop")
    payload, _, signature = token.partition(":")
    forged = signing.dumps([delivery.id + 1, "stop"], salt=links.SALT, key="guessed-key")

    for bad in (f"{forged}", f"{payload}x:{signature}"):
        assert client.post(reverse("reminders:link", args=[bad])).status_code == 400


def test_link_of_a_deleted_account_is_refused(client, delivery):
    path = _path(delivery, "stop")
    delivery.patient.delete()

    with time_machine.travel(SENT_AT, tick=False):
        response = client.post(path)

    assert response.status_code == 400
    assert "This link is not valid" in response.text


def test_snooze_link_from_an_old_email_does_not_turn_stopped_reminders_back_on(client, delivery):
    services.set_enabled(patient=delivery.patient, enabled=False)
    with time_machine.travel(SENT_AT, tick=False):
        response = client.post(_path(delivery, "snooze"))

    assert "Reminders are off, so there was nothing to snooze." in response.text
    assert not selectors.reminder_settings(patient=delivery.patient).enabled
