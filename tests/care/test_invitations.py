"""The invitation link: makes a clinician account with the grant, once; refused in words and
with nothing created when it is expired, used, tampered with, withdrawn or not hers."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from care import links, services
from care.access import patient_for
from care.models import ClinicianProfile, Grant, Invitation
from tests.factories import make_clinician, make_patient

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
JOIN = {
    "name": "Dr Priya Patel",
    "time_zone": "Europe/Dublin",
    "password1": "a-long-and-unusual-phrase",
    "password2": "a-long-and-unusual-phrase",
}


@pytest.fixture
def invitation(patient):
    with time_machine.travel(SENT, tick=False):
        return services.share_with(
            patient=patient, email="gp@surgery.org", ends_on=date(2027, 1, 31)
        )[1]


@pytest.fixture
def path(invitation):
    with time_machine.travel(SENT, tick=False):
        return links.url_for(links.INVITATION, invitation.pk).removeprefix("http://127.0.0.1:8000")


def _rows():
    return (User.objects.count(), Grant.objects.count(), ClinicianProfile.objects.count())


def test_the_invitation_shows_who_invites_and_asks_for_name_time_zone_and_password(client, path):
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.get(path)

    assert response.status_code == 200
    assert "Maria Jones invites you to see her diary" in response.text
    assert "gp@surgery.org" in response.text
    for name in ("name", "time_zone", "password1", "password2"):
        assert f'name="{name}"' in response.text
    assert 'name="email"' not in response.text
    assert response["Cache-Control"].count("no-store") == 1
    assert response["X-Robots-Tag"].startswith("noindex")


def test_accepting_makes_a_verified_clinician_with_the_grant_and_signs_her_in(
    client, patient, invitation, path
):
    with time_machine.travel(SENT + timedelta(days=2), tick=False):
        response = client.post(path, JOIN)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(email="gp@surgery.org")
    assert user.is_clinician and user.check_password(JOIN["password1"])
    assert user.clinician_profile.name == "Dr Priya Patel"
    assert user.clinician_profile.time_zone == "Europe/Dublin"
    assert EmailAddress.objects.filter(
        user=user, email=user.email, verified=True, primary=True
    ).exists()
    grant = Grant.objects.get(patient=patient, clinician=user)
    assert grant.ends_on == date(2027, 1, 31)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # Read while the session is young: it ends 14 days after the sign-in.
    with time_machine.travel(SENT + timedelta(days=2), tick=False):
        assert int(client.session["_auth_user_id"]) == user.pk
        assert patient_for(user, patient.pk) == patient


def test_after_joining_she_sets_up_her_second_step_without_typing_her_new_password_again(
    client, invitation, path
):
    with time_machine.travel(SENT + timedelta(days=2), tick=False):
        client.post(path, JOIN)
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert 'name="code"' in response.text


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name": ""}, "Enter your name as your patients should see it."),
        (
            {"password1": "12345678", "password2": "12345678"},
            "This password is one that people use often",
        ),
        ({"password1": "short", "password2": "short"}, "This password is too short."),
        ({"password2": "something else"}, "The two passwords are not the same"),
        (
            {"password1": "gp-surgery-org", "password2": "gp-surgery-org"},
            "too similar to the email",
        ),
        ({"time_zone": "Mars/Olympus"}, "We do not know the time zone"),
    ],
)
def test_bad_input_gets_field_errors_in_words_and_creates_nothing(client, path, changes, words):
    before = _rows()
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.post(path, JOIN | changes)

    assert response.status_code == 400
    assert words in response.text
    assert "There is a problem" in response.text
    assert 'aria-invalid="true"' in response.text
    assert _rows() == before


def test_an_expired_invitation_is_refused_and_nothing_is_created(client, path):
    before = _rows()
    with time_machine.travel(SENT + timedelta(days=7, seconds=1), tick=False):
        page = client.get(path)
        posted = client.post(path, JOIN)

    for response in (page, posted):
        assert response.status_code == 410
        assert (
            "This invitation has expired" in response.text
            or "This link has expired" in response.text
        )
        assert "Nothing was created" in response.text
    assert _rows() == before


def test_a_used_invitation_is_refused_the_second_time(client, path):
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        client.post(path, JOIN)
        client.logout()
        before = _rows()
        response = client.post(path, JOIN | {"name": "Someone else"})

    assert response.status_code == 410
    assert "has been used already" in response.text
    assert _rows() == before


def test_two_tabs_accepting_at_once_make_one_account(patient, invitation):
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        services.join_by_invitation(
            invitation=invitation, name="A", time_zone="UTC", password="x" * 12
        )
        with pytest.raises(links.BadLink):
            # The second tab read the invitation as open before the first one accepted it.
            services.accept_invitation(invitation=invitation, clinician=make_clinician())
    assert Grant.objects.filter(patient=patient).count() == 1


def test_a_tampered_invitation_is_refused(client, path):
    before = _rows()
    token = path.split("/")[2]
    for bad in (token[:-2] + "xx", token.replace(":", "", 1), "nonsense"):
        with time_machine.travel(SENT, tick=False):
            response = client.post(reverse("care:invitation", args=[bad]), JOIN)
        assert response.status_code == 404
        assert "This link is not valid" in response.text
    # A visit link's token for the same number does not open an invitation.
    with time_machine.travel(SENT, tick=False):
        visit_token = links.url_for(links.VISIT, Invitation.objects.get().pk).split("/")[-2]
        assert client.get(reverse("care:invitation", args=[visit_token])).status_code == 404
    assert _rows() == before


def test_a_withdrawn_invitation_is_refused(client, invitation, path):
    services.stop_invitation(invitation=invitation)
    before = _rows()
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.post(path, JOIN)

    assert response.status_code == 410
    assert "withdrawn by the person who sent it" in response.text
    assert _rows() == before


def test_an_invitation_opened_by_a_different_signed_in_user_asks_to_sign_out(
    client, other_patient, path
):
    client.force_login(other_patient)
    before = _rows()
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.post(path, JOIN)

    assert response.status_code == 403
    assert "You are signed in as other@example.org" in response.text
    assert "Sign out first" in response.text
    assert _rows() == before
    assert not Invitation.objects.filter(accepted_at__isnull=False).exists()


def test_an_address_with_an_account_is_told_to_sign_in_and_nothing_is_created(client, path):
    make_clinician(email="gp@surgery.org")
    before = _rows()
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.post(path, JOIN)

    assert response.status_code == 409
    assert "There is an account with this email address already. Sign in" in response.text
    assert _rows() == before


def test_the_invited_clinician_signed_in_accepts_with_one_tap(client, patient, path):
    clinician = make_clinician(email="gp@surgery.org")
    client.force_login(clinician)
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        page = client.get(path)
        response = client.post(path)

    assert "See her diary" in page.text and 'name="password1"' not in page.text
    assert response.status_code == 302
    assert response["Location"] == reverse("care:patients")
    assert Grant.objects.get(patient=patient).clinician == clinician


def test_a_patient_account_at_the_invited_address_is_refused(client, path):
    make_patient(email="gp@surgery.org")
    before = _rows()
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.post(path, JOIN)

    assert response.status_code == 409
    assert "a patient account cannot see another person" in response.text
    assert _rows() == before


def test_a_name_on_more_than_one_line_is_refused_in_words(client, path):
    with time_machine.travel(SENT + timedelta(days=2), tick=False):
        response = client.post(path, JOIN | {"name": "Dr Priya\nPatel"})

    assert response.status_code == 400
    assert "on one line" in response.text
    assert not User.objects.filter(email="gp@surgery.org").exists()
