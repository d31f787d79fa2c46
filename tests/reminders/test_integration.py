"""Real Redis broker, a real Celery worker process, a real SMTP server that counts what it gets.

The worker is `celery -A config worker` started by the test in a subprocess, on the test
database and on a queue of its own (so that runs on a shared Redis do not take each other's
tasks). Mail goes over SMTP to `bench.smtp_sink` running in a thread of the test.

Redis: REDIS_URL when set, else redis://127.0.0.1:6379/9. Without a reachable Redis these tests
skip on a developer's machine and fail in CI (CI=true).
"""

import json
import os
import signal
import subprocess
import threading
import time
import uuid
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from reminders import services, tasks
from reminders.models import Delivery
from tests.clock import python_command

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/9"
DEADLINE = 60  # seconds to wait for a condition before the test fails


def wait_for(condition, what, timeout=DEADLINE):
    """Poll until `condition()` is true; fail with `what` if the deadline passes first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def broker():
    """Redis, reachable, with a queue name of this run's own; the Celery app sends there."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    queue = f"reminders-test-{uuid.uuid4().hex[:12]}"
    saved = {key: celery_app.conf[key] for key in BROKER_SETTINGS}
    _configure_broker(broker_url=REDIS_URL, broker_transport_options={}, task_default_queue=queue)
    yield queue
    _configure_broker(**saved)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    # The task of the killed worker waits in kombu's "unacked" hash to be restored to the
    # queue an hour later: drop it, or the run leaves a queue behind in Redis.
    for tag, entry in client.hgetall("unacked").items():
        if json.loads(entry)[-1] == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


BROKER_SETTINGS = ("broker_url", "broker_transport_options", "task_default_queue")


def _configure_broker(**conf):
    """Point the Celery app at another broker and queue, forgetting what it built for the old.

    (kombu keeps connection pools in a registry by URL: they are left open for their owners.)
    """
    celery_app._pool = None
    amqp = celery_app.amqp
    amqp._producer_pool = None
    for cached in ("queues", "default_queue", "router"):
        amqp.__dict__.pop(cached, None)
    celery_app.conf.update(conf)


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A config worker` in its own process group, on the test database and queue."""

    def __init__(self, queue, smtp_port):
        self.env = {
            **os.environ,
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": REDIS_URL,
            "DJANGO_EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "DJANGO_SITE_URL": settings.SITE_URL,
            "CELERY_QUEUE": queue,
        }
        self.process = None

    def start(self):
        ready = threading.Event()
        self.process = subprocess.Popen(  # noqa: S603 (this Python, fixed arguments)
            [
                *python_command("celery"),
                "-A",
                "config",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.log = []

        def read():
            for line in self.process.stdout:
                self.log.append(line)
                if " ready." in line:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        wait_for(ready.is_set, "the Celery worker to start")

    def kill(self):
        """SIGKILL to the worker and its pool processes: no clean-up, no acknowledgement."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker(broker, smtp_server):
    workers = []

    def start():
        started = Worker(broker, smtp_server.port)
        workers.append(started)
        started.start()
        return started

    yield start
    for started in workers:
        started.stop()
        # Shown by pytest when the test failed.
        print(f"--- worker log ---\n{''.join(started.log)}")


@pytest.fixture
def due_patients(patient_in):
    """`due_patients(n)`: n patients in several time zones whose reminder time has passed."""

    def make(n):
        zones = ["Pacific/Auckland", "America/New_York", "Europe/London", "Asia/Kolkata"]
        # 00:00 local has always passed, whatever the real time of the run.
        return [patient_in(zones[i % len(zones)], at=clock(0, 0)) for i in range(n)]

    return make


def _all_sent(n):
    return lambda: Delivery.objects.filter(status="sent").count() == n


def _queue_drained(queue):
    client = redis.Redis.from_url(REDIS_URL)
    return lambda: client.llen(queue) == 0


def _assert_each_once(smtp_server, patients):
    assert smtp_server.handler.counts() == {patient.email: 1 for patient in patients}
    assert Delivery.objects.count() == len(patients)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_n_due_patients_get_exactly_n_emails(broker, worker, smtp_server, due_patients, settings):
    settings.REMINDERS_BATCH_SIZE = 7
    patients = due_patients(40)
    worker()

    tasks.dispatch_due_reminders.delay()

    wait_for(lambda: smtp_server.handler.total() >= 40, "40 emails")
    wait_for(_all_sent(40), "40 deliveries marked sent")
    wait_for(_queue_drained(broker), "the queue to drain")
    # The next tick of beat finds nobody left to remind.
    assert tasks.dispatch_due_reminders() == {"recorded": 0, "queued": 0}
    _assert_each_once(smtp_server, patients)


def test_two_dispatchers_at_the_same_time_give_n_not_2n(
    broker, worker, smtp_server, due_patients, settings
):
    settings.REMINDERS_BATCH_SIZE = 5
    patients = due_patients(30)
    worker()
    barrier = threading.Barrier(2)
    errors = []

    def dispatcher():
        try:
            barrier.wait(timeout=10)
            tasks.dispatch_due_reminders()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)

    assert errors == []
    wait_for(_all_sent(30), "30 deliveries marked sent")
    wait_for(_queue_drained(broker), "the queue to drain")
    _assert_each_once(smtp_server, patients)


def test_a_send_that_fails_once_is_retried_and_sent_once(
    broker, worker, smtp_server, due_patients, settings
):
    patients = due_patients(5)
    refused = patients[2].email
    smtp_server.handler.fail_once.add(refused)
    worker()

    tasks.dispatch_due_reminders()

    wait_for(_all_sent(5), "5 deliveries marked sent after the retry")
    assert not smtp_server.handler.fail_once, "the server never refused the message"
    assert Delivery.objects.get(patient=patients[2]).attempts == 2
    _assert_each_once(smtp_server, patients)


def test_worker_killed_mid_batch_then_restarted_reminds_everyone_once(
    broker, worker, smtp_server, due_patients, settings
):
    settings.REMINDERS_BATCH_SIZE = 10
    patients = due_patients(10)
    # The server holds the 4th message: the worker is then in the middle of the batch.
    smtp_server.handler.hold_at = 4
    first = worker()

    tasks.dispatch_due_reminders()
    wait_for(smtp_server.handler.holding.is_set, "the 4th message to reach the server")
    first.kill()
    smtp_server.handler.release.set()  # the held message is refused; its sender is gone

    statuses = sorted(Delivery.objects.values_list("status", flat=True))
    assert statuses == ["sending"] * 7 + ["sent"] * 3
    worker()
    # The sweeper (beat runs it every 5 minutes) finds the rows of the dead worker.
    assert (
        services.release_stuck(now=timezone.now() + services.STUCK_AFTER + timedelta(seconds=1))
        == 7
    )
    tasks.queue_pending()

    wait_for(_all_sent(10), "10 deliveries marked sent after the restart")
    wait_for(_queue_drained(broker), "the queue to drain")
    _assert_each_once(smtp_server, patients)
