"""Patient list benchmark: a clinician with 500 sharing patients, 5 years of days each, on
PostgreSQL, against a bare view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/care_list_bench python -m bench.care_list

What runs: a PostgreSQL test database made for the run (test_<name>, dropped at the end), a
clinician with an authenticator app and recovery codes (as `care.access.clinician_required`
asks), and `--patients` patients (500) who share their diary with her, each with a day logged
on every day of 5 years, every tenth with an unseen alert (`bench.care_data`).

In process, through every middleware (Django's test client, logged in with `force_login`),
`--requests` times each, the pages taking turns: a bare view that reads one row of her grants
(the floor: same middleware and login, no template), the list's first page in its default
order (alerts first, then by name), sorted by last entry, and filtered to those who need
attention, each as a clinician meets it most often: kept from her last visit
(`care.list_cache`); then the first page made afresh, as after any change on the list (her
list's version renewed before each request: the seven queries and the render). It prints the
median and p95 of each, the p95 as a multiple of the bare view's, and each page's queries.
With REDIS_URL set, the pages are kept in Redis as in production (else in local memory).

Target (issue 12): each first page of the list at p95 within 4x of the bare view.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402

django.setup()

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.care_data import sharing_patients  # noqa: E402
from bench.dashboard import compare  # noqa: E402
from care import list_cache  # noqa: E402
from care.models import ClinicianProfile, Grant  # noqa: E402
from care.views import clinician as clinician_views  # noqa: E402
from tracker.models import DailyEntry  # noqa: E402

FIVE_YEARS = 5 * 365 + 1
TARGET = 4


@login_required
def bare(request):
    """The floor: the same middleware and login, one indexed row, no template."""
    grant = Grant.objects.filter(clinician=request.user, revoked_at=None).first()
    return HttpResponse(f"{grant.patient_id} since {grant.created_at}")


@login_required
def made_afresh(request):
    """The list as after any change on it: her list's version renewed, then the real view."""
    list_cache.renew_lists([request.user.pk])
    return clinician_views.patient_list(request)


# This module is also the URLconf of the run: the app's URLs plus the bench's two views.
urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/afresh/", made_afresh, name="bench-afresh"),
    path("", include("config.urls")),
]


def fill(patients):
    """The clinician, signed up with a second factor, and her sharing patients."""
    clinician = User.objects.create_user(
        email="bench-clinician@bench.example", role=User.Role.CLINICIAN
    )
    ClinicianProfile.objects.create(user=clinician, name="Bench Clinician")
    TOTP.activate(clinician, generate_totp_secret())
    RecoveryCodes.activate(clinician)
    sharing_patients(clinician=clinician, count=patients, days=FIVE_YEARS, today=date.today())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return clinician


def pages():
    """The pages to time: (label, URL, the p95 target as a multiple of the bare view's)."""
    patients = reverse("care:patients")
    return [
        ("bare view, one row", reverse("bench-bare"), None),
        ("list, default order", patients, TARGET),
        ("list, by last entry", f"{patients}?sort=last_entry", TARGET),
        ("list, needs attention", f"{patients}?attention=on", TARGET),
    ]


def pages_made_afresh():
    """The same first pages, each made afresh: timed apart, as each renewal drops them all."""
    afresh = reverse("bench-afresh")
    return [
        ("bare view, one row", reverse("bench-bare"), None),
        ("afresh, default order", afresh, None),
        ("afresh, by last entry", f"{afresh}?sort=last_entry", None),
        ("afresh, needs attention", f"{afresh}?attention=on", None),
    ]


def run(patients, requests):
    if connection.vendor != "postgresql":
        sys.exit("The patient list benchmark runs on PostgreSQL: set DATABASE_URL.")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("collectstatic", "--noinput", verbosity=0)  # the pages' hashed names
        start = time.perf_counter()
        clinician = fill(patients)
        print(
            f"care list: {patients} sharing patients, {DailyEntry.objects.count():,} days on "
            f"PostgreSQL (filled in {time.perf_counter() - start:.0f} s), {requests} requests"
        )
        client = Client()
        client.force_login(clinician)
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
            met = compare(client, pages(), requests)
            print("  made afresh, as after any change on the list:")
            compare(client, pages_made_afresh(), requests)
            return met
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    args = parser.parse_args(argv)
    return 0 if run(args.patients, args.requests) else 1


if __name__ == "__main__":
    sys.exit(main())
