"""The embedded store: the on-disk Oxigraph store of the release in service (docs/release.md).

It follows ``dist/current`` on every call, so a new release is picked up without a restart.
Cheap, bounded reads (``exists``, documents, the pages' own SELECTs) run in this process; public
queries run in query processes (:mod:`icc_graph.runtime.query_runner`) because Oxigraph cannot
cancel a running query: on timeout the process is killed, which frees the CPU.
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import nullcontext
from functools import partial
from pathlib import Path

import pyoxigraph
import rdflib

from .. import documents, hub_index, label_index
from ..caching import ReleaseCache
from ..errors import StoreUnavailable
from ..release import HUBS, LABELS, ReleaseInfo, current_link, read_release
from ..runtime.query_runner import QueryRunner
from ..settings import Defaults
from ..terms import rows_to_rdflib
from .base import QueryRequest, QueryResult, Store

INCOMING_CACHE_ENTRIES = 2_000  # IRIs whose first incoming links are remembered, per release
DOCUMENT_CACHE_TRIPLES = 100_000  # the documents remembered whole, per release, by their triples
SLOW_DOCUMENT_S = 0.002  # a document that took this long is remembered (the ontology's, a hub's)


def _optional_index(read, info: ReleaseInfo, name: str):
    """The index file *name* of release *info* as *read* gives it (icc_graph.hub_index's hubs,
    icc_graph.label_index's labels); None without a readable file: the store is read instead."""
    try:
        return read(info.file(name))
    except (OSError, ValueError):
        return None


class EmbeddedStore(Store):
    """The on-disk Oxigraph store of the current release in *dist_dir*."""

    def __init__(self, dist_dir: str | os.PathLike, *, query_timeout: float = Defaults.QUERY_TIMEOUT,
                 row_limit: int = Defaults.RESULT_ROW_LIMIT, query_workers: int = Defaults.QUERY_WORKERS,
                 memory: bool = Defaults.MEMORY_STORE, incoming_limit: int = Defaults.DOCUMENT_INCOMING_LIMIT):
        self.dist_dir = Path(dist_dir)
        self._lock = threading.Lock()
        self._release: ReleaseInfo | None = None
        self._link: str | None = None  # the target of dist/current when _release was read
        self._store: pyoxigraph.Store | None = None
        self._hubs: hub_index.HubIndex | None = None  # the release's hubs.json, when it has one
        self._label_index: label_index.LabelIndex | None = None  # its labels.sqlite, when it has one
        # A hub's incoming links are read in full to pick the first ones (thousands at 100k), unless
        # the release's hubs.json holds them.
        self._incoming = ReleaseCache(INCOMING_CACHE_ENTRIES)
        self.incoming_limit = int(incoming_limit)
        # The few documents that cost more than a few lookups (the ontology's: 70 terms and their
        # labels) are asked again and again: they are kept whole.
        self._documents = ReleaseCache(DOCUMENT_CACHE_TRIPLES, sizeof=lambda iri, triples: len(triples) + 1)
        self._runner = QueryRunner(size=query_workers, timeout=query_timeout, row_limit=row_limit,
                                   memory=memory)  # memory: workers query an in-memory copy

    # -- the release in service ------------------------------------------------------------
    def release(self) -> ReleaseInfo:
        """The current release, reopening the store when ``current`` moved to another one.

        A published release never changes, so while the ``current`` link names the same target
        (one readlink) the release read last is still the one in service."""
        link = current_link(self.dist_dir)  # None: no link (or not a link): read it the long way
        with self._lock:
            if link is not None and link == self._link and self._release is not None:
                return self._release
        info = read_release(self.dist_dir)
        with self._lock:
            if self._release is None or self._release.path != info.path:
                try:
                    self._store = pyoxigraph.Store.read_only(str(info.store_path))
                except OSError as exc:
                    raise StoreUnavailable(f"the store of release {info.id} cannot be opened: {exc}") from exc
                self._hubs = _optional_index(hub_index.read, info, HUBS)
                self._label_index = _optional_index(label_index.read, info, LABELS)
                self._release = info
            self._link = link
            return self._release

    def _opened(self) -> tuple[pyoxigraph.Store, str]:
        """The open store and the path of its release, read together."""
        store, release, _, _ = self._opened_with_indexes()
        return store, release

    def _opened_with_indexes(self) -> tuple[pyoxigraph.Store, str, hub_index.HubIndex | None,
                                            label_index.LabelIndex | None]:
        self.release()
        with self._lock:
            assert self._store is not None and self._release is not None
            return self._store, str(self._release.path), self._hubs, self._label_index

    @property
    def base_iri(self) -> str:  # type: ignore[override]
        return self.release().base_iri

    def release_id(self) -> str:
        return self.release().id

    # -- cheap, bounded reads, in-process ----------------------------------------------------
    def exists(self, iri: str) -> bool:
        store, _ = self._opened()
        subject = pyoxigraph.NamedNode(iri)
        return next(iter(store.quads_for_pattern(subject, None, None)), None) is not None

    def document_triples(self, iri: str) -> list[pyoxigraph.Triple]:
        store, release, hubs, labelled = self._opened_with_indexes()
        kept = self._documents.get(release, iri)
        if kept is not None:
            return list(kept)  # the caller's own list: the kept one is never changed

        def incoming(node):
            indexed = hubs.first_incoming(node, self.incoming_limit) if hubs is not None else None
            return indexed or self._incoming.get_or_compute(
                release, node, lambda: documents.first_incoming(store, node, self.incoming_limit))
        started = time.perf_counter()
        from_store = partial(documents.label_triples, store)
        with labelled.reader(from_store) if labelled is not None else nullcontext(from_store) as labels:
            triples = documents.document_triples(store, iri, labels, self.incoming_limit, base=self.base_iri,
                                                 incoming=incoming)
        if time.perf_counter() - started >= SLOW_DOCUMENT_S:
            self._documents.put(release, iri, list(triples))
        return triples

    def select(self, query: str) -> list[dict[str, rdflib.term.Identifier]]:
        store, _ = self._opened()
        return rows_to_rdflib(store.query(query, base_iri=self.base_iri + "/"))

    def missing_graphs(self, names: tuple[str, ...]) -> tuple[str, ...]:
        store, _ = self._opened()
        return tuple(name for name in names
                     if next(iter(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(name))), None) is None)

    # -- public queries, in a query process with a timeout ---------------------------------
    def query(self, request: QueryRequest) -> QueryResult:
        if request.describe_iri:
            return self.describe(request, self._runner.row_limit)
        info = self.release()
        return self._runner.run(request, str(info.store_path), base_iri=info.base_iri + "/")

    def close(self) -> None:
        self._runner.close()
        with self._lock:
            self._store = None
            self._release = None
