from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory
from tracker.models import Appointment, PatientProfile, TherapyPeriod

pytestmark = pytest.mark.django_db
START = reverse("tracker:onboarding")


@pytest.fixture
def newcomer(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_a_patient_without_a_profile_is_asked_about_her_therapy_first(client, newcomer):
    for name in ["tracker:home", "tracker:log", "tracker:history"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url == START


@time_machine.travel("2026-11-23 12:00:00+00:00", tick=False)
def test_onboarding_records_drug_start_zone_and_next_visit(client, newcomer):
    response = client.post(
        START,
        {
            "drug": "letrozole",
            "start": "2026-09-01",
            "time_zone": "Pacific/Auckland",
            "reminder_time": "21:15",
            "next_appointment": "2026-12-02",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("tracker:log")
    profile = PatientProfile.objects.get(user=newcomer)
    assert profile.time_zone == "Pacific/Auckland"
    period = TherapyPeriod.objects.get(patient=newcomer)
    assert (period.drug, period.start, period.end) == ("letrozole", date(2026, 9, 1), None)
    assert Appointment.objects.get(patient=newcomer).date == date(2026, 12, 2)


@time_machine.travel("2026-11-23 12:00:00+00:00", tick=False)
def test_onboarding_refuses_a_start_in_the_future_of_her_own_zone(client, newcomer):
    data = {"drug": "letrozole", "time_zone": "Europe/London", "reminder_time": "20:00"}
    response = client.post(START, {**data, "start": "2026-11-24"})
    assert response.status_code == 200
    assert "it cannot be in the future" in response.text
    assert not PatientProfile.objects.filter(user=newcomer).exists()
    # Already 24 November in Auckland.
    response = client.post(START, {**data, "start": "2026-11-24", "time_zone": "Pacific/Auckland"})
    assert response.status_code == 302


def test_onboarding_explains_every_missing_answer(client, newcomer):
    response = client.post(START, {})
    assert response.status_code == 200
    assert response.text.count('class="field-error"') == 4
    assert not TherapyPeriod.objects.filter(patient=newcomer).exists()
