"""The Store interface: the one way the endpoint reads the knowledge graph.

Everything HTTP-facing talks to a :class:`Store`; it never opens Oxigraph itself.
A store offers:

``base_iri``                 the deployment's base IRI (from ``release.json``)
``release_id()``             id of the release being served; seeds caches and ETags
``exists(iri)``              True when the graph says anything about *iri* (as a subject)
``document_triples(iri)``    the sorted triples of the *document* of *iri* (see below);
                             empty when the thing is unknown
``document(iri)``            the same as an rdflib Graph with the project's prefixes (for HTML)
``document_bytes(iri, fmt)`` the document serialised in an RDF :class:`~icc_graph.formats.Format`
``select(query)``            rows (dicts of variable name -> rdflib term) of a trusted, cheap
                             SELECT written by the project (page queries); runs in-process
``query(request)``           a public SPARQL query (:class:`QueryRequest`), run with a timeout
                             and a row cap; returns a serialised :class:`QueryResult`
``close()``                  release processes and files

The document of x (what ``/doc/...`` serves and what ``DESCRIBE <x>`` answers) is defined once,
in :mod:`icc_graph.documents`: x's own triples, those of its hash IRIs (``x#term``), the labels
of every IRI x links to, and the incoming links ``?s ?p x`` with the labels of their subjects.

:class:`EmbeddedStore` reads a release directory written by ``icc-graph build``
(``dist/current``, see docs/release.md). It follows the ``current`` link on every call, so a new
release is picked up without a restart. Public queries run in worker processes
(:mod:`icc_graph.query_runner`) because Oxigraph cannot cancel a running query: on timeout the
worker is killed, which frees the CPU. A ``RemoteStore`` over a SPARQL 1.1 service can implement
the same methods.
"""
from __future__ import annotations

import json
import os
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import rdflib

from . import documents
from .errors import StoreUnavailable
from .formats import Format


@dataclass(frozen=True)
class ReleaseInfo:
    """What ``release.json`` says about the release a directory holds."""

    path: Path
    id: str
    base_iri: str
    triples: int
    files: dict = field(default_factory=dict)

    @property
    def store_path(self) -> Path:
        return self.path / "store"


def read_release(dist_dir: str | os.PathLike) -> ReleaseInfo:
    """The release ``dist_dir/current`` points to now; StoreUnavailable when there is none."""
    current = Path(dist_dir) / "current"
    path = Path(os.path.realpath(current))
    try:
        meta = json.loads((path / "release.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreUnavailable(f"no release is available in {dist_dir} (run `icc-graph build`)") from exc
    return ReleaseInfo(path, meta["release"], meta["base_iri"].rstrip("/"), int(meta.get("triples", 0)),
                       meta.get("files", {}))


@dataclass(frozen=True)
class QueryRequest:
    """A public SPARQL query and how its answer must be written.

    ``results_format`` is used for SELECT/ASK, ``rdf_format`` for CONSTRUCT/DESCRIBE; either may be
    None when the client accepts none of them (the query then fails with ``NotAcceptableKind``).
    ``describe_iri`` replaces the query by the document of that IRI (``DESCRIBE <x>``).
    """

    query: str
    results_format: Format | None
    rdf_format: Format | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    describe_iri: str | None = None


@dataclass(frozen=True)
class QueryResult:
    kind: str            # "solutions", "boolean" or "graph"
    format: Format
    body: bytes
    truncated: bool      # True when the row cap cut the answer


class NotAcceptableKind(Exception):
    """The query's result kind (solutions or graph) has no format the client accepts."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(f"no acceptable format for a {kind} result")


class Store(ABC):
    """What the endpoint needs from a store. See the module docstring."""

    base_iri: str

    @abstractmethod
    def release_id(self) -> str: ...

    @abstractmethod
    def exists(self, iri: str) -> bool: ...

    @abstractmethod
    def document_triples(self, iri: str) -> list[pyoxigraph.Triple]: ...

    @abstractmethod
    def select(self, query: str) -> list[dict[str, rdflib.term.Identifier]]: ...

    @abstractmethod
    def query(self, request: QueryRequest) -> QueryResult: ...

    def close(self) -> None:
        """Free processes and files; the default holds none."""

    def document(self, iri: str) -> rdflib.Graph:
        return documents.to_rdflib(self.document_triples(iri), self.base_iri)

    def document_bytes(self, iri: str, fmt: Format) -> bytes:
        return documents.serialize(self.document_triples(iri), fmt, self.base_iri)


class EmbeddedStore(Store):
    """The on-disk Oxigraph store of the current release in *dist_dir*."""

    def __init__(self, dist_dir: str | os.PathLike, *, query_timeout: float = 10.0,
                 row_limit: int = 10_000, query_workers: int = 2):
        from .query_runner import QueryRunner  # the runner starts processes; import when needed

        self.dist_dir = Path(dist_dir)
        self._lock = threading.Lock()
        self._release: ReleaseInfo | None = None
        self._store: pyoxigraph.Store | None = None
        self._runner = QueryRunner(size=query_workers, timeout=query_timeout, row_limit=row_limit)

    # -- the release in service ------------------------------------------------------------
    def release(self) -> ReleaseInfo:
        """The current release, reopening the store when ``current`` moved to another one."""
        info = read_release(self.dist_dir)
        with self._lock:
            if self._release is None or self._release.path != info.path:
                try:
                    self._store = pyoxigraph.Store.read_only(str(info.store_path))
                except OSError as exc:
                    raise StoreUnavailable(f"the store of release {info.id} cannot be opened: {exc}") from exc
                self._release = info
            return self._release

    def _oxigraph(self) -> pyoxigraph.Store:
        self.release()
        assert self._store is not None
        return self._store

    @property
    def base_iri(self) -> str:  # type: ignore[override]
        return self.release().base_iri

    def release_id(self) -> str:
        return self.release().id

    # -- cheap, bounded reads, in-process ----------------------------------------------------
    def exists(self, iri: str) -> bool:
        store = self._oxigraph()
        subject = pyoxigraph.NamedNode(iri)
        return next(iter(store.quads_for_pattern(subject, None, None)), None) is not None

    def document_triples(self, iri: str) -> list[pyoxigraph.Triple]:
        return documents.document_triples(self._oxigraph(), iri)

    def select(self, query: str) -> list[dict[str, rdflib.term.Identifier]]:
        solutions = self._oxigraph().query(query, base_iri=self.base_iri + "/")
        names = [v.value for v in solutions.variables]
        return [{name: documents.to_rdflib_term(row[name]) for name in names if row[name] is not None}
                for row in solutions]

    # -- public queries, in a worker process with a timeout ---------------------------------
    def query(self, request: QueryRequest) -> QueryResult:
        info = self.release()
        return self._runner.run(request, str(info.store_path), base_iri=info.base_iri + "/")

    def close(self) -> None:
        self._runner.close()
        with self._lock:
            self._store = None
            self._release = None
