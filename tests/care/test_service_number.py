"""A clinician's service and 24-hour number: set on her page, shown as a `tel:` link on the
"Get help now" card of every patient who shares her diary with her, and gone when she stops."""

import pytest
from django.test import Client
from django.urls import reverse

from care.models import ClinicianProfile, Grant
from care.services import stop_grant
from tests.factories import make_clinician, make_patient

pytestmark = pytest.mark.django_db
SERVICE = reverse("care:service_number")
TEAM_LINK = (
    '<a class="call-number" href="tel:01614463658">'
    "Christie Hotline, 24 hours: <strong>0161 446 3658</strong></a>"
)


def today_card(patient):
    client = Client()
    client.force_login(patient)
    html = client.get(reverse("tracker:home")).text
    return html.split('<aside class="help-now"', 1)[1].split("</aside>", 1)[0]


def test_the_clinician_sets_her_services_number(care_client, care_clinician):
    response = care_client.post(
        SERVICE,
        {"name": "Ana Silva", "service_name": "Christie Hotline", "service_phone": "0161 446 3658"},
    )
    assert response.status_code == 302
    profile = ClinicianProfile.objects.get(user=care_clinician)
    assert (profile.service_name, profile.service_phone) == ("Christie Hotline", "0161 446 3658")
    assert "0161 446 3658" in care_client.get(SERVICE).text


def test_a_service_number_without_digits_is_refused(care_client, care_clinician):
    response = care_client.post(SERVICE, {"name": "Ana Silva", "service_phone": "ring us"})
    assert response.status_code == 400
    assert "Enter a telephone number with its digits" in response.text


def test_a_patient_is_sent_away_from_the_clinicians_page(patient_client):
    assert patient_client.get(SERVICE).status_code in (302, 403, 404)


def test_the_teams_number_is_on_the_card_of_a_patient_who_shares_and_not_after_she_stops(
    patient, care_clinician
):
    ClinicianProfile.objects.filter(user=care_clinician).update(
        service_name="Christie Hotline", service_phone="0161 446 3658"
    )
    assert TEAM_LINK not in today_card(patient)
    grant = Grant.objects.create(patient=patient, clinician=care_clinician)
    assert TEAM_LINK in today_card(patient)
    # Another patient, not sharing with her, never sees it.
    assert TEAM_LINK not in today_card(make_patient(email="other@example.org"))
    stop_grant(grant=grant)
    assert TEAM_LINK not in today_card(patient)


def test_two_clinicians_of_one_service_show_its_number_once(patient, care_clinician):
    colleague = make_clinician(email="colleague@example.org", name="Sam Taylor", mfa=False)
    for clinician in (care_clinician, colleague):
        ClinicianProfile.objects.filter(user=clinician).update(
            service_name="Christie Hotline", service_phone="0161 446 3658"
        )
        Grant.objects.create(patient=patient, clinician=clinician)
    assert today_card(patient).count("tel:01614463658") == 1
