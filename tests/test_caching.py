"""The cache as a help, never a dependency (europa/caching.py): a failing cache reads as a
miss, a failed write never raises, and what a failed write left behind is cleared once the
cache answers again. tests/test_faults.py does the same with real closed and hung ports."""
from unittest import mock

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisDown

from europa import caching


class Flaky:
    """The site's cache, which fails like an unreachable Redis while `down`."""

    def __init__(self):
        self.down = False
        self.calls = 0

    def __getattr__(self, operation):
        def call(*args):
            self.calls += 1
            if self.down:
                raise RedisDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            return getattr(cache, operation)(*args)

        return call


@pytest.fixture
def flaky(settings):
    settings.EUROPA_CACHE_RETRY_SECONDS = 60
    with mock.patch("europa.caching.cache", Flaky()) as flaky:
        yield flaky


def test_a_cache_that_is_down_reads_as_a_miss_and_is_then_left_alone(flaky):
    caching.put("k", 1, 60)
    flaky.down = True
    assert caching.get("k") is None
    caching.put("k", 2, 60)  # no exception: the caller's work is done whatever the cache says
    assert caching.claim("c", 5) is True  # nobody can say another request claimed it
    calls = flaky.calls
    for _ in range(10):
        caching.get("k")
    assert flaky.calls == calls, "a resting cache is not asked"


def test_a_write_lost_while_down_is_cleared_when_the_cache_answers_again(flaky, settings):
    caching.put("version", 23, 60)
    flaky.down = True
    caching.put("version", 24, 60)  # lost: the cache still says 23
    flaky.down = False
    assert cache.get("version") == 23
    caching.forget_rest()
    # Cleared, not written late (another process may have written a newer value meanwhile):
    # the next reader fills it from the database.
    assert caching.get("version") is None


def test_the_redis_cache_keeps_one_client_rather_than_making_one_per_call():
    """Making a redis.Redis cost as much as the rest of a poll answered from the cache."""
    from europa.redis_cache import Cache

    backend = Cache("redis://127.0.0.1:6379/9", {"KEY_PREFIX": "europa-client-test"})
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.set("answer", 42, 5)
    assert backend.get("answer") == 42 and backend.get_many(["answer"]) == {"answer": 42}
    backend.delete("answer")
