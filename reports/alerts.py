"""The alert rule for clinicians (docs: /work/shared/docs/product.md, "Alert rule"), as plain
functions over a fortnight of diary days.

The rule looks at the last 7 days of a period ("this week") and the 7 days before them
("last week"), calendar days whether she logged them or not. It alerts on:

1. a symptom at severe or worse (the catalogue's `severe_at`) on any day this week;
2. a rise between last week's and this week's averages of 2 or more points on a 0–10 measure,
   or of 1 or more level on a 0–4 severity measure;
3. worst joint pain of 4 or more on most days of the week: on 4 or more of its 7 days;
4. a tablet missed on 3 or more of the last 7 days.

A day she did not log, or a question she left blank, counts for nothing: it is neither a zero
nor a missed tablet, and a week with no answer for a measure has no average, so it cannot
rise. Averages are exact fractions, so a rise of exactly 2.0 alerts and 1.9 does not.

One alert per reason: per branch of the rule and measure (its `key`, e.g. "severe:fatigue"),
so a later "until it is seen" can remember each one; the reason is in words.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from tracker import measures, selectors

WEEK = 7
# Branch 2: the rise in the weekly average that counts, by kind of scale.
RISE_AT = {measures.Kind.RATING: 2, measures.Kind.SEVERITY: 1}
# Branch 3: "worst joint pain of 4 or more" predicts stopping an aromatase inhibitor early.
PAIN_AT = 4
MOST_DAYS = 4
# Branch 4.
MISSED_DAYS_AT = 3
# A break agreed with her care team is not a missed tablet the team needs telling about.
AGREED_BREAK = "agreed_break"

SEVERE_MEASURES = tuple(m for m in measures.MEASURES if m.severe_at is not None)
RISE_MEASURES = tuple(m for m in measures.MEASURES if m.scale.kind in RISE_AT)
FIELDS = tuple(
    dict.fromkeys(
        [
            *(m.field for m in SEVERE_MEASURES + RISE_MEASURES),
            measures.JOINT_PAIN.field,
            measures.TABLET_TAKEN.field,
            "missed_reason",
        ]
    )
)
REASON_WORDS = dict(measures.MISSED_TABLET_REASONS)


@dataclass(frozen=True)
class Alert:
    key: str
    measure: measures.Measure
    reason: str


def fortnight(*, patient, end):
    """Her days from 13 days before `end` to `end`, as dicts of the fields the rule reads: one
    query, at most 14 rows."""
    return selectors.day_rows(
        patient=patient, first=end - timedelta(days=2 * WEEK - 1), last=end, fields=FIELDS
    )


def weeks(days, *, end):
    """Split days (dicts with at least "day") into this week's and last week's."""
    this_start = end - timedelta(days=WEEK - 1)
    last_start = this_start - timedelta(days=WEEK)
    this_week = [d for d in days if this_start <= d["day"] <= end]
    last_week = [d for d in days if last_start <= d["day"] < this_start]
    return this_week, last_week


def alerts_for(days, *, end):
    """Every alert for the week ending on `end`, from that fortnight's days (see `fortnight`)."""
    this_week, last_week = weeks(days, end=end)
    return [
        *severe_alerts(this_week),
        *rise_alerts(this_week, last_week),
        *joint_pain_alerts(this_week),
        *missed_tablet_alerts(this_week),
    ]


def severe_alerts(this_week):
    """Branch 1: per measure, its worst day this week (the latest, if tied) and how many."""
    for measure in SEVERE_MEASURES:
        severe = [(d[measure.field], d["day"]) for d in this_week if _is_severe(measure, d)]
        if not severe:
            continue
        value, day = max(severe)
        reason = f"{measure.label} was {_value_words(measure, value)} on {day_words(day)}"
        if len(severe) > 1:
            reason += f", and severe or worse on {len(severe)} days this week"
        yield Alert(f"severe:{measure.code}", measure, reason + ".")


def rise_alerts(this_week, last_week):
    """Branch 2: this week's average against last week's, on the days each was answered."""
    for measure in RISE_MEASURES:
        before, after = average(last_week, measure), average(this_week, measure)
        if before is None or after is None or after - before < RISE_AT[measure.scale.kind]:
            continue
        yield Alert(
            f"rise:{measure.code}",
            measure,
            f"{measure.label} rose from {float(before):.1f} to {float(after):.1f} "
            "on average this week.",
        )


def joint_pain_alerts(this_week):
    """Branch 3: "most days of the week" means more than half of its 7 calendar days, so 4 or
    more; a day not logged is not a day of pain, so 4 logged days of pain are needed."""
    pain = measures.JOINT_PAIN
    days = sum(1 for d in this_week if (d.get(pain.field) or 0) >= PAIN_AT)
    if days >= MOST_DAYS:
        yield Alert(
            f"pain_most_days:{pain.code}",
            pain,
            f"Worst joint pain was {PAIN_AT} or more on {days} of the last {WEEK} days.",
        )


def missed_tablet_alerts(this_week):
    """Branch 4: days answered "no", except days of a break agreed with her care team."""
    missed = [
        d
        for d in this_week
        if d.get("tablet_taken") is False and d.get("missed_reason", "") != AGREED_BREAK
    ]
    if len(missed) < MISSED_DAYS_AT:
        return
    tablet = measures.TABLET_TAKEN
    yield Alert(
        f"missed:{tablet.code}",
        tablet,
        f"Tablet missed on {len(missed)} of the last {WEEK} days: "
        + reasons_words(Counter(d.get("missed_reason", "") for d in missed))
        + ".",
    )


def reasons_words(counts):
    """Her reasons (reason code -> days) in her own words, most frequent first, e.g.
    "“I forgot” on 2 days, no reason given on 1 day"; reasons with no day are left out."""
    ranked = sorted((n, -i, code) for i, (code, n) in enumerate(counts.items()) if n)
    return ", ".join(
        (f"“{REASON_WORDS[code]}”" if code in REASON_WORDS else "no reason given")
        + f" on {n} day{'s' if n != 1 else ''}"
        for n, _, code in reversed(ranked)
    )


def average(days, measure):
    """The exact mean of the answered days, or None when none was answered."""
    values = [d[measure.field] for d in days if d.get(measure.field) is not None]
    return Fraction(sum(values), len(values)) if values else None


def _is_severe(measure, day):
    return measure.is_severe(day.get(measure.field))


def _value_words(measure, value):
    word = measure.scale.label_for(value).lower()
    if measure.scale.kind == measures.Kind.RATING:
        return f"{value} ({word})"
    return word


def day_words(day):
    return f"{day.day} {day:%B}"
