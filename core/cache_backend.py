"""A Redis cache that, while Redis is unreachable, behaves like an empty one.

Everything that uses the cache then degrades instead of failing: public pages
render uncached, and the rate limits (django-ratelimit on the public forms,
allauth's on the login) fail open, because a key that is never there is never
over its limit. A public body's registration must not be blocked by a cache
outage; the database's constraints still keep one registration per address.

One wrapper for every cache call, rather than a try/except at each caller: a
caller written later (or in a library) degrades the same way without knowing.

"Empty" means: reads miss (``get`` gives the default), ``add`` succeeds as if
the key had been absent, ``incr`` raises ``ValueError`` like for a missing key,
writes and deletions are dropped. After a failure the cache is not asked again
for ``RETRY_SECONDS``, so a server that does not answer costs each request at
most one connection timeout, and the outage is logged once per pause, not once
per call.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

OUTAGE = (ConnectionError, TimeoutError, OSError)
RETRY_SECONDS = 2.0


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache; connection failures read as an empty cache."""

    def __init__(self, server, params):
        params = dict(params)
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
        options.update(params.get("OPTIONS", {}))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def ping(self) -> None:
        """Ask Redis itself, bypassing the fail-soft calls (for /readyz)."""
        self._cache.get_client(write=True).ping()

    def _call(self, name, missing, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return missing()
        try:
            return getattr(super(), name)(*args, **kwargs)
        except OUTAGE as exc:
            with self._lock:
                first = time.monotonic() >= self._down_until
                self._down_until = time.monotonic() + RETRY_SECONDS
            if first:
                logger.warning(
                    "Cache unreachable (%s): serving uncached, rate limits open "
                    "for the next %.0f s",
                    type(exc).__name__,
                    RETRY_SECONDS,
                )
            return missing()

    def add(self, key, value, *args, **kwargs):
        return self._call("add", lambda: True, key, value, *args, **kwargs)

    def get(self, key, default=None, *args, **kwargs):
        return self._call("get", lambda: default, key, default, *args, **kwargs)

    def set(self, key, value, *args, **kwargs):
        return self._call("set", lambda: None, key, value, *args, **kwargs)

    def touch(self, key, *args, **kwargs):
        return self._call("touch", lambda: False, key, *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        return self._call("delete", lambda: False, key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        return self._call("get_many", dict, keys, *args, **kwargs)

    def has_key(self, key, *args, **kwargs):
        return self._call("has_key", lambda: False, key, *args, **kwargs)

    def incr(self, key, delta=1, *args, **kwargs):
        def missing():
            raise ValueError(f"Key {key!r} not found.")

        return self._call("incr", missing, key, delta, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._call("set_many", list, data, *args, **kwargs)

    def delete_many(self, keys, *args, **kwargs):
        return self._call("delete_many", lambda: None, keys, *args, **kwargs)

    def clear(self):
        return self._call("clear", lambda: False)
