"""The cache as the site uses it: a help, never a dependency.

Every read and write goes through here. When the cache server is down or hangs, a call
fails after the short socket timeout of the settings (EUROPA_CACHE_TIMEOUT_SECONDS), reads
as a miss, and the site goes on from the database. After a failure this process leaves the
cache alone for EUROPA_CACHE_RETRY_SECONDS, so that a hung server costs one timeout per
process now and then rather than one per request; then it tries again, and so recovers by
itself.
"""
import logging
import time

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache server that is down or hung raises; a local-memory cache raises none.
FAILURES = (RedisError, OSError)

_resting_until = 0.0
# Keys whose new value this process could not write: what the cache holds under them may
# be old (a version from before a save), so they are deleted as soon as it answers again,
# and the next reader fills them from the database. Deleted, not written late: another
# process may have written a newer value meanwhile.
_unwritten = set()


def _call(operation, *args, default=None):
    global _resting_until
    if time.monotonic() < _resting_until:
        return default
    try:
        if _unwritten:
            cache.delete_many(list(_unwritten))
            _unwritten.clear()
        return getattr(cache, operation)(*args)
    except FAILURES as error:
        _resting_until = time.monotonic() + settings.EUROPA_CACHE_RETRY_SECONDS
        logger.warning(
            "The cache failed (%s: %s); going on without it for %s s.",
            type(error).__name__, error, settings.EUROPA_CACHE_RETRY_SECONDS,
        )
        return default


def forget_rest():
    """Ask the cache again from the next call, as when the rest is over."""
    global _resting_until
    _resting_until = 0.0


def forget_failures():
    """Start afresh (for tests that break the cache on purpose)."""
    forget_rest()
    _unwritten.clear()


def get(key):
    return _call("get", key)


def get_many(keys):
    return _call("get_many", keys, default={})


def put(key, value, timeout):
    if _call("set", key, value, timeout, default=False) is False:
        _unwritten.add(key)


def add(key, value, timeout):
    _call("add", key, value, timeout)


def claim(key, seconds):
    """True for the first caller to claim `key` in `seconds`, across every process that
    shares the cache; also True when the cache cannot say."""
    return _call("add", key, 1, seconds, default=True)


def check():
    """True when the cache answers right now: a real round trip, whatever the rest above."""
    try:
        cache.set("health", 1, 10)
        return cache.get("health") == 1
    except FAILURES:
        return False
