"""The patient's sharing page: share, stop, the access log; and who may touch what."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.http import Http404
from django.urls import reverse

from care import links, services
from care.access import patient_for
from care.models import AccessEvent, Grant, Invitation, VisitLink
from tests.care.conftest import NOW
from tests.factories import DailyEntryFactory, GrantFactory, make_clinician, make_patient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _share(client, **data):
    return client.post(reverse("care:sharing"), data)


def test_sharing_with_a_clinician_account_grants_at_once_and_mails_no_health_data(
    patient_client, patient, clinician, mailoutbox
):
    DailyEntryFactory(patient=patient, day=date(2026, 11, 22), joint_pain=8, note="knees awful")

    response = _share(patient_client, email="NURSE@example.org", ends_on="")

    assert response.status_code == 302
    grant = Grant.objects.get(patient=patient, clinician=clinician)
    assert grant.is_live() and grant.ends_on is None
    assert patient_for(clinician, patient.pk) == patient
    [mail] = mailoutbox
    assert mail.to == ["nurse@example.org"]
    assert mail.subject == "Maria Jones shared her diary with you"
    html = mail.alternatives[0][0]
    for part in (mail.body, html):
        assert "http://127.0.0.1:8000" + reverse("care:patients") in part
        for health_word in ("pain", "knees", "nastrozole", "severe", "cancer", "breast"):
            assert health_word not in part


def test_sharing_with_an_end_date_ends_at_the_end_of_her_local_day(patient_client, patient):
    patient.patient_profile.time_zone = "Pacific/Auckland"
    patient.patient_profile.save()
    clinician = make_clinician(email="dr@example.org")

    _share(patient_client, email="dr@example.org", ends_on="2026-12-31")

    grant = Grant.objects.get(clinician=clinician)
    assert grant.ends_on == date(2026, 12, 31)
    assert grant.expires_at == datetime(2026, 12, 31, 11, 0, tzinfo=UTC)  # midnight, NZDT


def test_sharing_again_with_a_live_grant_moves_its_end_instead_of_failing(
    patient_client, patient, clinician, mailoutbox
):
    _share(patient_client, email=clinician.email, ends_on="")
    response = _share(patient_client, email=clinician.email, ends_on="2026-12-01")

    assert response.status_code == 302
    grant = Grant.objects.get(patient=patient, clinician=clinician)
    assert grant.ends_on == date(2026, 12, 1)
    assert len(mailoutbox) == 1


def test_sharing_again_after_an_end_closes_the_expired_grant_and_opens_a_new_one(
    patient, clinician
):
    old = GrantFactory(
        patient=patient,
        clinician=clinician,
        ends_on=date(2026, 11, 1),
        expires_at=datetime(2026, 11, 2, tzinfo=UTC),
    )

    outcome, grant = services.share_with(patient=patient, email=clinician.email, ends_on=None)

    assert outcome == services.GRANTED
    old.refresh_from_db()
    assert old.revoked_at == old.expires_at
    assert grant.is_live()
    assert patient_for(clinician, patient.pk) == patient


def test_two_open_grants_for_one_pair_fail_in_the_database(patient, clinician):
    GrantFactory(patient=patient, clinician=clinician)
    with pytest.raises(IntegrityError):
        GrantFactory(patient=patient, clinician=clinician)


def _said(response, client):
    """The words the sharing page shows after the form was sent."""
    assert response.status_code == 302
    page = client.get(response.url).text
    return re.search(r'class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S).group(1).strip()


def test_the_form_answers_the_same_words_for_a_patients_a_clinicians_and_a_new_address(
    patient_client, patient, other_patient, clinician, mailoutbox
):
    # The probe's High finding: the form said "belongs to a patient's account", telling any
    # patient who else is one. Now nothing she sees differs but the address itself.
    said = {
        email: _said(_share(patient_client, email=email, ends_on=""), patient_client)
        for email in (other_patient.email, clinician.email, "gp@surgery.org")
    }

    assert len({words.replace(email, "") for email, words in said.items()}) == 1
    assert "patient" not in said[other_patient.email]
    # A patient's address gets no grant, but an invitation on her list as a new one does.
    assert not Grant.objects.filter(clinician=other_patient).exists()
    assert Invitation.objects.filter(email__in=[other_patient.email, "gp@surgery.org"]).count() == 2
    # Its owner learns why nothing was shared, with no link to use.
    [notice] = [mail for mail in mailoutbox if mail.to == [other_patient.email]]
    assert "belongs to a patient's account" in notice.body
    assert "/invitations/" not in notice.body + notice.alternatives[0][0]


def test_an_invitation_sent_to_a_patients_address_cannot_make_her_a_clinician(
    patient, other_patient, client
):
    _, invitation = services.share_with(patient=patient, email=other_patient.email, ends_on=None)
    client.force_login(other_patient)
    path = links.url_for(links.INVITATION, invitation.pk).removeprefix("http://127.0.0.1:8000")

    client.post(path, {"name": "X", "time_zone": "Europe/London"})

    assert not Grant.objects.exists()
    other_patient.refresh_from_db()
    assert not other_patient.is_clinician


def test_shares_and_invitations_are_limited_per_patient_with_words(
    patient_client, patient, settings, mailoutbox
):
    # The probe had the app email 20 invitations in half a second.
    settings.CARE_SHARES_PER_HOUR = 3
    for n in range(3):
        assert _share(patient_client, email=f"gp{n}@surgery.org").status_code == 302

    refused = _share(patient_client, email="gp9@surgery.org")

    assert refused.status_code == 400
    assert "3 times in the last hour, the most we allow" in refused.text
    assert "Try again in 60 minutes" in refused.text  # frozen at the start of an hour
    assert Invitation.objects.filter(email="gp9@surgery.org").count() == 0
    assert len(mailoutbox) == 3
    # Another patient is not held up by her count.
    other = make_patient(email="someone@example.org")
    assert services.share_with(patient=other, email="gp9@surgery.org", ends_on=None)


def test_anyone_else_gets_an_invitation_with_a_single_use_link(patient_client, patient, mailoutbox):
    response = _share(patient_client, email="gp@surgery.org", ends_on="2027-01-31")

    assert response.status_code == 302
    invitation = Invitation.objects.get(patient=patient)
    assert invitation.email == "gp@surgery.org"
    assert invitation.ends_on == date(2027, 1, 31)
    assert invitation.expires_at == NOW + timedelta(days=7)
    [mail] = mailoutbox
    assert mail.subject == "Maria Jones invites you to see her diary"
    assert "http://127.0.0.1:8000/invitations/" in mail.body
    assert "7 days" in mail.body
    assert Grant.objects.count() == 0


def test_inviting_the_same_address_again_withdraws_the_first_invitation(patient):
    first = services.share_with(patient=patient, email="gp@surgery.org", ends_on=None)[1]
    second = services.share_with(patient=patient, email="gp@surgery.org", ends_on=None)[1]

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_open()


def test_without_a_care_name_the_form_asks_for_it_and_saves_it(client, mailoutbox):
    patient = make_patient(email="new@example.org")
    client.force_login(patient)
    make_clinician(email="dr@example.org")

    page = client.get(reverse("care:sharing"))
    assert page.text.count('name="care_name"') == 2  # both forms ask, with their own ids
    ids = re.findall(r' id="([^"]+)"', page.text)
    assert len(ids) == len(set(ids))
    refused = _share(client, email="dr@example.org")
    assert refused.status_code == 400
    assert "Enter the name your care team knows you by." in refused.text
    assert Grant.objects.count() == 0

    _share(client, email="dr@example.org", care_name="Jo Brown")

    patient.patient_profile.refresh_from_db()
    assert patient.patient_profile.care_name == "Jo Brown"
    assert mailoutbox[0].subject == "Jo Brown shared her diary with you"
    assert 'name="care_name"' not in client.get(reverse("care:sharing")).text


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"email": ""}, "Enter the email address of the person you want to share with."),
        ({"email": "not an address"}, "Enter an email address like name@clinic.org."),
        ({"email": "dr@example.org", "ends_on": "2026-11-22"}, "cannot be in the past"),
        ({"email": "dr@example.org", "ends_on": "31/31/2026"}, "Enter a date like 2026-03-31."),
        ({"email": "x" * 300 + "@example.org"}, "An email address has at most 254 characters."),
    ],
)
def test_bad_input_gets_a_field_error_in_words(patient_client, patient, data, words):
    response = _share(patient_client, **data)

    assert response.status_code == 400
    assert words in response.text
    assert "There is a problem" in response.text
    assert Grant.objects.count() == Invitation.objects.count() == 0


def test_a_grant_ending_today_still_works_today_in_her_time_zone(patient, clinician):
    services.share_with(patient=patient, email=clinician.email, ends_on=date(2026, 11, 23))
    assert patient_for(clinician, patient.pk) == patient

    with (
        time_machine.travel(datetime(2026, 11, 24, 0, 1, tzinfo=UTC), tick=False),
        pytest.raises(Http404),
    ):
        patient_for(clinician, patient.pk)


def test_stopping_a_grant_refuses_the_clinicians_next_request(patient_client, patient, clinician):
    grant = GrantFactory(patient=patient, clinician=clinician)
    assert patient_for(clinician, patient.pk) == patient

    page = patient_client.get(reverse("care:sharing"))
    assert 'data-confirm="Stop sharing with nurse@example.org?' in page.text
    response = patient_client.post(reverse("care:grant_stop", args=[grant.pk]))

    assert response.status_code == 302
    with pytest.raises(Http404):
        patient_for(clinician, patient.pk)
    assert (
        "Stop sharing with nurse@example.org"
        not in patient_client.get(reverse("care:sharing")).text
    )


def test_withdrawing_an_invitation_closes_it(patient_client, patient):
    invitation = services.share_with(patient=patient, email="gp@surgery.org", ends_on=None)[1]

    patient_client.post(reverse("care:invitation_stop", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert invitation.revoked_at == NOW


def test_the_page_lists_access_invitations_and_the_log_in_her_time_zone(
    patient_client, patient, clinician
):
    patient.patient_profile.time_zone = "America/New_York"
    patient.patient_profile.save()
    GrantFactory(patient=patient, clinician=clinician, created_at=NOW - timedelta(days=3))
    services.share_with(patient=patient, email="gp@surgery.org", ends_on=None)
    services.record_access(patient=patient, what=AccessEvent.What.SUMMARY, clinician=clinician)

    text = patient_client.get(reverse("care:sharing")).text

    assert "Ana Silva" in text and "(nurse@example.org)" in text
    assert "since 20 November 2026, until you stop it" in text
    assert "gp@surgery.org" in text and "works until 30 November 2026, 05:00" in text
    assert "23 Nov 2026, 05:00</time>: Ana Silva (nurse@example.org), summary" in text


@pytest.mark.parametrize("url_name", ["care:grant_stop", "care:invitation_stop"])
def test_another_patient_cannot_stop_her_grants_or_invitations(
    client, patient, other_patient, clinician, url_name
):
    grant = GrantFactory(patient=patient, clinician=clinician)
    invitation = services.share_with(patient=patient, email="gp@surgery.org", ends_on=None)[1]
    pk = grant.pk if url_name == "care:grant_stop" else invitation.pk
    client.force_login(other_patient)

    response = client.post(reverse(url_name, args=[pk]))

    assert response.status_code == 404
    grant.refresh_from_db()
    invitation.refresh_from_db()
    assert grant.revoked_at is None and invitation.revoked_at is None
    assert "nurse@example.org" not in client.get(reverse("care:sharing")).text


def test_the_sharing_page_is_for_signed_in_patients(client, clinician):
    assert client.get(reverse("care:sharing")).status_code == 302
    client.force_login(clinician)
    assert client.get(reverse("care:sharing")).status_code == 403


def test_the_sharing_page_queries_do_not_grow_with_grants_links_and_log(
    patient_client, patient, django_assert_max_num_queries, settings
):
    settings.CARE_SHARES_PER_HOUR = 30  # the setting up below
    for n in range(30):
        clinician = make_clinician(email=f"dr{n}@example.org", name=f"Dr {n}")
        GrantFactory(patient=patient, clinician=clinician)
        services.record_access(patient=patient, what=AccessEvent.What.SUMMARY, clinician=clinician)
        services.share_with(patient=patient, email=f"gp{n}@surgery.org", ends_on=None)
    for _ in range(10):
        services.make_visit_link(
            patient=patient, start=date(2026, 11, 1), end=date(2026, 11, 20), days=7
        )
    AccessEvent.objects.bulk_create(
        AccessEvent(patient=patient, viewer="Visit link", what=AccessEvent.What.SUMMARY)
        for _ in range(200)
    )

    # session, her account with her profile; grants with clinicians and their profiles, open
    # invitations, live visit links, the newest 50 log rows, the log count; the visit-link
    # form's default period: her therapy timeline and her appointments.
    with django_assert_max_num_queries(9):
        response = patient_client.get(reverse("care:sharing"))

    assert response.status_code == 200
    assert response.text.count("Stop sharing<span") == 30
    assert "The last 50 of 230 times" in response.text
    assert VisitLink.objects.count() == 10
    assert response.text.count('data-copy="visit-link-') == 10


@pytest.mark.parametrize("name", ["Maria\nBcc: x@evil.example", "Maria\rJones", "Maria\u202eJones"])
def test_a_care_name_with_a_line_break_or_control_character_is_refused_in_words(
    client, name, mailoutbox
):
    patient = make_patient(email="new@example.org")
    client.force_login(patient)

    for url, data in [
        (reverse("care:sharing"), {"email": "gp@surgery.org", "care_name": name}),
        (reverse("tracker:profile"), {"care_name": name}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert "on one line" in response.text, url

    patient.patient_profile.refresh_from_db()
    assert patient.patient_profile.care_name == ""
    assert mailoutbox == []


def test_a_line_break_kept_in_a_care_name_before_the_check_is_no_server_error(
    patient_client, patient, clinician, mailoutbox
):
    # The probe: a care name with a line break made every later share or invitation a 500.
    patient.patient_profile.care_name = "Maria\nJones"
    patient.patient_profile.save(update_fields=["care_name"])

    for email in (clinician.email, "gp@surgery.org"):
        assert _share(patient_client, email=email).status_code == 302

    assert [mail.subject for mail in mailoutbox] == [
        "Maria Jones shared her diary with you",
        "Maria Jones invites you to see her diary",
    ]
