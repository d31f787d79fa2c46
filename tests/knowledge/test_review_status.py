"""An article says "reviewed by NAME, ROLE on DATE" only when a named clinician signed it off
in the admin; otherwise that it was written from its sources and awaits clinical review."""

from datetime import date

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from knowledge.models import Article
from knowledge.services import load_content

pytestmark = pytest.mark.usefixtures("shipped_content")
SLUG = "stretch-calves-before-bed"
PAGE = reverse("knowledge:article", args=[SLUG])


def sign_off(admin_client, **sign_off):
    tip = Article.objects.get(slug=SLUG)
    data = {
        key: value
        for key, value in model_to_dict(tip).items()
        if value is not None and key not in {"id", "references", "measures", "supports"}
    }
    data.update(
        references=[r.pk for r in tip.references.all()],
        measures=tip.measures,
        published="on",
        **{"conditions-TOTAL_FORMS": "0", "conditions-INITIAL_FORMS": "0"},
        **sign_off,
    )
    data.pop("edited_in_admin", None)
    return admin_client.post(reverse("admin:knowledge_article_change", args=[tip.pk]), data)


def test_an_article_nobody_signed_off_says_it_awaits_clinical_review(patient_client):
    html = patient_client.get(PAGE).text
    assert "Last reviewed" not in html
    assert "Reviewed by" not in html
    assert "Written from the sources listed above on" in html
    assert "awaiting clinical review" in html


def test_a_named_clinicians_sign_off_in_the_admin_shows_her_name_role_and_date(
    admin_client, patient_client
):
    response = sign_off(
        admin_client,
        signed_off_by="Dr Jane Okafor",
        signed_off_role="consultant medical oncologist",
        signed_off_on="2026-12-03",
    )
    assert response.status_code == 302
    html = patient_client.get(PAGE).text
    assert "Reviewed by Dr Jane Okafor, consultant medical oncologist on 3 December 2026." in html
    assert "awaiting clinical review" not in html
    # Recording a sign-off is not an edit: the shipped file may still update the text.
    assert not Article.objects.get(slug=SLUG).edited_in_admin


def test_a_sign_off_without_a_role_or_date_is_refused(admin_client):
    response = sign_off(admin_client, signed_off_by="Dr Jane Okafor")
    assert response.status_code == 200
    assert b"needs the clinician&#x27;s name, role and date" in response.content
    assert not Article.objects.get(slug=SLUG).signed_off


def test_a_changed_text_from_the_file_awaits_review_again(patient_client):
    Article.objects.filter(slug=SLUG).update(
        signed_off_by="Dr Jane Okafor",
        signed_off_role="consultant medical oncologist",
        signed_off_on=date(2026, 12, 3),
        body="An older text that she signed off.",
    )
    load_content()
    tip = Article.objects.get(slug=SLUG)
    assert not tip.signed_off
    assert "awaiting clinical review" in patient_client.get(PAGE).text
