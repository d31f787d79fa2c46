"""The cache `make run` uses without Redis: Django's database cache in the embedded SQLite
(WAL, IMMEDIATE, as config/settings.py opens it) against the file cache, for what the app asks
of its cache: version tokens (set, get_many of two) and kept pages of about 190 KB.

    .venv/bin/python -m bench.cache_backends db
    .venv/bin/python -m bench.cache_backends file

Standalone settings in a scratch folder; figures in docs/benchmarks.md.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
from django.conf import settings

ROUNDS = 300
PAGE = "x" * 190_000  # a kept Trends page of about 190 KB


def timed(function):
    times = []
    for i in range(ROUNDS):
        start = time.perf_counter()
        function(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return f"median {statistics.median(times):.2f} ms, p95 {times[int(ROUNDS * 0.95)]:.2f} ms"


def main(argv):
    kind = argv[0] if argv else "file"
    folder = Path(tempfile.mkdtemp(prefix="diary-cache-bench-"))
    caches = {
        "db": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"},
        "file": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder / "cache"),
        },
    }
    settings.configure(
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(folder / "db.sqlite3"),
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                },
            }
        },
        CACHES={"default": caches[kind]},
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    if kind == "db":
        call_command("createcachetable")
    tokens = ["version:diary:{}", "version:content:0"]
    print(kind, "set a token      ", timed(lambda i: cache.set(f"version:diary:{i}", "a1", None)))
    print(
        kind, "get_many 2 tokens", timed(lambda i: cache.get_many([tokens[0].format(i), tokens[1]]))
    )
    print(kind, "set a 190 KB page", timed(lambda i: cache.set(f"page:{i}", PAGE, 86400)))
    print(kind, "get a 190 KB page", timed(lambda i: cache.get(f"page:{i}")))


if __name__ == "__main__":
    main(sys.argv[1:])
