"""Search finds what people type: their words for a symptom are read as the app's.

Runs on SQLite (the plain match) and on PostgreSQL (full-text search) alike: CI runs it on
PostgreSQL, `make test` on a laptop on SQLite.
"""

import pytest
from django.urls import reverse

from knowledge import selectors
from knowledge.models import Article
from tracker import measures

pytestmark = pytest.mark.usefixtures("shipped_content")


def found(client, query):
    response = client.get(reverse("knowledge:index"), {"q": query})
    assert response.status_code == 200
    return [article.slug for article in response.context["results"]]


def tips_for(measure):
    """The published tips written for a measure, read from the articles, not from their text."""
    tips = [
        a.slug
        for a in Article.objects.filter(published=True).exclude(kind=Article.Kind.EXPLAINER)
        if measure.code in a.measures
    ]
    assert tips, f"no tip for {measure.code}: the test would prove nothing"
    return set(tips)


@pytest.mark.parametrize(
    ("query", "measure"),
    [
        ("hot flush", measures.HOT_FLASH_COUNT),
        ("Hot flushes", measures.HOT_FLASH_COUNT),
        ("flush", measures.HOT_FLASH_COUNT),
        ("sweats", measures.NIGHT_SWEATS),
        ("cramp", measures.CRAMP_COUNT),
        ("aching joints", measures.JOINT_PAIN),
    ],
)
def test_what_people_type_finds_the_tips_for_that_symptom(patient_client, query, measure):
    results = found(patient_client, query)
    assert tips_for(measure) <= set(results)


def test_a_synonym_finds_no_tip_for_another_symptom(patient_client):
    flush = set(found(patient_client, "flush"))
    assert not tips_for(measures.CRAMP_COUNT) & flush
    aching = set(found(patient_client, "aching joints"))
    assert "stretch-calves-before-bed" not in aching  # a cramp tip, not a joint one


def test_the_app_has_one_spelling_and_the_synonyms_map_to_it(patient_client):
    # No article says "flush": the words typed are what find them.
    assert not Article.objects.filter(body__icontains="flush").exists()
    assert not Article.objects.filter(title__icontains="flush").exists()
    assert selectors.in_app_words("Hot flushes at night") == "hot flash at night"
    assert selectors.in_app_words("flush") == "hot flash"
    assert selectors.in_app_words("hot flash") == "hot flash"  # read whole, never doubled
    assert selectors.in_app_words("night sweats") == "night sweats"
    assert selectors.in_app_words("sweats") == "night sweats"
    assert selectors.in_app_words("flushed cheeks") == "flushed cheeks"  # whole words only
    assert found(patient_client, "flush") == found(patient_client, "hot flash")


def test_words_that_name_no_symptom_search_as_typed(patient_client):
    assert "acupuncture" in found(patient_client, "acupuncture")
    assert found(patient_client, "zzzyzzx") == []


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("libido", {"vaginal-dryness-ask-team"}),
        ("brain fog", {"memory-and-concentration"}),
        ("can't sleep", {"sleep-routine", "sleep-ask-team"}),
        ("hot flush", {"hot-flash-triggers", "hot-flashes-ask-team", "dress-in-layers"}),
        ("hair", {"hair-thinning"}),
        ("tingling", {"hands-at-night", "tingling-numbness-and-carpal-tunnel"}),
    ],
)
def test_the_right_article_comes_first(patient_client, query, first):
    """Ranked by relevance on both databases: whole words before words inside others ("hair"
    is not "chair"), the title before the body, the tips for a symptom she names. `first`:
    the articles about exactly that, any of which is a right first answer."""
    results = found(patient_client, query)
    assert results[0] in first, results[:5]


def test_a_word_inside_another_word_ranks_below_the_word_itself(patient_client):
    results = found(patient_client, "hair")
    inside = [slug for slug in results if "chair" in Article.objects.get(slug=slug).body.lower()]
    assert all(results.index(slug) > results.index("hair-thinning") for slug in inside)
