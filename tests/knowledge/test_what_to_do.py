"""The tip chosen for a severe answer: every measure with a severe level has one that says
what to do. (The warning-signs page that every "Get help now" card opens is the article
`warning-signs`: tests/knowledge/test_content_facts.py.)"""

import pytest

from knowledge import selectors
from knowledge.models import Article
from tracker import measures

pytestmark = pytest.mark.usefixtures("shipped_content")


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
