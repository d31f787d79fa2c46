"""Two-step sign-in: required of clinicians before any patient's data, offered to patients."""

import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from care.access import clinician_required
from tests.factories import PASSWORD, make_clinician, totp_code

pytestmark = pytest.mark.django_db

WRONG_CODE_WORDS = "That code did not work"


@clinician_required
def patient_page(request):
    """Stands in for any page of the care side that shows a patient's diary."""
    return HttpResponse("a patient's diary")


def call_patient_page(user):
    request = RequestFactory().get("/patients/7/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return patient_page(request)


def sign_in(client, user):
    """The password step, as on the login page."""
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """allauth asks for the password again before any change to how she signs in."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def recovery_codes(user):
    return Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()


def test_clinician_without_second_step_is_sent_to_set_one_up():
    response = call_patient_page(make_clinician(mfa=False))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_clinician_with_second_step_sees_the_page():
    response = call_patient_page(make_clinician())
    assert response.content == b"a patient's diary"


def test_patient_is_refused_a_clinician_page(patient):
    with pytest.raises(PermissionDenied):
        call_patient_page(patient)


def test_anonymous_is_sent_to_log_in():
    response = call_patient_page(AnonymousUser())
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_clinician_turns_on_an_authenticator_app_with_its_code(client):
    clinician = make_clinician(mfa=False)
    sign_in(client, clinician)
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.url.startswith(reverse("account_reauthenticate"))
    assert "Confirm it is you" in client.get(asked.url).text
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Clinicians need a second step" in page.text
    assert 'src="data:image/svg+xml;base64,' in page.text  # the QR code, allowed by the CSP
    shown = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", shown)  # groups of four
    secret = shown.replace(" ", "")

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response.url)
    assert all(code in codes_page.text for code in recovery_codes(clinician))
    assert "go to my patients" in codes_page.text
    assert call_patient_page(clinician).status_code == 200


def test_a_wrong_code_is_refused_in_words(client):
    clinician = make_clinician(mfa=False)
    sign_in(client, clinician)
    confirm_password(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})

    assert response.status_code == 200
    assert WRONG_CODE_WORDS in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'role="alert"' in response.text  # the error summary
    assert not Authenticator.objects.filter(user=clinician).exists()


def test_the_key_stays_the_same_on_every_reload_until_the_app_is_turned_on(client):
    # A new clinician's phone reloaded the tab: the key changed under her, and the code from
    # the key she had already added failed.
    clinician = make_clinician(mfa=False)
    sign_in(client, clinician)
    confirm_password(client)
    first = client.get(reverse("mfa_activate_totp")).context["form"].secret
    for _ in range(3):
        assert client.get(reverse("mfa_activate_totp")).context["form"].secret == first

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(first)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=clinician, type="totp").exists()


def test_a_wrong_code_at_set_up_says_which_key_to_check(client):
    clinician = make_clinician(mfa=False)
    sign_in(client, clinician)
    confirm_password(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    older_key_code = totp_code(make_clinician(mfa=True).totp_secret)

    response = client.post(reverse("mfa_activate_totp"), {"code": older_key_code})

    assert f"it ends in {secret[-4:]}" in response.text
    assert "a key added earlier" in response.text
    assert "phone&#x27;s clock" in response.text
    assert response.context["form"].secret == secret


def test_sign_in_asks_for_the_code_before_letting_her_in(client):
    clinician = make_clinician()

    response = sign_in(client, clinician)

    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in after the password alone
    page = client.get(response.url)
    assert "Two-step sign-in" in page.text
    assert "one of your recovery codes" in page.text
    assert "Use a passkey" not in page.text  # she has none
    refused = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert WRONG_CODE_WORDS in refused.text
    assert "_auth_user_id" not in client.session

    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(clinician.totp_secret)})

    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(clinician.pk)


def test_a_recovery_code_works_once(client):
    clinician = make_clinician()
    first, second = recovery_codes(clinician)[:2]
    sign_in(client, clinician)
    client.post(reverse("mfa_authenticate"), {"code": first})
    assert client.session["_auth_user_id"] == str(clinician.pk)
    client.post(reverse("account_logout"))

    sign_in(client, clinician)
    again = client.post(reverse("mfa_authenticate"), {"code": first})

    assert WRONG_CODE_WORDS in again.text
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": second})
    assert client.session["_auth_user_id"] == str(clinician.pk)


def test_a_patient_is_never_forced(client, patient):
    response = sign_in(client, patient)

    assert response.url == reverse("tracker:home")
    assert client.get(reverse("tracker:home")).status_code == 200
    settings_page = client.get(reverse("tracker:profile"))
    assert "Set up two-step sign-in" in settings_page.text
    assert f'href="{reverse("mfa_index")}"' in settings_page.text
    index = client.get(reverse("mfa_index"))
    assert "It is your choice" in index.text


def test_a_patient_may_turn_it_on(client, patient):
    sign_in(client, patient)
    confirm_password(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert Authenticator.objects.filter(user=patient, type="totp").exists()
    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    assert "back to Settings" in codes_page.text
    assert "Manage two-step sign-in" in client.get(reverse("tracker:profile")).text


def test_an_unconfirmed_email_is_confirmed_first(client, patient):
    # Sign-in now asks for the emailed code first; a session from before that rule remains.
    EmailAddress.objects.filter(user=patient).update(verified=False)
    client.force_login(patient)

    response = client.get(reverse("mfa_activate_totp"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    assert "Confirm your email address before you turn on two-step sign-in" in response.text


def test_turning_off_warns_a_clinician_and_sends_her_back_to_set_up(client):
    clinician = make_clinician()
    sign_in(client, clinician)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(clinician.totp_secret)})
    confirm_password(client)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert "you will be asked to set up an authenticator app again" in page.text

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=clinician).exists()  # codes went with it
    assert call_patient_page(clinician).url == reverse("mfa_activate_totp")


def test_the_pages_of_two_step_sign_in_render_in_the_app_layout(client):
    clinician = make_clinician()
    sign_in(client, clinician)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(clinician.totp_secret)})
    confirm_password(client)
    for name, heading in [
        ("mfa_index", "Two-step sign-in"),
        ("mfa_view_recovery_codes", "Your recovery codes"),
        ("mfa_generate_recovery_codes", "Make new recovery codes"),
        ("mfa_add_webauthn", "Add a passkey"),
        ("mfa_list_webauthn", "Your passkeys"),
        ("mfa_deactivate_totp", "Turn off the authenticator app"),
    ]:
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        assert f"<h1>{heading}" in page.text, name
        assert 'class="site-header"' in page.text, name
        assert "<script>" not in page.text, name  # the CSP allows no inline script

    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    assert recovery_codes(clinician)[0] in download.text


def test_new_recovery_codes_replace_the_old(client):
    clinician = make_clinician()
    old = recovery_codes(clinician)
    sign_in(client, clinician)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(clinician.totp_secret)})
    confirm_password(client)

    response = client.post(reverse("mfa_generate_recovery_codes"))

    assert response.url == reverse("mfa_view_recovery_codes")
    assert set(recovery_codes(clinician)).isdisjoint(old)


def test_codes_computed_here_match_allauth_and_a_minute_old_code_is_refused():
    """allauth accepts the current 30-second step only (MFA_TOTP_TOLERANCE 0): the test's own
    RFC 6238 sums agree with it, and a code from a minute ago is refused."""
    clinician = make_clinician()
    totp = Authenticator.objects.get(user=clinician, type="totp").wrap()
    with time_machine.travel(1_800_000_015, tick=False):
        assert not totp.validate_code(totp_code(clinician.totp_secret, at=1_800_000_015 - 60))
        assert totp.validate_code(totp_code(clinician.totp_secret, at=1_800_000_015))


def test_the_admin_creates_a_clinician(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.nurse@clinic.example.org",
            "role": "clinician",
            "usable_password": "true",
            "password1": "a-longer-new-secret-42",
            "password2": "a-longer-new-secret-42",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    nurse = User.objects.get(email="new.nurse@clinic.example.org")
    assert nurse.is_clinician
    assert call_patient_page(nurse).url == reverse("mfa_activate_totp")


def test_the_admin_signs_in_through_two_step_sign_in(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
