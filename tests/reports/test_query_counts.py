"""The summary runs the same number of queries for 10 days or 5 years of history."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import AppointmentFactory
from tests.tracker.test_query_counts import FIVE_YEARS, patient_with_days

# session, her account with her profile (one join), the therapy timeline, her appointments (the
# default period starts at the last one; the small charts mark them), then summary_for:
# measure_stats (this and the previous period), the worst day of each measure with the
# missed-tablet reasons and the number of notes, the newest notes, the fortnight the alert rule
# reads; then the small charts (trends' tag): the daily series.
DEFAULT_PERIOD_QUERIES = 9
# The same when the period comes from the form.
CHOSEN_PERIOD_QUERIES = 9


@pytest.mark.django_db
@pytest.mark.parametrize("days", [10, FIVE_YEARS])
def test_summary_queries_do_not_grow_with_history(client, django_assert_num_queries, days):
    patient = patient_with_days(days)
    AppointmentFactory(patient=patient, date=date.today() - timedelta(days=20))
    client.force_login(patient)
    with django_assert_num_queries(DEFAULT_PERIOD_QUERIES):
        response = client.get(reverse("reports:summary"))
    assert response.status_code == 200
    assert response.context["summary"].days_logged == min(days, 21)


@pytest.mark.django_db
@pytest.mark.parametrize("days", [10, FIVE_YEARS])
def test_a_two_year_summary_queries_do_not_grow_with_history(
    client, django_assert_num_queries, days
):
    patient = patient_with_days(days)
    client.force_login(patient)
    end = date.today()
    start = end - timedelta(days=730)
    with django_assert_num_queries(CHOSEN_PERIOD_QUERIES):
        response = client.get(
            reverse("reports:summary"), {"start": start.isoformat(), "end": end.isoformat()}
        )
    assert response.status_code == 200
    assert response.context["summary"].days_logged == min(days, 731)
