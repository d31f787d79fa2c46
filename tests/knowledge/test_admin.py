"""Staff edit tips and their rules in the Django admin."""

from datetime import date

import pytest
from django.urls import reverse

from knowledge.models import Article, Reference

pytestmark = pytest.mark.usefixtures("shipped_content")


def test_staff_see_the_tips_and_their_rules(admin_client):
    assert admin_client.get(reverse("admin:knowledge_article_changelist")).status_code == 200
    tip = Article.objects.get(slug="stretch-calves-before-bed")
    page = admin_client.get(reverse("admin:knowledge_article_change", args=[tip.pk]))
    assert page.status_code == 200
    assert b"night_cramps" in page.content


def test_staff_add_a_tip_with_a_rule(admin_client):
    reference = Reference.objects.first()
    data = {
        "title": "Put your feet up",
        "slug": "put-your-feet-up",
        "kind": "self_care",
        "topic": "cramps",
        "summary": "A short rest with raised legs.",
        "body": "Rest **a little**.",
        "measures": ["cramp_count", "night_cramps"],
        "references": [reference.pk],
        "reviewed_on": date.today().isoformat(),
        "published": "on",
        "priority": "50",
        "conditions-TOTAL_FORMS": "1",
        "conditions-INITIAL_FORMS": "0",
        "conditions-MIN_NUM_FORMS": "0",
        "conditions-MAX_NUM_FORMS": "1000",
        "conditions-0-measure": "cramp_count",
        "conditions-0-comparison": "at_least",
        "conditions-0-threshold": "2",
        "conditions-0-days": "2",
        "conditions-0-window": "7",
    }
    response = admin_client.post(reverse("admin:knowledge_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tip = Article.objects.get(slug="put-your-feet-up")
    assert tip.measures == ["cramp_count", "night_cramps"]
    assert tip.conditions.get().threshold == 2


def test_a_threshold_off_the_measures_scale_is_refused(admin_client):
    tip = Article.objects.get(slug="acupuncture")
    response = admin_client.post(
        reverse("admin:knowledge_article_add"),
        {
            "title": "x", "slug": "x", "kind": "self_care", "topic": "joints", "summary": "x",
            "body": "x", "references": [tip.references.first().pk],
            "reviewed_on": "2026-01-01",
            "conditions-TOTAL_FORMS": "1", "conditions-INITIAL_FORMS": "0",
            "conditions-0-measure": "joint_pain", "conditions-0-comparison": "at_least",
            "conditions-0-threshold": "11", "conditions-0-days": "9", "conditions-0-window": "7",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert b"Joint or muscle pain goes from 0 to 10" in response.content
    assert not Article.objects.filter(slug="x").exists()
