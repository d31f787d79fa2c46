"""Finding 10: sign-up says nothing about which addresses have an account."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory, emailed_code

pytestmark = pytest.mark.django_db
PASSWORD = "lemon-harbour-kettle-42"


def sign_up(client, email):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_sign_up_answers_the_same_for_a_new_and_a_registered_email(client, django_user_model):
    UserFactory(email="taken@example.org")

    new = sign_up(client, "new@example.org")
    client.cookies.clear()
    taken = sign_up(client, "taken@example.org")

    assert new.status_code == taken.status_code == 302
    assert new.url == taken.url == reverse("account_email_verification_sent")
    assert "already registered" not in client.get(taken.url).text
    assert django_user_model.objects.filter(email="taken@example.org").count() == 1
    to_new, to_taken = mail.outbox
    assert to_new.to == ["new@example.org"] and "Your code" in to_new.body
    assert to_taken.to == ["taken@example.org"]
    assert "Someone tried to sign up" in to_taken.subject + to_taken.body
    assert "/accounts/password/reset/" in to_taken.body


def test_a_new_patient_types_her_code_and_goes_on_to_her_therapy(client):
    sign_up(client, "Jane@Example.org")
    page = client.get(reverse("account_email_verification_sent"))
    assert page.status_code == 200

    response = client.post(
        reverse("account_email_verification_sent"), {"code": emailed_code(mail.outbox[0])}
    )

    assert response.status_code == 302
    assert response.url == reverse("tracker:onboarding")
    user = User.objects.get(email="jane@example.org")
    assert user.is_patient
    assert client.get(reverse("tracker:onboarding")).status_code == 200


def test_without_the_code_she_is_not_signed_in(client):
    sign_up(client, "jane@example.org")
    response = client.get(reverse("tracker:onboarding"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
