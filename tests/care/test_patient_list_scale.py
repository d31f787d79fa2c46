"""The patient list costs the same number of queries for 3 patients with 10 days each as for
500 patients with 5 years each (about 913,000 days)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.care_data import sharing_patients
from tests.factories import make_clinician

FIVE_YEARS = 5 * 365 + 1
# session, her account, her second factor, her profile (time zone), the count for the pages,
# the page of patients with every figure, the page's unseen alerts.
LIST_QUERIES = 7


@pytest.mark.django_db
def test_the_list_reads_a_constant_number_of_queries_however_many_patients_and_days(
    client, django_assert_max_num_queries
):
    today = date.today()
    few = make_clinician(email="few@example.org", name="Few Patients", mfa=True)
    many = make_clinician(email="many@example.org", name="Many Patients", mfa=True)
    sharing_patients(clinician=few, count=3, days=10, today=today, prefix="few")
    sharing_patients(clinician=many, count=500, days=FIVE_YEARS, today=today, prefix="many")

    counts = {}
    for clinician, label in ((few, "few"), (many, "many")):
        client.force_login(clinician)
        with (
            django_assert_max_num_queries(LIST_QUERIES),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.get(reverse("care:patients"), {"sort": "last_entry"})
        assert response.status_code == 200
        counts[label] = len(queries)
    assert counts["few"] == counts["many"]
    assert len(response.context["rows"]) == 25
    assert "50 patients need" not in response.text  # the filter is off: all 500 are counted
    assert "500 patients" in response.text
    # Alerts first: every 10th patient has one, so the whole first page has alerts.
    assert all(row.alerts for row in response.context["rows"])
