"""allauth's pages and emails in the diary's own voice: none of allauth's stock words ("Sign Up",
"Remember Me", "Forgot Password?", "Hello from <domain>!") on a page a patient can reach or in
an email she can get."""

from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core.context import request_context
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.accounts.test_mfa import confirm_password, sign_in
from tests.factories import PASSWORD, make_patient, totp_code

pytestmark = pytest.mark.django_db

# allauth's own wording, in the title case and the voice of its stock templates; the app says
# "Sign up", "Keep me signed in", "Forgot your password?" and signs its emails "Symptom Diary".
STOCK = (
    "Sign Up",
    "Sign In",
    "Sign Out",
    "Remember Me",
    "Forgot Password",
    "Password Reset",
    "Change Password",
    "Set Password",
    "E-mail",
    "Email Address",
    "Email Addresses",
    "Make Primary",
    "Re-send Verification",
    "Add Email",
    "Confirm Email",
    "Please Confirm",
    "Two-Factor Authentication",
    "Authenticator App",
    "Recovery Codes",
    "Security Key",
    "Reauthenticate",
    "Confirm Access",
    "Then please sign in",
    "Don't have an account",
    "Hello from",
    "Thank you for using",
    "You're receiving this email",
    "You are receiving this email",
    "Successfully signed in",
)


def stock_words(text):
    return [phrase for phrase in STOCK if phrase in text]


def page_text(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs), follow=True)
    assert response.status_code == 200, name
    return response.text


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"],
)
def test_the_pages_before_signing_in_speak_as_the_diary(client, name):
    assert stock_words(page_text(client, name)) == []


def test_the_pages_of_a_sign_up_speak_as_the_diary(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert "code" in response.text  # the page that asks for the emailed code
    assert stock_words(response.text) == []


def test_setting_a_new_password_from_the_email_speaks_as_the_diary(client, mailoutbox):
    patient = make_patient(email="reset@example.org")
    client.post(reverse("account_reset_password"), {"email": patient.email})
    (link,) = [w for w in mailoutbox[-1].body.split() if "/password/reset/key/" in w]
    form = client.get(link, follow=True)
    assert stock_words(form.text) == []
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": "a new pass phrase 42", "password2": "a new pass phrase 42"},
        follow=True,
    )
    assert stock_words(done.text) == []


# A patient's own account pages: her email, her password, two-step sign-in and its parts.
SIGNED_IN_PAGES = [
    "account_email",
    "account_change_password",
    "account_reauthenticate",
    "account_logout",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_list_webauthn",
    "mfa_add_webauthn",
]


def test_her_account_pages_speak_as_the_diary(client):
    patient = make_patient(email="pages@example.org")
    sign_in(client, patient)
    assert stock_words(page_text(client, "account_reauthenticate")) == []
    confirm_password(client)
    for name in SIGNED_IN_PAGES:
        assert stock_words(page_text(client, name)) == [], name


def test_her_two_step_pages_speak_as_the_diary(client):
    patient = make_patient(email="totp@example.org")
    sign_in(client, patient)
    confirm_password(client)
    activate = client.get(reverse("mfa_activate_totp"))
    secret = activate.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    for name in [
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
        "mfa_reauthenticate",
    ]:
        assert stock_words(page_text(client, name)) == [], name
    client.post(reverse("account_logout"))
    signed_in = sign_in(client, patient)
    assert signed_in.url == reverse("mfa_authenticate")
    assert stock_words(page_text(client, "mfa_authenticate")) == []


# Every email allauth sends, as its flows send them (allauth/**/flows, account/adapter.py);
# not those of features turned off here: sign-in by code and password reset by code.
EMAILS = [
    "account/email/account_already_exists",
    "account/email/email_changed",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
    "account/email/email_deleted",
    "account/email/password_changed",
    "account/email/password_reset",
    "account/email/password_reset_key",
    "account/email/password_set",
    "account/email/unknown_account",
    "mfa/email/recovery_codes_generated",
    "mfa/email/totp_activated",
    "mfa/email/totp_deactivated",
    "mfa/email/webauthn_added",
    "mfa/email/webauthn_removed",
]


def test_the_list_of_emails_follows_allauth():
    """A new email in a new allauth shows up here, to be written in the app's words."""
    shipped = Path(allauth.__file__).parent / "templates"
    sent_by_allauth = {
        str(path.relative_to(shipped)).removesuffix("_subject.txt")
        for app in ("account", "mfa")  # the apps of allauth installed here
        for path in shipped.glob(f"{app}/email/*_subject.txt")
    }
    turned_off = {"account/email/login_code", "account/email/password_reset_code"}
    unused = {"account/email/email_confirm"}  # no flow of allauth 65 sends it
    assert sent_by_allauth - turned_off - unused == set(EMAILS)


@pytest.mark.parametrize("prefix", EMAILS)
def test_every_email_speaks_as_the_diary(prefix, mailoutbox):
    patient = make_patient(email="mail@example.org")
    request = RequestFactory().get("/", HTTP_USER_AGENT="Firefox")
    request.user = patient
    context = {
        "user": patient,
        "code": "K7Q2MD",
        "activate_url": "https://diary.example.org/accounts/confirm-email/key/",
        "password_reset_url": "https://diary.example.org/accounts/password/reset/key/1-x/",
        "signup_url": "https://diary.example.org/accounts/signup/",
        "deleted_email": "old@example.org",
        "from_email": "old@example.org",
        "to_email": "mail@example.org",
        "timestamp": timezone.now(),
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
    }
    with request_context(request):
        get_adapter().send_mail(prefix, patient.email, context)
    (message,) = mailoutbox
    assert stock_words(message.subject) == [], message.subject
    assert stock_words(message.body) == [], message.body
    assert message.subject.startswith("Symptom Diary: "), message.subject
    assert message.body.rstrip().endswith("Symptom Diary"), message.body
    assert EmailAddress.objects.filter(email=message.to[0]).exists()
