"""The numbers on the "Get help now" card: her country's emergency number and crisis line
(asked at onboarding, defaulted from her time zone), and her team's number as she typed it,
each a `tel:` link with the number written out."""

import re

import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory, make_patient
from tracker import countries
from tracker.models import PatientProfile

pytestmark = pytest.mark.django_db
TODAY = reverse("tracker:home")
LOG = reverse("tracker:log")
NUMBERS = reverse("tracker:numbers")


def card(html):
    return html.split('<aside class="help-now"', 1)[1].split("</aside>", 1)[0]


def dial_links(html):
    """Each `tel:` link of the card: (target, the words she reads)."""
    return [
        (target, re.sub(r"<.*?>", "", words).strip())
        for target, words in re.findall(
            r'<a class="call-number" href="tel:([^"]*)">(.*?)</a>', card(html), re.S
        )
    ]


@pytest.mark.parametrize("url", [TODAY, LOG])
def test_a_patient_in_the_uk_sees_999_and_samaritans_as_tel_links(patient_client, url):
    links = dial_links(patient_client.get(url).text)
    assert ("999", "Emergency (ambulance): 999") in links
    assert ("116123", "Samaritans, day or night: 116 123") in links
    assert "Add your care team's number" in card(patient_client.get(url).text)


@pytest.mark.parametrize(
    ("zone", "emergency", "crisis"),
    [
        ("America/New_York", "911", "988"),
        ("America/Toronto", "911", "988"),
        ("Australia/Sydney", "000", "13 11 14"),
        ("Pacific/Auckland", "111", "1737"),
        ("Europe/Dublin", "112", "116 123"),
    ],
)
def test_the_numbers_follow_the_country_of_her_time_zone(client, zone, emergency, crisis):
    patient = make_patient(email="away@example.org", time_zone=zone)
    client.force_login(patient)
    words = [w for _, w in dial_links(client.get(TODAY).text)]
    assert any(w.endswith(f": {emergency}") for w in words), words
    assert any(w.endswith(f": {crisis}") for w in words), words


def test_a_country_we_do_not_know_gets_no_number_that_may_be_wrong(client):
    patient = make_patient(email="tokyo@example.org", time_zone="Asia/Tokyo")
    client.force_login(patient)
    html = card(client.get(TODAY).text)
    assert "Your local emergency number" in html
    assert 'href="tel:' not in html


def test_every_listed_number_cites_its_source():
    for country in countries.COUNTRIES.values():
        for number in filter(None, (country.emergency, country.crisis)):
            assert number.source.startswith("https://"), number
            assert number.tel.isdigit(), number


def test_she_types_her_teams_number_and_it_is_on_her_card(patient_client, patient):
    response = patient_client.post(
        NUMBERS,
        {"country": "", "team_phone_name": "Breast care nurses", "team_phone": "0161 446 3000"},
    )
    assert response.status_code == 302
    links = dial_links(patient_client.get(TODAY).text)
    assert ("01614463000", "Breast care nurses: 0161 446 3000") in links
    assert "Add your care team's number" not in card(patient_client.get(TODAY).text)


def test_a_number_without_digits_is_refused_in_words(patient_client, patient):
    response = patient_client.post(NUMBERS, {"country": "", "team_phone": "call the ward"})
    assert response.status_code == 400
    assert "Enter a telephone number with its digits" in response.text
    assert PatientProfile.objects.get(user=patient).team_phone == ""


def test_she_can_choose_her_country_over_her_time_zone(patient_client, patient):
    patient_client.post(NUMBERS, {"country": "US", "team_phone": ""})
    assert ("911", "Emergency: 911") in dial_links(patient_client.get(TODAY).text)


@time_machine.travel("2026-11-23 12:00:00+00:00", tick=False)
@pytest.mark.parametrize(("zone", "chosen", "stored"), [
    ("America/Chicago", "", "US"),
    ("Europe/London", "", "GB"),
    ("Asia/Tokyo", "", countries.ELSEWHERE),
    ("Europe/London", "IE", "IE"),
])  # fmt: skip
def test_onboarding_asks_the_country_defaulting_to_her_time_zones(client, zone, chosen, stored):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("tracker:onboarding")).text
    assert "Which country do you live in?" in page
    response = client.post(
        reverse("tracker:onboarding"),
        {
            "drug": "letrozole",
            "start": "2026-09-01",
            "time_zone": zone,
            "reminder_time": "20:00",
            "country": chosen,
        },
    )
    assert response.status_code == 302
    assert PatientProfile.objects.get(user=user).country == stored
