"""The demo patient's Trends page in Chromium: every chart drawn, the range switch, a11y."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from knowledge.services import load_content
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_patient
from tracker.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PATIENT_EMAIL

CHARTS = ["joint-pain", "joint-sites", "cramps", "hot-flashes", "wellbeing", "tablets"]


@pytest.fixture
def demo(transactional_db):
    load_content()  # the live server's database is flushed between browser tests
    call_command("seed_demo", stdout=None)


def axis_start(page, slug):
    """The first day on a drawn chart's time axis, as plotly.js laid it out."""
    value = page.locator(f'[data-figure="figure-{slug}"]').evaluate(
        "element => element._fullLayout.xaxis.range[0]"
    )
    return date.fromisoformat(value[:10])


@pytest.mark.browser
def test_demo_dashboard_draws_every_chart_and_switches_range(page, demo, accessible, screenshots):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trends").click()
    trends = page.get_by_role("region", name="Your trends")
    expect(trends).to_be_visible()
    for slug in CHARTS:
        # plotly.js has drawn: an SVG with at least one trace in the chart's container.
        expect(page.locator(f'[data-figure="figure-{slug}"] svg.main-svg').first).to_be_attached()
        drawn = page.locator(f'[data-figure="figure-{slug}"]').locator("g.trace, g.hm")
        expect(drawn.first).to_be_attached()
    # And the self-care charts.
    expect(page.locator('[data-figure^="figure-self-care-"] svg.main-svg').first).to_be_attached()
    # The words a screen reader gets instead of the drawing.
    expect(page.locator("#joint-pain figcaption")).to_contain_text("Joint or muscle pain: average")
    expect(trends.get_by_role("heading", name="Before and after a change")).to_be_visible()
    expect(trends).to_contain_text("Switched to Exemestane")
    expect(trends).to_contain_text("not proof")
    accessible(page)
    screenshots(page, "dashboard", redraw=True)

    three_months = axis_start(page, "joint-pain")
    trends.get_by_role("link", name="1 year").click()
    expect(trends.get_by_role("link", name="1 year")).to_have_attribute("aria-current", "true")
    expect(page.locator('[data-figure="figure-joint-pain"] svg.main-svg').first).to_be_attached()
    one_year = axis_start(page, "joint-pain")
    assert (three_months - one_year).days > 200
    # The break and the switch are on the axis now: a shaded band and a labelled line.
    expect(page.locator("#joint-pain .annotation-text", has_text="Break")).to_have_count(1)
    expect(page.locator("#joint-pain .annotation-text", has_text="Exemestane")).to_have_count(1)
    accessible(page)
    screenshots(page, "dashboard-1-year", redraw=True)


@pytest.mark.browser
def test_a_new_patient_sees_how_her_charts_will_come(page, accessible):
    make_patient(email="new@example.org")
    log_in(page, "new@example.org", PASSWORD)
    page.goto("/trends/")
    expect(page.get_by_role("region", name="Your trends")).to_contain_text(
        "Your charts appear here once you have logged a day"
    )
    accessible(page)
