"""Tips follow her drug: a woman on tamoxifen is never told to switch to tamoxifen, is told
what weakens it (on the duloxetine tip too), and sees its bleeding, clot and pregnancy tips;
a woman on an aromatase inhibitor sees none of those tamoxifen tips."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from knowledge import selectors
from tests.factories import DailyEntryFactory, make_patient
from tracker.models import Drug

pytestmark = pytest.mark.usefixtures("shipped_content")
TODAY = date.today()
TAMOXIFEN_TIPS = {
    "tamoxifen-bleeding-and-clots",
    "tamoxifen-and-other-medicines",
    "tamoxifen-pregnancy-and-contraception",
}
INTERACTION = "duloxetine is one of the medicines (with paroxetine, fluoxetine and"


def with_severe_pain(drug):
    """A patient on `drug` whose joint pain was 7 out of 10 on each of the last 28 days."""
    patient = make_patient(email=f"{drug}@example.org", drug=drug)
    for n in range(28):
        DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=n), joint_pain=7)
    return patient


def chosen(patient):
    return {match.article.slug: match for match in selectors.tips_for(patient=patient, today=TODAY)}


def page(patient, url):
    client = Client()
    client.force_login(patient)
    return client.get(url).text


def test_a_tamoxifen_patient_is_never_told_to_switch_to_tamoxifen():
    patient = with_severe_pain(Drug.TAMOXIFEN)
    tips = chosen(patient)
    assert "switching-treatment" not in tips
    for match in tips.values():
        article = match.article
        article.refresh_from_db()
        assert (
            "switching to tamoxifen"
            not in f"{article.title} {article.summary} {article.body}".lower()
        )
    assert "switching to tamoxifen" not in page(patient, reverse("tracker:home")).lower()


def test_a_patient_on_an_aromatase_inhibitor_with_the_same_pain_is_offered_the_switch():
    tips = chosen(with_severe_pain(Drug.LETROZOLE))
    assert "switching-treatment" in tips
    assert tips["switching-treatment"].reason.endswith("on an aromatase inhibitor.")


def test_a_tamoxifen_patient_sees_the_interaction_line_on_the_duloxetine_tip():
    patient = with_severe_pain(Drug.TAMOXIFEN)
    assert "duloxetine-for-joint-pain" in chosen(patient)
    html = page(patient, reverse("knowledge:article", args=["duloxetine-for-joint-pain"]))
    assert "<strong>If you take tamoxifen</strong>" in html
    assert INTERACTION in html
    assert 'href="/tips/tamoxifen-and-other-medicines/"' in html


def test_a_tamoxifen_patient_gets_the_tamoxifen_tips_and_an_anastrozole_patient_does_not():
    on_tamoxifen = with_severe_pain(Drug.TAMOXIFEN)
    assert set(chosen(on_tamoxifen)) >= TAMOXIFEN_TIPS
    assert chosen(on_tamoxifen)["tamoxifen-and-other-medicines"].reason == (
        "You logged your tablet in the last 28 days on tamoxifen."
    )
    assert not TAMOXIFEN_TIPS & set(chosen(with_severe_pain(Drug.ANASTROZOLE)))


def test_the_tamoxifen_tips_say_what_the_sources_say():
    client_page = page(
        make_patient(email="t@example.org", drug=Drug.TAMOXIFEN),
        reverse("knowledge:article", args=["tamoxifen-pregnancy-and-contraception"]),
    )
    assert "about 2 months after" in client_page
    assert "no hormones in it" in client_page
    medicines = page(
        make_patient(email="u@example.org", drug=Drug.TAMOXIFEN),
        reverse("knowledge:article", args=["tamoxifen-and-other-medicines"]),
    )
    for name in ("paroxetine", "fluoxetine", "bupropion", "duloxetine", "CYP2D6"):
        assert name in medicines
