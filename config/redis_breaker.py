"""Fast failure for every use of Redis in a web request (docs/outbox.md, issue 17).

Redis only speeds the portal up (cache, cached sessions, rate limits, the page cache)
and carries the outbox's tasks, whose rows in the database stay the truth. So a slow or
hung Redis must cost a request at most one short timeout, and after a failure this
process skips Redis for `REDIS_BREAKER_SECONDS` instead of each request paying the
timeout again: a small circuit breaker, one per process.

- `BreakerConnection` is the redis-py connection class of the cache (django-redis,
  `CONNECTION_POOL_KWARGS`): it refuses at once while the breaker is open and opens it on
  a connection error or timeout. The cache ignores those errors (`IGNORE_EXCEPTIONS`), so
  a cache read is a miss and a write is skipped.
- `outbox.services.email_dispatch` asks `available()` before publishing to Celery and
  calls `trip()` when a publish fails.
"""

import logging
import threading
import time

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_open_until = 0.0


def available() -> bool:
    """False for a few seconds after Redis failed in this process."""
    return time.monotonic() >= _open_until


def trip() -> None:
    """Redis just failed: skip it for `REDIS_BREAKER_SECONDS`."""
    global _open_until
    with _lock:
        if available():
            logger.warning(
                "Redis unavailable; skipping it for %s s", settings.REDIS_BREAKER_SECONDS
            )
        _open_until = time.monotonic() + settings.REDIS_BREAKER_SECONDS


def reset() -> None:
    global _open_until
    _open_until = 0.0


class BreakerConnection(redis.Connection):
    """A redis-py connection that fails at once while the breaker is open."""

    def connect(self, *args, **kwargs):
        self._refuse_if_open()
        return self._tripping(super().connect, *args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        self._refuse_if_open()
        return self._tripping(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        return self._tripping(super().read_response, *args, **kwargs)

    def _refuse_if_open(self):
        if not available():
            self.disconnect()
            raise redis.ConnectionError("Redis skipped for a few seconds after a failure")

    @staticmethod
    def _tripping(method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            trip()
            raise
