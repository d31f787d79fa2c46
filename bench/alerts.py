"""Nightly alert benchmark: the rate of the nightly evaluation against a bare read of the rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/care_alerts_bench python -m bench.alerts

What runs: a PostgreSQL test database made for the run (test_<name>, dropped at the end),
`--patients` patients (10,000) who share their diary with one clinician, each with two weeks
of days ending today (bulk inserts; a varied pattern, so that about a third raise something).

In this process, one worker's work without the broker: each batch of
`CARE_ALERTS_BATCH_SIZE` patients through the task function `care.tasks.raise_alerts_batch`
(called directly, so it runs here), after the dispatcher's query for who shares. Twice: the
first night stores the alerts, the second finds them all remembered already (the steady
state). Against it, in the same run, the floor: the same batches' fortnights read with one
plain query each (`SELECT *` of the diary's rows, fetched, nothing else). It prints patients
per second for each and the ratio, and the number of alerts stored.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from itertools import batched
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from care import alerts, tasks  # noqa: E402
from care.models import Alert, Grant  # noqa: E402
from tracker.models import DailyEntry, Drug, PatientProfile, TherapyPeriod  # noqa: E402

TIME_ZONE = "Europe/London"
FORTNIGHT = 14
INSERT_BATCH = 5000


def fill(patients):
    """The clinician, the patients, their profiles, therapy, grants and fortnights."""
    today = timezone.localdate()
    clinician = User.objects.create(email="bench-clinician@bench.example", role="clinician")
    users = []
    for chunk in batched(range(patients), INSERT_BATCH):
        made = User.objects.bulk_create(
            [User(email=f"bench-{i}@bench.example", role=User.Role.PATIENT) for i in chunk]
        )
        PatientProfile.objects.bulk_create(
            [PatientProfile(user=user, time_zone=TIME_ZONE) for user in made]
        )
        TherapyPeriod.objects.bulk_create(
            [
                TherapyPeriod(patient=user, drug=Drug.LETROZOLE, start=today - timedelta(400))
                for user in made
            ]
        )
        Grant.objects.bulk_create([Grant(patient=user, clinician=clinician) for user in made])
        DailyEntry.objects.bulk_create(
            [
                entry(user, i, today - timedelta(days=n), n)
                for i, user in zip(chunk, made, strict=True)
                for n in range(FORTNIGHT)
            ],
            batch_size=INSERT_BATCH,
        )
        users += made
    return users


def entry(user, i, day, n):
    """A day of patient `i`, `n` days ago: most are calm; some worsen this week, some miss."""
    worse = i % 3 == 0 and n < 7
    missed = i % 7 == 0 and n in (1, 3, 5)
    return DailyEntry(
        patient=user,
        day=day,
        joint_pain=(i + n) % 4 + (4 if worse else 0),
        fatigue=(i + n) % 2 + (1 if worse else 0),
        cramp_severity=(i * n) % 3,
        tablet_taken=not missed,
        missed_reason="side_effects" if missed and i % 2 else ("forgot" if missed else ""),
    )


def nightly():
    """The dispatcher's query, then every batch through the task function."""
    ids = alerts.sharing_patient_ids()
    for batch in batched(ids, settings.CARE_ALERTS_BATCH_SIZE):
        tasks.raise_alerts_batch(list(batch))
    return len(ids)


def floor(ids):
    """The same batches' fortnights, read with one plain query each."""
    last = timezone.localdate()
    first = last - timedelta(days=FORTNIGHT - 1)
    table = DailyEntry._meta.db_table
    for batch in batched(ids, settings.CARE_ALERTS_BATCH_SIZE):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT * FROM {table} WHERE patient_id = ANY(%s) "  # noqa: S608 (model name)
                "AND day BETWEEN %s AND %s",
                [list(batch), first, last],
            )
            cursor.fetchall()
    return len(ids)


def timed(function, *args):
    start = time.perf_counter()
    count = function(*args)
    return count / (time.perf_counter() - start)


def run(patients):
    if connection.vendor != "postgresql":
        sys.exit("The alert benchmark runs on PostgreSQL: set DATABASE_URL.")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        start = time.perf_counter()
        ids = sorted(user.pk for user in fill(patients))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"alerts: {patients} sharing patients, {DailyEntry.objects.count()} days, "
            f"filled in {time.perf_counter() - start:.0f} s; batches of "
            f"{settings.CARE_ALERTS_BATCH_SIZE}, one process, tasks called in-process"
        )
        bare_before = timed(floor, ids)
        first_night = timed(nightly)
        stored = Alert.objects.count()
        second_night = timed(nightly)
        bare_after = timed(floor, ids)
        bare = (bare_before + bare_after) / 2
        print(
            f"  floor (one plain query per batch): {bare_before:,.0f} / {bare_after:,.0f} "
            "patients/s"
        )
        print(f"  nightly, first night ({stored} alerts stored): {first_night:,.0f} patients/s")
        print(f"  nightly, second night (all remembered): {second_night:,.0f} patients/s")
        print(f"  ratio to the floor's mean: {first_night / bare:.2f} / {second_night / bare:.2f}")
        return Alert.objects.count() == stored
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=10_000)
    args = parser.parse_args(argv)
    return 0 if run(args.patients) else 1


if __name__ == "__main__":
    sys.exit(main())
