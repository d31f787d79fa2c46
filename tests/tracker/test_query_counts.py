"""Pages that read the diary run the same number of queries for 10 days or 5 years."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import AppointmentFactory, make_patient
from tracker import services
from tracker.management.commands.seed_demo import demo_day
from tracker.models import DailyEntry, Drug, TherapyPeriod

FIVE_YEARS = 5 * 365 + 1


def patient_with_days(days):
    """Her days, with a switch of drug and appointments: everything the dashboard draws."""
    today = date.today()
    patient = make_patient(started=today - timedelta(days=FIVE_YEARS + 10))
    services.record_therapy_change(
        patient=patient,
        kind=TherapyPeriod.Kind.TREATMENT,
        drug=Drug.EXEMESTANE,
        starting=today - timedelta(days=5),
    )
    AppointmentFactory(patient=patient, date=today - timedelta(days=40))
    AppointmentFactory(patient=patient, date=today + timedelta(days=30))
    DailyEntry.objects.bulk_create(
        DailyEntry(patient=patient, day=today - timedelta(days=n), **demo_day(n % 365))
        for n in range(days)
    )
    return patient


# Each page: session, her account with her profile (one join: tracker/auth.py), then what the
# page itself reads:
#   history: the count, one page of entries, her therapy's start, the calendar's month
#   home (today): her last 4 weeks of days (the two cards and the pain drawing), the
#     timeline, the appointments (the next one), then the tips (knowledge's tag): the rules,
#     one window of recent entries, then her care team's 24-hour numbers (care's tag, for
#     the "Get help now" card)
#   trends: the timeline, the appointments (the charts' marks), the range's and the
#     before/after numbers in one, the weekly series, the daily series, the self-care
#     comparison and, beside it, the tips on those activities she said helped (knowledge's tag)
#   profile: whether she has set up two-step sign-in (allauth's authenticators)
#   therapy: the timeline, the appointments
PAGES = {
    "tracker:history": 6,
    "tracker:home": 8,
    "trends:index": 9,
    "tracker:profile": 3,
    "tracker:therapy": 4,
}


@pytest.mark.django_db
@pytest.mark.parametrize("days", [10, FIVE_YEARS])
@pytest.mark.parametrize(("name", "bound"), PAGES.items())
def test_page_queries_do_not_grow_with_history(
    client, django_assert_max_num_queries, days, name, bound
):
    patient = patient_with_days(days)
    client.force_login(patient)
    with django_assert_max_num_queries(bound):
        response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("days", [10, FIVE_YEARS])
def test_entry_form_queries_do_not_grow_with_history(client, django_assert_max_num_queries, days):
    patient = patient_with_days(days)
    client.force_login(patient)
    blank_day = (date.today() - timedelta(days=days + 1)).isoformat()
    # session, her account with her profile, therapy timeline, the entry for that day (none),
    # her care team's 24-hour numbers (the "Get help now" card)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("tracker:log"), {"day": blank_day}).status_code == 200
    entry = DailyEntry.objects.filter(patient=patient).first()
    # session, her account with her profile, the entry, her therapy timeline (a break day?),
    # her care team's 24-hour numbers
    with django_assert_max_num_queries(5):
        assert client.get(reverse("tracker:entry", args=[entry.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("days", [10, FIVE_YEARS])
def test_saving_a_day_queries_do_not_grow_with_history(client, django_assert_max_num_queries, days):
    patient = patient_with_days(days)
    client.force_login(patient)
    new_day = (date.today() - timedelta(days=days + 1)).isoformat()
    # session, her account with her profile, therapy start, then update_or_create: its
    # transaction (two savepoints), the locked lookup, the insert; then whether she shares her
    # diary with anyone (care's receiver of `day_changed`, which queues her alerts if so).
    with django_assert_max_num_queries(10):
        response = client.post(
            reverse("tracker:log"), {"day": new_day, "joint_pain": "3", "tablet_taken": "True"}
        )
    assert response.status_code == 302
