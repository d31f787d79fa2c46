"""Many patients sharing long diaries with one clinician, made fast: for the patient list's
query-count test (tests/care/test_patient_list_scale.py) and its benchmark (bench/care_list.py).

Plain functions with no setup of their own: the caller has Django set up and a database open.
The first patient's days are built from the demo patient's pattern; everyone else's are copied
from hers inside the database, so 500 patients with 5 years each (about 913,000 days) take
seconds rather than the minutes `bulk_create` needed.
"""

from datetime import time as clock
from datetime import timedelta

from django.db import connection

from accounts.models import User
from care.models import Alert, Grant
from tracker.management.commands.seed_demo import demo_day
from tracker.models import DailyEntry, Drug, PatientProfile, TherapyPeriod

YEAR_DAYS = 365
BATCH = 5000


def sharing_patients(*, clinician, count, days, today, alert_every=10, prefix="load"):
    """`count` patients, each with a therapy started `days` ago, a day logged on each of those
    `days` days up to `today`, and a live grant to `clinician`; every `alert_every`-th one has
    an unseen alert. Returns their ids."""
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n:05}@bench.example", password="!", role=User.Role.PATIENT)  # noqa: S106
        for n in range(count)
    )
    if users[0].pk is None:  # SQLite before RETURNING: read the ids back
        users = list(User.objects.filter(email__startswith=prefix).order_by("email"))
    first = today - timedelta(days=days - 1)
    PatientProfile.objects.bulk_create(
        PatientProfile(
            user=user,
            time_zone="Europe/London",
            reminder_time=clock(20),
            care_name=f"Patient {n:05}",
        )
        for n, user in enumerate(users)
    )
    TherapyPeriod.objects.bulk_create(
        TherapyPeriod(patient=user, drug=Drug.LETROZOLE, start=first) for user in users
    )
    Grant.objects.bulk_create(Grant(patient=user, clinician=clinician) for user in users)
    Alert.objects.bulk_create(
        Alert(
            patient=user,
            key="severe:joint_pain",
            day=today - timedelta(days=today.weekday()),
            reason="Joint pain was 8 (severe) on a day this week.",
            level=8,
        )
        for user in users[::alert_every]
    )
    year = [demo_day(n) for n in range(YEAR_DAYS)]
    model = users[0]
    DailyEntry.objects.bulk_create(
        (
            DailyEntry(patient_id=model.pk, day=first + timedelta(days=n), **year[n % YEAR_DAYS])
            for n in range(days)
        ),
        batch_size=BATCH,
    )
    copy_days(source=model.pk, to=[user.pk for user in users[1:]])
    return [user.pk for user in users]


def copy_days(*, source, to):
    """Every day of patient `source` copied to each patient in `to`, inside the database:
    building the rows in Python took minutes for half a million days."""
    columns = [
        field.column
        for field in DailyEntry._meta.concrete_fields
        if not field.primary_key and not field.generated and field.column != "patient_id"
    ]
    table = connection.ops.quote_name(DailyEntry._meta.db_table)
    users = connection.ops.quote_name(User._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    picked = ", ".join(f"e.{connection.ops.quote_name(column)}" for column in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(to), 100):
            ids = to[start : start + 100]
            cursor.execute(
                f"INSERT INTO {table} (patient_id, {names}) "  # noqa: S608 (names from the model)
                f"SELECT u.id, {picked} FROM {table} e CROSS JOIN {users} u "
                f"WHERE e.patient_id = %s AND u.id IN ({', '.join(['%s'] * len(ids))})",
                [source, *ids],
            )
