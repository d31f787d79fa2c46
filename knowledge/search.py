"""The library's search: PostgreSQL's full-text search, or a plain match on SQLite.

The one place in the knowledge app that depends on the database's dialect: full-text search
exists only on PostgreSQL, and the embedded default (`make run`) gets a plain match instead.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from knowledge.selectors import MEASURE_OF, SEARCH_WORDS, in_app_words, published


def search(text):
    """Published articles matching `text` as typed or in the app's words, and those for a
    measure it names ("flush" finds the hot flash tips), most relevant first: full-text search
    on PostgreSQL (ranked by its weights, title before the rest), else every word as a plain
    match, ranked here in the same spirit (`_score`)."""
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
    found = published().filter(reduce(operator.or_, every_word + for_named))
    return sorted(found, key=lambda article: (-_score(article, variants, named), article.title))


def _holds(word):
    return Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)


# SQLite's ranking, close to PostgreSQL's weights: a whole word in the title counts most, then
# in the summary, then in the body; a word found only inside another ("hair" in "chair")
# counts least; a tip written for the symptom named gets a share too.
WEIGHTS = (("title", 8), ("summary", 4), ("body", 2))
INSIDE_A_WORD = 0.25
FOR_THE_SYMPTOM = 3


def _whole(word):
    # A plural is the same word: "hot flash" in "hot flashes".
    return re.compile(rf"\b{re.escape(word)}(?:s|es)?\b", re.IGNORECASE)


def _score(article, variants, named):
    score = FOR_THE_SYMPTOM * len(named & set(article.measures))
    words = {word.lower() for variant in variants for word in (variant, *variant.split())}
    for word in words:
        pattern = _whole(word)
        for field, weight in WEIGHTS:
            text = getattr(article, field)
            if pattern.search(text):
                score += weight
            elif word in text.lower():
                score += weight * INSIDE_A_WORD
    return score
