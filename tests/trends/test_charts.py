"""The dashboard's charts: ranges, the therapy on the axis, figures plotly.js can draw."""

import json
import re
from datetime import date, timedelta

import plotly.graph_objects as go
import pytest
from django.urls import reverse
from django.utils.html import json_script

from tests.factories import AppointmentFactory, DailyEntryFactory
from tracker.models import Appointment, Drug, PatientProfile, TherapyPeriod
from tracker.selectors import local_today
from trends import charts, series

TODAY = date(2026, 11, 23)
TREAT, BREAK = TherapyPeriod.Kind.TREATMENT, TherapyPeriod.Kind.BREAK


def periods(*rows):
    return [
        TherapyPeriod(kind=kind, drug=drug, start=start, end=end) for kind, drug, start, end in rows
    ]


def test_ranges_start_no_earlier_than_the_therapy():
    timeline = periods((TREAT, Drug.LETROZOLE, TODAY - timedelta(days=40), None))
    options = {r.key: r for r in charts.ranges(today=TODAY, timeline=timeline)}
    assert options["4w"].first == TODAY - timedelta(days=27)
    assert options["3m"].first == options["1y"].first == options["all"].first
    assert options["all"].first == TODAY - timedelta(days=40)
    assert "drug" not in options  # she has only ever taken one drug
    assert charts.chosen_range(list(options.values()), "bogus").key == charts.DEFAULT_RANGE


def test_since_starting_the_current_drug_includes_its_breaks():
    timeline = periods(
        (TREAT, Drug.ANASTROZOLE, date(2025, 1, 1), date(2025, 12, 31)),
        (TREAT, Drug.EXEMESTANE, date(2026, 1, 1), date(2026, 4, 30)),
        (BREAK, Drug.EXEMESTANE, date(2026, 5, 1), date(2026, 5, 14)),
        (TREAT, Drug.EXEMESTANE, date(2026, 5, 15), None),
    )
    options = {r.key: r for r in charts.ranges(today=TODAY, timeline=timeline)}
    assert options["drug"].label == "Since starting Exemestane"
    assert options["drug"].first == date(2026, 1, 1)


def test_the_therapy_is_drawn_on_the_time_axis():
    timeline = periods(
        (TREAT, Drug.ANASTROZOLE, date(2026, 1, 1), date(2026, 8, 31)),
        (BREAK, Drug.ANASTROZOLE, date(2026, 9, 1), date(2026, 9, 14)),
        (TREAT, Drug.LETROZOLE, date(2026, 9, 15), None),
    )
    chosen = charts.Range("3m", "3 months", TODAY - timedelta(days=90), TODAY)
    appointment = Appointment(date=date(2026, 10, 5), note="oncology clinic")
    shapes, annotations = charts.timeline_decorations(
        timeline=timeline, appointments=[appointment], chosen=chosen
    )
    kinds = [(s["type"], s["x0"]) for s in shapes]
    assert ("rect", "2026-09-01") in kinds  # the break, shaded
    assert ("line", "2026-09-15") in kinds  # the switch
    assert ("line", "2026-10-05") in kinds  # the appointment
    texts = {a["text"] for a in annotations}
    assert {"Break", "Letrozole", "▼"} <= texts
    assert any("oncology clinic" in a.get("hovertext", "") for a in annotations)


def test_the_average_line_breaks_only_where_a_whole_week_is_missing():
    # Logged on 1, 3 and 10 March (7 days apart: every day between has a logged day in its
    # week), then 18 March (8 days on: the week ending 17 March held nothing).
    logged = [date(2026, 3, 1) + timedelta(days=n) for n in (0, 2, 9, 17)]
    daily = series.Daily(days=logged, values={}, rolling={"joint_pain": [1, 2, 3, 4]})
    x, y = charts.rolling_line(daily, "joint_pain")
    assert y == [1, 2, 3, None, 4]
    assert x[3] == "2026-03-11"


@pytest.fixture
def today(patient):
    """Her own today, as the dashboard reckons it."""
    return local_today(PatientProfile.objects.get(user=patient))


@pytest.fixture
def diary(patient, today):
    started = TherapyPeriod.objects.get(patient=patient).start
    for n in range(60):
        DailyEntryFactory(
            patient=patient,
            day=today - timedelta(days=n),
            joint_pain=n % 8,
            cramp_count=n % 3,
            cramps_woke_me=n % 5 == 0,
            night_sweats=n % 4 == 0,
            hot_flashes_moderate=n % 4,
            fatigue=n % 5,
            low_mood=1,
            sleep_problems=2,
            site_knees=n % 2 == 0,
            tablet_taken=n % 9 != 0,
            missed_reason="" if n % 9 else "forgot",
            did_walking=n % 3 == 0,
        )
    AppointmentFactory(patient=patient, date=today - timedelta(days=20))
    assert started < today - timedelta(days=60)
    return patient


def build(patient, today, range_key=""):
    return charts.dashboard(
        patient=patient,
        today=today,
        timeline=list(TherapyPeriod.objects.filter(patient=patient)),
        appointments=list(Appointment.objects.filter(patient=patient)),
        range_key=range_key,
    )


def test_every_figure_is_valid_for_plotly(diary, today):
    built = build(diary, today, "1y")
    figures = [c.figure for c in built.charts] + [c.figure for _, c in built.self_care]
    assert len(built.charts) == 6 and built.self_care
    for figure in figures:
        go.Figure(figure)  # raises on any property plotly.js does not know


def test_every_chart_says_in_words_what_it_draws(diary, today):
    built = build(diary, today, "4w")
    words = {c.slug: " ".join(c.summary) for c in built.charts}
    assert "Joint or muscle pain: average" in words["joint-pain"]
    assert "7-day average went from" in words["joint-pain"]
    assert "Woken by cramps on" in words["cramps"]
    assert "Knees" in words["joint-sites"] or "knees" in words["joint-sites"]
    assert re.search(r"Tablet taken on \d+ of \d+ days", words["tablets"])
    pain = next(c for c in built.charts if c.slug == "joint-pain")
    assert pain.table_head[:2] == ["Week of", "Days logged"] and pain.table_rows


@pytest.mark.django_db
def test_a_single_logged_day_is_counted_as_one_day(patient):
    today = local_today(patient.patient_profile)
    DailyEntryFactory(patient=patient, day=today, joint_pain=8)
    words = {c.slug: " ".join(c.summary) for c in build(patient, today, "4w").charts}
    assert words["joint-pain"].endswith("(1 day logged).")


def test_points_carry_the_day_of_therapy(diary, today):
    built = build(diary, today, "4w")
    start = TherapyPeriod.objects.get(patient=diary).start
    points = built.charts[0].figure["data"][0]
    last = date.fromisoformat(points["x"][-1])
    assert points["customdata"][-1] == (last - start).days + 1
    assert "of therapy" in points["hovertemplate"]


def chart_data(response):
    """The figures the page hands to plotly.js, parsed back from their JSON script tags."""
    html = response.content.decode()
    found = re.findall(r'<script id="figure-([\w-]+)" type="application/json">(.*?)</script>', html)
    return {slug: json.loads(text) for slug, text in found}


def test_the_dashboard_draws_her_charts_and_switches_range(patient_client, diary):
    response = patient_client.get(reverse("trends:index"))
    figures = chart_data(response)
    assert {"joint-pain", "cramps", "hot-flashes", "wellbeing", "tablets", "joint-sites"} <= set(
        figures
    )
    default_start = figures["joint-pain"]["layout"]["xaxis"]["range"][0]
    response = patient_client.get(reverse("trends:index"), {"range": "4w"})
    four_weeks = chart_data(response)["joint-pain"]["layout"]["xaxis"]["range"][0]
    assert date.fromisoformat(four_weeks) > date.fromisoformat(default_start)
    assert 'aria-current="true">4 weeks<' in response.content.decode()


def test_a_new_patient_sees_the_empty_state(patient_client):
    response = patient_client.get(reverse("trends:index"))
    assert "Your charts appear here once you have logged a day" in response.content.decode()
    assert chart_data(response) == {}


def test_another_patients_days_never_reach_her_charts(patient_client, diary, other_patient, today):
    DailyEntryFactory(patient=other_patient, day=today - timedelta(days=1), cramp_count=47)
    figures = chart_data(patient_client.get(reverse("trends:index"), {"range": "all"}))
    cramps = [y for trace in figures["cramps"]["data"] for y in trace["y"] if y is not None]
    assert cramps and 47 not in cramps


def test_a_note_cannot_break_out_of_the_figure_script(patient_client, diary, today):
    AppointmentFactory(
        patient=diary, date=today - timedelta(days=2), note="</script><script>alert(1)</script>"
    )
    html = patient_client.get(reverse("trends:index")).content.decode()
    assert "<script>alert(1)" not in html
    figures = chart_data(patient_client.get(reverse("trends:index")))
    hovers = [a.get("hovertext", "") for a in figures["joint-pain"]["layout"]["annotations"]]
    assert any("</script><script>alert(1)</script>" in text for text in hovers)


def test_the_summary_charts_fit_an_a4_page_and_read_one_query(
    diary, today, django_assert_num_queries
):
    timeline = list(TherapyPeriod.objects.filter(patient=diary))
    appointments = list(Appointment.objects.filter(patient=diary))
    with django_assert_num_queries(1):
        found = charts.period_charts(
            patient=diary,
            first=today - timedelta(days=27),
            last=today,
            timeline=timeline,
            appointments=appointments,
        )
    assert [c.slug for c in found] == [
        "period-joint-pain",
        "period-cramp-count",
        "period-hot-flash-score",
    ]
    assert sum(c.figure["layout"]["width"] for c in found) <= 700  # A4 less margins, at 96 dpi
    for chart in found:
        go.Figure(chart.figure)
        assert len(chart.figure["data"][0]["x"]) == 28


def test_the_figure_script_is_what_json_script_would_write():
    """`Chart.figure_script` skips `json_script` for speed; it must say the same, as safely."""
    figure = {"layout": {"height": 240}, "data": [{"text": "a </script> & <!-- b", "y": [1.5]}]}
    chart = charts.Chart("joint-pain", "Joint pain", figure, [])
    ours = str(chart.figure_script())
    django = str(json_script(figure, chart.script_id))
    body = ours.split(">", 1)[1].rsplit("<", 1)[0]
    assert ours.startswith('<script id="figure-joint-pain" type="application/json">')
    assert not {"<", ">", "&"} & set(body)
    assert json.loads(body) == json.loads(django.split(">", 1)[1].rsplit("<", 1)[0]) == figure
