"""The one kind of cache in ICC Graph: bounded, thread-safe, and tied to a release.

A published release never changes, so whatever is computed from it (a query's answer, a
document, the labels of an IRI, a serialised catalogue) can be reused for as long as that
release is served, and never after. :class:`ReleaseCache` files every entry under the release
it was computed from: a lookup with another release id empties the cache first, and an entry
computed over a release that is no longer the newest seen is not kept. Each cache is bounded by
a total size (bytes, characters or entries: the caller's ``sizeof(key, value)`` says which) through
``cachetools.LRUCache``; one value larger than an eighth of the bound is never kept, so it cannot
push out most of the others (in a cache bounded below 8, one larger than the bound).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache

_MISSING = object()


class ReleaseCache:
    """A least-recently-used cache of at most *max_size* (the sum of ``sizeof(key, value)``) for
    one release at a time. ``sizeof`` defaults to 1 an entry, so *max_size* counts entries."""

    def __init__(self, max_size: int, sizeof: Callable[[Any, Any], int] | None = None):
        self.max_size = max(1, int(max_size))
        self._sizeof = sizeof or (lambda key, value: 1)
        self._entries: LRUCache = LRUCache(self.max_size, getsizeof=lambda entry: entry[1])
        self._release: Hashable = _MISSING
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, release: Hashable, key: Hashable, default=None):
        """The value of *key* computed over *release*, or *default*."""
        with self._lock:
            self._switch(release)
            entry = self._entries.get(key, _MISSING)
            if entry is _MISSING:
                self.misses += 1
                return default
            self.hits += 1
            return entry[0]

    def put(self, release: Hashable, key: Hashable, value) -> None:
        """Keep *value* unless it is too large or *release* is no longer the one served."""
        size = self._sizeof(key, value)
        if size > (self.max_size // 8 if self.max_size >= 8 else self.max_size):
            return
        with self._lock:
            if release != self._release:
                return  # computed over a release that another lookup has since replaced
            self._entries[key] = (value, size)

    def get_or_compute(self, release: Hashable, key: Hashable, compute: Callable[[], Any]):
        """The cached value, or ``compute()`` kept for next time (failures are not cached)."""
        value = self.get(release, key, _MISSING)
        if value is _MISSING:
            value = compute()
            self.put(release, key, value)
        return value

    @property
    def size(self) -> int:
        """What the entries add up to, in the unit of *sizeof*."""
        return int(self._entries.currsize)

    def __len__(self) -> int:
        return len(self._entries)

    def _switch(self, release: Hashable) -> None:
        if release != self._release:
            self._entries.clear()
            self._release = release
