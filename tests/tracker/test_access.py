"""Every URL that shows or changes a patient's diary checks who is asking."""

import pytest
from django.urls import reverse

from tests.factories import AppointmentFactory, DailyEntryFactory, TherapyPeriodFactory
from tracker import urls as tracker_urls
from tracker.models import Appointment, DailyEntry, TherapyPeriod

# URL name -> whether it names one of the patient's objects (and so must 404 for others).
OWN_PAGES = [
    "history", "log", "profile", "numbers", "therapy", "onboarding", "export_csv", "export_fhir",
]  # fmt: skip
OWN_ACTIONS = ["therapy_change", "therapy_start", "appointment_add"]
OBJECT_URLS = ["entry", "entry_delete", "therapy_undo", "appointment_delete"]
PUBLIC = ["home"]


def test_every_tracker_url_is_covered_here():
    names = {pattern.name for pattern in tracker_urls.urlpatterns}
    assert names == set(OWN_PAGES + OWN_ACTIONS + OBJECT_URLS + PUBLIC)


@pytest.fixture
def objects(patient):
    """One of each of the patient's objects that has its own URL."""
    TherapyPeriod.objects.filter(patient=patient).update(end="2026-01-31")
    latest = TherapyPeriodFactory(patient=patient, start="2026-02-01", drug="exemestane")
    return {
        "entry": DailyEntryFactory(patient=patient, day="2026-03-01", joint_pain=5),
        "period": latest,
        "appointment": AppointmentFactory(patient=patient, date="2026-12-01"),
    }


def object_urls(objects):
    return [
        reverse("tracker:entry", args=[objects["entry"].pk]),
        reverse("tracker:entry_delete", args=[objects["entry"].pk]),
        reverse("tracker:therapy_undo", args=[objects["period"].pk]),
        reverse("tracker:appointment_delete", args=[objects["appointment"].pk]),
    ]


def all_private_urls(objects):
    own = [reverse(f"tracker:{name}") for name in OWN_PAGES + OWN_ACTIONS]
    return own + object_urls(objects)


def assert_nothing_changed(patient):
    assert DailyEntry.objects.get(patient=patient).joint_pain == 5
    assert TherapyPeriod.objects.filter(patient=patient).count() == 2
    assert Appointment.objects.filter(patient=patient).count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_log_in(client, objects, method):
    for url in all_private_urls(objects):
        response = getattr(client, method)(url, {"joint_pain": 1})
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url
    assert_nothing_changed(objects["entry"].patient)


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_patient_gets_404_for_every_object(client, objects, other_patient, method):
    client.force_login(other_patient)
    for url in object_urls(objects):
        response = getattr(client, method)(url, {"joint_pain": 1, "tablet_taken": "True"})
        # Actions that only take POST refuse a GET before looking anything up.
        post_only = "undo" in url or "appointments" in url
        expected = 405 if method == "get" and post_only else 404
        assert response.status_code == expected, url
    assert_nothing_changed(objects["entry"].patient)


def test_another_patient_never_sees_the_first_ones_days(client, objects, other_patient):
    client.force_login(other_patient)
    for name in ["home", "history", "therapy", "profile", "export_csv", "export_fhir"]:
        response = client.get(reverse(f"tracker:{name}"))
        assert response.status_code == 200
        text = b"".join(response).decode() if response.streaming else response.text
        assert "1 March 2026" not in text
        assert "2026-03-01" not in text
        assert "1 December 2026" not in text
        assert "1 December 2026" not in text


def test_a_clinician_cannot_open_the_patient_diary(client, clinician, objects):
    client.force_login(clinician)
    for url in all_private_urls(objects):
        if url == reverse("tracker:onboarding"):
            continue
        assert client.get(url).status_code in (403, 404), url
    assert_nothing_changed(objects["entry"].patient)
