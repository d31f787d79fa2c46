"""The Trends section is kept in the cache (`trends.fragments`) and never shown stale: each
change to her diary shows on the next page, hers and her clinician's."""

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from care.models import Grant
from knowledge.models import Article
from knowledge.services import record_feedback
from tests.factories import DailyEntryFactory, make_clinician, make_patient
from tracker import versions

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-11-30 12:00Z", tick=False):
        yield


@pytest.fixture
def her():
    """A patient a year into letrozole with three days logged, on her own phone."""
    patient = make_patient(email="ruth@example.org", started=TODAY - timedelta(days=365))
    for back in (1, 2, 3):
        DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=back), joint_pain=3)
    phone = Client()
    phone.force_login(patient)
    phone.patient = patient
    return phone


@pytest.fixture
def nurse(her):
    """Her clinician, signed in with her second factor, on the clinic's computer."""
    clinician = make_clinician(email="nurse@example.org", mfa=True)
    Grant.objects.create(patient=her.patient, clinician=clinician)
    desk = Client()
    desk.force_login(clinician)
    return desk


def pages(her, nurse):
    """Her Trends page and her page on her clinician's side, as text."""
    own = her.get(reverse("trends:index"))
    theirs = nurse.get(reverse("care:patient", args=[her.patient.pk]))
    assert own.status_code == theirs.status_code == 200
    return own.text, theirs.text


def test_a_kept_trends_page_runs_none_of_the_charts_queries(her, django_assert_max_num_queries):
    first = her.get(reverse("trends:index")).text
    # The session and her account with her profile: no day, period or appointment is read.
    with django_assert_max_num_queries(2):
        assert her.get(reverse("trends:index")).text == first


def test_a_logged_day_a_therapy_change_and_an_appointment_show_on_the_next_pages(her, nurse):
    for page in pages(her, nurse):
        assert "3 days logged" in page
        assert "Since starting Exemestane" not in page
        assert "Appointment 27 Nov 2026" not in page

    her.post(
        reverse("tracker:log"), {"day": "2026-11-30", "joint_pain": "5", "tablet_taken": "True"}
    )
    for page in pages(her, nurse):
        assert "4 days logged" in page

    her.post(
        reverse("tracker:therapy_change"),
        {"kind": "switch", "drug": "exemestane", "starting": "2026-11-20"},
    )
    for page in pages(her, nurse):
        assert "Since starting Exemestane" in page

    her.post(reverse("tracker:appointment_add"), {"date": "2026-11-27", "note": ""})
    for page in pages(her, nurse):
        assert "Appointment 27 Nov 2026" in page


def test_each_range_is_kept_apart(her):
    four_weeks = her.get(reverse("trends:index"), {"range": "4w"}).text
    year = her.get(reverse("trends:index"), {"range": "1y"}).text
    assert "3 November 2026 to 30 November 2026" in four_weeks
    assert "1 December 2025 to 30 November 2026" in year


def test_what_she_says_of_a_tip_and_a_changed_article_renew_the_versions(her, shipped_content):
    article = Article.objects.filter(published=True).first()
    diary = versions.current((versions.DIARY, her.patient.pk))
    record_feedback(patient=her.patient, article=article, verdict="helped")
    assert versions.current((versions.DIARY, her.patient.pk)) != diary
    content = versions.current((versions.CONTENT, versions.SHIPPED))
    article.title = "A new title"
    article.save()
    assert versions.current((versions.CONTENT, versions.SHIPPED)) != content
