"""icc_graph.caching: the one bounded, thread-safe cache, tied to a release."""
from __future__ import annotations

import random
import threading

import pytest

from icc_graph.caching import ReleaseCache


def _by_length(key, value) -> int:
    return len(value)


def _cache_with(max_size: int, release="r1", sizeof=None, **entries) -> ReleaseCache:
    cache = ReleaseCache(max_size, sizeof=sizeof)
    cache.get(release, "nothing")  # the release now served
    for key, value in entries.items():
        cache.put(release, key, value)
    return cache


# --- bounds ---------------------------------------------------------------------------------------

def test_without_sizeof_the_bound_counts_entries():
    cache = _cache_with(3, a=1, b=2, c=3)
    assert len(cache) == 3 and cache.size == 3
    cache.put("r1", "d", 4)
    assert len(cache) == 3
    assert cache.get("r1", "a") is None  # the least recently used went
    assert [cache.get("r1", k) for k in "bcd"] == [2, 3, 4]


def test_the_total_size_stays_within_the_bound():
    cache = _cache_with(100, sizeof=_by_length)
    for i in range(40):
        cache.put("r1", i, "x" * (1 + i % 12))  # up to 12 = 100 // 8
        assert cache.size <= 100
    assert cache.size > 80  # it does fill up
    kept = [i for i in range(40) if cache.get("r1", i) is not None]
    assert kept == list(range(40 - len(kept), 40))  # the newest ones
    assert cache.size == sum(len(cache.get("r1", i)) for i in kept)


def test_least_recently_used_goes_first():
    cache = _cache_with(3, a=1, b=2, c=3)
    assert cache.get("r1", "a") == 1  # a is now the most recently used
    cache.put("r1", "d", 4)
    assert cache.get("r1", "b") is None
    assert (cache.get("r1", "a"), cache.get("r1", "c"), cache.get("r1", "d")) == (1, 3, 4)


def test_a_value_larger_than_an_eighth_of_the_bound_is_not_kept():
    cache = _cache_with(80, sizeof=_by_length, small="x" * 10)
    cache.put("r1", "large", "x" * 11)
    assert cache.get("r1", "large") is None
    assert cache.get("r1", "small") == "x" * 10  # and it pushed nothing out
    assert len(cache) == 1 and cache.size == 10


def test_a_max_size_below_one_is_one():
    cache = _cache_with(0, a=1)
    assert cache.max_size == 1 and cache.get("r1", "a") == 1


def test_a_value_larger_than_a_small_bound_is_dropped_not_raised():
    cache = ReleaseCache(4, sizeof=_by_length)
    assert cache.get_or_compute("r1", "k", lambda: "hello") == "hello"
    assert cache.get("r1", "k") is None


# --- releases -------------------------------------------------------------------------------------

def test_a_lookup_for_a_new_release_empties_the_cache():
    cache = _cache_with(10, a=1, b=2)
    assert cache.get("r2", "a") is None
    assert len(cache) == 0 and cache.size == 0
    assert cache.get("r1", "a") is None  # going back does not bring them back


def test_a_put_for_a_release_other_than_the_last_seen_is_dropped():
    cache = _cache_with(10)
    cache.get("r2", "x")
    cache.put("r1", "late", "computed over r1")
    assert len(cache) == 0
    assert cache.get("r2", "late") is None
    cache.put("r2", "fresh", "computed over r2")
    assert cache.get("r2", "fresh") == "computed over r2"


def test_a_put_before_any_lookup_is_dropped():
    cache = ReleaseCache(10)
    cache.put("r1", "k", "v")
    assert len(cache) == 0 and cache.get("r1", "k") is None


def test_get_gives_the_default_on_a_miss_and_counts_hits_and_misses():
    cache = _cache_with(10, a=None)
    marker = object()
    assert cache.get("r1", "missing", marker) is marker
    assert cache.get("r1", "a", marker) is None  # a cached None is a hit, not the default
    assert (cache.hits, cache.misses) == (1, 2)  # _cache_with's own lookup was a miss


# --- get_or_compute -------------------------------------------------------------------------------

def test_get_or_compute_computes_once():
    cache = ReleaseCache(10)
    calls = []

    def compute():
        calls.append(1)
        return "value"

    assert cache.get_or_compute("r1", "k", compute) == "value"
    assert cache.get_or_compute("r1", "k", compute) == "value"
    assert len(calls) == 1
    assert cache.get_or_compute("r2", "k", compute) == "value"  # another release computes again
    assert len(calls) == 2


def test_get_or_compute_does_not_cache_exceptions():
    cache = ReleaseCache(10)
    attempts = []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise TimeoutError("too slow")
        return "finally"

    with pytest.raises(TimeoutError):
        cache.get_or_compute("r1", "k", flaky)
    assert len(cache) == 0
    assert cache.get_or_compute("r1", "k", flaky) == "finally"
    assert cache.get_or_compute("r1", "k", flaky) == "finally"
    assert len(attempts) == 2


# --- threads --------------------------------------------------------------------------------------

def test_threads_hammering_it_always_get_the_value_of_their_own_release():
    cache = ReleaseCache(200, sizeof=lambda key, value: len(value))
    errors: list = []
    start = threading.Barrier(6)

    def hammer(seed: int) -> None:
        rng = random.Random(seed)
        start.wait()
        try:
            for _ in range(3000):
                release = rng.choice(("r1", "r1", "r1", "r2"))
                key = rng.randrange(60)
                value = cache.get_or_compute(release, key, lambda: f"{release}:{key}:" + "x" * (key % 20))
                if value != f"{release}:{key}:" + "x" * (key % 20):
                    errors.append((release, key, value))
                if cache.size > cache.max_size:
                    errors.append(("size", cache.size))
        except Exception as exc:  # noqa: BLE001 - any error in a thread fails the test
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert cache.hits > 0 and cache.misses > 0
    assert cache.hits + cache.misses == 6 * 3000
