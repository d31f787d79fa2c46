"""The one-page summary of a period that a patient hands to her clinician.

`summary_for` does not care who is asking: the patient's own page calls it today, a
clinician's read-only view will call it later. It reads a constant number of queries however
long her history or the period is (see `summary_for`).
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max
from django.utils.text import Truncator

from reports import alerts
from tracker import aggregates, measures, selectors
from tracker.models import DailyEntry

DEFAULT_DAYS = 28
# Longer periods are refused: the previous period of the same length doubles the span, and a
# one-page summary of more than two years says little.
MAX_DAYS = 731
# The page must print on one A4 page. Below the table of measures there is room for about
# `LINES_FOR_ALERTS_AND_NOTES` printed lines: every alert takes one and is always shown; the
# newest notes take the rest, two lines each (cut to `NOTE_CHARS`, no word longer than
# `NOTE_WORD_CHARS`), at most `NOTES_SHOWN` and at least one. The others are counted ("and 4
# more in the diary"). tests/browser/test_summary.py prints the worst case to prove it.
NOTES_SHOWN = 6
# The small trend charts take about ten printed lines: beside more alerts than this, the alerts
# keep the page and the charts stay on the screen only (the printout says so).
MAX_ALERTS_WITH_PRINTED_CHARTS = 8
NOTE_CHARS = 160
NOTE_WORD_CHARS = 40
LINES_FOR_ALERTS_AND_NOTES = 16
LONG_WORD = re.compile(rf"\S{{{NOTE_WORD_CHARS + 1},}}")

ADHERENCE = measures.TABLET_TAKEN
# Measures whose rise is good news: only the tablet, shown as adherence.
HIGHER_IS_BETTER = {ADHERENCE.code}
# Missed-tablet reasons, and "" for none given.
REASON_CODES = ("", *(code for code, _ in measures.MISSED_TABLET_REASONS))
# The value that makes a day the "worst" has no meaning for yes/no answers.
WORST_DAY_MEASURES = tuple(m for m in measures.MEASURES if m.scale.kind != measures.Kind.YES_NO)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    since_appointment: date | None = None
    words: str = field(default="", compare=False)  # what the default period is, in a sentence

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period of the same length that ends the day before this one starts."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def default_period(*, appointments, today, therapy_start, whose="your"):
    """Since her last appointment before today (from her loaded `appointments`), or else the
    last 4 weeks; never before her therapy started, never longer than `MAX_DAYS`. Its words
    say which of these it turned out to be, to her (`whose` "your") or to her team ("her")."""
    last = max((a.date for a in appointments if a.date < today), default=None)
    wanted = last or today - timedelta(days=DEFAULT_DAYS - 1)
    limited = max(wanted, today - timedelta(days=MAX_DAYS - 1))
    start = min(max(limited, therapy_start), today) if therapy_start else limited
    if start > limited:
        words = f"Since {whose} therapy started on {start:%-d %B %Y}."
    elif start > wanted:
        words = f"The last {MAX_DAYS // 365} years, the longest one summary covers."
    elif last:
        words = f"Since {whose} last appointment on {last:%-d %B %Y}."
    else:
        words = f"The last {DEFAULT_DAYS // 7} weeks."
    return Period(start, today, since_appointment=last if last == start else None, words=words)


@dataclass(frozen=True)
class Change:
    """From the previous period to this one: a number for scales, a share of days for yes/no."""

    before: float
    after: float
    percent: bool = False
    higher_is_better: bool = False
    # A scale of words (none, mild, ... very severe): its averages are told as its words.
    words_scale: measures.Scale | None = None

    @property
    def difference(self):
        return round(self.after - self.before, 0 if self.percent else 1)

    @property
    def direction(self):
        return "up" if self.difference > 0 else "down" if self.difference < 0 else "same"

    @property
    def arrow(self):
        return {"up": "↑", "down": "↓", "same": "→"}[self.direction]

    @property
    def verdict(self):
        """ "worse", "better" or "same", for the colour and for words."""
        if self.direction == "same":
            return "same"
        return "better" if (self.direction == "up") == self.higher_is_better else "worse"

    def _number(self, value):
        return f"{value:.0f}%" if self.percent else f"{value:.1f}"

    @property
    def words(self):
        """e.g. "up 1.4 from 3.1", "down from 40% to 25%", "same as before (3.1)"; on a
        scale of words "up from mild to moderate" or "a little up, still mild"."""
        if self.words_scale:
            before, after = (nearest_words(self.words_scale, v) for v in (self.before, self.after))
            if self.direction == "same":
                return f"same as before ({before})"
            if before == after:
                return f"a little {self.direction}, still {after}"
            return f"{self.direction} from {before} to {after}"
        if self.direction == "same":
            return f"same as before ({self._number(self.before)})"
        before = self._number(self.before)
        if self.percent:
            return f"{self.direction} from {before} to {self._number(self.after)}"
        return f"{self.direction} {abs(self.difference):.1f} from {before}"


def nearest_words(scale, value):
    """The words of the scale's point nearest `value` (halves round up), lower case: an
    average of 2.7 on none-to-very-severe reads "severe", never "2.7"."""
    return scale.label_for(math.floor(value + 0.5)).lower()


@dataclass(frozen=True)
class MeasureLine:
    """One measure over the period: days are the days she answered it."""

    measure: measures.Measure
    answered: int
    days_in_period: int
    average: float | None
    worst: int | None
    worst_day: date | None
    severe_days: int | None
    change: Change | None

    @property
    def is_yes_no(self):
        return self.measure.scale.kind == measures.Kind.YES_NO

    @property
    def is_word_scale(self):
        return self.measure.scale.kind == measures.Kind.SEVERITY

    @property
    def average_words(self):
        """On a scale of words, the word nearest her average ("mild"), never the number."""
        return nearest_words(self.measure.scale, self.average) if self.average is not None else ""

    @property
    def yes_days(self):
        return round(self.average * self.answered) if self.average is not None else 0

    @property
    def worst_words(self):
        if self.worst is None:
            return ""
        words = self.measure.scale.label_for(self.worst)
        if self.measure.scale.kind == measures.Kind.RATING:
            return f"{self.worst} ({words.lower()})"
        return words


@dataclass(frozen=True)
class Adherence:
    answered: int
    taken: int
    percent: int | None
    reasons: str  # in her words with counts, e.g. “I forgot” on 2 days
    change: Change | None

    @property
    def missed(self):
        return self.answered - self.taken


@dataclass(frozen=True)
class Note:
    day: date  # the latest day with this note
    text: str
    other_days: int = 0  # earlier days of the period with the very same note
    is_cut: bool = False  # shortened to fit the printed page


@dataclass(frozen=True)
class Summary:
    patient: object
    period: Period
    previous: Period
    days_logged: int
    sections: list  # (Section, [MeasureLine]) in the catalogue's order
    adherence: Adherence
    alert_week: Period
    alerts: list
    therapy: list  # the therapy periods that overlap the period
    notes: list
    more_notes: int
    # The diary's first day, when the previous period lies wholly before it: nothing to compare.
    first_period_since: date | None = None

    @property
    def charts_in_print(self):
        return len(self.alerts) <= MAX_ALERTS_WITH_PRINTED_CHARTS


def summary_for(patient, start, end, *, timeline=None):
    """The summary of `patient`'s days from `start` to `end` (inclusive).

    Four queries, or five without `timeline` (her therapy periods, if the caller has them):
    every measure's numbers for this and the previous period (`measure_stats`), the worst day
    of each measure with the missed-tablet reasons and the number of notes, the newest notes,
    and the weeks the alert rule reads.
    """
    period = Period(start, end)
    previous = period.previous()
    stats = aggregates.measure_stats(
        patient=patient,
        windows={"now": (period.start, period.end), "before": (previous.start, previous.end)},
    )
    now, before = stats["now"], stats["before"]
    worst = aggregates.worst_days_and_counts(
        patient=patient,
        first=start,
        last=end,
        worst_of=WORST_DAY_MEASURES,
        tablet=ADHERENCE,
        reasons=REASON_CODES,
    )
    if timeline is None:
        timeline = selectors.therapy_timeline(patient=patient)
    # The rule reads the weeks to `end`, but a summary tells only of its own period: a visit
    # link for one day showed the alerts of the days before it.
    days = [d for d in alerts.window(patient=patient, end=end) if d["day"] >= start]
    found = alerts.alerts_for(days, end=end, timeline=timeline)
    # A note copied from day to day is shown once, on its latest day, with the others counted.
    notes = [
        Note(
            row["last"],
            _note_text(row["note"]),
            other_days=row["days"] - 1,
            is_cut=_note_text(row["note"]) != " ".join(row["note"].split()),
        )
        for row in DailyEntry.objects.filter(patient=patient, day__range=(start, end))
        .exclude(note="")
        .values("note")
        .annotate(last=Max("day"), days=Count("pk"))
        .order_by("-last")[: notes_shown(len(found))]
    ]
    therapy_start = timeline[0].start if timeline else None
    alert_week = Period(max(start, end - timedelta(days=alerts.WEEK - 1)), end)
    return Summary(
        patient=patient,
        period=period,
        previous=previous,
        days_logged=now.days_logged,
        sections=[
            (section, lines)
            for section in measures.SECTIONS
            if section.code != ADHERENCE.section
            and (lines := _lines(section, now, before, worst.worst_days, period.days))
        ],
        adherence=_adherence(now[ADHERENCE.code], before[ADHERENCE.code], worst.missed),
        alert_week=alert_week,
        alerts=found,
        therapy=[p for p in timeline if p.start <= end and (p.end is None or p.end >= start)],
        notes=notes,
        more_notes=worst.notes - sum(1 + note.other_days for note in notes),
        first_period_since=therapy_start
        if therapy_start and previous.end < therapy_start
        else None,
    )


def notes_shown(alert_count):
    """How many notes fit on the printed page beside this many alerts."""
    return max(1, min(NOTES_SHOWN, (LINES_FOR_ALERTS_AND_NOTES - alert_count) // 2))


def _note_text(text):
    """One paragraph, cut short; a run of characters with no space (a pasted link, a held
    key) is cut too, so that no note takes more than two printed lines."""
    text = LONG_WORD.sub(lambda match: match[0][:NOTE_WORD_CHARS] + "…", " ".join(text.split()))
    return Truncator(text).chars(NOTE_CHARS)


# Answers most days never have: a row only when she gave one in the period, so that a
# "Not answered" row for each does not push the summary onto a second printed page.
ROW_ONLY_WHEN_ANSWERED = frozenset({measures.HAND_TINGLING.code, measures.VAGINAL_BLEEDING.code})


def _lines(section, now, before, worst_days, days_in_period):
    lines = []
    for measure in measures.MEASURES:
        if measure.section != section.code:
            continue
        stats = now[measure.code]
        if not stats.days and measure.code in ROW_ONLY_WHEN_ANSWERED:
            continue
        lines.append(
            MeasureLine(
                measure=measure,
                answered=stats.days,
                days_in_period=days_in_period,
                average=stats.average,
                worst=stats.worst,
                worst_day=worst_days.get(measure.code),
                severe_days=stats.severe_days if measure.severe_at is not None else None,
                change=_change(measure, stats, before[measure.code]),
            )
        )
    return lines


def _change(measure, now, before):
    if now.average is None or before.average is None:
        return None
    if measure.scale.kind == measures.Kind.YES_NO:
        return Change(
            100 * before.average,
            100 * now.average,
            percent=True,
            higher_is_better=measure.code in HIGHER_IS_BETTER,
        )
    return Change(
        before.average,
        now.average,
        higher_is_better=measure.code in HIGHER_IS_BETTER,
        words_scale=measure.scale if measure.scale.kind == measures.Kind.SEVERITY else None,
    )


def _adherence(now, before, missed):
    taken = round(now.average * now.days) if now.average is not None else 0
    return Adherence(
        answered=now.days,
        taken=taken,
        percent=math.floor(100 * now.average + 0.5) if now.average is not None else None,
        reasons=alerts.reasons_words(missed),
        change=_change(ADHERENCE, now, before),
    )
