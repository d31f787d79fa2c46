"""`manage.py load_content`: the shipped files into the database, idempotent, and an article
changed in the admin kept as staff left it."""

import io
import re
import shutil
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from knowledge.content import CONTENT_DIR, ContentError, parse_article, read_content
from knowledge.models import Article, Condition, Reference
from knowledge.services import load_content

pytestmark = pytest.mark.usefixtures("shipped_content")

ARTICLE = """+++
slug = "a-tip"
title = "A tip"
summary = "One line."
kind = "self_care"
topic = "cramps"
references = ["aimss"]
reviewed = 2026-12-02
reviewer = "A reviewer"
{extra}
+++

Some **advice**.
"""


def parse(extra="", name="a-tip.md"):
    return parse_article(ARTICLE.format(extra=extra), name=name, reference_keys={"aimss"})


def load(**kwargs):
    out = io.StringIO()
    call_command("load_content", stdout=out, **kwargs)
    return out.getvalue()


def snapshot():
    return (
        list(Article.objects.order_by("slug").values()),
        list(Condition.objects.order_by("article__slug", "measure").values_list(
            "article__slug", "measure", "threshold", "days", "window"
        )),
        list(Reference.objects.order_by("pk").values()),
        list(Article.references.through.objects.order_by("pk").values_list(
            "article_id", "reference_id"
        )),
    )  # fmt: skip


def test_loading_twice_changes_nothing_and_says_so():
    before = snapshot()
    output = load()
    assert snapshot() == before
    _, files = read_content()
    assert f"0 created, 0 updated, {len(files)} unchanged" in output


def test_the_database_matches_the_files():
    references, files = read_content()
    assert Article.objects.count() == len(files)
    for file in files:
        article = Article.objects.get(slug=file.slug)
        assert {name: getattr(article, name) for name in file.fields} == file.fields
        assert {r.title for r in article.references.all()} == {
            references[key]["title"] for key in file.references
        }
        assert article.conditions.count() == len(file.rules)


def test_an_article_changed_outside_the_admin_is_put_back_by_the_loader():
    article = Article.objects.get(slug="gentle-massage")
    original = article.body
    Article.objects.filter(pk=article.pk).update(body="Stale text.", edited_in_admin=False)
    article.conditions.all().delete()
    report = load_content()
    article.refresh_from_db()
    assert article.body == original
    assert article.conditions.exists()
    assert report.updated == ["gentle-massage"]


def test_an_article_edited_in_the_admin_is_kept_and_the_loader_says_so(admin_client):
    tip = Article.objects.get(slug="gentle-massage")
    page = admin_client.get(reverse("admin:knowledge_article_change", args=[tip.pk]))
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in {**form.initial, "body": "Our clinic's own words."}.items()
        if value is not None
    }
    data["references"] = [r.pk for r in tip.references.all()]
    data["reviewed_on"] = tip.reviewed_on.isoformat()
    data["published"] = "on"
    data.pop("edited_in_admin", None)
    conditions = list(tip.conditions.all())
    data.update(
        {
            "conditions-TOTAL_FORMS": str(len(conditions)),
            "conditions-INITIAL_FORMS": str(len(conditions)),
            "conditions-MIN_NUM_FORMS": "0",
            "conditions-MAX_NUM_FORMS": "1000",
        }
    )
    for n, c in enumerate(conditions):
        data.update(
            {
                f"conditions-{n}-id": str(c.pk),
                f"conditions-{n}-article": str(tip.pk),
                f"conditions-{n}-measure": c.measure,
                f"conditions-{n}-comparison": c.comparison,
                f"conditions-{n}-threshold": str(c.threshold),
                f"conditions-{n}-days": str(c.days),
                f"conditions-{n}-window": str(c.window),
            }
        )
    response = admin_client.post(reverse("admin:knowledge_article_change", args=[tip.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tip.refresh_from_db()
    assert tip.edited_in_admin

    output = load()

    tip.refresh_from_db()
    assert tip.body == "Our clinic's own words."
    assert "Kept 1 article(s) as edited in the admin" in output
    assert "gentle-massage" in output


def test_unticking_edited_in_admin_hands_the_article_back_to_its_file():
    tip = Article.objects.get(slug="gentle-massage")
    Article.objects.filter(pk=tip.pk).update(body="Staff words.", edited_in_admin=True)
    assert load_content().kept == ["gentle-massage"]
    Article.objects.filter(pk=tip.pk).update(edited_in_admin=False)
    load_content()
    tip.refresh_from_db()
    assert tip.body != "Staff words."


def test_a_corrected_reference_title_updates_the_row_found_by_its_pmid():
    reference = Reference.objects.get(pmid="34385978")
    Reference.objects.filter(pk=reference.pk).update(title="An old, wrong title")
    count = Reference.objects.count()
    load_content()
    reference.refresh_from_db()
    assert reference.title.startswith("Aromatase Inhibitor-Associated Musculoskeletal Syndrome")
    assert Reference.objects.count() == count


def test_a_new_file_is_created_and_a_file_without_front_matter_is_refused(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "a-tip.md").write_text(ARTICLE.format(extra=""))
    report = load_content(directory=tmp_path)
    assert report.created == ["a-tip"]
    assert Article.objects.get(slug="a-tip").body == "Some **advice**."
    (tmp_path / "broken.md").write_text("No front matter here.\n")
    with pytest.raises(ContentError, match=re.escape("broken.md: front matter")):
        load_content(directory=tmp_path)


def test_the_parser_reads_the_fields_and_the_rules():
    parsed = parse('measures = ["cramp_count"]\n[[rules]]\nmeasure = "cramp_count"\n'
                   "threshold = 2\ndays = 2\nwindow = 7")  # fmt: skip
    assert parsed.fields["reviewed_on"] == date(2026, 12, 2)
    assert parsed.fields["reviewed_by"] == "A reviewer"
    assert parsed.fields["measures"] == ["cramp_count"]
    assert parsed.references == ("aimss",)
    assert parsed.rules == ({"measure": "cramp_count", "threshold": 2, "days": 2, "window": 7},)


@pytest.mark.parametrize(
    ("extra", "name", "error"),
    [
        ('colour = "blue"', "a-tip.md", "unknown key"),
        ("", "another-name.md", "named after its slug"),
        ('measures = ["hot_flushes"]', "a-tip.md", "measure 'hot_flushes'"),
        ('self_care = "knitting"', "a-tip.md", "self_care 'knitting'"),
        ("priority = true", "a-tip.md", "priority must be a whole number"),
        ('[[rules]]\nmeasure = "cramp_count"\nthreshold = 1\ndays = 1', "a-tip.md", "window"),
        ('[[rules]]\nmeasure = "pain"\nthreshold = 1\ndays = 1\nwindow = 7', "a-tip.md", "pain"),
        ("reviewed = 2026-13-01", "a-tip.md", "a-tip.md"),
    ],
)
def test_the_parser_refuses_a_mistake_and_names_the_file(extra, name, error):
    text = ARTICLE.format(extra=extra)
    if extra.startswith("reviewed"):
        text = text.replace("reviewed = 2026-12-02\n", "")
    with pytest.raises(ContentError, match=error):
        parse_article(text, name=name, reference_keys={"aimss"})


def test_an_unknown_reference_key_is_refused():
    text = ARTICLE.format(extra="").replace('["aimss"]', '["macmilan"]')
    with pytest.raises(ContentError, match="reference 'macmilan'"):
        parse_article(text, name="a-tip.md", reference_keys={"aimss", "macmillan"})
