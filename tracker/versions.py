"""Versions for what pages cache: a token per thing (her diary, a clinician's patient list)
that every write to it renews, so a cache key holding the token is never read stale.

The token lives in Django's cache (Redis in production, files under var/cache/ by default), not in a
column: reading it costs one cache lookup and no query. A token lost to eviction is drawn
afresh, which only makes the next page a miss.

`renew` replaces the token at once and again when the writer's transaction commits: a page
computed between the write and the commit may have read the old rows under the first new
token, and the second renewal retires it (a test transaction never commits; the first
renewal serves it).
"""

import uuid

from django.core.cache import cache
from django.db import transaction

# What cached pages depend on, and whose writes renew each (a clinician's list: care.list_cache).
DIARY = "diary"  # her days, therapy, appointments, profile, tips' feedback: by patient pk
CONTENT = "content"  # the shipped articles (titles, links): one, pk SHIPPED
SHIPPED = 0


def current(*things):
    """The tokens of `things`, (kind, pk) pairs such as `(DIARY, patient.pk)`, as one string
    for a cache key: one round trip to the cache, and one more to draw any token missing."""
    keys = [_key(kind, pk) for kind, pk in things]
    found = cache.get_many(keys)
    missing = {key: _fresh() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    return ".".join({**found, **missing}[key] for key in keys)


def kept(name, things, make, *, timeout):
    """What `make()` returns, kept in the cache under `name` and the tokens of `things`: made
    again only once one of them is renewed, or after `timeout` seconds (a number, or a
    function of what was made; 0 keeps nothing)."""
    key = f"{name}:{current(*things)}"
    value = cache.get(key)
    if value is None:
        value = make()
        seconds = timeout(value) if callable(timeout) else timeout
        if seconds:
            cache.set(key, value, timeout=seconds)
    return value


def renew(kind, pks):
    """A new token for each of `pks` now and after the current transaction commits."""
    keys = [_key(kind, pk) for pk in pks]
    if not keys:
        return

    def replace():
        cache.set_many(dict.fromkeys(keys, _fresh()), timeout=None)

    replace()
    transaction.on_commit(replace)


def _key(kind, pk):
    return f"version:{kind}:{pk}"


def _fresh():
    return uuid.uuid4().hex[:12]
