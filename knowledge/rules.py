"""The rule engine: which tips a patient's recent diary calls for, and why, in words.

Plain functions over already loaded data (conditions with their article, the days as dicts,
the therapy timeline), so they are tested without a database; `selectors.tips_for` loads the
data in a fixed number of queries and calls `choose`.
"""

from dataclasses import dataclass
from datetime import timedelta

from knowledge.models import AROMATASE_INHIBITOR, drugs_of
from tracker import measures
from tracker.models import Drug, TherapyPeriod
from tracker.selectors import period_on, therapy_day

AGREED_BREAK = "agreed_break"


@dataclass(frozen=True)
class Match:
    article: object
    reasons: tuple[str, ...]

    @property
    def reason(self):
        return " ".join(self.reasons)


def fields_read(conditions):
    """The entry fields the conditions look at (and the day), for one narrow query."""
    return sorted(
        {"day", "missed_reason"} | {measures.BY_CODE[c.measure].field for c in conditions}
    )


def window_days(conditions):
    return max((condition.window for condition in conditions), default=0)


def value_matches(condition, row):
    measure = measures.BY_CODE[condition.measure]
    value = row.get(measure.field)
    if value is None:
        return False
    value = int(value)
    if condition.comparison == "at_most":
        holds = value <= condition.threshold
    else:
        holds = value >= condition.threshold
    return holds and (
        not condition.missed_reason or row.get("missed_reason") == condition.missed_reason
    )


def _missed_on_agreed_break(condition, day, row, timeline):
    """A "tablet not taken" day that is a break agreed with her team: not a missed tablet.

    Answered so, or inside a supervised break on her timeline (as in the clinicians' alert
    rule, reports.alerts): a tip about forgetting tablets must not fire on those days.
    """
    if condition.measure != measures.TABLET_TAKEN.code or condition.comparison != "at_most":
        return False
    if row.get("missed_reason") == AGREED_BREAK:
        return True
    period = period_on(timeline, day)
    return period is not None and period.kind == TherapyPeriod.Kind.BREAK


def _on_drug(timeline, day, drug):
    """On `day` she takes `drug` (or any aromatase inhibitor, for that group's code)."""
    period = period_on(timeline, day)
    return (
        period is not None
        and period.kind == TherapyPeriod.Kind.TREATMENT
        and period.drug in drugs_of(drug)
    )


def _drug_words(code):
    if code == AROMATASE_INHIBITOR:
        return "an aromatase inhibitor"
    return Drug(code).label.split(" (")[0].lower()


def describe(condition):
    """What was logged, in words: "joint pain of 6 or more", "night cramps"."""
    if condition.words:
        return condition.words
    measure = measures.BY_CODE[condition.measure]
    label, threshold, kind = measure.label.lower(), condition.threshold, measure.scale.kind
    more = condition.comparison != "at_most"
    if kind == measures.Kind.YES_NO:
        return label if threshold else f"“{label}: no”"
    if kind == measures.Kind.SEVERITY:
        word = measure.scale.label_for(threshold).lower()
        return f"{label} at {word} or {'worse' if more else 'better'}"
    bound = "or more" if more else "or less"
    if measure.scale.unit == label:
        return label if (threshold, more) == (1, True) else f"{threshold} {bound} {label}"
    if kind == measures.Kind.MINUTES:
        return f"{label} of {threshold} {measure.scale.unit} {bound}"
    return f"{label} of {threshold} {bound}"


def evaluate(condition, *, rows, timeline, today):
    """The reason in words when the condition holds today, else None."""
    day_number = therapy_day(timeline, today)
    if condition.from_therapy_day or condition.until_therapy_day:
        if day_number is None:
            return None
        if condition.from_therapy_day and day_number < condition.from_therapy_day:
            return None
        if condition.until_therapy_day and day_number > condition.until_therapy_day:
            return None
    if condition.drug and not _on_drug(timeline, today, condition.drug):
        return None
    window = [today - timedelta(days=n) for n in range(condition.window)]
    count = sum(
        1
        for day in window
        if day in rows
        and value_matches(condition, rows[day])
        and not _missed_on_agreed_break(condition, day, rows[day], timeline)
        and (not condition.drug or _on_drug(timeline, day, condition.drug))
    )
    if count < condition.days:
        return None
    if condition.window == 1:
        reason = f"You logged {describe(condition)} today"
    elif condition.days == 1:
        # Once is enough here: "on 1 of the last 7 days" would read as six days missed, when
        # she may simply not have logged them.
        reason = f"You logged {describe(condition)} in the last {condition.window} days"
    else:
        reason = f"You logged {describe(condition)} on {count} of the last {condition.window} days"
    if condition.drug:
        reason += f" on {_drug_words(condition.drug)}"
    if condition.from_therapy_day or condition.until_therapy_day:
        reason += f", on day {day_number} of your therapy"
    return reason + "."


def _condition_order(c):
    return (
        c.measure, c.comparison, c.threshold, c.missed_reason, c.window, c.days, c.drug,
        c.from_therapy_day or 0, c.until_therapy_day or 0, c.words,
    )  # fmt: skip


def choose(conditions, *, rows, timeline, today):
    """The articles all of whose conditions hold, most urgent first, each with its reasons.

    `conditions` come with their `article`; an article without conditions is never chosen.
    Within a kind, the tip's priority (set by staff) decides, then more conditions (more
    specific) first, then the slug, so the order never depends on the database's.
    """
    by_article = {}
    for condition in conditions:
        by_article.setdefault(condition.article.slug, (condition.article, []))[1].append(condition)
    matches = []
    for article, own in by_article.values():
        own.sort(key=_condition_order)
        reasons = [evaluate(c, rows=rows, timeline=timeline, today=today) for c in own]
        if all(reasons):
            matches.append(Match(article, tuple(reasons)))
    return sorted(
        matches,
        key=lambda m: (m.article.urgency, m.article.priority, -len(m.reasons), m.article.slug),
    )
