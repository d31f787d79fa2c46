"""Reads for the knowledge app: tips for a patient, the library by topic, search."""

import operator
import re
from datetime import timedelta
from functools import reduce
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from knowledge import rules
from knowledge.models import Article, Condition, Feedback
from tracker import measures as catalogue
from tracker import selectors as tracker_selectors

# What a tip's card shows (the title links to the article by slug) and the order of tips reads.
CARD_FIELDS = ("id", "slug", "title", "summary", "kind", "priority")


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
        for row in tracker_selectors.day_rows(
            patient=patient, first=since, last=today, fields=rules.fields_read(conditions)
        )
    }
    return rules.choose(conditions, rows=rows, timeline=timeline, today=today)


def tip_conditions(*, patient):
    """The conditions of the published tips she has not hidden, each with its article (only
    what a card shows and the order reads; the rest deferred) and on the article her verdict so
    far, or None.

    Written by hand, in one query: the ORM took 2.8 ms to compose it and 2 ms to build its
    instances a Today page, ten times what the database spent on it (bench/dashboard.py).
    The values pass through each field's converters, as the ORM's would.
    """
    condition_fields = Condition._meta.concrete_fields
    article_fields = [f for f in Article._meta.concrete_fields if f.name in CARD_FIELDS]
    condition, article, feedback = (_table(m) for m in (Condition, Article, Feedback))
    article_pk, is_published, kind = _columns(Article, "id", "published", "kind")
    (of_article,) = _columns(Condition, "article")
    her, feedback_article, verdict = _columns(Feedback, "patient", "article", "verdict")
    of_hers = f"FROM {feedback} WHERE {her} = %s"
    columns = _columns(Condition, *(f.name for f in condition_fields))
    columns += _columns(Article, *(f.name for f in article_fields))
    # NOT IN rather than NOT EXISTS: the same rows, cheaper to plan.
    sql = (
        f"SELECT {', '.join(columns)}, (SELECT {verdict} {of_hers} "  # noqa: S608
        f"AND {feedback_article} = {article_pk}) "
        f"FROM {condition} JOIN {article} ON {article_pk} = {of_article} "
        f"WHERE {is_published} = %s AND {kind} <> %s "
        f"AND {article_pk} NOT IN (SELECT {feedback_article} {of_hers} AND {verdict} = %s)"
    )
    params = [
        patient.pk,
        True,
        Article.Kind.EXPLAINER.value,
        patient.pk,
        Feedback.Verdict.HIDDEN.value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    fields = [*condition_fields, *article_fields]
    # Only the fields that have converters (on PostgreSQL, none of these), each with its own.
    converted = [
        (n, field, converters)
        for n, field in enumerate(fields)
        if (
            converters := connection.ops.get_db_converters(field.cached_col)
            + field.get_db_converters(connection)
        )
    ]
    condition_names = [f.attname for f in condition_fields]
    article_names = [f.attname for f in article_fields]
    split = len(condition_fields)
    articles, found = {}, []
    for *values, verdict in rows:
        for n, field, converters in converted:
            for convert in converters:
                values[n] = convert(values[n], field.cached_col, connection)
        tip = Condition.from_db(connection.alias, condition_names, values[:split])
        article_id = tip.article_id
        if article_id not in articles:
            articles[article_id] = Article.from_db(connection.alias, article_names, values[split:])
            articles[article_id].verdict = verdict
        tip.article = articles[article_id]
        found.append(tip)
    return found


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model, *names):
    """The named fields' columns, qualified by the model's table, for hand-written SQL."""
    qn = connection.ops.quote_name
    return [f"{_table(model)}.{qn(model._meta.get_field(name).column)}" for name in names]


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


def warning_signs():
    """Every published "when to call" article, most urgent first: the signs that are not about
    one symptom of the diary (a clot, a stroke, the liver) before those that are."""
    return sorted(
        published().filter(kind=Article.Kind.WHEN_TO_CALL),
        key=lambda article: (bool(article.measures), article.priority, article.title),
    )


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


def search(text):
    """Published articles matching `text` as typed or in the app's words, and those for a
    measure it names ("flush" finds the hot flash tips): full-text search on PostgreSQL (what
    matches the words first), else every word as a plain match."""
    if not text.split():
        return []
    variants = list(dict.fromkeys([text, in_app_words(text)]))
    named = {MEASURE_OF[word.lower()].code for word in SEARCH_WORDS.findall(text)}
    # `measures` is a JSON list of codes; a quoted code matches only itself.
    for_named = [Q(measures__icontains=f'"{code}"') for code in sorted(named)]
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "summary", "body", weight="B", config="english"
        )
        queries = [SearchQuery(v, search_type="websearch", config="english") for v in variants]
        query = reduce(operator.or_, queries)
        return list(
            published()
            .annotate(document=vector, rank=SearchRank(vector, query))
            .filter(reduce(operator.or_, for_named, Q(document=query)))
            .order_by("-rank", "title")
        )
    every_word = [reduce(operator.and_, map(_holds, v.split())) for v in variants]
    return list(published().filter(reduce(operator.or_, every_word + for_named)).order_by("title"))


def _holds(word):
    return Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)


def feedback_of(*, patient, articles):
    """Her verdict on each of `articles`, by article id (one query)."""
    return dict(
        Feedback.objects.filter(patient=patient, article__in=articles).values_list(
            "article_id", "verdict"
        )
    )


class HelpedTip(NamedTuple):
    self_care: str  # the activity's code in the measures catalogue
    slug: str
    title: str


def self_care_tips_that_helped(*, patient):
    """The published tips on a self-care activity that she marked "helped", by title: the
    self-care comparison names them beside what her diary shows for that activity.

    Hand-written like `tip_conditions`: the ORM took 0.7 ms to compose this query, eight times
    what running it costs, and the dashboard's time is counted (bench/dashboard.py).
    """
    article, feedback = _table(Article), _table(Feedback)
    self_care, slug, title, article_id, is_published = _columns(
        Article, "self_care", "slug", "title", "id", "published"
    )
    her, of_article, verdict = _columns(Feedback, "patient", "article", "verdict")
    sql = (
        f"SELECT {self_care}, {slug}, {title} FROM {feedback} "  # noqa: S608 (model names)
        f"JOIN {article} ON {article_id} = {of_article} "
        f"WHERE {her} = %s AND {verdict} = %s AND {is_published} = %s AND {self_care} <> %s "
        f"ORDER BY {title}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [patient.pk, Feedback.Verdict.HELPED.value, True, ""])
        return [HelpedTip(*row) for row in cursor.fetchall()]
