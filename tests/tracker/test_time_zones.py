import pytest
from django.urls import reverse

from tracker import zones
from tracker.forms import OnboardingForm
from tracker.models import PatientProfile

pytestmark = pytest.mark.django_db


def _offered(form):
    return {
        name: (region, label)
        for region, places in form.fields["time_zone"].widget.choices
        for name, label in places
    }


def test_time_zone_list_offers_real_places_grouped_by_region():
    offered = _offered(OnboardingForm())
    regions = {region for region, _ in offered.values()}
    assert regions == set(zones.REGIONS)
    assert offered["Europe/London"] == ("Europe", "London")
    assert offered["America/Argentina/Buenos_Aires"] == ("America", "Buenos Aires (Argentina)")
    for not_a_place in ("localtime", "Factory", "UTC", "Etc/GMT+5", "EST5EDT", "US/Eastern"):
        assert not_a_place not in offered
    assert len(offered) < 599


@pytest.mark.parametrize("name", ["localtime", "Factory", "Etc/GMT+5", "US/Eastern", "GB"])
def test_a_zone_that_is_no_place_is_refused_in_words(name):
    form = OnboardingForm({"time_zone": name})
    form.is_valid()
    assert form.errors["time_zone"] == [
        f"“{name}” is not a place: choose the city nearest you that keeps the same clock, "
        "for example Europe/London."
    ]


def test_an_unknown_zone_is_refused_in_words():
    form = OnboardingForm({"time_zone": "Mars/Olympus_Mons"})
    form.is_valid()
    assert form.errors["time_zone"] == [
        "We do not know the time zone “Mars/Olympus_Mons”: choose a city from the list."
    ]


def test_time_zone_select_is_marked_for_the_browser_zone_first():
    html = str(OnboardingForm()["time_zone"])
    assert 'data-time-zone="true"' in html
    assert 'data-guess-time-zone="true"' in html
    assert '<optgroup label="Europe">' in html


def test_settings_page_refuses_factory_and_keeps_her_zone(client, patient):
    client.force_login(patient)
    response = client.post(
        reverse("reminders:settings"),
        {"enabled": "on", "reminder_time": "20:00", "time_zone": "Factory"},
    )
    assert "“Factory” is not a place" in response.text
    assert PatientProfile.objects.get(user=patient).time_zone == "Europe/London"
