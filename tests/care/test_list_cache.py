"""The clinician's list is kept between requests (`care.list_cache`) and never shown stale:
every change a patient or clinician makes shows on the next page."""

from datetime import UTC, date, datetime, timedelta

import factory
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from care import list_cache
from care.models import Grant
from privacy import services as privacy
from tests.factories import DailyEntryFactory, make_patient
from tracker import versions

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-11-30 12:00Z", tick=False):
        yield


@pytest.fixture
def her(care_clinician):
    """A patient sharing with the clinician, signed in on her own phone."""
    patient = make_patient(email="ruth@example.org", started=TODAY - timedelta(days=99))
    Grant.objects.create(patient=patient, clinician=care_clinician)
    phone = Client()
    phone.force_login(patient)
    phone.patient = patient
    return phone


def card(care_client):
    """Her card on the list, as text (the list has one patient)."""
    page = care_client.get(reverse("care:patients"))
    assert page.status_code == 200
    return page.text.split('class="patient-list"')[1].split("</ol>")[0]


def test_a_kept_page_is_served_without_a_query_of_the_list(
    care_client, her, django_assert_max_num_queries
):
    first = card(care_client)
    # The session, her account, her second factor: the page's own queries are not run.
    with django_assert_max_num_queries(3):
        assert card(care_client) == first


def test_a_day_she_logs_shows_on_the_next_page(care_client, her):
    assert "Nothing logged yet" in card(care_client)
    her.post(
        reverse("tracker:log"), {"day": "2026-11-29", "joint_pain": "2", "tablet_taken": "True"}
    )
    assert "29 Nov 2026" in card(care_client)
    assert "taken on 100% of 1 day answered" in card(care_client)


def test_her_new_drug_and_her_new_name_show_on_the_next_page(care_client, her):
    assert "Anastrozole" in card(care_client)
    her.post(
        reverse("tracker:therapy_change"),
        {"kind": "switch", "drug": "exemestane", "starting": "2026-11-30"},
    )
    assert "Exemestane" in card(care_client)
    her.post(reverse("tracker:profile"), {"care_name": "Ruth Evans"})
    assert "Ruth Evans" in card(care_client)


def test_an_alert_raised_and_marked_seen_shows_on_the_next_page(
    care_client, her, eager_celery, django_capture_on_commit_callbacks
):
    assert "No new alerts." in card(care_client)
    with django_capture_on_commit_callbacks(execute=True):
        her.post(
            reverse("tracker:log"), {"day": "2026-11-30", "joint_pain": "9", "tablet_taken": "True"}
        )
    assert "1 new alert" in card(care_client)
    care_client.post(reverse("care:alerts_seen", args=[her.patient.pk]))
    assert "No new alerts." in card(care_client)


def test_a_stopped_grant_takes_her_off_the_next_page(care_client, her, care_clinician):
    assert "ruth@example.org" in card(care_client)
    grant = Grant.objects.get(patient=her.patient, clinician=care_clinician)
    her.post(reverse("care:grant_stop", args=[grant.pk]))
    page = care_client.get(reverse("care:patients")).text
    assert "ruth@example.org" not in page
    assert "No patient shares a diary with you yet." in page


def test_a_new_grant_puts_her_on_the_next_page(care_client, care_clinician):
    assert "No patient shares" in care_client.get(reverse("care:patients")).text
    newcomer = make_patient(email="newcomer@example.org")
    Grant.objects.create(patient=newcomer, clinician=care_clinician)
    assert "newcomer@example.org" in card(care_client)


def test_a_grant_that_ends_leaves_the_list_when_it_ends(care_client, her, care_clinician):
    ends = datetime(2026, 11, 30, 12, 5, tzinfo=UTC)
    Grant.objects.filter(patient=her.patient).update(ends_on=TODAY, expires_at=ends)
    assert "ruth@example.org" in card(care_client)
    with time_machine.travel(ends + timedelta(seconds=1), tick=False):
        assert "ruth@example.org" not in care_client.get(reverse("care:patients")).text


@pytest.mark.parametrize(
    ("now", "soonest_end", "seconds"),
    [
        # Until the next quarter hour, when some midnight may have passed.
        (datetime(2026, 11, 30, 10, 7, 30, tzinfo=UTC), None, 450),
        (datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC), None, 1),
        # Until the first of its grants ends, if that is sooner.
        (
            datetime(2026, 11, 30, 10, 7, 30, tzinfo=UTC),
            datetime(2026, 11, 30, 10, 10, tzinfo=UTC),
            150,
        ),
        # Not kept at all when a grant ends within the second.
        (
            datetime(2026, 11, 30, 10, 7, 30, tzinfo=UTC),
            datetime(2026, 11, 30, 10, 7, 30, tzinfo=UTC),
            0,
        ),
    ],
)
def test_a_page_is_kept_until_the_quarter_hour_or_the_first_end_of_a_grant(
    now, soonest_end, seconds
):
    assert list_cache.shelf_life(now=now, soonest_end=soonest_end) == seconds


@pytest.mark.parametrize("days", [5, 90])
def test_her_deleted_account_leaves_the_next_page_in_queries_that_do_not_grow_with_her_diary(
    care_client, her, django_assert_max_num_queries, days
):
    DailyEntryFactory.create_batch(
        days,
        patient=her.patient,
        day=factory.Iterator(TODAY - timedelta(days=n) for n in range(days)),
    )
    assert "ruth@example.org" in card(care_client)
    # Her diary's rows go by cascade without a query each for their signals (tracker.receivers).
    with django_assert_max_num_queries(69):
        privacy.delete_account(user=her.patient)
    assert (
        "No patient shares a diary with you yet." in care_client.get(reverse("care:patients")).text
    )


def test_her_own_time_zone_changed_renews_her_list(care_clinician):
    before = versions.current((list_cache.LIST, care_clinician.pk))
    profile = care_clinician.clinician_profile
    profile.time_zone = "Pacific/Auckland"
    profile.save()
    assert versions.current((list_cache.LIST, care_clinician.pk)) != before


@pytest.mark.parametrize("asked", ["-1", "0", "abc", "1.5", "9" * 12])
def test_a_page_number_that_is_not_one_never_leaves_the_last_page_as_the_first(
    care_client, care_clinician, asked
):
    # The probe: `/care/?page=-1` opened first after a change made the kept default page the
    # list's last page for everyone who opened /care/ after.
    for n in range(30):  # two pages of 25
        patient = make_patient(email=f"p{n:02}@example.org")
        patient.patient_profile.care_name = f"Patient {n:02}"
        patient.patient_profile.save(update_fields=["care_name"])
        Grant.objects.create(patient=patient, clinician=care_clinician)

    asked_first = care_client.get(reverse("care:patients"), {"page": asked}).text
    default = care_client.get(reverse("care:patients")).text

    for page in (asked_first, default):
        assert "Patient 00" in page
        assert "Patient 29" not in page
