"""The alert rule for clinicians, as plain functions over her last eight weeks of diary days
and her therapy timeline (the product's alert rule; docs/alerts.md has the simulated caseload
it was judged on).

Its purpose, in order: catch the women about to stop the tablet, then severe or worsening
symptoms, without burying either in noise. Signs of stopping (`Priority.STOPPING`):

- "I have stopped taking it", answered on the log form: at once;
- a tablet missed because of side effects: the first day is enough;
- tablets taken on fewer than 80% of the days she answered over the last 28 (at least 14
  answered), whatever her reasons (except when she has said she stopped or is on a break:
  those reasons say it already): below 80% is the threshold adherence studies count;
- a break she started herself and the care team has not confirmed, a confirmed break past its
  planned end, or a break with no planned end that has lasted more than 4 weeks;
- a diary gone silent: no entry for 7 days after two weeks of regular logging (4 or more days
  in each week before the silence); women who stop the tablet drift away from the diary too.

Symptoms (`Priority.SYMPTOMS`):

- worst joint or muscle pain of 4 or more on 4 of the last 7 days: 4+ about doubles the risk
  of stopping an aromatase inhibitor early (Chim K et al.,
  BMC Cancer 2013;13:401, PMID 24004677);
- a single severe day for pain (7+) and low mood (severe or worse), and the safety question
  of vaginal bleeding (any "yes"): worth a call on its own;
- the other 0–4 symptoms need 2 severe days in the week: one bad night of sleep is not news;
- hot flashes persistently high: the week's mean daily hot flash score (count x severity, the
  score of Sloan JA et al., J Clin Oncol 2001;19:4280) of `HOT_FLASH_SCORE_AT` or more on 3 or
  more answered days, and at least 1.5 times her own mean over the 3 weeks before when she
  answered 3 or more of them. The floor of 8 points a day is 4 moderate flashes a day, twice
  the 14 a week that brought women into the Mayo/NCCTG hot flash trials (Loprinzi CL et al.,
  Lancet 2000;356:2059); a change of 50% is what those trials count as a response, so a week
  50% above her own usual is a real change for her and not her steady state.

Each reason found is an `Alert` of one of two kinds, which the care team's memory
(`care.alerts`) treats differently:

- an event (a day something happened: a severe day, a tablet missed for side effects, the
  start of a stop or of a break, the 7th silent day) is raised again only by a later day that
  is worse (its `level`: a severe day's value) or comes after a week without it;
- a state (pain on most days, adherence, severe days of a symptom, hot flashes) is raised when
  she enters it, then again only when it gets worse (its `level` reaches `worse_at`: e.g. a
  weekly pain average 1 point higher than the one seen) or after a week without it.

A day she did not log, or a question she left blank, counts for nothing: it is neither a zero
nor a missed tablet. Only the days of a break the care team confirmed never count as missed.
Averages are exact fractions, so a boundary is met exactly (80% does not alert, 79% does).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from fractions import Fraction

from django.utils.translation import ngettext

from tracker import aggregates, measures, selectors
from tracker.models import TherapyPeriod

WEEK = 7
# How far back the rule reads: the longest look is a silence of up to 4 weeks with the two
# regular weeks before it.
LOOKBACK_DAYS = 8 * WEEK

# Adherence.
ADHERENCE_DAYS = 28
ADHERENCE_ANSWERED_AT = 14
ADHERENCE_BELOW = Fraction(80, 100)
ADHERENCE_WORSE_BY = 20  # percentage points more missed than when it was seen
# The missed-tablet reasons the rule reads by name.
SIDE_EFFECTS = "side_effects"
STOPPED = measures.STOPPED_TABLET
# Breaks.
BREAK_LONGEST = 4 * WEEK
BREAK_UNCONFIRMED_KEY = "break_unconfirmed:tablet_taken"
# A silent diary: silent days, after `REGULAR_WEEKS` weeks with `REGULAR_DAYS` entries each.
SILENT_DAYS = 7
REGULAR_WEEKS = 2
REGULAR_DAYS = 4
# Pain on most days: worst pain of `PAIN_AT` or more on `MOST_DAYS` of the last 7.
PAIN_AT = 4
MOST_DAYS = 4
PAIN_WORSE_BY = 1
# Severe days: one is enough for these measures; the others need `SEVERE_DAYS_AT`.
# (vaginal bleeding is a safety question: after the menopause, any bleeding needs a check).
ONE_SEVERE_DAY = (measures.JOINT_PAIN, measures.LOW_MOOD, measures.VAGINAL_BLEEDING)
SEVERE_DAYS_AT = 2
SEVERE_DAYS_WORSE_BY = 2
# Hot flashes (see the module's docstring).
HOT_FLASH_SCORE_AT = 8
HOT_FLASH_ABOVE_USUAL = Fraction(3, 2)
HOT_FLASH_ANSWERED_AT = 3

SEVERE_MEASURES = tuple(m for m in measures.MEASURES if m.severe_at is not None)
FIELDS = tuple(
    dict.fromkeys(
        [
            *(m.field for m in SEVERE_MEASURES),
            measures.HOT_FLASH_SCORE.field,
            measures.TABLET_TAKEN.field,
            "missed_reason",
        ]
    )
)
REASON_WORDS = dict(measures.MISSED_TABLET_REASONS)


class Priority(IntEnum):
    """The clinician's list puts signs of stopping above symptoms."""

    STOPPING = 1
    SYMPTOMS = 2


@dataclass(frozen=True)
class Alert:
    key: str
    reason: str
    day: date  # the evidence day: the day it happened (an event) or the day evaluated (a state)
    priority: Priority
    level: float = 0  # how bad, comparable between two findings of the same key
    # A state's level at which it counts as worse than this finding; None for an event.
    worse_at: float | None = None

    @property
    def is_state(self):
        return self.worse_at is not None


def window(*, patient, end):
    """Her days of the `LOOKBACK_DAYS` ending on `end`, as dicts of the fields the rule
    reads: one query, at most 56 rows."""
    return aggregates.day_rows(
        patient=patient, first=end - timedelta(days=LOOKBACK_DAYS - 1), last=end, fields=FIELDS
    )


def alerts_for(days, *, end, timeline=()):
    """Every reason to alert on `end`, from the days before it (see `window`; any order) and
    her therapy periods (`timeline`, any order), signs of stopping first."""
    days = sorted((d for d in days if d["day"] <= end), key=lambda d: d["day"])
    confirmed = [p for p in timeline if _is_break(p) and p.confirmed_at is not None]
    counted = [d for d in days if selectors.period_on(confirmed, d["day"]) is None]
    this_week = last_days(counted, end=end, n=WEEK)
    stopped = list(stopped_alerts(counted))
    on_break = selectors.period_on([p for p in timeline if _is_break(p)], end) is not None
    return [
        *stopped,
        *side_effects_alerts(this_week),
        *break_alerts(timeline, end=end),
        *silence_alerts(days, end=end),
        # Her misses are explained already by what she said (a stop, a break): the same news
        # told twice, then again at every 20 points down, would bury it.
        *(
            []
            if stopped or on_break
            else adherence_alerts(last_days(counted, end=end, n=ADHERENCE_DAYS), end=end)
        ),
        *one_severe_day_alerts(this_week),
        *pain_alerts(this_week, end=end),
        *severe_days_alerts(this_week, end=end),
        *hot_flash_alerts(days, end=end),
    ]


def last_days(days, *, end, n):
    """The days among `days` of the `n` days ending on `end`."""
    first = end - timedelta(days=n - 1)
    return [d for d in days if first <= d["day"] <= end]


# Signs of stopping.


def stopped_alerts(days):
    """She said she has stopped, and has not said she took a tablet since: raised from the
    first "stopped" answer after her last tablet taken."""
    since = None
    for d in days:
        if d.get("tablet_taken"):
            since = None
        elif d.get("missed_reason") == STOPPED and since is None:
            since = d["day"]
    if since is None:
        return
    yield Alert(
        f"{STOPPED}:tablet_taken",
        f"Says she has stopped taking her tablet (since {day_words(since)}).",
        since,
        Priority.STOPPING,
    )


def side_effects_alerts(this_week):
    """One day missed because of side effects is enough; the latest is named."""
    found = [d["day"] for d in this_week if _missed(d) and d.get("missed_reason") == SIDE_EFFECTS]
    if not found:
        return
    reason = f"Tablet missed because of side effects on {day_words(max(found))}"
    if len(found) > 1:
        reason += f", and on {len(found)} days this week"
    yield Alert(
        f"missed_{SIDE_EFFECTS}:tablet_taken",
        reason + ".",
        max(found),
        Priority.STOPPING,
    )


def break_alerts(timeline, *, end):
    """Her break going on at `end`: not confirmed by her care team; or past its planned end;
    or, with no planned end, longer than 4 weeks. A break with a planned end agreed by the
    team runs to it."""
    current = selectors.period_on([p for p in timeline if _is_break(p)], end)
    if current is None:
        return
    drug = current.get_drug_display()
    started = f"since {day_words(current.start)}"
    if current.confirmed_at is None:
        yield Alert(
            BREAK_UNCONFIRMED_KEY,
            f"Started a break from {drug} {started}; the care team has not confirmed it.",
            current.start,
            Priority.STOPPING,
        )
    elif current.planned_end is not None:
        if current.planned_end < end:
            yield Alert(
                "break_overdue:tablet_taken",
                f"Break from {drug} ({started}) is past its planned end of "
                f"{day_words(current.planned_end)}.",
                current.planned_end + timedelta(days=1),
                Priority.STOPPING,
            )
    elif (end - current.start).days >= BREAK_LONGEST:
        weeks = (end - current.start).days // WEEK
        yield Alert(
            "break_long:tablet_taken",
            f"Break from {drug} has lasted {weeks} weeks ({started}) with no planned end.",
            current.start + timedelta(days=BREAK_LONGEST),
            Priority.STOPPING,
        )


def silence_alerts(days, *, end):
    """No entry for 7 days or more after two weeks with 4 or more entries each. Its day is the
    7th silent day: the same silence is one event, a new one after she came back another."""
    if not days:
        return
    last = days[-1]["day"]
    silent = (end - last).days
    if silent < SILENT_DAYS:
        return
    logged = {d["day"] for d in days}
    for week in range(REGULAR_WEEKS):
        week_end = last - timedelta(days=week * WEEK)
        if sum(week_end - timedelta(days=n) in logged for n in range(WEEK)) < REGULAR_DAYS:
            return
    yield Alert(
        "silent:diary",
        f"No entry for {silent} days: she had logged regularly until {day_words(last)}.",
        last + timedelta(days=SILENT_DAYS),
        Priority.STOPPING,
    )


def adherence_alerts(days, *, end):
    """Taken on fewer than 80% of the answered days of the last 28, at least 14 answered."""
    answered = [d for d in days if d.get("tablet_taken") is not None]
    if len(answered) < ADHERENCE_ANSWERED_AT:
        return
    missed = [d for d in answered if not d["tablet_taken"]]
    taken = Fraction(len(answered) - len(missed), len(answered))
    if taken >= ADHERENCE_BELOW:
        return
    percent = int(100 * taken)  # floored: 79.9% reads 79%, below the line it crossed
    missed_percent = 100 - float(100 * taken)
    yield Alert(
        "adherence:tablet_taken",
        f"Tablet taken on {percent}% of the {len(answered)} days she answered in the last "
        f"{ADHERENCE_DAYS // WEEK} weeks: "
        + reasons_words(Counter(d.get("missed_reason", "") for d in missed))
        + ".",
        end,
        Priority.STOPPING,
        level=missed_percent,
        worse_at=missed_percent + ADHERENCE_WORSE_BY,
    )


# Symptoms.


def one_severe_day_alerts(this_week):
    """Pain and low mood: their worst day this week (the latest, if tied) and how many."""
    for measure in ONE_SEVERE_DAY:
        severe = [(d[measure.field], d["day"]) for d in this_week if _is_severe(measure, d)]
        if not severe:
            continue
        value, day = max(severe)
        if measure.scale.kind == measures.Kind.YES_NO:
            reason = f"{measure.label} on {day_words(day)}"
            if len(severe) > 1:
                reason += f", and on {len(severe)} days this week"
        else:
            reason = f"{measure.label} was {_value_words(measure, value)} on {day_words(day)}"
            if len(severe) > 1:
                reason += f", and severe or worse on {len(severe)} days this week"
        yield Alert(
            f"severe:{measure.code}",
            reason + ".",
            max(d for _, d in severe),
            Priority.SYMPTOMS,
            level=int(value),
        )


def pain_alerts(this_week, *, end):
    """Worst joint pain of 4 or more on 4 of the last 7 calendar days (a day not logged is
    not a day of pain); its level is the week's average of the days she answered."""
    pain = measures.JOINT_PAIN
    values = answered(this_week, pain)
    days = sum(1 for value in values if value >= PAIN_AT)
    if days < MOST_DAYS:
        return
    mean = average(values)
    yield Alert(
        f"pain_most_days:{pain.code}",
        f"Worst {pain.label.lower()} was {PAIN_AT} or more on {days} of the last {WEEK} days "
        f"(average {float(mean):.1f}).",
        end,
        Priority.SYMPTOMS,
        level=float(mean),
        worse_at=float(mean) + PAIN_WORSE_BY,
    )


def severe_days_alerts(this_week, *, end):
    """The other symptoms with a severe level: 2 severe days or more in the week."""
    for measure in SEVERE_MEASURES:
        if measure in ONE_SEVERE_DAY:
            continue
        severe = [d for d in this_week if _is_severe(measure, d)]
        if len(severe) < SEVERE_DAYS_AT:
            continue
        worst = max(severe, key=lambda d: (d[measure.field], d["day"]))
        yield Alert(
            f"severe_days:{measure.code}",
            f"{measure.label} was severe or worse on {len(severe)} of the last {WEEK} days "
            f"({_value_words(measure, worst[measure.field])} on {day_words(worst['day'])}).",
            end,
            Priority.SYMPTOMS,
            level=len(severe),
            worse_at=len(severe) + SEVERE_DAYS_WORSE_BY,
        )


def hot_flash_alerts(days, *, end):
    """This week's mean daily hot flash score, high and well above her usual (see the
    module's docstring)."""
    score = measures.HOT_FLASH_SCORE
    week = answered(last_days(days, end=end, n=WEEK), score)
    if len(week) < HOT_FLASH_ANSWERED_AT:
        return
    mean = average(week)
    if mean < HOT_FLASH_SCORE_AT:
        return
    before_end = end - timedelta(days=WEEK)
    usual = answered(last_days(days, end=before_end, n=3 * WEEK), score)
    words = f"Hot flash score averaged {float(mean):.0f} a day this week"
    if len(usual) >= HOT_FLASH_ANSWERED_AT:
        usual_mean = average(usual)
        if mean < usual_mean * HOT_FLASH_ABOVE_USUAL:
            return
        words += f", against {float(usual_mean):.0f} a day in the 3 weeks before"
    yield Alert(
        f"high:{score.code}",
        words + f" ({len(week)} days answered).",
        end,
        Priority.SYMPTOMS,
        level=float(mean),
        worse_at=float(mean * HOT_FLASH_ABOVE_USUAL),
    )


# Words and helpers.


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


def _missed(day):
    return day.get("tablet_taken") is False


def _is_break(period):
    return period.kind == TherapyPeriod.Kind.BREAK


def _is_severe(measure, day):
    return measure.is_severe(day.get(measure.field))


def _value_words(measure, value):
    word = measure.scale.label_for(value).lower()
    if measure.scale.kind == measures.Kind.RATING:
        return f"{value} ({word})"
    return word


def day_words(day):
    return f"{day.day} {day:%B}"
