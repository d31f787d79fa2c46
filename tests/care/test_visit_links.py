"""Visit links: made and stopped by the patient, opening the summary of one period only,
never cached or indexed, each opening logged; refused in words when expired, stopped or
tampered with."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from care import links, services
from care.models import AccessEvent, VisitLink
from tests.care.conftest import NOW
from tests.factories import DailyEntryFactory, VisitLinkFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def visit_link(patient):
    return services.make_visit_link(
        patient=patient, start=date(2026, 11, 1), end=date(2026, 11, 14), days=3, label="Dr Okafor"
    )


def _path(visit_link):
    return links.url_for(links.VISIT, visit_link.pk).removeprefix("http://127.0.0.1:8000")


def _assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")


def test_making_a_visit_link_lists_it_with_its_url_and_expiry(patient_client, patient):
    response = patient_client.post(
        reverse("care:visit_link_add"),
        {"start": "2026-11-01", "end": "2026-11-20", "days": "2", "label": "Physio"},
    )

    assert response.status_code == 302
    visit_link = VisitLink.objects.get(patient=patient)
    assert (visit_link.start, visit_link.end, visit_link.label) == (
        date(2026, 11, 1),
        date(2026, 11, 20),
        "Physio",
    )
    assert visit_link.expires_at == NOW + timedelta(days=2)
    page = patient_client.get(reverse("care:sharing")).text
    assert "http://127.0.0.1:8000/visit/" in page
    assert "works until 25 November 2026, 10:00" in page
    assert 'data-confirm="Stop this visit link?' in page


def test_the_form_defaults_to_the_summarys_period_and_seven_days(patient_client):
    form = patient_client.get(reverse("care:sharing")).context["link_form"]

    assert form["start"].value() == date(2026, 10, 27)  # the last 4 weeks: no appointment
    assert form["end"].value() == date(2026, 11, 23)
    assert form["days"].value() == 7


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"start": "2026-11-10", "end": "2026-11-01"}, "The last day must be on or after"),
        ({"start": "2026-11-01", "end": "2026-12-24"}, "cannot be after today"),
        ({"start": "nonsense", "end": "2026-11-01"}, "Enter a date like 2026-03-31."),
        ({"start": "2026-11-01", "end": "2026-11-02", "days": "8"}, "Choose from 1 to 7 days."),
        ({"start": "2026-11-01", "end": "2026-11-02", "days": "0"}, "Choose from 1 to 7 days."),
        ({"start": "2026-11-01", "end": "2026-11-02", "days": "x"}, "Choose from 1 to 7 days."),
        ({"start": "2026-11-01", "end": "2026-11-02", "label": "x" * 81}, "at most 80"),
    ],
)
def test_bad_input_gets_a_field_error_in_words(patient_client, data, words):
    response = patient_client.post(reverse("care:visit_link_add"), {"days": "7"} | data)

    assert response.status_code == 400
    assert words in response.text
    assert "There is a problem" in response.text
    assert VisitLink.objects.count() == 0


def test_the_page_shows_the_periods_summary_privately_and_logs_each_opening(
    client, patient, visit_link
):
    DailyEntryFactory(patient=patient, day=date(2026, 11, 5), note="Within the period")
    DailyEntryFactory(patient=patient, day=date(2026, 11, 20), note="After the period")
    DailyEntryFactory(patient=patient, day=date(2026, 10, 1), note="Before the period")

    first = client.get(_path(visit_link))
    second = client.get(_path(visit_link))

    for response in (first, second):
        assert response.status_code == 200
        _assert_private(response)
        assert "Maria Jones: 1 November 2026 to 14 November 2026" in response.text
        assert "Within the period" in response.text
        assert "After the period" not in response.text
        assert "Before the period" not in response.text
        # The summary only: no menu, no downloads, no other page of hers.
        for elsewhere in ("/export", reverse("tracker:history"), reverse("reports:summary")):
            assert f'href="{elsewhere}' not in response.text
    events = AccessEvent.objects.filter(patient=patient)
    assert events.count() == 2
    assert {(e.visit_link_id, e.what, e.viewer) for e in events} == {
        (visit_link.pk, AccessEvent.What.SUMMARY, "Visit link: Dr Okafor")
    }


def test_the_opening_shows_in_her_access_log(client, patient_client, visit_link):
    client.get(_path(visit_link))

    page = patient_client.get(reverse("care:sharing")).text

    assert "23 Nov 2026, 10:00</time>: Visit link: Dr Okafor, summary" in page


def test_an_expired_link_is_refused_in_words(client, visit_link):
    path = _path(visit_link)
    with time_machine.travel(NOW + timedelta(days=3, seconds=1), tick=False):
        response = client.get(path)

    assert response.status_code == 410
    _assert_private(response)
    assert "This link has expired" in response.text
    assert "Maria Jones" not in response.text
    assert AccessEvent.objects.count() == 0


def test_a_link_older_than_seven_days_is_refused_even_if_its_row_says_otherwise(client, patient):
    visit_link = VisitLinkFactory(patient=patient, expires_at=NOW + timedelta(days=30))
    path = _path(visit_link)
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        response = client.get(path)

    assert response.status_code == 410
    assert AccessEvent.objects.count() == 0


def test_a_stopped_link_is_refused_at_once(patient_client, client, visit_link):
    path = _path(visit_link)
    assert client.get(path).status_code == 200

    patient_client.post(reverse("care:visit_link_stop", args=[visit_link.pk]))
    response = client.get(path)

    assert response.status_code == 410
    _assert_private(response)
    assert "stopped by the person who made it" in response.text
    assert AccessEvent.objects.count() == 1
    assert "http://127.0.0.1:8000/visit/" not in patient_client.get(reverse("care:sharing")).text


def test_a_tampered_link_is_refused(client, visit_link):
    token = _path(visit_link).split("/")[2]
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1:abc:def", "nonsense"):
        response = client.get(reverse("care:visit", args=[bad]))
        assert response.status_code == 404
        _assert_private(response)
        assert "This link is not valid" in response.text
    assert AccessEvent.objects.count() == 0


def test_another_patient_cannot_stop_her_link(client, other_patient, visit_link):
    client.force_login(other_patient)

    response = client.post(reverse("care:visit_link_stop", args=[visit_link.pk]))

    assert response.status_code == 404
    visit_link.refresh_from_db()
    assert visit_link.revoked_at is None
    assert "Dr Okafor" not in client.get(reverse("care:sharing")).text


def test_a_visit_link_lasts_one_to_seven_days(patient):
    for days in (0, 8):
        with pytest.raises(ValueError, match="1 to 7 days"):
            services.make_visit_link(
                patient=patient, start=date(2026, 11, 1), end=date(2026, 11, 2), days=days
            )


def test_a_visit_link_for_one_day_shows_no_alert_from_the_days_before(client, patient):
    # The probe: a link for one day showed the severe pain of the day before.
    DailyEntryFactory(patient=patient, day=date(2026, 11, 13), joint_pain=9)
    DailyEntryFactory(patient=patient, day=date(2026, 11, 14), joint_pain=2)
    one_day = services.make_visit_link(
        patient=patient, start=date(2026, 11, 14), end=date(2026, 11, 14), days=1
    )

    page = client.get(_path(one_day)).text

    assert "13 November" not in page
    assert "was 9" not in page
    assert "Alerts on 14 Nov" in page
    assert "No alerts on that day." in page
