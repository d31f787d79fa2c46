"""The library's search: PostgreSQL's full-text search, or a plain match on SQLite.

The one place in the knowledge app that depends on the database's dialect: full-text search
exists only on PostgreSQL, and the embedded default (`make run`) gets a plain match instead.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from knowledge.selectors import MEASURE_OF, SEARCH_WORDS, in_app_words, published


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
