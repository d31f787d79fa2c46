"""The alert rule for clinicians, as plain functions over a fortnight of diary days (the
product's alert rule, sharpened against alert fatigue for the care team's list).

The rule looks at the last 7 days of a period ("this week") and the 7 days before them
("last week"), calendar days whether she logged them or not. It alerts on:

1. a symptom at severe or worse (the catalogue's `severe_at`) on any day this week;
2. a rise between last week's and this week's averages of 2 or more points on a 0–10 measure,
   or of 1 or more level on a 0–4 severity measure, counted only when she answered it on 3 or
   more days of each week and this week's average is moderate or worse (4 or more on 0–10,
   "moderate" or worse on 0–4): a rise from none to mild, or one bad day against two, is not
   worth a clinician's attention (alert fatigue);
3. worst joint or muscle pain of 4 or more on most days of the week: on 4 or more of its 7 days;
4. a tablet missed on 3 or more of the last 7 days;
5. a tablet missed because of side effects on any day this week: the earliest sign she may
   stop the drug, so one day is enough.

A day she did not log, or a question she left blank, counts for nothing: it is neither a zero
nor a missed tablet, and a week with no answer for a measure has no average, so it cannot
rise. Days of a break agreed with her care team are never missed: a day she answered with
that reason, and any day inside a supervised break on her therapy timeline. Averages are exact
fractions, so a rise of exactly 2.0 alerts and 1.9 does not.

One alert per reason: per branch of the rule and measure (its `key`, e.g. "severe:fatigue"),
with the reason in words and its evidence day (`day`): for a reason about days (severe, a miss
because of side effects) the latest day that raised it, for a reason about the week (a rise,
pain on most days, missed tablets) the last day of the week. The care team's memory of alerts
(`care.alerts`) keys them on the week of that day, so re-reading the same days does not raise
the same reason twice.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.utils.translation import ngettext

from tracker import aggregates, measures, selectors
from tracker.models import TherapyPeriod

WEEK = 7
# Branch 2: the rise in the weekly average that counts, by kind of scale; the answered days it
# needs in each week; and the level this week's average must reach ("moderate": pain 4+).
RISE_AT = {measures.Kind.RATING: 2, measures.Kind.SEVERITY: 1}
RISE_ANSWERED_DAYS = 3
RISE_LEVEL_AT = {measures.Kind.RATING: 4, measures.Kind.SEVERITY: 2}
# Branch 3: worst joint pain of 4 or more (Brief Pain Inventory) about doubled the risk of
# stopping an aromatase inhibitor early (HR 2.09): Chim K et al., "Joint pain severity predicts
# premature discontinuation of aromatase inhibitors in breast cancer survivors", BMC Cancer
# 2013;13:401, PMID 24004677.
PAIN_AT = 4
MOST_DAYS = 4
# Branch 4.
MISSED_DAYS_AT = 3
# A break agreed with her care team is not a missed tablet the team needs telling about.
AGREED_BREAK = "agreed_break"
# Branch 5.
SIDE_EFFECTS = "side_effects"

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
    day: date  # the evidence day: see the module's docstring


def fortnight(*, patient, end):
    """Her days from 13 days before `end` to `end`, as dicts of the fields the rule reads: one
    query, at most 14 rows."""
    return aggregates.day_rows(
        patient=patient, first=end - timedelta(days=2 * WEEK - 1), last=end, fields=FIELDS
    )


def weeks(days, *, end):
    """Split days (dicts with at least "day") into this week's and last week's."""
    this_start = end - timedelta(days=WEEK - 1)
    last_start = this_start - timedelta(days=WEEK)
    this_week = [d for d in days if this_start <= d["day"] <= end]
    last_week = [d for d in days if last_start <= d["day"] < this_start]
    return this_week, last_week


def alerts_for(days, *, end, timeline=()):
    """Every alert for the week ending on `end`, from that fortnight's days (see `fortnight`)
    and her therapy periods (`timeline`, for its supervised breaks; any order)."""
    this_week, last_week = weeks(days, end=end)
    breaks = [p for p in timeline if p.kind == TherapyPeriod.Kind.BREAK]
    missed = [d for d in this_week if _is_missed(d, breaks)]
    return [
        *severe_alerts(this_week),
        *rise_alerts(this_week, last_week, end=end),
        *joint_pain_alerts(this_week, end=end),
        *missed_tablet_alerts(missed, end=end),
        *side_effects_alerts(missed),
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
        yield Alert(f"severe:{measure.code}", measure, reason + ".", max(d for _, d in severe))


def rise_alerts(this_week, last_week, *, end):
    """Branch 2: this week's average against last week's, on the days each was answered."""
    for measure in RISE_MEASURES:
        kind = measure.scale.kind
        before, after = answered(last_week, measure), answered(this_week, measure)
        if min(len(before), len(after)) < RISE_ANSWERED_DAYS:
            continue
        before, after = average(before), average(after)
        if after < RISE_LEVEL_AT[kind] or after - before < RISE_AT[kind]:
            continue
        yield Alert(
            f"rise:{measure.code}",
            measure,
            f"{measure.label} rose from {float(before):.1f} to {float(after):.1f} "
            "on average this week.",
            end,
        )


def joint_pain_alerts(this_week, *, end):
    """Branch 3: "most days of the week" means more than half of its 7 calendar days, so 4 or
    more; a day not logged is not a day of pain, so 4 logged days of pain are needed."""
    pain = measures.JOINT_PAIN
    days = sum(1 for d in this_week if (d.get(pain.field) or 0) >= PAIN_AT)
    if days >= MOST_DAYS:
        yield Alert(
            f"pain_most_days:{pain.code}",
            pain,
            f"Worst {pain.label.lower()} was {PAIN_AT} or more on {days} of the last {WEEK} days.",
            end,
        )


def missed_tablet_alerts(missed, *, end):
    """Branch 4: the days of this week she missed her tablet (see `_is_missed`)."""
    if len(missed) < MISSED_DAYS_AT:
        return
    tablet = measures.TABLET_TAKEN
    yield Alert(
        f"missed:{tablet.code}",
        tablet,
        f"Tablet missed on {len(missed)} of the last {WEEK} days: "
        + reasons_words(Counter(d.get("missed_reason", "") for d in missed))
        + ".",
        end,
    )


def side_effects_alerts(missed):
    """Branch 5: one day missed because of side effects is enough; the latest is named."""
    days = [d["day"] for d in missed if d.get("missed_reason") == SIDE_EFFECTS]
    if not days:
        return
    reason = f"Tablet missed because of side effects on {day_words(max(days))}"
    if len(days) > 1:
        reason += f", and on {len(days)} days this week"
    tablet = measures.TABLET_TAKEN
    yield Alert(f"missed_{SIDE_EFFECTS}:{tablet.code}", tablet, reason + ".", max(days))


def reasons_words(counts):
    """Her reasons (reason code -> days) in her own words, most frequent first, e.g.
    "“I forgot” on 2 days, no reason given on 1 day"; reasons with no day are left out."""
    ranked = sorted((n, -i, code) for i, (code, n) in enumerate(counts.items()) if n)
    return ", ".join(
        (f"“{REASON_WORDS[code]}”" if code in REASON_WORDS else "no reason given")
        + f" on {n} {ngettext('day', 'days', n)}"
        for n, _, code in reversed(ranked)
    )


def answered(days, measure):
    """The values of the days she answered `measure`."""
    return [d[measure.field] for d in days if d.get(measure.field) is not None]


def average(values):
    """The exact mean of some answers (at least one)."""
    return Fraction(sum(values), len(values))


def _is_missed(day, breaks):
    """A tablet she said she did not take, except during a break agreed with her care team:
    answered as such, or inside a supervised break on her timeline."""
    return (
        day.get("tablet_taken") is False
        and day.get("missed_reason", "") != AGREED_BREAK
        and selectors.period_on(breaks, day["day"]) is None
    )


def _is_severe(measure, day):
    return measure.is_severe(day.get(measure.field))


def _value_words(measure, value):
    word = measure.scale.label_for(value).lower()
    if measure.scale.kind == measures.Kind.RATING:
        return f"{value} ({word})"
    return word


def day_words(day):
    return f"{day.day} {day:%B}"
