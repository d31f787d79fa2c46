"""Generated input thrown at the entry form: never a server error, never a partial save."""

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.factories import make_patient
from tracker import measures
from tracker.forms import EntryForm
from tracker.models import DailyEntry

FIELDS = list(EntryForm.base_fields) + [
    field.field for field in measures.MEASURES if not field.derived
]
FIELDS = sorted(set(FIELDS))

noise = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-5, max_value=2000).map(str),
    st.sampled_from(["", "True", "False", "on", "2026-11-23", "2026-11-24", "1e3", "0x10", "٣"]),
)
# A valid day with generated changes on top, so that both saves and refusals are explored.
valid_day = st.fixed_dictionaries(
    {
        "day": st.sampled_from(["2026-11-23", "2026-11-20", "2025-12-01"]),
        "joint_pain": st.integers(0, 10).map(str),
        "tablet_taken": st.just("True"),
    }
)
changes = st.dictionaries(st.sampled_from(FIELDS), noise, max_size=6)
posts = st.tuples(valid_day, changes).map(lambda pair: {**pair[0], **pair[1]})


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=posts)
def test_generated_input_never_breaks_the_form_or_half_saves(data):
    with time_machine.travel("2026-11-23 12:00:00+00:00", tick=False):
        DailyEntry.objects.all().delete()
        patient = make_patient()
        client = Client()
        client.force_login(patient)
        response = client.post(reverse("tracker:log"), data)

        assert response.status_code in (200, 302)
        event(f"status {response.status_code}")
        rows = list(DailyEntry.objects.filter(patient=patient))
        if response.status_code == 200:
            assert rows == [], "a refused form must save nothing"
            assert response.context["form"].errors
        else:
            (entry,) = rows
            assert entry.day <= date(2026, 11, 23)
            assert entry.hot_flash_score == sum(
                getattr(entry, band.field) * band.severity for band in measures.HOT_FLASH_BANDS
            )
            for measure in measures.MEASURES:
                value = entry.value_of(measure)
                if value is not None and measure.scale.kind != measures.Kind.YES_NO:
                    assert measure.scale.minimum <= value <= measure.scale.maximum
