"""How often a patient may make the app email someone on her behalf (shares, invitations):
counted per patient in the cache that every process shares, in fixed windows."""

import math
import time

from django.core.cache import cache


def take(key, *, limit, seconds):
    """Counts one more for `key`; returns 0 while within `limit` per window of `seconds`, else
    the seconds until the window ends."""
    now = time.time()
    window = int(now // seconds)
    name = f"limit:{key}:{window}"
    cache.add(name, 0, timeout=seconds * 2)
    try:
        count = cache.incr(name)
    except ValueError:  # evicted between the two calls
        cache.set(name, count := 1, timeout=seconds * 2)
    if count <= limit:
        return 0
    return math.ceil((window + 1) * seconds - now)
