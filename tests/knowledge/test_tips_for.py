"""Tips for a patient, from the database: hidden tips, other patients, query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge import selectors, services
from knowledge.models import Article, Condition, Feedback
from tests.factories import DailyEntryFactory
from tracker.models import DailyEntry

TODAY = date.today()


@pytest.fixture(autouse=True)
def only_these_tips(db):
    """Each test makes the tips it needs; the shipped ones would only blur its answer."""
    Article.objects.all().delete()


def make_tip(slug, kind=Article.Kind.SELF_CARE, **rule):
    article = Article.objects.create(
        slug=slug, title=slug, summary="s", body="b", kind=kind, topic="cramps",
        reviewed_on=TODAY,
    )  # fmt: skip
    Condition.objects.create(
        article=article, **{"measure": "night_cramps", "threshold": 1, "days": 2, "window": 7,
                            **rule}
    )  # fmt: skip
    return article


def log_nights(patient, days):
    for n in days:
        DailyEntryFactory(patient=patient, day=TODAY - timedelta(days=n), cramps_woke_me=True)


def test_tips_for_a_patient_with_reasons(patient):
    make_tip("stretch")
    make_tip("call", kind=Article.Kind.WHEN_TO_CALL, days=3)
    log_nights(patient, [0, 1, 2])
    matches = selectors.tips_for(patient=patient, today=TODAY)
    assert [m.article.slug for m in matches] == ["call", "stretch"]
    assert matches[0].reason == "You logged night cramps on 3 of the last 7 days."


def test_another_patients_diary_does_not_count(patient, other_patient):
    make_tip("stretch")
    log_nights(other_patient, [0, 1, 2])
    assert selectors.tips_for(patient=patient, today=TODAY) == []


def test_a_hidden_tip_disappears_for_her_only(patient, other_patient):
    tip = make_tip("stretch")
    log_nights(patient, [0, 1])
    log_nights(other_patient, [0, 1])
    services.record_feedback(patient=patient, article=tip, verdict=Feedback.Verdict.HIDDEN)
    assert selectors.tips_for(patient=patient, today=TODAY) == []
    assert len(selectors.tips_for(patient=other_patient, today=TODAY)) == 1
    services.record_feedback(patient=patient, article=tip, verdict=Feedback.Verdict.HELPED)
    assert len(selectors.tips_for(patient=patient, today=TODAY)) == 1
    assert Feedback.objects.filter(patient=patient).count() == 1


def test_unpublished_tips_and_explainers_are_never_chosen(patient):
    make_tip("draft")
    make_tip("explainer", kind=Article.Kind.EXPLAINER)
    Article.objects.filter(slug="draft").update(published=False)
    log_nights(patient, [0, 1])
    assert selectors.tips_for(patient=patient, today=TODAY) == []


def test_helped_tips_feed_the_self_care_comparison(patient, other_patient):
    stretch, draft = make_tip("stretch"), make_tip("draft")
    make_tip("walk")  # on walking, but nobody said it helped
    Article.objects.filter(slug__in=["stretch", "draft"]).update(self_care="stretching")
    Article.objects.filter(slug="walk").update(self_care="walking")
    Article.objects.filter(slug="draft").update(published=False)
    for tip in (stretch, draft):
        services.record_feedback(patient=patient, article=tip, verdict=Feedback.Verdict.HELPED)
    services.record_feedback(patient=other_patient, article=stretch, verdict="not_helped")
    helped = selectors.self_care_tips_that_helped(patient=patient)
    assert [(tip.slug, tip.self_care) for tip in helped] == [("stretch", "stretching")]
    assert selectors.self_care_tips_that_helped(patient=other_patient) == []


@pytest.mark.parametrize(("tips", "days"), [(3, 10), (60, 400)])
def test_choosing_tips_reads_her_entries_once_whatever_the_number_of_tips(
    patient, django_assert_max_num_queries, tips, days
):
    for n in range(tips):
        make_tip(f"tip-{n}", days=1, window=1 + n % 30)
    DailyEntry.objects.bulk_create(
        DailyEntry(patient=patient, day=TODAY - timedelta(days=n), joint_pain=5,
                   cramps_woke_me=n % 2 == 0, tablet_taken=True)
        for n in range(days)
    )  # fmt: skip
    # the rules with their tips (hidden ones left out), her timeline, her recent entries
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as queries:
        matches = selectors.tips_for(patient=patient, today=TODAY)
    assert matches
    over_entries = [q for q in queries if "tracker_dailyentry" in q["sql"]]
    assert len(over_entries) <= 2
