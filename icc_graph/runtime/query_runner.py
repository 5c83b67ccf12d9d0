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

In memory mode the workers answer from the on-disk store at once, while a zygote process
(:mod:`icc_graph.runtime.zygote`) copies the release's store into memory; once it has, the pool is
renewed with workers forked from it, which answer from that one shared copy, several times
faster. Start-up does not wait for the copy, a worker killed after a timeout is replaced by a
fork in milliseconds, and a new release gets a new zygote.
"""
from __future__ import annotations

import itertools
import threading

import pyoxigraph

from .. import documents
from ..errors import NotAcceptableKind, QueryMalformed, StoreError
from ..formats import RDF_FORMATS, RESULT_FORMATS, Format, by_name
from ..results import write_solutions
from ..settings import Defaults
from ..store.base import QueryRequest, QueryResult
from .process_pool import ProcessPool, answer_messages, call
from .zygote import Zygote

BOOT_TIMEOUT = 60.0  # seconds a new worker may take to start
COPY_TIMEOUT = 1800.0  # seconds the zygote may take to copy a store into memory
WORKER_DIED = ("The query engine stopped while running this query: it is too large or too deeply "
               "nested for it. Split it into smaller queries, or download the data from /dumps/.")


class QueryRunner:
    """A small pool of query worker processes (started on first use)."""

    def __init__(self, size: int = Defaults.QUERY_WORKERS, timeout: float = Defaults.QUERY_TIMEOUT,
                 row_limit: int = Defaults.RESULT_ROW_LIMIT, memory: bool = Defaults.MEMORY_STORE):
        self.size, self.timeout, self.row_limit = max(1, int(size)), float(timeout), int(row_limit)
        self.memory = memory  # workers answer from one in-memory copy (faster queries, more RAM)
        self._store_path: str | None = None  # the store new workers open before they say ready
        self.pool = ProcessPool(worker_main, "icc-query-worker", self.size, self.timeout, BOOT_TIMEOUT,
                                args=lambda: (self._store_path,))
        self._zygote: Zygote | None = None
        self._zygote_path: str | None = None  # the store the latest zygote copies
        self._zygote_lock = threading.Lock()
        self.memory_ready = threading.Event()  # set when workers answer from memory (for tests)

    def run(self, request: QueryRequest, store_path: str, base_iri: str | None = None) -> QueryResult:
        """Run a public query in a query process; its answer, or one of the project's errors."""
        self._store_path = store_path
        if self.memory and store_path != self._zygote_path:
            self._copy_into_memory(store_path)
        job = {
            "store": store_path, "query": request.query, "base_iri": base_iri,
            "default_graphs": list(request.default_graphs), "named_graphs": list(request.named_graphs),
            "results_format": request.results_format.name if request.results_format else None,
            "rdf_format": request.rdf_format.name if request.rdf_format else None,
            "row_limit": self.row_limit,
        }
        reply = call(self.pool, job, died=WORKER_DIED,
                     timed_out=f"The query was stopped after {self.timeout:g} s (the time limit). "
                               "Narrow it down, or download the data from /dumps/.")
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
        with self._zygote_lock:
            zygote, self._zygote, self._zygote_path = self._zygote, None, "closed"
        if zygote is not None:
            zygote.close()

    def _copy_into_memory(self, store_path: str) -> None:
        """Start a zygote copying *store_path* into memory; renew the pool from it once ready."""
        with self._zygote_lock:
            if store_path == self._zygote_path:
                return
            self._zygote_path = store_path
            self.memory_ready.clear()
        threading.Thread(target=self._await_zygote, args=(store_path,), daemon=True,
                         name="icc-zygote-wait").start()

    def _await_zygote(self, store_path: str) -> None:
        zygote = Zygote(_copied_store, (store_path,), worker_main, name="icc-query-zygote")
        ready = zygote.wait_ready(COPY_TIMEOUT)
        old = None
        with self._zygote_lock:
            current = ready and store_path == self._zygote_path
            if current:
                self._zygote, old = zygote, self._zygote
        if not current:  # failed, or another release came meanwhile: workers stay on disk
            zygote.close()
            return
        self.pool.renew(zygote.fork)
        self.memory_ready.set()
        if old is not None:
            old.close()


def _format(name: str) -> Format:
    fmt = by_name(name, RESULT_FORMATS + RDF_FORMATS)
    assert fmt is not None, name
    return fmt


# ---- inside the worker process -------------------------------------------------------------

def worker_main(conn, preload: str | dict | None = None) -> None:
    """Loop: receive a job, run it, send the reply. Exits on None or when the parent is gone.

    *preload* is a store path opened before the worker says it is ready, or (in a worker forked
    from a zygote) the stores already open: ``{path: pyoxigraph.Store}``.
    """
    stores: dict[str, pyoxigraph.Store] = dict(preload) if isinstance(preload, dict) else {}
    if isinstance(preload, str):
        try:
            _open(stores, preload)
        except (OSError, RuntimeError):  # RuntimeError: RocksDB's, e.g. the server is stopping
            pass  # the first job reports it
    answer_messages(conn, lambda job: _answer(job, stores))


def _answer(job: dict, stores: dict) -> tuple:
    try:
        return _execute(job, stores)
    except SyntaxError as exc:
        return ("malformed", str(exc))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, never a traceback
        return ("error", f"The query failed: {exc}")


def _copied_store(path: str) -> dict[str, pyoxigraph.Store]:
    """In the zygote: the store at *path* copied into memory (the disk store is closed after)."""
    disk = pyoxigraph.Store.read_only(path)
    copy = pyoxigraph.Store()
    # A dump and a bulk load: at 100k practices 27 s, against 38 s streaming the quads through
    # Python (bulk_extend), which would spare the dump's 500 MB while it lasts.
    copy.bulk_load(disk.dump(format=pyoxigraph.RdfFormat.N_QUADS), format=pyoxigraph.RdfFormat.N_QUADS)
    del disk
    return {path: copy}


def _open(stores: dict, path: str) -> pyoxigraph.Store:
    if path not in stores:
        stores.clear()  # a new release: drop the old one
        stores[path] = pyoxigraph.Store.read_only(path)
    return stores[path]


def _execute(job: dict, stores: dict):
    store = _open(stores, job["store"])
    limit = job["row_limit"]
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
        return ("ok", "solutions", fmt.name, write_solutions(variables, rows[:limit], fmt), truncated)
    if not job["rdf_format"]:
        return ("not_acceptable", "graph")
    fmt = _format(job["rdf_format"])
    triples = list(itertools.islice(result, limit + 1))
    base = (job["base_iri"] or "").rstrip("/")
    body = documents.serialize(triples[:limit], fmt, base)
    return ("ok", "graph", fmt.name, body, len(triples) > limit)
