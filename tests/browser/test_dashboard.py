"""The demo patient in Chromium: Today short on a phone, the Trends page with every chart
and its range switch, a11y."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.factories import PASSWORD, make_patient
from tracker.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PATIENT_EMAIL

CHARTS = ["joint-pain", "joint-sites", "cramps", "hot-flashes", "wellbeing", "tablets"]


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


# Each text of a drawn chart (tick labels, labels above the plot, legend) as a box on the
# page; texts plotly hid (a date label past the plot's edge) are left out.
TEXT_BOXES = """element => [...element.querySelectorAll("svg text")].flatMap(text => {
  const box = text.getBoundingClientRect();
  const hidden = getComputedStyle(text).display === "none" || text.closest("[display=none]")
    || getComputedStyle(text).opacity === "0" || !text.textContent.trim();
  return hidden || !box.width ? [] : [{text: text.textContent, x: box.x, y: box.y,
    right: box.right, bottom: box.bottom}];
})"""

# Each marker's box against the box of its subplot (the strip of night marks is its own), as
# plotly.js laid the axes out.
MARKERS_OUTSIDE = """element => {
  const svg = element.querySelector("svg.main-svg").getBoundingClientRect();
  const layout = element._fullLayout;
  const outside = [];
  element.querySelectorAll("g.subplot").forEach(subplot => {
    const y = subplot.classList.contains("xy2") ? layout.yaxis2 : layout.yaxis;
    const area = {x: svg.x + layout.xaxis._offset, y: svg.y + y._offset};
    area.right = area.x + layout.xaxis._length;
    area.bottom = area.y + y._length;
    subplot.querySelectorAll("g.points path.point").forEach(point => {
      const box = point.getBoundingClientRect();
      if (!box.width) { return; }
      if (box.x < area.x - 0.5 || box.right > area.right + 0.5 || box.y < area.y - 0.5
          || box.bottom > area.bottom + 0.5) {
        outside.push([box.x, box.y, box.right, box.bottom, area]);
      }
    });
  });
  return outside;
}"""


def overlapping(boxes):
    return [
        (a["text"], b["text"])
        for n, a in enumerate(boxes)
        for b in boxes[n + 1 :]
        if a["x"] < b["right"] - 0.5
        and b["x"] < a["right"] - 0.5
        and a["y"] < b["bottom"] - 0.5
        and b["y"] < a["bottom"] - 0.5
    ]


@pytest.mark.browser
@pytest.mark.parametrize("range_key", ["1y", "all"])
def test_on_a_phone_no_chart_label_overlaps_and_no_point_is_cut(page, demo, range_key):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.goto(f"/trends/?range={range_key}", wait_until="networkidle")
    for slug in CHARTS:
        chart = page.locator(f'[data-figure="figure-{slug}"]')
        expect(chart.locator("svg.main-svg").first).to_be_attached()
        boxes = chart.evaluate(TEXT_BOXES)
        assert len(boxes) > 3, slug
        assert overlapping(boxes) == [], slug
        assert chart.evaluate(MARKERS_OUTSIDE) == [], slug
        # Every label stays inside the chart's own width.
        width = chart.evaluate("element => element.getBoundingClientRect()")
        assert all(
            width["x"] - 0.5 <= b["x"] and b["right"] <= width["right"] + 0.5 for b in boxes
        ), slug
    # The labels of the therapy are all there: the break, the switch and appointments.
    annotations = page.locator("#joint-pain .annotation-text")
    expect(annotations.filter(has_text="Break")).to_have_count(1)
    expect(annotations.filter(has_text="Exemestane")).to_have_count(1)
    expect(annotations.filter(has_text="▼").first).to_be_attached()


@pytest.mark.browser
def test_today_has_no_charts_and_links_to_trends(page, demo, accessible):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Your last 4 weeks")).to_be_visible()
    expect(page.locator("[data-figure]")).to_have_count(0)
    accessible(page)
    page.get_by_role("link", name="See all your trends").click()
    expect(page.get_by_role("region", name="Your trends")).to_be_visible()
    expect(page.get_by_role("link", name="4 weeks")).to_have_attribute("aria-current", "true")


# Each part of Today with its height: where the height went, when the page grows again.
TODAY_PARTS = """() => [...document.querySelectorAll("header, main > *, footer")].map(
  element => `${element.tagName.toLowerCase()}.${element.className}: `
    + Math.round(element.getBoundingClientRect().height))"""


@pytest.mark.browser
def test_today_is_short_on_a_phone_and_keeps_what_she_needs(page, demo, accessible, screenshots):
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    # Everything the page is for, each one tap from here.
    expect(page.get_by_role("link", name="Log today")).to_be_visible()
    expect(page.get_by_role("region", name="Yesterday")).to_contain_text("Logged")
    expect(page.get_by_text("Next appointment:")).to_be_visible()
    expect(page.get_by_role("link", name="See all your trends")).to_be_visible()
    tips = page.get_by_role("region", name="Tips for what you logged")
    expect(tips.get_by_role("heading", level=3)).to_have_count(3)
    expect(tips.locator(".tip-reason").first).to_contain_text("You logged")
    # The warning signs folded, one tap away.
    help_now = page.get_by_role("complementary", name="Get help now")
    expect(help_now).to_contain_text("No one watches this diary")
    help_now.get_by_text("Signs that need a call").click()
    expect(
        help_now.get_by_text("chest pain, or breathlessness that comes on suddenly")
    ).to_be_visible()
    help_now.get_by_text("Signs that need a call").click()

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2500, page.evaluate(TODAY_PARTS)
    # The navigation in two rows of links at most, all of them on screen.
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    boxes = [links.nth(n).bounding_box() for n in range(links.count())]
    assert len({round(box["y"] + box["height"] / 2) for box in boxes}) <= 2, boxes
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] for box in boxes), boxes
    accessible(page)
    screenshots(page, "today")

    # On a wide screen her two days side by side, and the page shorter still.
    page.set_viewport_size(DESKTOP)
    assert page.evaluate("document.documentElement.scrollHeight") < height
    today, yesterday = (
        page.get_by_role("region", name=name).bounding_box() for name in ("Today", "Yesterday")
    )
    assert today["y"] == yesterday["y"] and today["x"] < yesterday["x"]
    accessible(page)
