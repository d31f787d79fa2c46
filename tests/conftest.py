import io
import os
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from knowledge.services import load_content
from tests import clock
from tests.factories import PASSWORD, UserFactory, make_clinician, make_patient


def pytest_addoption(parser):
    parser.addoption(
        "--shift-clock",
        default=os.environ.get("SHIFT_CLOCK", ""),
        help=(
            "Run the session with the clock moved: a distance ahead (30d, 1y, 5y, 12h), an "
            "ISO moment (2027-03-28T00:58Z), or 'dst' (two minutes before the next change of "
            "summer time in Europe/London). Also SHIFT_CLOCK. The clock keeps ticking from there."
        ),
    )


def pytest_report_header(config):
    if value := config.getoption("--shift-clock"):
        return f"clock shifted ({value}): now is {datetime.now(UTC).isoformat(timespec='minutes')}"
    return None


def pytest_unconfigure(config):
    if shift := getattr(config, "_clock_shift", None):
        shift.stop()


def pytest_configure(config):
    if value := config.getoption("--shift-clock"):
        # Started before Django loads anything, and ticking: the test database, the factories'
        # dates and every "today" in the code all live at the shifted moment. Tests that
        # freeze the clock themselves travel from there as usual.
        config._clock_shift = clock.start(value)
    # Tests render templates without `collectstatic`: plain static URLs instead of the
    # hashed manifest that production serves.
    from django.conf import settings

    # A cache of the test run's own: allauth's rate-limit counters must not outlive a run
    # in a shared Redis.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CACHE_PER_PROCESS_ALLOWED = True  # config/checks.py: one process, the test's
    # Fast hashing: the tests create many accounts; production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache as it starts with an empty database: a page kept
    for an account of an earlier test (whose id SQLite may give out again) is never read, and
    allauth's rate limits and lockout never count another test's sign-ups and failures."""
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database gets the shipped content once, as a deployment does after migrate."""
    with django_db_blocker.unblock():
        call_command("load_content", stdout=io.StringIO())


@pytest.fixture
def shipped_content(db):
    """The shipped articles, loaded again (idempotent) for tests that need them for sure.

    Browser and transactional tests flush the database, taking the loaded rows with them.
    """
    load_content()


@pytest.fixture
def patient(db):
    """The patient whose diary it is."""
    return make_patient(email="patient@example.org")


@pytest.fixture
def other_patient(db):
    """Another patient, who must never see the first one's data."""
    return make_patient(email="other@example.org")


@pytest.fixture
def clinician(db):
    return UserFactory(email="nurse@example.org", role="clinician")


@pytest.fixture
def admin_user(db):
    """Staff with two-step sign-in set up, as the admin requires (pytest-django's
    `admin_client` signs this one in)."""
    user = make_clinician(email="admin@example.org")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def eager_celery():
    """Tasks run in the test's own thread when queued: no broker, the real task code."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def beat_at(eager_celery, django_capture_on_commit_callbacks, mailoutbox):
    """`beat_at(task, at)`: one of beat's periodic tasks run at that moment, the tasks it
    queues run too; returns the mail it sent."""

    def run(task, at):
        before = len(mailoutbox)
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            task()
        return mailoutbox[before:]

    return run
