"""Sign up, log in, log out, change and reset the password: email is the login."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-longer-new-secret-42"


def test_sign_up_creates_a_patient_and_asks_for_the_emailed_code(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Jane@Example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email__iexact="jane@example.org")
    assert user.is_patient


def test_sign_up_explains_bad_input(client):
    UserFactory(email="taken@example.org")
    response = client.post(
        reverse("account_signup"),
        {"email": "taken@example.org", "password1": "short", "password2": "other"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.text
    assert "already registered" not in response.text  # test_signup.py: no enumeration
    assert 'role="alert"' in response.text
    assert User.objects.count() == 1


def test_log_in_with_email_and_out(client, patient, password):
    response = client.post(
        reverse("account_login"), {"login": "patient@example.org", "password": password}
    )
    assert response.status_code == 302
    assert client.get(reverse("tracker:history")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("tracker:history")).status_code == 302


def test_a_wrong_password_is_explained(client, patient):
    response = client.post(
        reverse("account_login"), {"login": "patient@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "not correct" in response.text


def test_password_reset_by_email(client, patient):
    response = client.post(reverse("account_reset_password"), {"email": "patient@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["patient@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)[1]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password(NEW_PASSWORD)


def test_password_change(client, patient, password):
    client.force_login(patient)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password(NEW_PASSWORD)


def test_auth_pages_use_the_apps_own_layout(client):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        page = client.get(reverse(name)).text
        assert "Symptom Diary" in page
        assert "/static/css/app.css" in page


def test_an_empty_sign_up_names_each_missing_answer(client):
    response = client.post(reverse("account_signup"), {})
    summary = response.text.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
    for label in ("Email", "Password", "Password (again)"):
        assert f">{label}: this is needed.</a>" in summary
    assert "This field is required." not in summary
