"""Reads for the knowledge app: tips for a patient, the library by topic, what to do about a
severe answer. The library's search is `knowledge.search`."""

import re
from datetime import timedelta

from django.db.models import OuterRef, Subquery

from knowledge import rules
from knowledge.models import Article, Condition, Feedback
from tracker import aggregates
from tracker import measures as catalogue
from tracker import selectors as tracker_selectors

# What a tip's card shows (the title links to the article by slug) and the order of tips reads.
CARD_FIELDS = ("id", "slug", "title", "summary", "kind", "priority")
CONDITION_FIELDS = tuple(field.name for field in Condition._meta.concrete_fields)


def tips_for(*, patient, today, timeline=None):
    """The tips whose rules match the patient's recent diary, most urgent first, with reasons.

    Three queries whatever the number of tips: the conditions with their tips (leaving out
    those she hid), her therapy timeline (unless the caller has it loaded already), and one
    over her entries in the longest window.
    """
    conditions = tip_conditions(patient=patient)
    if not conditions:
        return []
    if timeline is None:
        timeline = tracker_selectors.therapy_timeline(patient=patient)
    since = today - timedelta(days=rules.window_days(conditions) - 1)
    rows = {
        row["day"]: row
        for row in aggregates.day_rows(
            patient=patient, first=since, last=today, fields=rules.fields_read(conditions)
        )
    }
    return rules.choose(conditions, rows=rows, timeline=timeline, today=today)


def tip_conditions(*, patient):
    """The conditions of the published tips she has not hidden, each with its article (only
    what a card shows and the order reads) and on the article her verdict so far, or None:
    one query."""
    hers = Feedback.objects.filter(patient=patient)
    conditions = (
        Condition.objects.filter(article__published=True)
        .exclude(article__kind=Article.Kind.EXPLAINER)
        .exclude(article__in=hers.filter(verdict=Feedback.Verdict.HIDDEN).values("article"))
        .select_related("article")
        .only(*CONDITION_FIELDS, *(f"article__{name}" for name in CARD_FIELDS))
        .annotate(verdict=Subquery(hers.filter(article=OuterRef("article")).values("verdict")))
    )
    for condition in conditions:
        condition.article.verdict = condition.verdict
    return list(conditions)


def published():
    return Article.objects.filter(published=True)


def library():
    """Every published article by topic (in the order declared), most urgent kind first."""
    groups = {topic: [] for topic in Article.Topic}
    for article in sorted(published(), key=lambda article: (article.urgency, article.title)):
        groups[Article.Topic(article.topic)].append(article)
    return [(topic, articles) for topic, articles in groups.items() if articles]


def _search_words():
    """One pattern for every measure's search words, longest first so that "hot flush" is read
    whole before "flush", and a map from each word to its measure."""
    measure_of = {w: m for m in catalogue.MEASURES for w in m.search_words}
    words = sorted(measure_of, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    return pattern, measure_of


SEARCH_WORDS, MEASURE_OF = _search_words()


def in_app_words(text):
    """`text` with the words people type read as the app's: "hot flush" -> "hot flash"."""
    return SEARCH_WORDS.sub(lambda match: MEASURE_OF[match[0].lower()].search_words[0], text)


# What to read about a severe answer: the tip on when to call, else the one on asking the team.
WHAT_TO_DO_KINDS = (Article.Kind.WHEN_TO_CALL, Article.Kind.ASK_TEAM)


def what_to_do(*, measure_codes):
    """For each of `measure_codes`, the published article that says what to do when it is
    severe (the most urgent kind, then priority), or None; one query over the few articles of
    those two kinds, matched here because SQLite cannot search inside a JSON list."""
    articles = sorted(
        published().filter(kind__in=WHAT_TO_DO_KINDS),
        key=lambda article: (article.urgency, article.priority, article.title),
    )
    return {
        code: next((article for article in articles if code in article.measures), None)
        for code in measure_codes
    }


def feedback_of(*, patient, articles):
    """Her verdict on each of `articles`, by article id (one query)."""
    return dict(
        Feedback.objects.filter(patient=patient, article__in=articles).values_list(
            "article_id", "verdict"
        )
    )


def self_care_tips_that_helped(*, patient):
    """The published tips on a self-care activity that she marked "helped", by title: the
    self-care comparison names them beside what her diary shows for that activity."""
    return list(
        published()
        .filter(feedback__patient=patient, feedback__verdict=Feedback.Verdict.HELPED)
        .exclude(self_care="")
        .only("self_care", "slug", "title")
        .order_by("title")
    )
