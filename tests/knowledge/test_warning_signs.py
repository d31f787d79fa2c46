"""The warning-signs page every "Get help now" card links to, and the tip chosen for a severe
answer: no "when to call" article is left without a way to reach the patient."""

import pytest
from django.urls import reverse

from knowledge import selectors
from knowledge.models import Article
from tracker import measures

WARNING_SIGNS = reverse("knowledge:warning_signs")

pytestmark = pytest.mark.usefixtures("shipped_content")


def test_the_page_shows_every_when_to_call_article_in_full(patient_client):
    response = patient_client.get(WARNING_SIGNS)
    assert response.status_code == 200
    html = response.text
    urgent = Article.objects.filter(kind=Article.Kind.WHEN_TO_CALL, published=True)
    assert urgent.count() >= 4
    for article in urgent:
        assert f'id="sign-{article.slug}"' in html
        assert str(article.body_html)[:40] in html
    assert "not watched in real time" in html
    assert "Medical disclaimer" in html


def test_the_signs_not_about_one_symptom_come_first():
    articles = selectors.warning_signs()
    general = [a for a in articles if not a.measures]
    assert general, "the clot, stroke and liver signs are not tied to a measure"
    assert articles[: len(general)] == general
    assert all(a.kind == Article.Kind.WHEN_TO_CALL for a in articles)


def test_an_unpublished_article_is_left_off(patient_client):
    hidden = selectors.warning_signs()[0]
    Article.objects.filter(pk=hidden.pk).update(published=False)
    assert f'id="sign-{hidden.slug}"' not in patient_client.get(WARNING_SIGNS).text


def test_no_article_takes_the_warning_signs_address():
    assert not Article.objects.filter(slug="warning-signs").exists()
    assert WARNING_SIGNS.rstrip("/").rsplit("/", 1)[1] == "warning-signs"


def test_the_page_asks_a_visitor_to_sign_in(client):
    response = client.get(WARNING_SIGNS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_every_severe_measure_has_something_that_says_what_to_do():
    severe = [m for m in measures.MEASURES if m.severe_at is not None]
    chosen = selectors.what_to_do(measure_codes=[m.code for m in severe])
    for measure in severe:
        article = chosen[measure.code]
        assert article is not None, measure.code
        assert measure.code in article.measures
        assert article.kind in selectors.WHAT_TO_DO_KINDS
    # A "when to call" tip wins over an "ask your team" one for the same measure.
    assert chosen["joint_pain"].kind == Article.Kind.WHEN_TO_CALL
    assert chosen["low_mood"].kind == Article.Kind.WHEN_TO_CALL


def test_every_when_to_call_article_reaches_the_patient():
    """Shown by a rule on Today, on the warning-signs page, or after a severe answer."""
    on_page = {a.pk for a in selectors.warning_signs()}
    for article in Article.objects.filter(kind=Article.Kind.WHEN_TO_CALL, published=True):
        assert article.pk in on_page
