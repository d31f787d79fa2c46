"""One cache for every process: files under var/cache/ without Redis, and a check that refuses a
cache each process keeps on its own (the tests' own LocMemCache is allowed by tests/conftest.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.checks import cache_shared_by_every_process

ROOT = Path(__file__).resolve().parents[1]
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _cache_backend(**env):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    environ = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    environ |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "x", **env}
    result = subprocess.run(  # noqa: S603 (this Python, a fixed line of code)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_without_redis_every_process_of_the_machine_shares_a_file_cache():
    assert _cache_backend() == "django.core.cache.backends.filebased.FileBasedCache"
    assert _cache_backend(REDIS_URL="redis://127.0.0.1:6379/5").endswith("RedisCache")


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_a_cache_of_each_process_is_refused(settings, backend):
    settings.CACHE_PER_PROCESS_ALLOWED = False
    settings.CACHES = {"default": {"BACKEND": backend}}

    errors = cache_shared_by_every_process(None)

    assert [error.id for error in errors] == ["site.E001"]
    assert "REDIS_URL" in errors[0].hint


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.db.DatabaseCache",
    ],
)
def test_a_shared_cache_passes(settings, backend):
    settings.CACHE_PER_PROCESS_ALLOWED = False
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "somewhere"}}
    assert cache_shared_by_every_process(None) == []


def test_manage_check_refuses_a_local_memory_cache(tmp_path):
    # settings.py has no way to ask for LocMemCache: a settings module of a deployment that does.
    (tmp_path / "locmem_settings.py").write_text(
        f"from config.settings import *\nCACHES = {LOCMEM!r}\n"
    )
    environ = os.environ | {
        "DJANGO_SETTINGS_MODULE": "locmem_settings",
        "DJANGO_SECRET_KEY": "x",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "site.E001" in result.stderr
