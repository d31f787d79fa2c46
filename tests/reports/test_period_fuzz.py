"""Generated query strings thrown at the summary: errors in words, never a server error."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.factories import make_patient

dates = st.dates().map(lambda day: day.isoformat())
noise = st.one_of(
    dates,
    st.text(max_size=14),
    st.sampled_from(
        ["", "2026-11-23", "2026-11-24", "2026-02-29", "2024-02-29", "0000-00-00", "٢٠٢٦-١١-٠١"]
    ),
    st.integers(-(10**6), 10**6).map(str),
)
queries = st.dictionaries(st.sampled_from(["start", "end", "page", "patient"]), noise, max_size=4)


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries)
def test_generated_query_strings_never_break_the_summary(query):
    with time_machine.travel("2026-11-23 12:00:00+00:00", tick=False):
        patient = make_patient()
        client = Client()
        client.force_login(patient)
        response = client.get(reverse("reports:summary"), query)
    assert response.status_code in (200, 400)
    event(f"status {response.status_code}")
    form = response.context["form"]
    if response.status_code == 400:
        assert form.errors
        assert response.context["summary"] is None
    else:
        summary = response.context["summary"]
        assert summary.period.start <= summary.period.end
