"""In Chromium at 360 px: the "Get help now" card on Today and the log form (in the log form's
first screen), and a day saved with very severe joint pain showing what to do."""

import pytest
from playwright.sync_api import expect

from knowledge.models import Article
from knowledge.services import load_content
from tests.browser.conftest import PHONE, log_in
from tests.factories import make_patient


@pytest.fixture
def patient(transactional_db):
    # The live server's database is flushed between browser tests: load the shipped tips.
    load_content()
    return make_patient(email="safety@example.org")


def help_card(page):
    return page.get_by_role("complementary", name="Get help now")


@pytest.mark.browser
def test_get_help_now_and_what_to_do_after_a_very_severe_day(
    page, patient, password, accessible, screenshots
):
    log_in(page, patient.email, password)

    # Today: the card, its signs one tap away, the link to every warning sign.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    card = help_card(page)
    expect(card).to_be_visible()
    expect(card).to_contain_text("No one watches this diary")
    expect(card.get_by_role("link", name="All warning signs and what to do")).to_be_visible()
    card.get_by_text("Signs that need a call").click()
    expect(card.get_by_text("chest pain, or breathlessness that comes on suddenly")).to_be_visible()
    accessible(page)
    screenshots(page, "today-help-now")

    # The log form: the card in the first screen of a phone, before any question.
    page.goto("/diary/log/")
    card = help_card(page)
    expect(card).to_be_in_viewport()
    box = card.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    pain = page.get_by_role("group", name="Worst joint or muscle pain today")
    assert box["y"] + box["height"] <= pain.bounding_box()["y"]
    card.get_by_text("Signs that need a call").click()
    expect(
        card.get_by_text("one leg or calf that is swollen, red, warm or painful")
    ).to_be_visible()
    accessible(page)
    screenshots(page, "log-form-help-now")

    # A day with the worst pain she can imagine: the confirmation says what to do.
    pain.locator("label").filter(
        has=page.get_by_role("radio", name="10 Worst pain you can imagine")
    ).click()
    tablet = page.get_by_role("group", name="Did you take your tablet today")
    tablet.locator("label", has_text="Yes").click()
    page.get_by_role("button", name="Save this day").click()

    expect(page.get_by_role("status")).to_contain_text(
        "You logged severe joint or muscle pain: see what to do below."
    )
    what_to_do = page.get_by_role("region", name="What to do about what you logged")
    expect(what_to_do).to_be_in_viewport()
    expect(what_to_do).to_contain_text("Joint or muscle pain: 10 out of 10, worst pain")
    tip = next(
        a
        for a in Article.objects.filter(kind=Article.Kind.WHEN_TO_CALL)
        if "joint_pain" in a.measures
    )
    expect(what_to_do.get_by_role("heading", name=tip.title)).to_be_visible()
    accessible(page)
    screenshots(page, "what-to-do")

    # Every warning sign, one tap away.
    what_to_do.get_by_role("link", name="Warning signs that need help now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warning signs: when to get help now")
    accessible(page)
