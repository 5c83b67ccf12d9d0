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
worker is killed, which frees the CPU.

:class:`RemoteStore` offers the same methods over a SPARQL 1.1 store reached through the SPARQL
Protocol (a release loaded into it by ``icc-graph load``, see :mod:`icc_graph.remote`);
:func:`open_store` picks one of the two from the configuration.
"""
from __future__ import annotations

import itertools
import json
import os
import re
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import rdflib

from . import documents
from .errors import QueryTimeout, StoreError, StoreUnavailable
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

    def describe(self, request: QueryRequest, row_limit: int) -> QueryResult:
        """The answer to ``DESCRIBE <x>`` (``request.describe_iri``): x's document, at most
        *row_limit* triples. A bounded read, so it never waits for a query process."""
        if request.rdf_format is None:
            raise NotAcceptableKind("graph")
        triples = self.document_triples(request.describe_iri)
        return QueryResult("graph", request.rdf_format,
                           documents.serialize(triples[:row_limit], request.rdf_format, self.base_iri),
                           len(triples) > row_limit)


class EmbeddedStore(Store):
    """The on-disk Oxigraph store of the current release in *dist_dir*."""

    def __init__(self, dist_dir: str | os.PathLike, *, query_timeout: float = 10.0,
                 row_limit: int = 10_000, query_workers: int = 2, memory: bool = False):
        from .query_runner import QueryRunner  # the runner starts processes; import when needed

        self.dist_dir = Path(dist_dir)
        self._lock = threading.Lock()
        self._release: ReleaseInfo | None = None
        self._link: str | None = None  # the target of dist/current when _release was read
        self._store: pyoxigraph.Store | None = None
        self._labels: documents.LabelCache | None = None  # of _store
        self._runner = QueryRunner(size=query_workers, timeout=query_timeout, row_limit=row_limit,
                                   memory=memory)  # memory: workers query an in-memory copy

    # -- the release in service ------------------------------------------------------------
    def release(self) -> ReleaseInfo:
        """The current release, reopening the store when ``current`` moved to another one.

        A published release never changes, so while the ``current`` link names the same target
        (one readlink) the release read last is still the one in service."""
        try:
            link = os.readlink(self.dist_dir / "current")
        except OSError:
            link = None  # no link (or not a link): read it the long way
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
                self._labels = documents.LabelCache(self._store)
                self._release = info
            self._link = link
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
        self.release()
        with self._lock:
            store, labels = self._store, self._labels  # read together: the cache belongs to that store
        return documents.document_triples(store, iri, labels)

    def select(self, query: str) -> list[dict[str, rdflib.term.Identifier]]:
        solutions = self._oxigraph().query(query, base_iri=self.base_iri + "/")
        names = [v.value for v in solutions.variables]
        return [{name: documents.to_rdflib_term(row[name]) for name in names if row[name] is not None}
                for row in solutions]

    # -- public queries, in a worker process with a timeout ---------------------------------
    def query(self, request: QueryRequest) -> QueryResult:
        if request.describe_iri:
            return self.describe(request, self._runner.row_limit)
        info = self.release()
        return self._runner.run(request, str(info.store_path), base_iri=info.base_iri + "/")

    def close(self) -> None:
        self._runner.close()
        with self._lock:
            self._store = self._labels = None
            self._release = None



class RemoteStore(Store):
    """A remote SPARQL 1.1 store (Oxigraph server, Fuseki, Virtuoso, GraphDB, QLever, ...).

    Readers query the release graph the store's pointer names (see :mod:`icc_graph.remote`); the
    pointer is re-read at most every *pointer_ttl* seconds. Documents are rebuilt locally by
    :func:`icc_graph.documents.document_triples` from the triples a few CONSTRUCTs fetch, so they
    are byte-identical to the embedded store's. Public answers are read as a stream and cut at
    the row cap like the embedded ones; a public query may take *query_timeout* seconds (the
    store's own limit should be the same or lower), every other read the read timeout.
    """

    def __init__(self, endpoints, base_iri: str, *, query_timeout: float = 10.0, row_limit: int = 10_000,
                 pointer_ttl: float = 2.0):
        from .remote import StoreClient

        self.client = StoreClient(endpoints)
        self._base = base_iri.rstrip("/")
        self.query_timeout, self.row_limit, self.pointer_ttl = float(query_timeout), int(row_limit), pointer_ttl
        self._lock = threading.Lock()
        self._pointer = None
        self._read_at = float("-inf")

    @property
    def base_iri(self) -> str:  # type: ignore[override]
        return self._base

    def release(self):
        """The release the pointer names now (a :class:`~icc_graph.remote.RemoteRelease`)."""
        from .remote import read_pointer

        with self._lock:
            if self._pointer is not None and time.monotonic() - self._read_at < self.pointer_ttl:
                return self._pointer
        pointer = read_pointer(self.client, self._base)
        if pointer is None:
            raise StoreUnavailable(f"The SPARQL store at {self.client.endpoints.query} holds no ICC Graph "
                                   "release yet (run `icc-graph load`).")
        with self._lock:
            self._pointer, self._read_at = pointer, time.monotonic()
        return pointer

    def release_id(self) -> str:
        return self.release().id

    def _with_base(self, query: str) -> str:
        # The protocol has no base IRI parameter: a BASE in front resolves relative IRIs as the
        # embedded store's base_iri does (a BASE of the query's own comes later and wins).
        return f"BASE <{self._base}/> {query}"

    # -- cheap, bounded reads -----------------------------------------------------------------
    def exists(self, iri: str) -> bool:
        try:
            term = pyoxigraph.NamedNode(iri)
        except ValueError:
            return False
        rows = self.client.select(f"SELECT ?p WHERE {{ {term} ?p ?o }} LIMIT 1",
                                  default_graphs=(self.release().graph,))
        return bool(rows)

    def select(self, query: str) -> list[dict[str, rdflib.term.Identifier]]:
        rows = self.client.select(self._with_base(query), default_graphs=(self.release().graph,))
        return [{name: documents.to_rdflib_term(term) for name, term in row.items()} for row in rows]

    def construct(self, query: str) -> list[pyoxigraph.Triple]:
        """The triples of a trusted CONSTRUCT over the current release graph."""
        with self.client.query(query, "application/n-triples", default_graphs=(self.release().graph,)) as answer:
            return list(pyoxigraph.parse(answer.read(), format=pyoxigraph.RdfFormat.N_TRIPLES))

    def document_triples(self, iri: str) -> list[pyoxigraph.Triple]:
        """Fetch a superset of the document (the thing, its hash IRIs, its parts level by level,
        labels, incoming links) into a small in-memory store; the one definition picks from it."""
        try:
            thing = pyoxigraph.NamedNode(iri)
        except ValueError:
            return []
        labels = " ".join(str(p) for p in documents.LABEL_PREDICATES)
        found = set(self.construct(
            f"CONSTRUCT {{ ?s ?p ?o . ?o ?lp ?l . ?in ?ip {thing} . ?in ?lp ?l2 }} WHERE {{ "
            f"{{ {{ VALUES ?s {{ {thing} }} }} UNION {{ ?s a ?type FILTER(STRSTARTS(STR(?s), "
            f"{pyoxigraph.Literal(iri + '#')})) }} ?s ?p ?o OPTIONAL {{ VALUES ?lp {{ {labels} }} ?o ?lp ?l }} }} "
            f"UNION {{ ?in ?ip {thing} OPTIONAL {{ VALUES ?lp {{ {labels} }} ?in ?lp ?l2 }} }} }}"))
        fetched = {thing} | {t.subject for t in found if t.subject.value.startswith(iri + "#")}
        while True:  # parts (iri-period, iri-membership-1, ...), one level per request
            parts = {t.object for t in found if isinstance(t.object, pyoxigraph.NamedNode)
                     and t.object.value.startswith(iri + "-") and t.object not in fetched}
            if not parts:
                break
            fetched |= parts
            values = " ".join(sorted(str(p) for p in parts))
            found |= set(self.construct(
                f"CONSTRUCT {{ ?s ?p ?o . ?o ?lp ?l }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o "
                f"OPTIONAL {{ VALUES ?lp {{ {labels} }} ?o ?lp ?l }} }}"))
        if not found:
            return []
        local = pyoxigraph.Store()
        local.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in found)
        return documents.document_triples(local, iri)

    # -- public queries -------------------------------------------------------------------------
    def query(self, request: QueryRequest) -> QueryResult:
        if request.describe_iri:
            return self.describe(request, self.row_limit)
        release = self.release()
        default, named = request.default_graphs, request.named_graphs
        if not default and not named and not _declares_dataset(request.query):
            default, named = (release.graph,), release.named_graphs
        timeout = QueryTimeout(f"The query was stopped after {self.query_timeout:g} s (the time limit). "
                               "Narrow it down, or download the data from /dumps/.")
        deadline = time.monotonic() + self.query_timeout
        with self.client.query(self._with_base(request.query), ANSWER_ACCEPT, default_graphs=default,
                               named_graphs=named, read_timeout=self.query_timeout, on_timeout=timeout) as answer:
            return self._cap(answer, request, deadline, timeout)

    def _cap(self, answer, request: QueryRequest, deadline: float, timeout: QueryTimeout) -> QueryResult:
        """The store's answer, re-written in the client's format and cut at the row cap."""
        from .query_runner import _solutions_json

        media_type = answer.headers.get_content_type()
        results_format = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
        if results_format is not None:
            parsed = pyoxigraph.parse_query_results(answer, format=results_format)
            if isinstance(parsed, pyoxigraph.QueryBoolean):
                if request.results_format is None:
                    raise NotAcceptableKind("boolean")
                return QueryResult("boolean", request.results_format,
                                   parsed.serialize(format=request.results_format.oxigraph), False)
            if request.results_format is None:
                raise NotAcceptableKind("solutions")
            variables = [v.value for v in parsed.variables]
            rows = _first(parsed, self.row_limit + 1, deadline, timeout)
            capped = pyoxigraph.parse_query_results(_solutions_json(variables, rows[:self.row_limit]),
                                                    format=pyoxigraph.QueryResultsFormat.JSON)
            return QueryResult("solutions", request.results_format,
                               capped.serialize(format=request.results_format.oxigraph), len(rows) > self.row_limit)
        rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
        if rdf_format is None:
            raise StoreError(f"The SPARQL store answered in an unexpected media type: {media_type}.")
        if request.rdf_format is None:
            raise NotAcceptableKind("graph")
        triples = _first(pyoxigraph.parse(answer, format=rdf_format), self.row_limit + 1, deadline, timeout)
        return QueryResult("graph", request.rdf_format,
                           documents.serialize(triples[:self.row_limit], request.rdf_format, self._base),
                           len(triples) > self.row_limit)


# What RemoteStore asks the store for: formats pyoxigraph reads as a stream.
ANSWER_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def _first(items, count: int, deadline: float, timeout: QueryTimeout) -> list:
    """Up to *count* items of a streamed answer, within the query's time limit."""
    out = []
    for item in itertools.islice(items, count):
        out.append(item)
        if len(out) % 1000 == 0 and time.monotonic() > deadline:
            raise timeout
    return out


def _declares_dataset(query: str) -> bool:
    """True when the query names its own dataset (FROM / FROM NAMED), which the protocol's
    dataset parameters would override; then the store evaluates it as written."""
    if not _FROM.search(query):
        return False  # the cheap test first: most queries never say FROM
    from rdflib.plugins.sparql import parser

    try:
        tree = parser.parseQuery(query)
    except Exception:  # noqa: BLE001 - the store's parser will judge it
        return False
    return "datasetClause" in tree[1]


def open_store(config) -> Store:
    """The store a configuration selects: remote when ``STORE`` (a SPARQL query endpoint URL) is
    set, else the embedded store of ``DIST_DIR`` (its query workers hold it in memory when
    ``MEMORY_STORE`` is true). Answers are reused within a release when ``RESULT_CACHE_MB`` > 0
    (:mod:`icc_graph.result_cache`). *config* is a mapping (Flask's app.config)."""
    timeout = float(config.get("QUERY_TIMEOUT", 10.0))
    row_limit = int(config.get("RESULT_ROW_LIMIT", 10_000))
    store: Store
    if config.get("STORE"):
        from .remote import Endpoints

        store = RemoteStore(Endpoints.from_config(config), str(config["BASE_IRI"]), query_timeout=timeout,
                            row_limit=row_limit, pointer_ttl=float(config.get("STORE_POINTER_TTL", 2.0)))
    else:
        store = EmbeddedStore(config.get("DIST_DIR", "dist"), query_timeout=timeout, row_limit=row_limit,
                              query_workers=int(config.get("QUERY_WORKERS", 2)),
                              memory=bool(config.get("MEMORY_STORE", False)))
    megabytes = float(config.get("RESULT_CACHE_MB", 0))
    if megabytes > 0:
        from .result_cache import CachingStore  # it subclasses Store: imported here, not above

        store = CachingStore(store, int(megabytes * 1_000_000))
    return store
