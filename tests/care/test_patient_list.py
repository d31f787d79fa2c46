"""The clinician's list: who shares with her, who needs attention first, in words."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from care.models import Alert, Grant
from tests.factories import DailyEntryFactory, make_clinician, make_patient
from tracker.models import Drug, PatientProfile, TherapyPeriod

TODAY = date(2026, 11, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-11-30 12:00Z", tick=False):
        yield


def sharing_patient(clinician, *, email, name="", **grant):
    patient = make_patient(email=email, started=TODAY - timedelta(days=99))
    if name:
        PatientProfile.objects.filter(user=patient).update(care_name=name)
    Grant.objects.create(patient=patient, clinician=clinician, **grant)
    return patient


def names_on(response):
    return [row.name for row in response.context["rows"]]


def test_she_sees_every_patient_who_shares_with_her_and_no_one_else(care_client, care_clinician):
    sharing_patient(care_clinician, email="ruth@example.org", name="Ruth Evans")
    sharing_patient(care_clinician, email="no.name@example.org")
    revoked = sharing_patient(care_clinician, email="revoked@example.org", name="Revoked Rose")
    Grant.objects.filter(patient=revoked).update(revoked_at=timezone.now())
    sharing_patient(
        care_clinician,
        email="ended@example.org",
        name="Ended Edna",
        ends_on=TODAY - timedelta(days=1),
        expires_at=timezone.now() - timedelta(hours=1),
    )
    someone_else = make_clinician(email="other.nurse@example.org")
    sharing_patient(someone_else, email="elsewhere@example.org", name="Elsewhere Ella")
    make_patient(email="never@example.org")

    response = care_client.get(reverse("care:patients"))

    assert response.status_code == 200
    assert names_on(response) == ["no.name@example.org", "Ruth Evans"]
    for hidden in ("Revoked Rose", "Ended Edna", "Elsewhere Ella", "never@example.org"):
        assert hidden not in response.text


def test_a_row_says_her_drug_day_of_therapy_last_entry_and_adherence(care_client, care_clinician):
    patient = sharing_patient(care_clinician, email="ruth@example.org", name="Ruth Evans")
    # Two days ago, a one-day break her care team confirmed.
    TherapyPeriod.objects.filter(patient=patient).update(end=TODAY - timedelta(days=3))
    for start, end, kind in ((2, 2, "break"), (1, None, "treatment")):
        TherapyPeriod.objects.create(
            patient=patient,
            kind=kind,
            drug=Drug.ANASTROZOLE,
            start=TODAY - timedelta(days=start),
            end=end and TODAY - timedelta(days=end),
            confirmed_at=timezone.now() if kind == "break" else None,
        )
    for back in range(10):  # 10 days answered: 7 taken, 2 forgotten, 1 confirmed break
        reason = {0: "forgot", 1: "forgot", 2: "agreed_break"}.get(back, "")
        DailyEntryFactory(
            patient=patient,
            day=TODAY - timedelta(days=back),
            tablet_taken=not reason,
            missed_reason=reason,
        )
    DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=40), tablet_taken=False)

    text = care_client.get(reverse("care:patients")).text

    assert "Anastrozole (Arimidex), day 100" in text
    assert "30 Nov 2026" in text
    # The confirmed break is neither taken nor missed; the day 40 days back is outside 4 weeks.
    assert "taken on 78% of 9 days answered" in text


def test_patients_with_unseen_alerts_come_first_with_their_reasons(care_client, care_clinician):
    sharing_patient(care_clinician, email="a@example.org", name="Anne Abbott")
    worried = sharing_patient(care_clinician, email="z@example.org", name="Zoe Zane")
    seen = sharing_patient(care_clinician, email="b@example.org", name="Beth Brown")
    Alert.objects.create(
        patient=worried,
        key="severe:joint_pain",
        day=TODAY - timedelta(days=TODAY.weekday()),
        reason="Joint pain was 8 (severe) on 29 November.",
    )
    Alert.objects.create(
        patient=seen,
        key="severe:joint_pain",
        day=TODAY - timedelta(days=7 + TODAY.weekday()),
        reason="Joint pain was 9 (severe) on 20 November.",
        seen_at=timezone.now(),
        seen_by=care_clinician,
    )

    response = care_client.get(reverse("care:patients"))

    assert names_on(response) == ["Zoe Zane", "Anne Abbott", "Beth Brown"]
    assert "Joint pain was 8 (severe) on 29 November." in response.text
    assert "Joint pain was 9 (severe)" not in response.text  # seen already

    attention = care_client.get(reverse("care:patients"), {"attention": "on"})
    assert names_on(attention) == ["Zoe Zane"]
    assert "1 patient needs attention" in attention.text


def test_sorting_by_last_entry_puts_the_latest_first_and_never_logged_last(
    care_client, care_clinician
):
    early = sharing_patient(care_clinician, email="a@example.org", name="Anne Abbott")
    late = sharing_patient(care_clinician, email="b@example.org", name="Beth Brown")
    sharing_patient(care_clinician, email="c@example.org", name="Cara Cole")
    DailyEntryFactory(patient=early, day=TODAY - timedelta(days=5))
    DailyEntryFactory(patient=late, day=TODAY - timedelta(days=1))

    response = care_client.get(reverse("care:patients"), {"sort": "last_entry"})

    assert names_on(response) == ["Beth Brown", "Anne Abbott", "Cara Cole"]


def test_a_bad_sort_or_page_shows_the_list_rather_than_an_error(care_client, care_clinician):
    sharing_patient(care_clinician, email="a@example.org", name="Anne Abbott")
    for query in ({"sort": "password"}, {"page": "x"}, {"page": "999"}, {"sort": ""}):
        response = care_client.get(reverse("care:patients"), query)
        assert response.status_code == 200, query
        assert "Anne Abbott" in response.text, query


def test_the_list_is_paged_and_keeps_its_filter(care_client, care_clinician):
    for n in range(27):
        sharing_patient(care_clinician, email=f"p{n:02}@example.org")
    first = care_client.get(reverse("care:patients"), {"sort": "last_entry"})
    assert len(first.context["rows"]) == 25
    assert "page=2" in first.text and "sort=last_entry" in first.text
    second = care_client.get(reverse("care:patients"), {"sort": "last_entry", "page": 2})
    assert names_on(second) == ["p25@example.org", "p26@example.org"]


def test_a_clinician_with_no_patients_is_told_how_sharing_starts(care_client):
    response = care_client.get(reverse("care:patients"))
    assert "No patient shares a diary with you yet" in response.text
    assert "oncology.nurse@example.org" in response.text


def test_a_clinician_signing_in_lands_on_her_list(care_client):
    response = care_client.get(reverse("tracker:home"))
    assert response.status_code == 302
    assert response.url == reverse("care:patients")


def test_a_patient_opening_the_care_side_gets_the_apps_own_403_with_a_way_back(patient_client):
    response = patient_client.get(reverse("care:patients"))
    assert response.status_code == 403
    assert "This page is not for your account" in response.text
    assert 'class="site-header"' in response.text  # the app's layout, with its menu
    assert reverse("tracker:home") in response.text


def test_staff_find_the_care_records_in_the_admin(admin_client, care_clinician, patient):
    Grant.objects.create(patient=patient, clinician=care_clinician)
    for name in ("grant", "accessevent", "alert", "clinicianprofile"):
        assert admin_client.get(reverse(f"admin:care_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:care_accessevent_add")).status_code == 403
