"""System checks on how the processes of one deployment fit together."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

# Each process of these keeps its own: a write in the web server would not retire a page kept
# by the worker, nor a failed sign-in count in another gunicorn process.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches)
def cache_shared_by_every_process(app_configs, **kwargs):
    """The cache holds kept pages, their version tokens and the sign-in lockout counters:
    every process (web, worker, beat) must read the one that the others write."""
    if getattr(settings, "CACHE_PER_PROCESS_ALLOWED", False):
        return []
    errors = []
    per_process = tuple(import_string(path) for path in PER_PROCESS_CACHES)
    for alias, config in settings.CACHES.items():
        backend = import_string(config["BACKEND"])
        if issubclass(backend, per_process):
            errors.append(
                Error(
                    f"The {alias!r} cache ({config['BACKEND']}) is kept by each process on "
                    "its own.",
                    hint="Set REDIS_URL, or leave CACHES as config/settings.py makes it "
                    "(files under var/cache/, shared by the processes of one machine).",
                    id="site.E001",
                )
            )
    return errors
