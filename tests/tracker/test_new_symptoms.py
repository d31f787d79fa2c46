"""Two optional answers under "Other symptoms": tingling or numbness in the hands, and vaginal
bleeding. Bleeding shows what to do as soon as the day is saved; the rules pick the tips."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from knowledge import selectors
from tests.factories import DailyEntryFactory, make_patient
from tests.tracker.test_entry_form import a_day
from tracker.models import DailyEntry, Drug

pytestmark = pytest.mark.usefixtures("shipped_content")
LOG = reverse("tracker:log")
HISTORY = reverse("tracker:history")


@pytest.fixture(autouse=True)
def frozen_noon():
    with time_machine.travel("2026-11-23 12:00:00+00:00", tick=False):
        yield


def other_symptoms(html):
    return html.split("Other symptoms today", 1)[1].split("Your tablet", 1)[0]


def test_the_log_form_asks_both_under_other_symptoms(patient_client):
    section = other_symptoms(patient_client.get(LOG).text)
    assert "Tingling, pins and needles or numbness in your hands or fingers today" in section
    assert "Any bleeding or spotting from the vagina today" in section


def test_both_answers_are_optional(patient_client, patient):
    assert patient_client.post(LOG, a_day()).status_code == 302
    entry = DailyEntry.objects.get(patient=patient)
    assert (entry.hand_tingling, entry.vaginal_bleeding) == (None, None)


def test_saving_vaginal_bleeding_shows_what_to_do_at_once(patient_client, patient):
    response = patient_client.post(LOG, a_day(vaginal_bleeding="True"), follow=True)
    assert response.redirect_chain == [(f"{HISTORY}?saved=2026-11-23#what-to-do", 302)]
    section = response.text.split('id="what-to-do"', 1)[1].split("</section>", 1)[0]
    assert "Bleeding from the vagina: always have it checked" in section
    assert "Call your care team within a few days" in section
    assert DailyEntry.objects.get(patient=patient).vaginal_bleeding is True


def tips(patient, today):
    return {m.article.slug for m in selectors.tips_for(patient=patient, today=today)}


def test_tingling_on_several_days_brings_the_hand_tips():
    patient = make_patient(email="hands@example.org")
    today = date(2026, 11, 23)
    for n in range(3):
        DailyEntryFactory(patient=patient, day=today - timedelta(days=n), hand_tingling=2)
    assert {"hands-at-night", "tingling-numbness-and-carpal-tunnel"} <= tips(patient, today)


@pytest.mark.parametrize(("drug", "ovaries"), [(Drug.LETROZOLE, True), (Drug.TAMOXIFEN, False)])
def test_bleeding_brings_the_bleeding_tip_and_on_an_ai_the_one_on_returning_periods(drug, ovaries):
    patient = make_patient(email=f"{drug}@example.org", drug=drug)
    today = date(2026, 11, 23)
    DailyEntryFactory(patient=patient, day=today, vaginal_bleeding=True)
    chosen = tips(patient, today)
    assert "vaginal-bleeding" in chosen
    assert ("before-the-menopause-on-an-aromatase-inhibitor" in chosen) is ovaries


def test_the_summary_has_a_row_for_them_only_when_answered(patient_client, patient):
    summary = reverse("reports:summary")
    html = patient_client.get(summary).text
    assert "Vaginal bleeding" not in html and "Tingling or numbness" not in html
    DailyEntryFactory(patient=patient, day=date(2026, 11, 22), vaginal_bleeding=True)
    html = patient_client.get(summary).text
    assert "Vaginal bleeding" in html
    assert "Tingling or numbness" not in html
