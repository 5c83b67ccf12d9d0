"""Answers reused within a release: a Store wrapper over a :class:`~icc_graph.caching.ReleaseCache`.

A release never changes once it is published, so the answer to the same query (same text, same
dataset, same format) over the same release is the same bytes. :class:`CachingStore` keeps such
answers (public SPARQL answers, documents, ``exists``, the rows of the pages' own queries),
bounded in bytes. Every key is filed under the release id read *before* the answer is computed:
the inner store resolves the release at least as late, so an answer is never filed under a newer
release than its own, and when the release changes the cache starts empty, so an answer from an
older release is never served. Failures (timeouts, malformed queries) are not cached.
"""
from __future__ import annotations

from ..caching import ReleaseCache
from ..formats import Format
from .base import QueryRequest, QueryResult, Store

ENTRY_OVERHEAD = 200  # bytes a cache entry costs beyond its body: key, tuple, dict slot


class CachingStore(Store):
    """*inner* with its answers reused while the release stays the same (at most *max_bytes*)."""

    def __init__(self, inner: Store, max_bytes: int):
        self.inner = inner
        self.cache = ReleaseCache(max_bytes, sizeof=_size)

    def __getattr__(self, name):  # release(), dist_dir, ...: whatever else the inner store offers
        return getattr(self.inner, name)

    @property
    def base_iri(self) -> str:  # type: ignore[override]
        return self.inner.base_iri

    def release_id(self) -> str:
        return self.inner.release_id()

    def _cached(self, key, compute):
        return self.cache.get_or_compute(self.inner.release_id(), key, compute)

    def exists(self, iri: str) -> bool:
        return self._cached(("exists", iri), lambda: self.inner.exists(iri))

    def document_triples(self, iri: str):
        return self.inner.document_triples(iri)

    def document_bytes(self, iri: str, fmt: Format) -> bytes:
        return self._cached(("doc", iri, fmt.name), lambda: self.inner.document_bytes(iri, fmt))

    def select(self, query: str):
        """The rows of a page's trusted query, reused within the release (as copies: callers may
        change what they get)."""
        rows = self._cached(("select", query), lambda: self.inner.select(query))
        return [dict(row) for row in rows]

    def query(self, request: QueryRequest) -> QueryResult:
        return self._cached(("query", request), lambda: self.inner.query(request))

    def missing_graphs(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return self._cached(("graphs", names), lambda: self.inner.missing_graphs(names))

    def close(self) -> None:
        self.inner.close()


def _size(key, value) -> int:
    """About what a cached value costs in memory, in bytes."""
    if isinstance(value, bool):
        return ENTRY_OVERHEAD + 8
    if isinstance(value, bytes):
        return ENTRY_OVERHEAD + len(value)
    if isinstance(value, QueryResult):
        return ENTRY_OVERHEAD + len(value.body) + len(key[1].query)
    if key[0] == "graphs":  # the names asked about, and the missing ones among them
        return ENTRY_OVERHEAD + 2 * sum(100 + len(name) for name in key[1])
    # rows of a page's query: their text, and a little for each row and value
    return ENTRY_OVERHEAD + sum(100 + sum(60 + len(name) + len(term) for name, term in row.items()) for row in value)
