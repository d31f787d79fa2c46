"""Dashboard benchmark: one patient with 5 years of diary on PostgreSQL, against a bare view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dashboard python -m bench.dashboard

What runs: a PostgreSQL test database made for the run (test_<name>, dropped at the end), one
patient with an entry for every day of 5 years (the demo patient's pattern), a break, a switch
of drug and an appointment every three months.

1. In process, through every middleware (Django's test client, logged in), `--requests` times
   each, the pages taking turns: a bare view that reads one row of her diary (the floor),
   Today, the Trends page at its default range and over all 5 years (its charts kept from
   the last visit, `trends.fragments`), and the summary of its default period. Then, timed
   apart, the Trends page made afresh as after any change to her diary (its version renewed
   before each request). It prints the median and p95 of each, the p95 as a multiple of the
   bare view's, and each page's queries. With REDIS_URL set the cache is Redis, as in
   production (else local memory).
2. In Chromium, against gunicorn serving the app as in production (DEBUG off, whitenoise with
   its compressed, hashed files): the bytes a first visit to the Trends page transfers (HTML,
   CSS, JS and the figures' JSON inside the HTML), as sent on the wire.

Targets (issue 4): at p95, Today, the Trends page at its default range and the summary within
5x of the bare view, the Trends page over all 5 years within 15x, kept or made afresh; a first
visit under 800 KB.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import NoReverseMatch, include, path, reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.smtp_sink import free_port  # noqa: E402
from tracker import services, versions  # noqa: E402
from tracker.management.commands.seed_demo import demo_day  # noqa: E402
from tracker.models import Appointment, DailyEntry, Drug, PatientProfile, TherapyPeriod  # noqa: E402
from trends import views as trends_views  # noqa: E402

YEARS_DAYS = 5 * 365 + 1
EMAIL = "bench-patient@bench.example"
PASSWORD = "bench-only-password"  # noqa: S105 (a throwaway account in a throwaway database)


@login_required
def bare(request):
    """The floor: the same middleware and login, one indexed row, no template."""
    entry = DailyEntry.objects.filter(patient=request.user).order_by("-day").first()
    return HttpResponse(f"{entry.day}: {entry.joint_pain}")


@login_required
def made_afresh(request):
    """The Trends page as after any change to her diary: its version renewed, then the view."""
    versions.renew(versions.DIARY, [request.user.pk])
    return trends_views.index(request)


# This module is also the URLconf of the run: the app's URLs plus the bench's two views.
urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/afresh/", made_afresh, name="bench-afresh"),
    path("", include("config.urls")),
]


def fill():
    """Her account, therapy and 5 years of days ending yesterday."""
    today = date.today()
    first = today - timedelta(days=YEARS_DAYS)
    patient = User.objects.create_user(email=EMAIL, password=PASSWORD)
    # Her address confirmed, as after sign-up: unconfirmed, signing in stops at the code page.
    EmailAddress.objects.create(user=patient, email=EMAIL, verified=True, primary=True)
    PatientProfile.objects.create(user=patient, time_zone="Europe/London", reminder_time=clock(20))
    TherapyPeriod.objects.create(patient=patient, drug=Drug.ANASTROZOLE, start=first)
    for kind, drug, days_ago in (
        (TherapyPeriod.Kind.BREAK, Drug.ANASTROZOLE, 900),
        (TherapyPeriod.Kind.TREATMENT, Drug.ANASTROZOLE, 886),
        (TherapyPeriod.Kind.TREATMENT, Drug.EXEMESTANE, 400),
    ):
        services.record_therapy_change(
            patient=patient, kind=kind, drug=drug, starting=today - timedelta(days=days_ago)
        )
    Appointment.objects.bulk_create(
        Appointment(patient=patient, date=first + timedelta(days=d))
        for d in range(30, YEARS_DAYS + 60, 91)
    )
    DailyEntry.objects.bulk_create(
        (
            DailyEntry(patient=patient, day=first + timedelta(days=n), **demo_day(n % 365))
            for n in range(YEARS_DAYS)
        ),
        batch_size=1000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tracker_dailyentry")
    return patient


def timed(client, urls, requests):
    """Median and p95 in milliseconds of `requests` GETs of each URL, and each one's queries.

    The URLs take turns, request by request, so that a slower moment of a shared machine falls
    on all of them alike rather than on whichever page was being timed then.
    """
    for url in urls:
        for _ in range(max(5, requests // 10)):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    samples = {url: [] for url in urls}
    for _ in range(requests):
        for url in urls:
            start = time.perf_counter()
            client.get(url)
            samples[url].append((time.perf_counter() - start) * 1000)
    found = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        ordered = sorted(samples[url])
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        found[url] = (statistics.median(ordered), p95, len(queries))
    return found


def pages():
    """The pages to time: (label, URL, the p95 target as a multiple of the bare view's)."""
    found = [
        ("bare view, one row", reverse("bench-bare"), None),
        ("today", reverse("tracker:home"), 5),
        ("trends, default range", reverse("trends:index"), 5),
        ("trends, all 5 years", reverse("trends:index") + "?range=all", 15),
    ]
    try:
        found.append(("summary, default period", reverse("reports:summary"), 5))
    except NoReverseMatch:
        print("(no summary page in this build: not timed)")
    return found


def pages_made_afresh():
    """The Trends page made afresh: timed apart, as each renewal drops every kept range."""
    afresh = reverse("bench-afresh")
    return [
        ("bare view, one row", reverse("bench-bare"), None),
        ("afresh, default range", afresh, 5),
        ("afresh, all 5 years", afresh + "?range=all", 15),
    ]


def in_process(patient, requests):
    client = Client()
    client.force_login(patient)
    met = compare(client, pages(), requests)
    print("  the Trends page made afresh, as after any change to her diary:")
    return compare(client, pages_made_afresh(), requests) and met


def compare(client, found, requests):
    """Time the pages `found` ((label, URL, p95 target as a multiple of the bare view's), the
    bare view first) taking turns, and print each one's median, p95, p95 against the bare
    view's and queries. True when every target is met."""
    results = []
    floor = None
    timings = timed(client, [url for _, url, _ in found], requests)
    for label, url, target in found:
        median, p95, queries = timings[url]
        floor = floor or p95
        ratio = p95 / floor
        verdict = "" if target is None else (" ok" if ratio <= target else " MISSED")
        results.append(ratio if target is None or ratio <= target else None)
        goal = "" if target is None else f" (target <= {target}x){verdict}"
        print(
            f"  {label:<26} median {median:6.1f} ms   p95 {p95:6.1f} ms   "
            f"{ratio:5.1f}x bare{goal}   {queries} queries"
        )
    return all(r is not None for r in results)


def serve(port):
    """gunicorn as in production: DEBUG off, whitenoise serving the collected static files."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": _database_url(),
    }
    return subprocess.Popen(  # noqa: S603 (our own app)
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _database_url():
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def first_visit_bytes(base):
    """Log in, then open the dashboard in a fresh tab with an empty cache; bytes by type."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        login = browser.new_context(base_url=base, viewport=PHONE)
        page = login.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        cookies = login.cookies()
        login.close()

        visit = browser.new_context(base_url=base, viewport=PHONE)
        visit.add_cookies(cookies)
        page = visit.new_page()
        cdp = visit.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        kinds, sizes = {}, {}
        cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
        )
        page.goto("/trends/", wait_until="networkidle")
        drawn = page.locator("[data-figure] svg.main-svg").count()
        browser.close()
    by_kind = {}
    for request, size in sizes.items():
        kind = kinds.get(request, "Other")
        by_kind[kind] = by_kind.get(kind, 0) + size
    return by_kind, drawn


def wait_for(port, timeout=30):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def run(requests):
    if connection.vendor != "postgresql":
        sys.exit("The dashboard benchmark runs on PostgreSQL: set DATABASE_URL.")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    server = None
    try:
        call_command("collectstatic", "--noinput", verbosity=0)  # hashed, compressed files
        patient = fill()
        days = DailyEntry.objects.filter(patient=patient).count()
        print(f"dashboard: one patient, {days} days of diary on PostgreSQL, {requests} requests")
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
            timings_ok = in_process(patient, requests)

        port = free_port()
        server = serve(port)
        wait_for(port)
        by_kind, drawn = first_visit_bytes(f"http://127.0.0.1:{port}")
        total = sum(by_kind.values())
        parts = ", ".join(f"{kind} {size / 1024:.0f} KB" for kind, size in sorted(by_kind.items()))
        verdict = "ok" if total < 800 * 1024 else "MISSED"
        print(f"  first visit (Chromium, as served): {total / 1024:.0f} KB ({parts})")
        print(f"    target < 800 KB: {verdict}; {drawn} charts drawn")
        return timings_ok and total < 800 * 1024 and drawn > 0
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    args = parser.parse_args(argv)
    return 0 if run(args.requests) else 1


if __name__ == "__main__":
    sys.exit(main())
