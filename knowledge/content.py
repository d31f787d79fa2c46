"""The shipped tips and explainers, read from the Markdown files in `knowledge/content/`.

One file per article, named after its slug: front matter between two `+++` lines, then the
body in Markdown. The front matter is TOML (read by the standard library's `tomllib`, so no
new dependency, and strictly: a typo is an error, not a silently ignored key). The
references the articles cite live once, by key, in `knowledge/content/references.toml`.

Clinicians review a change to the content as a diff of prose; `manage.py load_content` puts
the files into the database (`knowledge.services.load_content`). Written for this app from
the facts in the seed documents and the literature they cite: the sentences are ours, the
facts and figures are theirs, and each article cites where they come from.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from knowledge.models import Article, Condition, drug_choices
from tracker import measures as catalogue

CONTENT_DIR = Path(__file__).resolve().parent / "content"
REFERENCES_FILE = "references.toml"
FENCE = "+++"

REFERENCE_KEYS = {"title": str, "source": str, "pmid": str, "url": str}
REFERENCE_REQUIRED = {"title", "source"}
ARTICLE_KEYS = {
    "slug": str, "title": str, "summary": str, "kind": str, "topic": str, "measures": list,
    "self_care": str, "priority": int, "published": bool, "references": list,
    "reviewed": date, "reviewer": str, "rules": list, "supports": dict,
}  # fmt: skip
ARTICLE_REQUIRED = {"slug", "title", "summary", "kind", "topic", "references", "reviewed"}
ARTICLE_REQUIRED |= {"reviewer"}
RULE_KEYS = {
    "measure": str, "threshold": int, "days": int, "window": int, "comparison": str,
    "missed_reason": str, "drug": str, "from_therapy_day": int, "until_therapy_day": int,
    "words": str,
}  # fmt: skip
RULE_REQUIRED = {"measure", "threshold", "days", "window"}
TYPE_WORDS = {str: "text", int: "a whole number", list: "a list", bool: "true or false"}
TYPE_WORDS[date] = "a date (2026-12-02)"


class ContentError(ValueError):
    """A content file that cannot be loaded, with the file and what is wrong in words."""


@dataclass(frozen=True)
class ArticleFile:
    """One article as its file says: the Article's fields, its reference keys, its rules."""

    fields: dict
    references: tuple[str, ...]
    rules: tuple[dict, ...]

    @property
    def slug(self):
        return self.fields["slug"]


def _checked(table, *, keys, required, where):
    unknown = set(table) - set(keys)
    if unknown:
        raise ContentError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    missing = required - set(table)
    if missing:
        raise ContentError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
    for key, value in table.items():
        # bool is an int in Python: a `true` threshold is as wrong as a string.
        if not isinstance(value, keys[key]) or (keys[key] is int and isinstance(value, bool)):
            raise ContentError(f"{where}: {key} must be {TYPE_WORDS[keys[key]]}")
    return table


def _one_of(value, choices, *, what, where):
    if value not in choices:
        raise ContentError(f"{where}: {what} {value!r} is not one of {', '.join(choices)}")


def read_references(directory=CONTENT_DIR):
    """The references by key, each a dict of Reference fields."""
    path = Path(directory) / REFERENCES_FILE
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: {error}") from error
    references = {}
    for key, table in tables.items():
        where = f"{path.name} [{key}]"
        if not isinstance(table, dict):
            raise ContentError(f"{where}: must be a table")
        _checked(table, keys=REFERENCE_KEYS, required=REFERENCE_REQUIRED, where=where)
        if not table.get("pmid") and not table.get("url"):
            raise ContentError(f"{where}: needs a pmid or a url")
        references[key] = {"pmid": "", "url": "", **table}
    return references


def reference_link(fields):
    """The link a Reference shows (`Reference.link`), from its fields in references.toml."""
    return fields.get("url") or f"https://pubmed.ncbi.nlm.nih.gov/{fields['pmid']}/"


def parse_article(text, *, name, reference_keys):
    """One article file's text as an ArticleFile; ContentError says what is wrong."""
    lines = text.splitlines()
    fences = [n for n, line in enumerate(lines) if line.strip() == FENCE]
    if len(fences) < 2 or fences[0] != 0:
        raise ContentError(f"{name}: front matter must open and close with a {FENCE} line")
    end = fences[1]
    try:
        front = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{name}: {error}") from error
    _checked(front, keys=ARTICLE_KEYS, required=ARTICLE_REQUIRED, where=name)
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        raise ContentError(f"{name}: the body is empty")
    if Path(name).stem != front["slug"]:
        raise ContentError(f"{name}: the file must be named after its slug {front['slug']!r}")
    _one_of(front["kind"], Article.Kind.values, what="kind", where=name)
    _one_of(front["topic"], Article.Topic.values, what="topic", where=name)
    for code in front.get("measures", []):
        _one_of(code, list(catalogue.BY_CODE), what="measure", where=name)
    if front.get("self_care"):
        options = [option.code for option in catalogue.SELF_CARE.options]
        _one_of(front["self_care"], options, what="self_care", where=name)
    for key in front["references"]:
        _one_of(key, sorted(reference_keys), what="reference", where=name)
    if not front["references"]:
        raise ContentError(f"{name}: cite at least one reference")
    supports = front.get("supports", {})
    for key, statement in supports.items():
        _one_of(key, front["references"], what="supports: reference", where=name)
        if not isinstance(statement, str) or not statement.strip():
            raise ContentError(f"{name}: supports.{key} must say what the source supports")
    rules = tuple(
        _rule(rule, where=f"{name} rule {n}") for n, rule in enumerate(front.get("rules", []), 1)
    )
    fields = {
        "slug": front["slug"],
        "title": front["title"],
        "summary": front["summary"],
        "body": body,
        "kind": front["kind"],
        "topic": front["topic"],
        "measures": list(front.get("measures", [])),
        "self_care": front.get("self_care", ""),
        "priority": front.get("priority", 50),
        "published": front.get("published", True),
        "reviewed_on": front["reviewed"],
        "reviewed_by": front["reviewer"],
        # What each source supports, by the reference's link (what the page shows it by).
        "supports": {
            reference_link(reference_keys[key]): statement for key, statement in supports.items()
        },
    }
    return ArticleFile(fields, tuple(front["references"]), rules)


def _rule(table, *, where):
    if not isinstance(table, dict):
        raise ContentError(f"{where}: must be a table")
    _checked(table, keys=RULE_KEYS, required=RULE_REQUIRED, where=where)
    _one_of(table["measure"], list(catalogue.BY_CODE), what="measure", where=where)
    _one_of(
        table.get("comparison", Condition.Comparison.AT_LEAST),
        Condition.Comparison.values,
        what="comparison",
        where=where,
    )
    if table.get("drug"):
        _one_of(table["drug"], [code for code, _ in drug_choices()], what="drug", where=where)
    if table.get("missed_reason"):
        reasons = [code for code, _ in catalogue.MISSED_TABLET_REASONS]
        _one_of(table["missed_reason"], reasons, what="missed_reason", where=where)
    return table


def read_content(directory=CONTENT_DIR):
    """(references by key, articles in slug order) from the content directory."""
    references = read_references(directory)
    articles = [
        parse_article(path.read_text(encoding="utf-8"), name=path.name, reference_keys=references)
        for path in sorted(Path(directory).glob("*.md"))
    ]
    return references, articles
