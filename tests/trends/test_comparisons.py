"""Before/after a change and the self-care comparison, pinned on hand-made diaries."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from knowledge.models import Article, Feedback
from knowledge.services import record_feedback
from tests.factories import DailyEntryFactory
from tracker import measures
from tracker.aggregates import measure_stats
from tracker.models import Drug, TherapyPeriod
from tracker.selectors import local_today
from trends import charts, comparisons

SWITCH = date(2026, 6, 1)


def log(patient, day, **values):
    DailyEntryFactory(patient=patient, day=day, **values)


def before_after(patient, timeline, today):
    found = charts.changes(timeline)
    windows = comparisons.before_after_windows(found, today)
    stats = measure_stats(patient=patient, windows=windows, of=comparisons.COMPARED)
    return comparisons.before_after(found, windows, stats)


def periods(*rows):
    return [TherapyPeriod(kind=kind, drug=drug, start=start) for kind, drug, start in rows]


TREAT, BREAK = TherapyPeriod.Kind.TREATMENT, TherapyPeriod.Kind.BREAK


def test_a_switch_and_a_break_are_changes_a_restart_is_not():
    timeline = periods(
        (TREAT, Drug.ANASTROZOLE, date(2026, 1, 1)),
        (BREAK, Drug.ANASTROZOLE, date(2026, 3, 1)),
        (TREAT, Drug.ANASTROZOLE, date(2026, 3, 15)),
        (TREAT, Drug.EXEMESTANE, SWITCH),
    )
    assert [(c.day, c.words) for c in charts.changes(timeline)] == [
        (date(2026, 3, 1), "Break started"),
        (SWITCH, "Switched to Exemestane"),
    ]


def test_four_weeks_before_and_after_a_switch(patient):
    # Before: pain 6 on 28 days (and 9 just outside the window); after: pain 2 and 4 alternately.
    log(patient, SWITCH - timedelta(days=29), joint_pain=9)
    for n in range(1, 29):
        log(patient, SWITCH - timedelta(days=n), joint_pain=6, fatigue=2)
    for n in range(28):
        log(patient, SWITCH + timedelta(days=n), joint_pain=2 if n % 2 else 4)
    log(patient, SWITCH + timedelta(days=28), joint_pain=10)  # outside the after window
    timeline = periods(
        (TREAT, Drug.ANASTROZOLE, date(2026, 1, 1)), (TREAT, Drug.EXEMESTANE, SWITCH)
    )
    (item,) = before_after(patient, timeline, today=date(2026, 9, 1))
    assert item.before["joint_pain"] == 6.0
    assert item.after["joint_pain"] == 3.0
    assert item.before["fatigue"] == 2.0 and item.after["fatigue"] is None
    assert not item.after_is_partial
    # Only what was logged on both sides is compared, in words.
    assert item.lines() == ["Joint or muscle pain 6.0 → 3.0 (lower)"]


def test_a_recent_change_compares_the_days_so_far(patient):
    for n in range(1, 11):
        log(patient, SWITCH - timedelta(days=n), joint_pain=5)
    for n in range(3):
        log(patient, SWITCH + timedelta(days=n), joint_pain=7)
    timeline = periods((TREAT, Drug.ANASTROZOLE, date(2026, 1, 1)), (TREAT, Drug.LETROZOLE, SWITCH))
    (item,) = before_after(patient, timeline, today=SWITCH + timedelta(days=2))
    assert item.after_days == (SWITCH, SWITCH + timedelta(days=2))
    assert item.after_is_partial
    assert item.lines() == ["Joint or muscle pain 5.0 → 7.0 (higher)"]


def test_a_change_still_to_come_is_not_compared(patient):
    timeline = periods((TREAT, Drug.ANASTROZOLE, date(2026, 1, 1)), (TREAT, Drug.LETROZOLE, SWITCH))
    assert before_after(patient, timeline, today=SWITCH - timedelta(days=1)) == []


STRETCH_START = date(2026, 4, 1)
EVERYTHING = {"first": date(2026, 1, 1), "last": date(2026, 12, 31)}


@pytest.fixture
def stretching_diary(patient):
    """14 days without stretching, then 20 days of which 10 with it.

    Cramps: 3 on every day before, 1 on stretching days, 2 on the other days after.
    """
    for n in range(14, 0, -1):
        log(patient, STRETCH_START - timedelta(days=n), cramp_count=3, joint_pain=4)
    for n in range(20):
        stretched = n % 2 == 0
        log(
            patient,
            STRETCH_START + timedelta(days=n),
            cramp_count=1 if stretched else 2,
            joint_pain=4,
            did_stretching=stretched,
        )
    # Walking on 4 days only: not enough to compare.
    for n in range(4):
        DailyEntryFactory._meta.model.objects.filter(
            patient=patient, day=STRETCH_START + timedelta(days=n)
        ).update(did_walking=True)
    return patient


def test_self_care_days_against_other_days(stretching_diary):
    (effect,) = comparisons.self_care_effects(patient=stretching_diary, **EVERYTHING)
    assert effect.option.code == "stretching"
    assert (effect.days_with, effect.days_without, effect.started) == (10, 24, STRETCH_START)
    # With: 1.0. Without: 14 days of 3 and 10 days of 2 = 62 / 24.
    assert effect.with_["cramp_count"] == 1.0
    assert effect.without["cramp_count"] == round(62 / 24, 1) == 2.6
    # Two weeks before she started: 3.0; the two weeks from then: 7 days of 1, 7 days of 2.
    assert effect.before_start["cramp_count"] == 3.0
    assert effect.after_start["cramp_count"] == 1.5
    assert "Cramps 1.0 on days with it, 2.6 on other days" in effect.lines()
    # Pain was 4 either way: cramps are the headline of the small chart.
    assert effect.headline().code == "cramp_count"
    assert effect.since_starting() == (
        "Cramps in the two weeks before starting: 3.0; in the two weeks after: 1.5."
    )


def test_no_comparison_before_five_days(patient):
    for n in range(4):
        log(patient, STRETCH_START + timedelta(days=n), did_yoga=True)
    assert comparisons.self_care_effects(patient=patient, **EVERYTHING) == []


def test_self_care_reads_one_query(stretching_diary, django_assert_num_queries):
    with django_assert_num_queries(1):
        comparisons.self_care_effects(patient=stretching_diary, **EVERYTHING)


def test_self_care_counts_only_the_chosen_range(stretching_diary):
    # From 10 April: 5 stretching days of 10 (not the first day, which is before the range).
    found = comparisons.self_care_effects(
        patient=stretching_diary, first=STRETCH_START + timedelta(days=10), last=EVERYTHING["last"]
    )
    (effect,) = found
    assert (effect.days_with, effect.days_without) == (5, 5)
    assert effect.started == STRETCH_START + timedelta(days=10)


def stretched_lately(patient):
    """The last 10 days, stretching on 5 of them: enough for the dashboard to compare."""
    today = local_today(patient.patient_profile)
    for n in range(10):
        log(patient, today - timedelta(days=n), cramp_count=1, did_stretching=n % 2 == 0)


def helped_lines(response):
    return re.findall(r'<p class="helped-mark">.*?</p>', response.content.decode(), re.S)


def test_the_self_care_section_names_the_tip_she_said_helped(patient_client, patient):
    stretched_lately(patient)
    stretching = Article.objects.get(slug="stretch-calves-before-bed")
    heat = Article.objects.filter(self_care="heat_cold").first()
    record_feedback(patient=patient, article=stretching, verdict=Feedback.Verdict.HELPED)
    # Heat or cold helped too, but she logged no days of it: nothing to put it beside.
    record_feedback(patient=patient, article=heat, verdict=Feedback.Verdict.HELPED)
    lines = helped_lines(patient_client.get(reverse("trends:index")))
    url = reverse("knowledge:article", args=[stretching.slug])
    assert lines == [
        f'<p class="helped-mark">You said the tip “<a href="{url}">{stretching.title}</a>” '
        "helped you.</p>"
    ]


def test_only_her_own_helped_answer_marks_her_self_care(patient_client, patient, other_patient):
    stretched_lately(patient)
    stretching = Article.objects.get(slug="stretch-calves-before-bed")
    record_feedback(patient=patient, article=stretching, verdict=Feedback.Verdict.NOT_HELPED)
    record_feedback(patient=other_patient, article=stretching, verdict=Feedback.Verdict.HELPED)
    response = patient_client.get(reverse("trends:index"))
    assert "What you did for yourself" in response.content.decode()
    assert helped_lines(response) == []


def effect_of(with_, without):
    """A self-care effect whose averages are given for some measures, the rest not logged."""
    codes = [m.code for m in comparisons.COMPARED]
    return comparisons.SelfCareEffect(
        option=measures.SELF_CARE.options[0],
        days_with=5,
        days_without=5,
        started=STRETCH_START,
        with_={code: with_.get(code) for code in codes},
        without={code: without.get(code) for code in codes},
        before_start=dict.fromkeys(codes),
        after_start=dict.fromkeys(codes),
    )


def test_a_tiny_difference_is_not_the_headline():
    # Low mood 0.1 against 0.0 is the largest difference for its size, and says nothing.
    effect = effect_of({"low_mood": 0.1, "cramp_count": 1.0}, {"low_mood": 0.0, "cramp_count": 1.6})
    assert effect.headline().code == "cramp_count"


def test_no_symptom_worth_a_chart_draws_none_and_says_nothing_more():
    effect = effect_of({"low_mood": 0.1, "joint_pain": 0.0}, {"low_mood": 0.0, "joint_pain": 0.4})
    assert effect.headline() is None
    assert effect.since_starting() == ""
    assert charts.self_care_chart(effect) is None


def test_a_rated_symptom_is_drawn_on_its_whole_scale():
    effect = effect_of({"joint_pain": 4.2}, {"joint_pain": 4.6})
    chart = charts.self_care_chart(effect)
    assert chart.figure["layout"]["yaxis"]["range"] == [0, 10 * 1.15]
    counted = charts.self_care_chart(effect_of({"cramp_count": 1.0}, {"cramp_count": 2.0}))
    assert "range" not in counted.figure["layout"]["yaxis"]
