"""The demo patient meets her tips in Chromium: reasons, hiding one, the library and search."""

import pytest
from playwright.sync_api import expect

from tracker.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PATIENT_EMAIL


@pytest.mark.browser
def test_demo_patient_tips_hide_and_search(page, demo, accessible, screenshots):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(DEMO_PATIENT_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The dashboard: at most three tips, each with the reason in words.
    tips = page.get_by_role("region", name="Tips for what you logged")
    expect(tips).to_be_visible()
    cards = tips.locator(".tip-card")
    expect(cards).to_have_count(3)
    for n in range(3):
        expect(cards.nth(n).locator(".tip-reason")).to_contain_text("You logged")
    expect(tips).to_contain_text("Medical disclaimer")
    accessible(page)
    screenshots(page, "today-with-tips")

    # Hide the first on its own page, by keyboard: it leaves Today.
    first = cards.first.get_by_role("heading").inner_text()
    cards.first.get_by_role("link", name=first).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first)
    page.get_by_role("button", name="Hide").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"Hidden: “{first}”")
    accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(tips.get_by_role("heading", name=first)).to_have_count(0)

    # The library, by topic, then a search for cramps.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tips").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tips and explainers")
    expect(page.get_by_role("heading", name="Joint and muscle pain")).to_be_visible()
    accessible(page)
    screenshots(page, "knowledge-index")
    page.get_by_label("Search tips and explainers").fill("cramps")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("list", name="Search results")
    expect(
        results.get_by_role("link", name="Stretch your calves and hamstrings before bed")
    ).to_be_visible()
    accessible(page)
    screenshots(page, "knowledge-search")

    # A tip's own page: its body, references and the disclaimer.
    results.get_by_role("link", name="Stretch your calves and hamstrings before bed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stretch your calves and hamstrings before bed"
    )
    expect(page.get_by_role("heading", name="Where this comes from")).to_be_visible()
    expect(page.get_by_text("PMID 34385978")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("Medical disclaimer")
    accessible(page)
    screenshots(page, "knowledge-tip")

    # An explainer with a table.
    page.goto("/tips/how-common-side-effects/")
    expect(page.get_by_role("table")).to_contain_text("Hot flashes")
    accessible(page)
