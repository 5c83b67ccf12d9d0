"""Run public SPARQL queries in worker processes, so a runaway query can be stopped.

Oxigraph's Python API cannot cancel a query, so each query runs in one of a few persistent
worker processes that hold the store open read-only. The parent waits at most the timeout;
then it kills the worker (SIGKILL, which frees the CPU at once), starts a fresh one in the
background and raises QueryTimeout. Workers serialise the answer themselves and send bytes.

The row cap: a worker reads at most ``row_limit + 1`` solutions (or triples); when there are
more than ``row_limit`` it sends the first ``row_limit`` and flags the answer as truncated.

All workers start on first use, so a stopped query finds a spare ready. A worker that dies on a
query (Oxigraph overflowing its stack on an odd query the checker let through) gets that query
refused as too complex, and is replaced off the request path.

In memory mode a worker answers from the on-disk store at once and copies it into memory in a
background thread (pyoxigraph releases the GIL while it copies); once the copy is complete it
answers from memory, several times faster. Start-up does not wait for the copy.
"""
from __future__ import annotations

import itertools
import json
import threading

import pyoxigraph

from .errors import QueryMalformed, QueryRefused, QueryTimeout, StoreError
from .formats import RDF_FORMATS, RESULT_FORMATS, Format, by_name
from .process_pool import CallTimeout, PoolBusy, ProcessPool, StartFailed, WorkerDied

BOOT_TIMEOUT = 60.0  # seconds a new worker may take to start
WORKER_DIED = ("The query engine stopped while running this query: it is too large or too deeply "
               "nested for it. Split it into smaller queries, or download the data from /dumps/.")


class QueryRunner:
    """A small pool of query worker processes (started on first use)."""

    def __init__(self, size: int = 2, timeout: float = 10.0, row_limit: int = 10_000, memory: bool = False):
        self.size, self.timeout, self.row_limit = max(1, int(size)), float(timeout), int(row_limit)
        self.memory = memory  # workers copy the store into memory (faster queries, more RAM)
        self._store_path: str | None = None  # the store new workers open before they say ready
        self.pool = ProcessPool(worker_main, "icc-query-worker", self.size, self.timeout, BOOT_TIMEOUT,
                                args=lambda: ((self._store_path, self.memory) if self._store_path else None,))

    def run(self, request, store_path: str, base_iri: str | None = None):
        """Run a :class:`~icc_graph.store.QueryRequest`; return a QueryResult."""
        from .store import NotAcceptableKind, QueryResult

        self._store_path = store_path
        job = {
            "store": store_path, "query": request.query, "base_iri": base_iri,
            "default_graphs": list(request.default_graphs), "named_graphs": list(request.named_graphs),
            "results_format": request.results_format.name if request.results_format else None,
            "rdf_format": request.rdf_format.name if request.rdf_format else None,
            "row_limit": self.row_limit, "describe_iri": request.describe_iri, "memory": self.memory,
        }
        try:
            reply = self.pool.call(job)
        except PoolBusy as exc:
            raise QueryTimeout(f"The server is busy: no query slot became free within {self.timeout:g} s.") from exc
        except CallTimeout as exc:
            raise QueryTimeout(f"The query was stopped after {self.timeout:g} s (the time limit). "
                               "Narrow it down, or download the data from /dumps/.") from exc
        except WorkerDied as exc:
            raise QueryRefused(WORKER_DIED) from exc
        except StartFailed as exc:
            raise StoreError("A query worker could not be started.") from exc
        status = reply[0]
        if status == "ok":
            _, kind, fmt_name, body, truncated = reply
            return QueryResult(kind, _format(fmt_name), body, truncated)
        if status == "malformed":
            raise QueryMalformed(reply[1])
        if status == "not_acceptable":
            raise NotAcceptableKind(reply[1])
        raise StoreError(reply[1])

    def close(self) -> None:
        self.pool.close()


def _format(name: str) -> Format:
    fmt = by_name(name, RESULT_FORMATS + RDF_FORMATS)
    assert fmt is not None, name
    return fmt


# ---- inside the worker process -------------------------------------------------------------

def worker_main(conn, preload: tuple[str, bool] | None = None) -> None:
    """Loop: receive a job, run it, send the reply. Exits on None or when the parent is gone.

    *preload* (store path, in memory) is opened before the worker says it is ready.
    """
    stores: dict[str, _Release] = {}
    if preload:
        try:
            _open(stores, *preload)
        except OSError:
            pass  # the first job reports it
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = _execute(job, stores)
        except SyntaxError as exc:
            reply = ("malformed", str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, never a traceback
            reply = ("error", f"The query failed: {exc}")
        conn.send(reply)


class _Release:
    """The store of one release inside a worker: on disk, and in memory once copied."""

    def __init__(self, path: str, memory: bool):
        self.disk = pyoxigraph.Store.read_only(path)
        self.memory: pyoxigraph.Store | None = None
        if memory:
            threading.Thread(target=self._copy, daemon=True, name="icc-memory-copy").start()

    def _copy(self) -> None:
        copy = pyoxigraph.Store()
        try:
            copy.bulk_load(self.disk.dump(format=pyoxigraph.RdfFormat.N_QUADS), format=pyoxigraph.RdfFormat.N_QUADS)
        except (OSError, ValueError, SyntaxError):
            return  # keep answering from disk
        self.memory = copy  # one assignment: a query sees the disk store or the complete copy

    @property
    def store(self) -> pyoxigraph.Store:
        memory = self.memory
        return self.disk if memory is None else memory


def _open(stores: dict, path: str, memory: bool = False) -> pyoxigraph.Store:
    if path not in stores:
        stores.clear()  # a new release: drop the old one
        stores[path] = _Release(path, memory)
    return stores[path].store


def _execute(job: dict, stores: dict):
    from . import documents

    store = _open(stores, job["store"], job.get("memory", False))
    limit = job["row_limit"]
    if job["describe_iri"]:
        result = iter(documents.document_triples(store, job["describe_iri"]))
    else:
        dataset = {}
        if job["default_graphs"] or job["named_graphs"]:  # the protocol's dataset replaces FROM
            dataset["default_graph"] = [pyoxigraph.NamedNode(g) for g in job["default_graphs"]]
            dataset["named_graphs"] = [pyoxigraph.NamedNode(g) for g in job["named_graphs"]]
        result = store.query(job["query"], base_iri=job["base_iri"], **dataset)

    if isinstance(result, pyoxigraph.QueryBoolean):
        fmt = _format(job["results_format"]) if job["results_format"] else None
        if fmt is None:
            return ("not_acceptable", "boolean")
        return ("ok", "boolean", fmt.name, result.serialize(format=fmt.oxigraph), False)
    if isinstance(result, pyoxigraph.QuerySolutions):
        if not job["results_format"]:
            return ("not_acceptable", "solutions")
        fmt = _format(job["results_format"])
        variables = [v.value for v in result.variables]
        rows = list(itertools.islice(result, limit + 1))
        truncated = len(rows) > limit
        capped = pyoxigraph.parse_query_results(_solutions_json(variables, rows[:limit]),
                                                format=pyoxigraph.QueryResultsFormat.JSON)
        return ("ok", "solutions", fmt.name, capped.serialize(format=fmt.oxigraph), truncated)
    if not job["rdf_format"]:
        return ("not_acceptable", "graph")
    fmt = _format(job["rdf_format"])
    triples = list(itertools.islice(result, limit + 1))
    base = (job["base_iri"] or "").rstrip("/")
    body = documents.serialize(triples[:limit], fmt, base)
    return ("ok", "graph", fmt.name, body, len(triples) > limit)


def _solutions_json(variables: list[str], rows) -> bytes:
    """The SPARQL JSON results document of *rows*; pyoxigraph re-reads it to write any format."""
    bindings = [{name: _term_json(row[name]) for name in variables if row[name] is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode("utf-8")


def _term_json(term) -> dict:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"unsupported term {term!r}")
