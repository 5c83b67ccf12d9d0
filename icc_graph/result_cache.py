"""Answers reused between two releases: a Store wrapper with a bounded cache keyed by release.

A release never changes once it is published, so the answer to the same query (same text, same
dataset, same format) over the same release is the same bytes. :class:`CachingStore` keeps such
answers (public SPARQL answers, documents, ``exists``, the rows of the pages' own queries) in a
least-recently-used cache bounded in bytes. Every key starts with the release id, read *before* the answer is computed: the inner
store resolves the release at least as late, so an answer is never filed under a newer release
than its own, and when the release changes the whole cache is dropped, so an answer from an
older release is never served. Failures (timeouts, malformed queries) are not cached.
"""
from __future__ import annotations

import sys
import threading
from collections import OrderedDict

from .formats import Format
from .store import QueryRequest, QueryResult, Store

ENTRY_OVERHEAD = 200  # bytes a cache entry costs beyond its body: key, tuple, dict slot


class ResultCache:
    """A thread-safe LRU of values with a size in bytes; never holds more than *max_bytes*."""

    def __init__(self, max_bytes: int):
        self.max_bytes = int(max_bytes)
        self.size = 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[object, tuple[object, int]] = OrderedDict()
        self._release: str | None = None
        self._lock = threading.Lock()

    def get(self, release: str, key) -> object | None:
        with self._lock:
            self._switch(release)
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[0]

    def put(self, release: str, key, value, size: int) -> None:
        size += ENTRY_OVERHEAD
        if size > self.max_bytes // 8:  # one answer may not push out most of the others
            return
        with self._lock:
            if release != self._release:
                return  # computed over a release that is no longer served
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._entries[key] = (value, size)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.size -= dropped

    def __len__(self) -> int:
        return len(self._entries)

    def _switch(self, release: str) -> None:
        if release != self._release:
            self._entries.clear()
            self.size = 0
            self._release = release


class CachingStore(Store):
    """*inner* with its answers reused while the release stays the same."""

    def __init__(self, inner: Store, max_bytes: int):
        self.inner = inner
        self.cache = ResultCache(max_bytes)

    def __getattr__(self, name):  # release(), dist_dir, ...: whatever else the inner store offers
        return getattr(self.inner, name)

    @property
    def base_iri(self) -> str:  # type: ignore[override]
        return self.inner.base_iri

    def release_id(self) -> str:
        return self.inner.release_id()

    def _cached(self, key, compute, size_of):
        release = self.inner.release_id()
        value = self.cache.get(release, key)
        if value is None:
            value = compute()
            self.cache.put(release, key, value, size_of(value))
        return value

    def exists(self, iri: str) -> bool:
        return self._cached(("exists", iri), lambda: self.inner.exists(iri), lambda _: len(iri))

    def document_triples(self, iri: str):
        return self.inner.document_triples(iri)

    def document_bytes(self, iri: str, fmt: Format) -> bytes:
        return self._cached(("doc", iri, fmt.name), lambda: self.inner.document_bytes(iri, fmt), len)

    def select(self, query: str):
        """The rows of a page's trusted query, reused within the release (as copies: callers may
        change what they get)."""
        rows = self._cached(("select", query), lambda: self.inner.select(query), _rows_size)
        return [dict(row) for row in rows]

    def query(self, request: QueryRequest) -> QueryResult:
        return self._cached(("query", request), lambda: self.inner.query(request),
                            lambda result: len(result.body) + sys.getsizeof(request.query))

    def close(self) -> None:
        self.inner.close()


def _rows_size(rows) -> int:
    """About what *rows* cost in memory: their text, and a little for each row and value."""
    return sum(100 + sum(60 + len(name) + len(value) for name, value in row.items()) for row in rows)
