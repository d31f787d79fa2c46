"""`make run` as it starts the app: the Procfile's `web` (gunicorn, two processes) and `worker`
(Celery on the filesystem broker) with the Makefile's production-like environment, each with
the PORT honcho would give it, on the test database and the file cache under var/.

A day saved by one process is on the next Trends page served by another, and a reminder the
worker sends links to the web server's address, where each link answers.
"""

import email
import os
import re
import shlex
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from bench import smtp_sink
from tests.clock import python_command
from tests.factories import DailyEntryFactory, make_patient
from tracker import services
from tracker.selectors import local_today

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]
DEADLINE = 60  # seconds to wait for a condition before the test fails


def wait_for(condition, what):
    deadline = time.monotonic() + DEADLINE
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {DEADLINE} s waiting for {what}")
        time.sleep(0.1)
    return result


def procfile():
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def make_run_environment(port):
    """The variables the Makefile's `make run` gives honcho (`make -n`: nothing is run)."""
    printed = subprocess.run(  # noqa: S603 (make, fixed arguments)
        ["make", "--no-print-directory", "-n", "run", f"PORT={port}"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in printed.splitlines() if "honcho start" in line)
    words = line.split(" honcho start", 1)[0].split()
    assignments = (word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    # Its key is read from var/ when it runs; the test's own signs the test's sessions.
    return {name: value for name, value in assignments if name not in ("PATH", "DJANGO_SECRET_KEY")}


class Processes:
    """The Procfile's processes, started as honcho starts them (PORT 8000, 8100, ... apart)."""

    def __init__(self, smtp_port):
        self.port = smtp_sink.free_port()
        self.site_url = f"http://127.0.0.1:{self.port}"
        ours = (
            "REDIS_URL",
            "PORT",
            "DJANGO_DEBUG",
            "DJANGO_SITE_URL",
            "DJANGO_SECURE_SSL_REDIRECT",
        )
        environ = {k: v for k, v in os.environ.items() if k not in ours}
        # What `make run` sets, on the test's database and mail server.
        self.env = (
            environ
            | make_run_environment(self.port)
            | {
                "DJANGO_SECRET_KEY": settings.SECRET_KEY,
                "WEB_CONCURRENCY": "2",
                "DATABASE_URL": _database_url(),
                "DJANGO_EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
                # The filesystem broker's folder is var/broker/: a queue of this run's own.
                "CELERY_QUEUE": f"make-run-test-{uuid.uuid4().hex[:12]}",
            }
        )
        self.started = []
        self.log = []

    def start(self, name, offset):
        command = procfile()[name]
        program, arguments = command.split(" ", 1)
        line = f"exec {shlex.join(python_command(program))} {arguments}"
        process = subprocess.Popen(  # noqa: S603 (the Procfile's line, through this Python)
            ["/bin/sh", "-c", line],
            cwd=ROOT,
            env=self.env | {"PORT": str(self.port + offset)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.started.append(process)
        threading.Thread(target=self._read, args=(name, process), daemon=True).start()
        return process

    def _read(self, name, process):
        for text in process.stdout:
            self.log.append(f"{name}: {text}")

    def run(self, *arguments):
        subprocess.run(  # noqa: S603 (this Python, fixed arguments)
            [*python_command("manage"), *arguments],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def stop(self):
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def smtp_server():
    controller = smtp_sink.start()
    yield controller
    controller.handler.release.set()
    controller.stop()


@pytest.fixture
def app(smtp_server, settings):
    """web and worker running; this test process shares their cache (files under var/)."""
    processes = Processes(smtp_server.port)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(settings.VAR_DIR / "cache"),
        }
    }
    # DEBUG off: the pages name their static files from collectstatic's manifest.
    processes.run("collectstatic", "--noinput", "--verbosity", "0")
    processes.start("web", 0)
    wait_for(lambda: _answers(processes.site_url + "/accounts/login/"), "the web server")
    yield processes
    processes.stop()
    print("--- processes' log ---\n" + "".join(processes.log))


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (http, loopback)
            return response.status
    except OSError:
        return None


def _get(app, path, session):
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    request = urllib.request.Request(app.site_url + path, headers=cookie)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return response.read().decode()


def _session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_day_saved_by_one_process_is_on_the_next_trends_page_of_every_other(app):
    patient = make_patient(email="ruth@example.org")
    today = local_today(patient.patient_profile)
    for back in (2, 3, 4):
        DailyEntryFactory(patient=patient, day=today - timedelta(days=back), joint_pain=3)
    session = _session_of(patient)
    trends = reverse("trends:index")
    # Kept by whichever of the two gunicorn processes answers each.
    for _ in range(4):
        assert "3 days logged" in _get(app, trends, session)

    # This process (neither of the web server's) saves a day, as the worker or a shell would.
    services.save_entry(
        patient=patient,
        day=today - timedelta(days=5),
        values={"joint_pain": 6, "tablet_taken": True},
    )

    for _ in range(8):
        assert "4 days logged" in _get(app, trends, session)


def test_an_address_that_is_not_there_gets_the_apps_own_page_not_djangos_technical_one(app):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(app.site_url + "/no-such-page/", timeout=30)  # noqa: S310
    assert refused.value.code == 404
    page = refused.value.read().decode()
    assert "We could not find that page" in page
    assert "URLconf" not in page


def test_a_reminder_from_the_worker_links_to_the_web_server_and_each_link_answers(app, smtp_server):
    patient = make_patient(email="ruth@example.org", time_zone="Europe/London")
    patient.patient_profile.reminder_time = clock(0, 0)  # passed, whatever the hour of the run
    patient.patient_profile.save(update_fields=["reminder_time"])
    app.start("worker", 100)  # honcho's PORT for the second process: not the web server's
    wait_for(lambda: any(" ready." in line for line in app.log), "the Celery worker")

    app.run("shell", "-c", "from reminders import tasks; tasks.dispatch_due_reminders.delay()")
    wait_for(lambda: smtp_server.handler.total() == 1, "the reminder email")

    message = email.message_from_bytes(smtp_server.handler.last_message)
    text = "".join(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    )
    links = set(re.findall(r"https?://[^\s\"'<>]+", text + message["List-Unsubscribe"]))
    links = {link.replace("&amp;", "&") for link in links}
    assert links
    for link in links:
        assert link.startswith(app.site_url + "/"), link
        assert _answers(link) == 200, link
