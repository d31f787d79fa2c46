"""Charts drawn when she reaches them (static/js/charts.js), on a phone: the ones on screen at
load, the next as she scrolls; each chart's words and table there before any drawing and
without JavaScript; no jump when a chart is drawn."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, TIMEOUT_MS, log_in
from tracker.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PATIENT_EMAIL

# How near below the screen a chart is drawn ahead of her (charts.js's NEAR).
NEAR_PX = 200

# Each chart's place against the screen and whether plotly.js has drawn it.
CHARTS = """() => [...document.querySelectorAll("[data-figure]")].map(element => {
  const box = element.getBoundingClientRect();
  return {id: element.dataset.figure, top: box.top, bottom: box.bottom, height: box.height,
          drawn: !!element.querySelector("svg.main-svg")};
})"""


def charts(page):
    return page.evaluate(CHARTS)


def first_chart_drawn(page):
    expect(page.locator("[data-figure]").first.locator("svg.main-svg").first).to_be_attached(
        timeout=TIMEOUT_MS
    )
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_only_the_charts_in_view_are_drawn_then_the_next_as_she_scrolls(page, demo, accessible):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.goto("/trends/")
    first_chart_drawn(page)
    at_load = charts(page)
    assert len(at_load) >= 8
    screen = PHONE["height"]
    in_view = [c for c in at_load if c["top"] < screen and c["bottom"] > 0]
    assert in_view and all(c["drawn"] for c in in_view), at_load
    # Nothing further down than a little below the screen: the rest wait for her.
    assert all(not c["drawn"] for c in at_load if c["top"] > screen + NEAR_PX), at_load
    assert sum(c["drawn"] for c in at_load) <= 3, at_load

    # The next chart, scrolled to: drawn, in the height kept for it from the start.
    waiting = next(c for c in at_load if not c["drawn"])
    chart = page.locator(f'[data-figure="{waiting["id"]}"]')
    chart.scroll_into_view_if_needed()
    expect(chart.locator("svg.main-svg").first).to_be_attached()
    now = {c["id"]: c for c in charts(page)}
    assert now[waiting["id"]]["height"] == waiting["height"]
    # Charts far below are still waiting.
    assert not charts(page)[-1]["drawn"]
    accessible(page)


@pytest.mark.browser
def test_no_chart_changes_height_when_drawn(page, demo):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.goto("/trends/?range=1y")
    first_chart_drawn(page)
    before = {c["id"]: c["height"] for c in charts(page)}
    chart_list = page.locator("[data-figure]")
    for n in range(chart_list.count()):
        chart_list.nth(n).scroll_into_view_if_needed()
        expect(chart_list.nth(n).locator("svg.main-svg").first).to_be_attached()
    after = {c["id"]: c["height"] for c in charts(page)}
    assert after == before


@pytest.mark.browser
def test_every_table_is_readable_before_its_chart_is_drawn(page, demo):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.goto("/trends/")
    first_chart_drawn(page)
    last = page.locator(".chart-card").filter(has=page.locator("details.chart-table")).last
    expect(last.locator("[data-figure] svg.main-svg")).to_have_count(0)
    expect(last.locator("figcaption")).not_to_be_empty()
    last.locator("details.chart-table > summary").click()
    table = last.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row").nth(1)).not_to_be_empty()


@pytest.mark.browser
def test_without_javascript_every_chart_has_its_words_and_table(browser, live_server, demo, page):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.wait_for_load_state()
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    try:
        context.add_cookies(page.context.cookies())
        plain = context.new_page()
        plain.goto("/trends/")
        cards = plain.locator(".chart-card:not(.is-small)")
        assert cards.count() >= 6
        for n in range(cards.count()):
            expect(cards.nth(n).locator("figcaption")).not_to_be_empty()
        tables = plain.locator("details.chart-table")
        assert tables.count() >= 5
        tables.first.locator("summary").click()
        expect(tables.first.get_by_role("table")).to_be_visible()
        expect(plain.locator("svg.main-svg")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.browser
def test_the_summary_draws_its_small_charts_when_she_reaches_them(page, demo):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.goto("/summary/")
    page.wait_for_load_state("networkidle")
    small = page.locator("[data-figure]")
    expect(small).to_have_count(3)
    first = small.first
    if first.evaluate("e => e.getBoundingClientRect().top") > PHONE["height"] + NEAR_PX:
        # Below the screen at load: not drawn, and plotly.js not even fetched yet.
        expect(first.locator("svg.main-svg")).to_have_count(0)
        assert page.evaluate("!window.Plotly")
    height = first.evaluate("e => e.getBoundingClientRect().height")
    first.scroll_into_view_if_needed()
    expect(first.locator("svg.main-svg").first).to_be_attached()
    assert first.evaluate("e => e.getBoundingClientRect().height") == height
