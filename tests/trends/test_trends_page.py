"""The Trends page has the charts; Today keeps a short 4-week pain drawing that links to it."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.factories import DailyEntryFactory
from tracker.selectors import local_today
from trends import charts

TODAY = date(2026, 11, 23)


def day(days_ago, pain):
    return SimpleNamespace(day=TODAY - timedelta(days=days_ago), joint_pain=pain)


def test_the_trends_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("trends:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_trends_page_is_refused_to_a_clinician(client, clinician):
    client.force_login(clinician)
    assert client.get(reverse("trends:index")).status_code == 403


def test_the_trends_page_shows_her_range_switch_and_names_the_range(patient_client, patient):
    today = local_today(patient.patient_profile)
    DailyEntryFactory(patient=patient, day=today - timedelta(days=2), joint_pain=5)
    html = patient_client.get(reverse("trends:index"), {"range": "4w"}).text
    assert '<h1 id="trends-heading">Your trends</h1>' in html
    assert 'aria-current="true">4 weeks<' in html
    assert 'id="figure-joint-pain"' in html


@pytest.mark.parametrize("bad", ["", "bogus", "<script>", "1y" * 500])
def test_a_bad_range_falls_back_to_the_default(patient_client, bad):
    response = patient_client.get(reverse("trends:index"), {"range": bad})
    assert response.status_code == 200
    assert 'aria-current="true">3 months<' in response.text


def test_the_nav_links_to_trends(patient_client):
    html = patient_client.get(reverse("trends:index")).text
    assert f'<a href="{reverse("trends:index")}" aria-current="page">Trends</a>' in html


def test_today_has_no_charts_but_a_pain_drawing_linking_to_trends(patient_client, patient):
    today = local_today(patient.patient_profile)
    for n, pain in enumerate([4, 5, 6]):
        DailyEntryFactory(patient=patient, day=today - timedelta(days=n), joint_pain=pain)
    DailyEntryFactory(patient=patient, day=today - timedelta(days=40), joint_pain=9)
    html = patient_client.get(reverse("tracker:home")).text
    assert "data-figure=" not in html
    assert "plotly" not in html
    assert f'href="{reverse("trends:index")}?range=4w"' in html
    # Four weeks only: the day 40 days ago is not in the words.
    assert "last 4 weeks: average 5.0 out of 10 over 3 days" in html


def test_the_sparkline_breaks_its_line_at_a_missing_day_and_keeps_dots_inside():
    spark = charts.pain_sparkline(
        [day(0, 10), day(1, 0), day(3, 5), day(27, 2), day(28, 9)], today=TODAY
    )
    # Day 28 ago is outside the four weeks; days 27 (alone) and 3 have no neighbour.
    assert len(spark.dots) == 4
    assert len(spark.lines) == 1  # yesterday to today
    assert all(0 < x < spark.width and 0 < y < spark.height for x, y in spark.dots)
    assert spark.words.startswith("Joint or muscle pain, last 4 weeks: average 4.2 out of 10")
    assert spark.words.endswith(f"10 on {TODAY:%-d %B}.")


def test_the_sparkline_without_days_says_so_in_words():
    spark = charts.pain_sparkline([day(2, None)], today=TODAY)
    assert spark.dots == [] and spark.lines == []
    assert spark.words == "Joint or muscle pain: nothing logged in the last 4 weeks."
