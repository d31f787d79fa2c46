"""Print docs/measures.md from the catalogue, so the documented codes never drift from it."""

from django.core.management.base import BaseCommand

from tracker import exports, measures

SYSTEM_NAMES = {
    measures.LOINC: "LOINC",
    measures.SNOMED: "SNOMED CT",
    measures.LOCAL_SYSTEM: "local",
}


def _scale(measure):
    scale = measure.scale
    if scale.labels:
        words = ", ".join(
            f"{low}{f'–{high}' if high != low else ''} {label}"
            for low, high, label in scale.bands()
        )
    else:
        words = f"{scale.minimum}–{scale.maximum} {scale.unit}"
    return words + (" (derived)" if measure.derived else "")


def _answer_codes():
    """Each coded answer scale: its system and what each code means."""
    scales = {m.scale.answer_system: m.scale for m in measures.MEASURES if m.scale.answer_codes}
    lines = []
    for system, scale in scales.items():
        used_by = ", ".join(f"`{m.code}`" for m in measures.MEASURES if m.scale is scale)
        lines += [
            f"Answers on the {scale.minimum}–{scale.maximum} scale of {used_by} are exported with",
            f"their code in `{system}` and their words (FHIR `valueCodeableConcept` on the",
            "Observation, `valueCoding` in the QuestionnaireResponse), so that a receiving",
            "system never reads a symptom answered “none” as present:",
            "",
            "| value | code | display |",
            "| --- | --- | --- |",
            *[
                f"| {value} | `{code}` | {scale.labels[value]} |"
                for value, code in scale.answer_codes.items()
            ],
            "",
        ]
    return lines


def render():
    lines = [
        "# What the diary measures",
        "",
        "Generated from `tracker/measures.py`, the one catalogue every feature reads, by",
        "`python manage.py measures_doc > docs/measures.md` (a test fails when it is stale).",
        "",
        "| code | stored in | question (recall period) | scale | severe from | coding |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for m in measures.MEASURES:
        severe = "–" if m.severe_at is None else str(m.severe_at)
        coding = f"{SYSTEM_NAMES[m.coding.system]} `{m.coding.code}` {m.coding.display}"
        lines.append(
            f"| `{m.code}` | `{m.field}` | {m.question} | {_scale(m)} | {severe} | {coding} |"
        )
    lines += [
        "",
        "## Hot flashes",
        "",
        "Logged as a count per severity band; the **hot flash score** is the sum over the day's",
        "flashes of their severity (count × mean severity), computed by the database:",
        "",
        *[f"- {b.label} ({b.severity}): {b.description}" for b in measures.HOT_FLASH_BANDS],
        "",
        "## Tick-all-that-apply questions",
        "",
        *[
            f"- **{g.label}**: " + ", ".join(f"{o.label} (`{o.field}`)" for o in g.options)
            for g in measures.OPTION_GROUPS
        ],
        "",
        "## Missed tablet reasons",
        "",
        ", ".join(f"`{code}` {label}" for code, label in measures.MISSED_TABLET_REASONS),
        "",
        "## The local code system",
        "",
        "Where no standard code fits, exports use the app's own code system",
        f"`{measures.LOCAL_SYSTEM}`; its codes are the ones marked *local* above, each defined",
        "by its row in this table.",
        "",
        "## Answer codes",
        "",
        *_answer_codes(),
        "## Export",
        "",
        "From her history page the patient downloads her whole diary, oldest day first:",
        "",
        "- **CSV** (`/diary/export.csv`): one row per day, the columns below. Integers as digits,",
        "  yes/no as `true`/`false`, an unanswered question as an empty cell, the note as written",
        "  (quoted where it holds commas, quotes or line breaks). A text cell that begins with",
        "  `=`, `+`, `-`, `@`, a tab or a carriage return starts with an added `'`, so that a",
        "  spreadsheet shows it as text instead of running it as a formula; take that one `'`",
        "  off to read the note as she wrote it.",
        "- **FHIR R4** (`/diary/export.fhir.json`): a Bundle of type `collection` with her",
        "  Patient resource and, per day, a QuestionnaireResponse (status `completed`; one item",
        "  per answered measure, per non-zero hot flash band, per tick-all-that-apply question",
        "  with its ticked boxes, the missed tablet reason and the note) and one Observation per",
        "  answered measure (status `final`, category `survey`, coded as in the table above).",
        "  Their subject is the Patient entry (`urn:uuid:<id>`), which holds her id and, only if",
        "  she gave one, her name for her care team as she wrote it: never her email. The id is",
        "  random for each patient (stored with her profile, never derived from a database id),",
        "  and the ids of her days' resources are named within it, so they stay the same from",
        "  one export to the next and cannot be worked out by anyone without her file.",
        "- Ticked boxes and the missed tablet reason are coded in local code systems of their",
        "  own: "
        + ", ".join(
            f"`{exports.option_system(g)}` ({g.label.lower()})" for g in measures.OPTION_GROUPS
        )
        + f" and `{exports.MISSED_REASON_SYSTEM}`, with the codes in backticks above.",
        "",
        "| CSV column | meaning |",
        "| --- | --- |",
        *[f"| `{name}` | {description} |" for name, description in exports.csv_columns()],
    ]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print the measures catalogue as Markdown (docs/measures.md)."

    def handle(self, *args, **options):
        self.stdout.write(render(), ending="")
