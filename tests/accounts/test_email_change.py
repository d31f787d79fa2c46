"""Finding 1: her sign-in email and password change only with her password again, a new
address only once confirmed, and every change (and a sign-in from a new browser) is told to
the address she had."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, emailed_code, make_patient

pytestmark = pytest.mark.django_db
NEW = "jane.new@example.org"


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def add_email(client):
    return client.post(reverse("account_email"), {"action_add": "", "email": NEW})


def test_changing_email_needs_the_password_again(client, patient):
    client.force_login(patient)  # a session left open, without a recent password

    response = add_email(client)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email=NEW).exists()
    client.post(reverse("account_email"), {"action_primary": "", "email": NEW})
    patient.refresh_from_db()
    assert patient.email == "patient@example.org"


def test_a_new_email_becomes_the_login_only_once_confirmed(client, patient):
    sign_in(client, patient.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    mail.outbox.clear()
    add_email(client)
    client.post(reverse("account_email"), {"action_primary": "", "email": NEW})

    patient.refresh_from_db()
    assert patient.email == "patient@example.org"
    (code_mail,) = mail.outbox
    assert code_mail.to == [NEW]
    other = client_class_for(client)
    assert not sign_in(other, NEW).wsgi_request.user.is_authenticated

    client.post(reverse("account_email_verification_sent"), {"code": emailed_code(code_mail)})

    patient.refresh_from_db()
    assert patient.email == NEW
    assert list(EmailAddress.objects.filter(user=patient).values_list("email", flat=True)) == [NEW]
    notice = mail.outbox[-1]
    assert notice.to == ["patient@example.org"]
    assert "changed from patient@example.org to jane.new@example.org" in notice.body
    assert "Forgot your password?" in notice.body


def test_changing_the_password_needs_the_old_one_and_tells_her(client, patient):
    client.force_login(patient)
    new = {"password1": "lemon-harbour-kettle-42", "password2": "lemon-harbour-kettle-42"}
    refused = client.post(reverse("account_change_password"), new)
    assert refused.status_code == 200
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)

    client.post(reverse("account_change_password"), {"oldpassword": PASSWORD, **new})

    (notice,) = mail.outbox
    assert notice.to == [patient.email]
    assert "The password of your account was changed." in notice.body


def test_a_sign_in_from_a_new_browser_tells_her_and_a_known_one_does_not(client, patient):
    sign_in(client, patient.email)
    (notice,) = mail.outbox
    assert notice.to == [patient.email]
    assert notice.subject.endswith("A new sign-in to your diary")
    assert "not been used on before" in notice.body

    client.post(reverse("account_logout"))
    sign_in(client, patient.email)
    assert len(mail.outbox) == 1

    sign_in(client_class_for(client), patient.email)
    assert len(mail.outbox) == 2


def test_notices_carry_no_health_data(client):
    patient = make_patient(email="jane@example.org")
    sign_in(client, patient.email)
    (notice,) = mail.outbox
    for word in ("anastrozole", "therapy", "pain", "tablet"):
        assert word not in notice.body.lower()


def client_class_for(client):
    """Another browser: no cookies of the first."""
    return type(client)()
