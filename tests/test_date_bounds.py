"""Every date a form takes has bounds: the first and last days a date can be are refused in
words, never a 500 (the probe's share end of 9999-12-31 was one), and nothing is kept."""

import pytest
from django.urls import reverse

from care.models import Grant, Invitation, VisitLink
from tracker.models import Appointment, DailyEntry, TherapyPeriod

pytestmark = pytest.mark.django_db

EXTREMES = ["9999-12-31", "0001-01-01"]

# (URL name, the form's other answers, the date field, the rows that must stay as they were)
FORMS = [
    ("care:sharing", {"email": "gp@surgery.org", "care_name": "M"}, "ends_on", [Invitation, Grant]),
    ("tracker:log", {"joint_pain": "4", "tablet_taken": "True"}, "day", [DailyEntry]),
    (
        "tracker:therapy_change",
        {"kind": "switch", "drug": "exemestane"},
        "starting",
        [TherapyPeriod],
    ),
    ("tracker:therapy_start", {}, "start", [TherapyPeriod]),
    ("tracker:appointment_add", {"note": ""}, "date", [Appointment]),
    (
        "care:visit_link_add",
        {"end": "", "days": "7", "label": "", "care_name": "M"},
        "start",
        [VisitLink],
    ),
    (
        "care:visit_link_add",
        {"start": "", "days": "7", "label": "", "care_name": "M"},
        "end",
        [VisitLink],
    ),
    ("tracker:profile", {"care_name": "Maria Jones"}, "date_of_birth", []),
]


@pytest.mark.parametrize("value", EXTREMES)
@pytest.mark.parametrize(
    ("name", "data", "field", "models"), FORMS, ids=[f"{f[0]}-{f[2]}" for f in FORMS]
)
def test_a_date_at_the_end_of_the_calendar_is_refused_in_words(
    patient_client, patient, name, data, field, models, value
):
    before = {model: model.objects.count() for model in models}
    patient_client.raise_request_exception = False

    response = patient_client.post(reverse(name), data | {field: value})

    # 400, or the day's form shown again with its error (the diary's log page answers 200).
    assert response.status_code in (200, 400), response.status_code
    assert "There is a problem" in response.text or "There are 2 problems" in response.text
    assert {model: model.objects.count() for model in models} == before


@pytest.mark.parametrize("value", EXTREMES)
def test_the_summary_refuses_a_period_at_the_end_of_the_calendar(patient_client, value):
    patient_client.raise_request_exception = False
    response = patient_client.get(reverse("reports:summary"), {"start": value, "end": value})
    assert response.status_code < 500
