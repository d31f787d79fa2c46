"""Every reports URL checks who is asking, and shows a patient only her own numbers.

The summary has no object ids in its URL: it is always the summary of the patient asking.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from reports import urls as reports_urls
from reports.summary import summary_for
from tests.factories import DailyEntryFactory

# URL name -> who may open it. A new reports URL must be listed here (see the first test).
OWN_PAGES = ["summary"]


def test_every_reports_url_is_covered_here():
    assert {pattern.name for pattern in reports_urls.urlpatterns} == set(OWN_PAGES)


def urls():
    return [reverse(f"reports:{name}") for name in OWN_PAGES]


@pytest.fixture
def her_days(patient):
    """A fortnight of days only she has: pain 9, a distinctive note, missed tablets."""
    today = date.today()
    for n in range(14):
        DailyEntryFactory(
            patient=patient,
            day=today - timedelta(days=n),
            joint_pain=9,
            fatigue=4,
            tablet_taken=False,
            missed_reason="side_effects",
            note=f"Only hers {n}",
        )


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_log_in(client, db, method):
    for url in urls():
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_a_clinician_gets_403(client, clinician, her_days):
    client.force_login(clinician)
    for url in urls():
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only hers" not in response.text


def test_another_patient_sees_only_her_own_summary(client, her_days, other_patient):
    DailyEntryFactory(patient=other_patient, day=date.today(), joint_pain=1, note="Mine")
    client.force_login(other_patient)
    for url in urls():
        response = client.get(url)
        assert response.status_code == 200
        assert "Only hers" not in response.text
        assert "Mine" in response.text
        assert "patient@example.org" not in response.text
        summary = response.context["summary"]
        assert summary.patient == other_patient
        assert summary.days_logged == 1
        assert summary.alerts == []
        assert summary.adherence.answered == 1
        assert summary.adherence.percent == 100


def test_no_query_string_reaches_someone_else(client, patient, her_days, other_patient):
    """Parameters a curious visitor might try are ignored: there is nothing to point at."""
    client.force_login(other_patient)
    her_id = str(patient.pk)
    for query in [{"patient": her_id}, {"user": her_id}, {"pk": her_id, "email": patient.email}]:
        response = client.get(reverse("reports:summary"), query)
        assert response.status_code == 200
        assert response.context["summary"].days_logged == 0
        assert "Only hers" not in response.text


def test_summary_for_counts_only_the_named_patient(patient, other_patient, her_days):
    today = date.today()
    theirs = summary_for(other_patient, today - timedelta(days=13), today)
    assert theirs.days_logged == 0
    assert theirs.notes == []
    assert theirs.alerts == []
    assert theirs.adherence.reasons == ""
    hers = summary_for(patient, today - timedelta(days=13), today)
    assert hers.days_logged == 14
