"""Fan-out benchmark: N patients due at the same minute, end to end, against a bare floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reminders REDIS_URL=redis://127.0.0.1:6379/3 \\
        python -m bench.fanout --patients 100000 --concurrency 4

What runs: a PostgreSQL test database made for the run (test_<name>, dropped at the end), N
patients whose reminder time is this minute, Redis as broker, ONE Celery worker process
(`celery -A config worker`, prefork with --concurrency pool processes, each sending its
batches over its own SMTP connection) and a local SMTP server (aiosmtpd) in a process of its
own that counts what it receives by recipient.

1. Floor: N ready-made emails (the bytes of a real reminder, one per recipient, built before
   the clock starts) sent straight to that server over the same number of connections, no
   database, no templates, no Celery. Measured before and again after the end-to-end run;
   the ratio is to the mean of the two.
2. End to end: the dispatcher (as beat would start it) records the N deliveries and queues
   their batches; the worker sends them. From the dispatcher's start to the server's count
   reaching N (or a timeout).

It prints the dispatch time, reminders per second end to end, the floor's rate, the ratio,
and the duplicates and misses counted from the server and from the delivery rows.
"""

import argparse
import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
# A queue of the run's own, for this process and the worker it starts.
os.environ.setdefault("CELERY_QUEUE", f"bench-fanout-{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.smtp_sink import free_port  # noqa: E402
from config.celery import app  # noqa: E402
from reminders import emails, tasks, transport  # noqa: E402
from reminders.models import Delivery  # noqa: E402
from tracker.models import PatientProfile  # noqa: E402

TIME_ZONE = "Europe/London"
SENDER = "Symptom Diary <diary@bench.example>"
INSERT_BATCH = 5000


def address(n):
    return f"patient-{n:06d}@bench.example"


class Sink:
    """The SMTP server in its own process, and the control line that reads its counts."""

    def __init__(self):
        self.port, control = free_port(), free_port()
        self.process = subprocess.Popen(  # noqa: S603 (our own module)
            [sys.executable, "-m", "bench.smtp_sink", str(self.port), str(control)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.process.stdout.readline()  # "smtp sink on ...": it is listening
        self.control = socket.create_connection(("127.0.0.1", control))
        self.replies = self.control.makefile("r")

    def _ask(self, command):
        self.control.sendall(command.encode() + b"\n")
        return json.loads(self.replies.readline())

    def counts(self):
        return self._ask("COUNT")

    def total(self):
        return self._ask("TOTAL")

    def reset(self):
        self._ask("RESET")

    def stop(self):
        self.control.close()
        self.process.terminate()
        self.process.wait(timeout=10)


def wait_for_total(sink, n, timeout):
    """Poll the server until it has n messages (or the timeout passes); returns how many."""
    start = time.perf_counter()
    while True:
        total = sink.total()
        if total >= n or time.perf_counter() - start > timeout:
            return total
        time.sleep(0.05)


def ready_made_emails(n):
    """The bytes of a real reminder email for each of n recipients, built before timing."""
    delivery = Delivery(
        id=1,
        kind=Delivery.Kind.DAILY,
        local_date=date.today(),
        patient=User(email=address(0)),
    )
    # The bytes the send task writes to the connection.
    template = transport.wire_bytes(emails.reminder_message(delivery))
    placeholder = address(0).encode()
    return [template.replace(placeholder, address(i).encode()) for i in range(n)]


def floor(sink, n, connections):
    """Ready-made emails straight to the server over `connections` connections; per second."""
    messages = ready_made_emails(n)

    def send(share):
        with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
            for i in share:
                smtp.sendmail(SENDER, [address(i)], messages[i])

    threads = [
        threading.Thread(target=send, args=(range(k, n, connections),)) for k in range(connections)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    received = sink.total()
    assert received == n, f"the floor run delivered {received} of {n}"
    return n / elapsed


def make_patients(n, reminder_time):
    """n active patients in one time zone, all reminded at `reminder_time` (bulk inserts)."""
    for start in range(0, n, INSERT_BATCH):
        batch = range(start, min(n, start + INSERT_BATCH))
        users = User.objects.bulk_create(
            [User(email=address(i), role=User.Role.PATIENT) for i in batch]
        )
        PatientProfile.objects.bulk_create(
            [
                PatientProfile(user=user, time_zone=TIME_ZONE, reminder_time=reminder_time)
                for user in users
            ]
        )


def start_worker(env, concurrency):
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker"),
            *("--pool", "prefork", "--concurrency", str(concurrency)),
            *("--without-gossip", "--without-mingle", "--loglevel", "WARNING"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    # The worker is ready when it answers a ping over the broker.
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline:
            raise RuntimeError("the worker did not start")
    return process


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def run(n, concurrency, timeout):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("Set DATABASE_URL to PostgreSQL and REDIS_URL to Redis for this benchmark.")
    print(f"fan-out: {n} patients due the same minute, 1 worker x {concurrency} processes")
    sink = Sink()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    worker = None
    try:
        floor_rate = floor(sink, n, concurrency)
        sink.reset()
        print(f"floor: {n} ready-made emails over {concurrency} connections: {floor_rate:.0f}/s")

        now = timezone.localtime(timezone.now(), PatientProfile(time_zone=TIME_ZONE).zone)
        fill_start = time.perf_counter()
        make_patients(n, now.time().replace(second=0, microsecond=0, tzinfo=None))
        print(f"setup: {n} patients inserted in {time.perf_counter() - fill_start:.1f} s")
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
        }
        worker = start_worker(env, concurrency)

        start = time.perf_counter()
        result = tasks.dispatch_due_reminders()
        dispatch_seconds = time.perf_counter() - start
        received = wait_for_total(sink, n, timeout)
        elapsed = time.perf_counter() - start
        # Late copies would show up after the count reached n: let the queue drain first.
        drain_deadline = time.monotonic() + 30
        while Delivery.objects.filter(status__in=["pending", "sending"]).exists():
            if time.monotonic() > drain_deadline:
                break
            time.sleep(0.2)
        counts = sink.counts()
        rows = dict(Delivery.objects.order_by().values_list("status").annotate(n=Count("id")))
        rate = received / elapsed
        duplicates = sum(count - 1 for count in counts.values() if count > 1)
        misses = n - len(counts)
        print(
            f"dispatch: {result['recorded']} deliveries recorded, {result['queued']} queued "
            f"in batches of {settings.REMINDERS_BATCH_SIZE}: {dispatch_seconds:.2f} s"
        )
        print(f"end to end: {received} emails in {elapsed:.2f} s: {rate:.0f} reminders/s")
        # The floor again: on a shared machine the load moves, and the mean of the floor
        # before and after is the fairer measure of what the machine could do meanwhile.
        sink.reset()
        floor_after = floor(sink, n, concurrency)
        print(f"floor after: {floor_after:.0f}/s")
        floor_rate = (floor_rate + floor_after) / 2
        print(
            f"ratio to the floor ({floor_rate:.0f}/s, mean of before and after): "
            f"{rate / floor_rate:.2f} (target >= 0.50)"
        )
        print(
            f"duplicates: {duplicates} (server), misses: {misses} (server); delivery rows: {rows}"
        )
        print(
            f"date: {datetime.now().isoformat(timespec='seconds')}, python {sys.version.split()[0]}"
        )
        return {"floor": floor_rate, "rate": rate, "duplicates": duplicates, "misses": misses}
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        sink.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--patients", type=int, default=int(os.environ.get("BENCH_PATIENTS", 100_000))
    )
    parser.add_argument("--concurrency", type=int, default=4, help="worker pool processes")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for mail")
    args = parser.parse_args(argv)
    run(args.patients, args.concurrency, args.timeout)


if __name__ == "__main__":
    main()
