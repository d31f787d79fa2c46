"""Finding 6: security events go into their own table (UTC time, actor, address, event,
target), each through the real page or service that causes it, never with health data."""

from datetime import UTC, date

import pytest
from allauth.core import context
from allauth.mfa.models import Authenticator
from django.contrib.admin.sites import site as admin_site
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from audit.models import SecurityEvent
from care import links, services
from care.models import AccessEvent
from tests.factories import (
    PASSWORD,
    DailyEntryFactory,
    GrantFactory,
    VisitLinkFactory,
    emailed_code,
    make_clinician,
    totp_code,
)

Kind = SecurityEvent.Kind
NOTE = "Audit note: knees very bad"


def sign_in(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def confirm_password(client):
    """allauth may ask for the password again before a change to how she signs in."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def only(kind):
    (event,) = SecurityEvent.objects.filter(event=kind)
    return event


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts failed sign-ins in the cache: the lockout test must not lock the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def her_day(patient):
    """A day with a note, so that every test can check none of it reached the log."""
    return DailyEntryFactory(patient=patient, day=date(2026, 3, 1), note=NOTE, joint_pain=8)


@pytest.fixture(autouse=True)
def no_health_data_in_the_log(db):
    yield
    for row in SecurityEvent.objects.values_list("actor_email", "target"):
        assert NOTE not in " ".join(row)
        assert "joint" not in " ".join(row).lower()


def test_signing_in_is_logged_with_time_actor_and_address(client, patient):
    sign_in(client, patient)
    event = only(Kind.LOGIN)
    assert (event.actor_id, event.actor_email) == (patient.pk, patient.email)
    assert event.ip_address == "127.0.0.1"
    assert event.at.tzinfo is not None and event.at.utcoffset() == UTC.utcoffset(None)
    assert event.target == f"user:{patient.pk}"


def test_a_failed_sign_in_is_logged_without_the_password(client, patient):
    sign_in(client, patient, password="wrong-password-123")
    event = only(Kind.LOGIN_FAILED)
    assert (event.actor_id, event.actor_email) == (patient.pk, patient.email)
    assert event.ip_address == "127.0.0.1"
    assert "wrong-password" not in event.target + event.actor_email
    assert not SecurityEvent.objects.filter(event=Kind.LOGIN).exists()


def test_a_failed_sign_in_for_an_unknown_address_names_the_address_only(client, db):
    client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "x" * 12})
    event = only(Kind.LOGIN_FAILED)
    assert (event.actor_id, event.actor_email) == (None, "nobody@example.org")


def test_the_lockout_is_logged(client, patient):
    for _ in range(12):
        sign_in(client, patient, password="wrong-password-123")
    assert SecurityEvent.objects.filter(event=Kind.LOCKOUT, actor_email=patient.email).exists()
    assert SecurityEvent.objects.filter(event=Kind.LOGIN_FAILED).count() >= 1


def test_signing_out_is_logged(client, patient):
    sign_in(client, patient)
    client.post(reverse("account_logout"))
    assert only(Kind.LOGOUT).actor_id == patient.pk


def test_a_password_change_is_logged(client, patient):
    sign_in(client, patient)
    confirm_password(client)
    new = "a-new-and-long-passphrase-42"
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    patient.refresh_from_db()
    assert patient.check_password(new)
    assert only(Kind.PASSWORD_CHANGED).actor_id == patient.pk


def test_adding_and_confirming_a_new_email_are_logged(client, patient, mailoutbox):
    sign_in(client, patient)
    confirm_password(client)
    mailoutbox.clear()
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    (code_mail,) = mailoutbox
    client.post(reverse("account_email_verification_sent"), {"code": emailed_code(code_mail)})
    patient.refresh_from_db()
    assert patient.email == "new@example.org"
    # allauth adds the address to her account once its code is typed.
    assert only(Kind.EMAIL_ADDED).target == "email:new@example.org"
    assert only(Kind.EMAIL_CONFIRMED).target == "email:new@example.org"
    changed = only(Kind.EMAIL_CHANGED)
    assert (changed.actor_id, changed.target) == (patient.pk, "email:new@example.org")


def post_then_commit(client, url, data, capture):
    """allauth sends its MFA signals once the change commits, inside the request's context."""
    with capture() as callbacks:
        response = client.post(url, data)
    with context.request_context(response.wsgi_request):
        for callback in callbacks:
            callback()
    return response


def test_turning_two_step_sign_in_on_and_off_is_logged(
    client, patient, django_capture_on_commit_callbacks
):
    sign_in(client, patient)
    confirm_password(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    post_then_commit(
        client,
        reverse("mfa_activate_totp"),
        {"code": totp_code(secret)},
        django_capture_on_commit_callbacks,
    )
    assert Authenticator.objects.filter(user=patient, type="totp").exists()
    assert SecurityEvent.objects.filter(
        event=Kind.MFA_ADDED, actor_id=patient.pk, target="authenticator:totp"
    ).exists()
    confirm_password(client)
    post_then_commit(client, reverse("mfa_deactivate_totp"), {}, django_capture_on_commit_callbacks)
    assert SecurityEvent.objects.filter(event=Kind.MFA_REMOVED, actor_id=patient.pk).exists()


def test_her_downloads_are_logged(patient_client, patient):
    patient_client.get(reverse("tracker:export_csv"))
    patient_client.get(reverse("tracker:export_fhir"))
    targets = set(
        SecurityEvent.objects.filter(event=Kind.EXPORT, actor_id=patient.pk).values_list(
            "target", flat=True
        )
    )
    assert targets == {"csv:own diary", "fhir:own diary"}


def test_a_clinicians_downloads_are_logged(client, patient):
    clinician = make_clinician()
    GrantFactory(patient=patient, clinician=clinician)
    client.force_login(clinician)
    for name in ("care:export_csv", "care:export_fhir"):
        assert client.get(reverse(name, args=[patient.pk])).status_code == 200
    targets = set(
        SecurityEvent.objects.filter(event=Kind.EXPORT, actor_id=clinician.pk).values_list(
            "target", flat=True
        )
    )
    assert targets == {f"csv of patient:{patient.pk}", f"fhir of patient:{patient.pk}"}


def test_sharing_events_are_logged(patient, mailoutbox):
    clinician = make_clinician(email="gp@clinic.org")
    _, grant = services.share_with(patient=patient, email=clinician.email, ends_on=None)
    services.stop_grant(grant=grant)
    _, invitation = services.share_with(patient=patient, email="new@clinic.org", ends_on=None)
    services.stop_invitation(invitation=invitation)
    _, accepted = services.share_with(patient=patient, email="nurse@clinic.org", ends_on=None)
    nurse = services.join_by_invitation(
        invitation=accepted, name="Nurse", time_zone="Europe/London", password=PASSWORD
    )
    visit_link = services.make_visit_link(
        patient=patient, start=date(2026, 3, 1), end=date(2026, 3, 1), days=1
    )
    services.stop_visit_link(visit_link=visit_link)
    logged = list(SecurityEvent.objects.order_by("pk").values_list("event", "actor_id", "target"))
    assert logged == [
        (Kind.GRANT_MADE, patient.pk, f"grant:{grant.pk}"),
        (Kind.GRANT_REVOKED, patient.pk, f"grant:{grant.pk}"),
        (Kind.INVITATION_SENT, patient.pk, f"invitation:{invitation.pk}"),
        (Kind.INVITATION_STOPPED, patient.pk, f"invitation:{invitation.pk}"),
        (Kind.INVITATION_SENT, patient.pk, f"invitation:{accepted.pk}"),
        (Kind.INVITATION_ACCEPTED, nurse.pk, f"invitation:{accepted.pk}"),
        (Kind.VISIT_LINK_MADE, patient.pk, f"visit_link:{visit_link.pk}"),
        (Kind.VISIT_LINK_STOPPED, patient.pk, f"visit_link:{visit_link.pk}"),
    ]
    # Stopping what is already stopped changes nothing, so logs nothing.
    services.stop_grant(grant=grant)
    assert SecurityEvent.objects.count() == len(logged)


def test_opening_a_visit_link_is_logged_with_the_visitors_address(client, patient):
    visit_link = VisitLinkFactory(patient=patient)
    client.get(links.url_for(links.VISIT, visit_link.pk), REMOTE_ADDR="203.0.113.9")
    event = only(Kind.VISIT_LINK_OPENED)
    assert (event.actor_id, event.ip_address) == (None, "203.0.113.9")
    assert event.target == f"visit_link:{visit_link.pk}"
    assert AccessEvent.objects.filter(visit_link=visit_link).count() == 1


def test_staff_read_the_log_in_the_admin_and_cannot_change_it(client, patient):
    staff = make_clinician(email="staff@example.org")  # staff need a second step
    User.objects.filter(pk=staff.pk).update(is_staff=True, is_superuser=True)
    client.force_login(staff)
    event = SecurityEvent.objects.get(event=Kind.LOGIN, actor_id=staff.pk)
    changelist = client.get(reverse(f"{admin_site.name}:audit_securityevent_changelist"))
    assert changelist.status_code == 200
    assert "staff@example.org" in changelist.text
    detail = client.get(reverse(f"{admin_site.name}:audit_securityevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text
    add = client.get(reverse(f"{admin_site.name}:audit_securityevent_add"))
    assert add.status_code == 403
    delete = client.post(
        reverse(f"{admin_site.name}:audit_securityevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
