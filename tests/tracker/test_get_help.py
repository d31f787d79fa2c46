"""Safety: the "Get help now" card on Today and the log form, and what to do after a severe
day is saved (the matching "when to call" tip, not only "Saved")."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from knowledge.models import Article
from knowledge.selectors import what_to_do
from tests.factories import DailyEntryFactory, make_patient
from tests.tracker.test_entry_form import a_day
from tracker import measures
from tracker.models import Drug

LOG = reverse("tracker:log")
HISTORY = reverse("tracker:history")
TODAY = date(2026, 11, 23)

# The shipped articles come with the database (the knowledge app's content).
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_noon():
    with time_machine.travel("2026-11-23 12:00:00+00:00", tick=False):
        yield


def when_to_call(measure):
    """The shipped "when to call" tip for a measure, found by kind and measure, not by words."""
    (article,) = [
        a
        for a in Article.objects.filter(kind=Article.Kind.WHEN_TO_CALL, published=True)
        if measure.code in a.measures and measure.code == a.measures[0]
    ]
    return article


def card(html):
    return html.split('<aside class="help-now"', 1)[1].split("</aside>", 1)[0]


def red_flags(html):
    """The warning signs a page lists, by urgency heading, in the words she reads."""
    groups = re.findall(
        r'<h3 class="red-flags-heading">(.*?)</h3>\s*<ul class="red-flags"[^>]*>(.*?)</ul>',
        html,
        re.S,
    )
    return [
        (
            heading,
            [
                re.sub(r"\s*\(<a .*?</a>\)", "", li).strip()
                for li in re.findall(r"<li>(.*?)</li>", items, re.S)
            ],
        )
        for heading, items in groups
    ]


@pytest.mark.parametrize("url", [reverse("tracker:home"), LOG])
def test_today_and_the_log_form_show_the_get_help_now_card(patient_client, url):
    html = patient_client.get(url).text
    help_now = card(html)
    assert "Get help now" in help_now
    signs = " ".join(" ".join(items) for _, items in red_flags(help_now))
    for sign in (
        "chest pain",
        "breathlessness that comes on suddenly",
        "swollen, red, warm or painful",
        "slurred speech",
        "sudden, severe headache",
        "yellow skin or yellow whites of the eyes",
        "dark urine",
        "a bone that may be broken",
        "swelling of the face, lips, tongue or throat, or trouble breathing",
        "any bleeding from the vagina after your menopause",
        "heavy bleeding from the vagina, or bleeding with feeling faint",
        "thoughts of harming yourself",
    ):
        assert sign in signs, sign
    assert "No one watches this diary" in help_now
    assert "emergency number" in help_now
    assert f'href="{reverse("knowledge:article", args=["warning-signs"])}"' in help_now


def test_the_card_on_today_the_log_form_and_the_warning_signs_page_list_the_same_signs(
    patient_client,
):
    today = red_flags(card(patient_client.get(reverse("tracker:home")).text))
    log_form = red_flags(card(patient_client.get(LOG).text))
    page = red_flags(patient_client.get(reverse("knowledge:article", args=["warning-signs"])).text)
    assert today == log_form == page
    headings = [heading for heading, _ in page]
    assert headings == [
        "Call an emergency number now for:",
        "Call your care team the same day for:",
        "Call your care team within a few days for:",
    ]
    assert sum(len(items) for _, items in page) == 9


@pytest.mark.parametrize(
    "drug", [Drug.ANASTROZOLE, Drug.LETROZOLE, Drug.EXEMESTANE, Drug.TAMOXIFEN]
)
def test_every_patient_sees_the_bleeding_sign_whatever_her_drug(client, drug):
    patient = make_patient(email=f"{drug}@example.org", drug=drug)
    client.force_login(patient)
    groups = dict(red_flags(card(client.get(reverse("tracker:home")).text)))
    assert any(
        sign.startswith("any bleeding from the vagina after your menopause")
        for sign in groups["Call your care team within a few days for:"]
    )
    assert any(
        sign.startswith("heavy bleeding from the vagina")
        for sign in groups["Call an emergency number now for:"]
    )
    assert "tamoxifen" not in " ".join(" ".join(signs) for signs in groups.values())


def test_the_log_form_has_the_card_before_the_first_question(patient_client):
    html = patient_client.get(LOG).text
    assert html.index('class="help-now"') < html.index('<form method="post"')


@pytest.mark.parametrize("url", [reverse("tracker:home"), LOG])
def test_the_signs_are_folded_one_tap_away(patient_client, url):
    """Folded, to keep the log form and her day near the top of a phone's screen."""
    assert '<details class="help-now-signs">' in card(patient_client.get(url).text)


def test_saving_a_severe_day_says_what_to_do_with_the_when_to_call_tip(patient_client, patient):
    response = patient_client.post(LOG, a_day(joint_pain="9"), follow=True)
    assert response.redirect_chain == [(f"{HISTORY}?saved=2026-11-23#what-to-do", 302)]
    html = response.text
    assert "Saved your diary for Monday 23 November. You logged severe joint or muscle pain" in html
    section = html.split('id="what-to-do"', 1)[1].split("</section>", 1)[0]
    tip = when_to_call(measures.JOINT_PAIN)
    assert tip.title in section
    assert reverse("knowledge:article", args=[tip.slug]) in section
    assert "Joint or muscle pain: 9 out of 10, severe" in section
    assert tip.body.splitlines()[0][:30] in section  # the tip itself, not only a link


def test_a_day_below_the_severe_level_is_only_saved(patient_client):
    response = patient_client.post(LOG, a_day(joint_pain="6", fatigue="2"), follow=True)
    assert response.redirect_chain == [(HISTORY, 302)]
    assert "Saved your diary for Monday 23 November." in response.text
    assert 'id="what-to-do"' not in response.text


def test_editing_a_day_to_severe_answers_says_what_to_do_for_each(patient_client, patient):
    entry = DailyEntryFactory(patient=patient, day=TODAY, joint_pain=2, tablet_taken=True)
    response = patient_client.post(
        reverse("tracker:entry", args=[entry.pk]),
        a_day(joint_pain="7", cramp_count="3", cramp_severity="4", headache="3"),
        follow=True,
    )
    html = response.text
    assert "Updated your diary for Monday 23 November." in html
    assert "severe joint or muscle pain and worst cramp and headache" in html
    section = html.split('id="what-to-do"', 1)[1].split("</section>", 1)[0]
    assert when_to_call(measures.JOINT_PAIN).title in section
    assert when_to_call(measures.CRAMP_COUNT).title in section
    assert "Worst cramp: very severe" in section
    assert "Headache: severe" in section
    # Each severe answer brings the tip the knowledge app picks for it (a sudden severe
    # headache: the clot-and-stroke warning).
    chosen = what_to_do(measure_codes=[measures.HEADACHE.code])[measures.HEADACHE.code]
    assert chosen.title in section


@pytest.mark.parametrize("saved", ["", "yesterday", "2026-13-45", "\x00", "9999-12-31"])
def test_the_history_ignores_a_saved_day_it_cannot_read(patient_client, saved):
    response = patient_client.get(HISTORY, {"saved": saved})
    assert response.status_code == 200
    assert 'id="what-to-do"' not in response.text


def test_the_history_never_shows_another_patients_severe_day(patient_client, other_patient):
    DailyEntryFactory(patient=other_patient, day=TODAY, joint_pain=10)
    response = patient_client.get(HISTORY, {"saved": TODAY.isoformat()})
    assert 'id="what-to-do"' not in response.text
