"""The history page's calendar: a month of her days, each logged, partly logged or missed."""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tracker import measures, selectors

WEEKDAYS = [(calendar.day_name[n], calendar.day_abbr[n]) for n in range(7)]  # Monday first


class Status(StrEnum):
    LOGGED = "logged"
    PARTLY = "partly logged"
    MISSED = "missed"
    # No answer expected: before her therapy started, or not yet happened.
    NONE = ""


@dataclass(frozen=True)
class Day:
    day: date
    status: Status
    entry_id: int | None  # her entry for the day, to open it


@dataclass(frozen=True)
class Month:
    first: date
    weeks: list  # lists of seven Day, or None outside the month
    previous: date | None  # the first of the month before, when she can go there
    next: date | None
    counts: dict  # Status -> days

    @property
    def logged(self):
        return self.counts[Status.LOGGED]

    @property
    def partly(self):
        return self.counts[Status.PARTLY]

    @property
    def missed(self):
        return self.counts[Status.MISSED]


def month_of(value, *, today, start):
    """The month `value` ("2026-03") names, kept between her therapy's first month and today's;
    today's month when `value` is missing or not a month."""
    latest = today.replace(day=1)
    earliest = (start or today).replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        chosen = date(year, month, 1)
    except (ValueError, TypeError):
        return latest
    return min(max(chosen, earliest), latest)


def month(*, patient, first, today, start):
    """The month starting on `first`, weeks from Monday: one query for its days."""
    weeks = calendar.Calendar().monthdatescalendar(first.year, first.month)
    last = weeks[-1][-1]
    rows = selectors.day_answers(
        patient=patient,
        first=first,
        last=min(last, today),
        fields=[m.field for m in measures.DAY_QUESTIONS],
    )
    counts = dict.fromkeys((Status.LOGGED, Status.PARTLY, Status.MISSED), 0)
    found = []
    for week in weeks:
        row = []
        for day in week:
            if day.month != first.month:
                row.append(None)
                continue
            cell = _day(day, rows.get(day), today=today, start=start)
            if cell.status:
                counts[cell.status] += 1
            row.append(cell)
        found.append(row)
    previous = _shift(first, -1)
    following = _shift(first, 1)
    return Month(
        first=first,
        weeks=found,
        previous=previous if start and previous >= start.replace(day=1) else None,
        next=following if following <= today else None,
        counts=counts,
    )


def _day(day, row, *, today, start):
    if row is not None:
        answered = all(row[m.field] is not None for m in measures.DAY_QUESTIONS)
        return Day(day, Status.LOGGED if answered else Status.PARTLY, row["id"])
    if start is None or day < start or day > today:
        return Day(day, Status.NONE, None)
    return Day(day, Status.MISSED, None)


def _shift(first, months):
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
