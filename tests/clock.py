"""The test run's clock moved ahead (`pytest --shift-clock=30d|1y|5y|dst|<ISO moment>`), so that
no test depends on the day it runs: see `tests/conftest.py`.

Processes a test starts (a Celery worker) live at the same moment through `python_command()`:
`python -m tests.clock MOMENT module args...` runs `python -m module args` with the clock
travelled to MOMENT, ticking from there.
"""

import re
import runpy
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

_DISTANCE = re.compile(r"^(\d+)([hdwy])$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}

shifted = False


def shifted_moment(value, now):
    """The moment `--shift-clock` names, from the real `now` (aware, UTC)."""
    if value == "dst":
        return next_offset_change(now, ZoneInfo("Europe/London")) - timedelta(minutes=2)
    if match := _DISTANCE.match(value):
        count, unit = int(match[1]), match[2]
        if unit == "y":
            # The same day of a later year; 29 February becomes 28 February.
            day = min(now.day, 28) if now.month == 2 else now.day
            return now.replace(year=now.year + count, day=day)
        return now + count * _UNITS[unit]
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def next_offset_change(now, zone):
    """The first hour after `now` at which `zone`'s offset from UTC changes (summer time)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    offset = hour.astimezone(zone).utcoffset()
    for _ in range(24 * 370):
        hour += timedelta(hours=1)
        if hour.astimezone(zone).utcoffset() != offset:
            return hour
    raise ValueError(f"{zone} keeps one offset for a year")


def start(value):
    """Moves this process's clock as `--shift-clock=value` says; returns the travel to stop."""
    global shifted
    travel = time_machine.travel(shifted_moment(value, datetime.now(UTC)), tick=True)
    travel.start()
    shifted = True
    return travel


def python_command(module):
    """`[python, -m, module]`, living at this run's moment when its clock is shifted."""
    if shifted:
        return [sys.executable, "-m", "tests.clock", datetime.now(UTC).isoformat(), module]
    return [sys.executable, "-m", module]


if __name__ == "__main__":
    time_machine.travel(datetime.fromisoformat(sys.argv[1]), tick=True).start()
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
