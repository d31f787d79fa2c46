"""Writes for the knowledge app."""

from dataclasses import dataclass, field

from django.db import transaction

from knowledge.content import CONTENT_DIR, RULE_KEYS, read_content
from knowledge.models import Article, Condition, Feedback, Reference


def record_feedback(*, patient, article, verdict):
    """Her answer on a tip: one row per patient and tip, a new answer replaces the old."""
    feedback, _ = Feedback.objects.update_or_create(
        patient=patient, article=article, defaults={"verdict": verdict}
    )
    return feedback


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Changed by staff in the admin: the file does not replace them.
    kept: list[str] = field(default_factory=list)


def _reference(fields):
    # Found by PMID, else by link: a corrected title updates the row instead of adding one.
    lookup = {"pmid": fields["pmid"]} if fields["pmid"] else {"url": fields["url"]}
    reference = Reference.objects.filter(**lookup).order_by("pk").first()
    if reference is None:
        return Reference.objects.create(**fields)
    if any(getattr(reference, name) != value for name, value in fields.items()):
        Reference.objects.filter(pk=reference.pk).update(**fields)
    return reference


def _rule_key(values):
    """A rule as a comparable tuple, leaving out what is empty or the default."""
    return tuple(
        sorted(
            (name, value)
            for name, value in values.items()
            if value not in ("", None)
            and not (name == "comparison" and value == Condition.Comparison.AT_LEAST)
        )
    )


def _same_rules(article, rules):
    stored = [{name: getattr(c, name) for name in RULE_KEYS} for c in article.conditions.all()]
    return sorted(map(_rule_key, stored)) == sorted(map(_rule_key, rules))


@transaction.atomic
def load_content(*, directory=CONTENT_DIR):
    """Create or update the articles of the content files, their references and rules.

    Idempotent: an article that already matches its file is not written to. An article
    changed in the admin (`edited_in_admin`) is left as it is and named in the report.
    Articles that have no file (added in the admin) are not touched.
    """
    references, files = read_content(directory)
    rows = {key: _reference(fields) for key, fields in references.items()}
    existing = {
        article.slug: article
        for article in Article.objects.prefetch_related("references", "conditions")
    }
    report = LoadReport()
    for file in files:
        article = existing.get(file.slug)
        refs = [rows[key] for key in file.references]
        if article is None:
            article = Article.objects.create(**file.fields)
            report.created.append(file.slug)
        elif article.edited_in_admin:
            report.kept.append(file.slug)
            continue
        elif (
            all(getattr(article, name) == value for name, value in file.fields.items())
            and {r.pk for r in article.references.all()} == {r.pk for r in refs}
            and _same_rules(article, file.rules)
        ):
            report.unchanged.append(file.slug)
            continue
        else:
            for name, value in file.fields.items():
                setattr(article, name, value)
            # A sign-off was of the old text: the new one awaits review again.
            article.signed_off_by = article.signed_off_role = ""
            article.signed_off_on = None
            article.save()
            report.updated.append(file.slug)
        article.references.set(refs)
        article.conditions.all().delete()
        Condition.objects.bulk_create(Condition(article=article, **rule) for rule in file.rules)
    return report
