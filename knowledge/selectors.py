"""Reads for the knowledge app: tips for a patient, the library by topic, search."""

from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import OuterRef, Q, Subquery

from knowledge import rules
from knowledge.models import Article, Condition, Feedback
from tracker import selectors as tracker_selectors


def tips_for(*, patient, today, timeline=None):
    """The tips whose rules match the patient's recent diary, most urgent first, with reasons.

    Three queries whatever the number of tips: the conditions with their tips (leaving out
    those she hid), her therapy timeline (unless the caller has it loaded already), and one
    over her entries in the longest window.
    """
    # NOT IN rather than NOT EXISTS: the same rows, cheaper to compose and to plan.
    hidden = Feedback.objects.filter(patient=patient, verdict=Feedback.Verdict.HIDDEN)
    her_verdict = Feedback.objects.filter(patient=patient, article=OuterRef("article"))
    conditions = list(
        Condition.objects.filter(article__published=True)
        .exclude(article__kind=Article.Kind.EXPLAINER)
        .exclude(article__in=hidden.values("article"))
        .select_related("article")
        .defer("article__body")  # a card shows the title and summary, never the article
        .annotate(verdict=Subquery(her_verdict.values("verdict")[:1]))
    )
    if not conditions:
        return []
    for condition in conditions:
        # Her "helped" or "didn't help" so far, which the tip's buttons show.
        condition.article.verdict = condition.verdict
    if timeline is None:
        timeline = tracker_selectors.therapy_timeline(patient=patient)
    since = today - timedelta(days=rules.window_days(conditions) - 1)
    rows = {
        row["day"]: row
        for row in tracker_selectors.day_rows(
            patient=patient, first=since, last=today, fields=rules.fields_read(conditions)
        )
    }
    return rules.choose(conditions, rows=rows, timeline=timeline, today=today)


def published():
    return Article.objects.filter(published=True)


def library():
    """Every published article by topic (in the order declared), most urgent kind first."""
    groups = {topic: [] for topic in Article.Topic}
    for article in sorted(published(), key=lambda article: (article.urgency, article.title)):
        groups[Article.Topic(article.topic)].append(article)
    return [(topic, articles) for topic, articles in groups.items() if articles]


def search(text):
    """Published articles matching `text`: full-text search on PostgreSQL, else a plain match."""
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "summary", "body", weight="B", config="english"
        )
        query = SearchQuery(text, search_type="websearch", config="english")
        return list(
            published()
            .annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "title")
        )
    words = text.split()
    matches = Q()
    for word in words:
        matches &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    return list(published().filter(matches).order_by("title")) if words else []


def feedback_of(*, patient, articles):
    """Her verdict on each of `articles`, by article id (one query)."""
    return dict(
        Feedback.objects.filter(patient=patient, article__in=articles).values_list(
            "article_id", "verdict"
        )
    )


def self_care_that_helped(*, patient):
    """The self-care options of the tips she marked "helped", for the self-care comparison."""
    return sorted(
        set(
            Feedback.objects.filter(patient=patient, verdict=Feedback.Verdict.HELPED)
            .exclude(article__self_care="")
            .values_list("article__self_care", flat=True)
        )
    )
