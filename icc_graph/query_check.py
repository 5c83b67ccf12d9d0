"""Look at a public query before it runs: refuse what a read-only endpoint must not do.

Oxigraph would execute ``SERVICE`` by opening an HTTP connection, so federated queries are
refused here, from rdflib's parse tree, before any evaluation. Updates (INSERT, DELETE, LOAD,
CLEAR, DROP, ...) are refused with a message that says why. A query that rdflib cannot parse is
left to Oxigraph, whose parser message the client then gets (rdflib's grammar is a little older);
such a query is refused if it mentions SERVICE at all, since it cannot be checked. A dataset
(FROM, FROM NAMED) may name graphs held here, never a document on another web origin.

Reading a query is itself costly on hostile input: rdflib's parser takes seconds on a long
``IN (...)`` list, and Oxigraph's overflows its stack on deeply nested or very long queries (the
process dies). So the endpoint runs :func:`check` through a :class:`Checker`, in worker processes
with a time limit, and the check ends with a trial run on an empty Oxigraph store: a query that
kills the trial process is refused before it can reach the query workers.
"""
from __future__ import annotations

import multiprocessing
import queue
import re
import threading
import warnings
from urllib.parse import urlsplit

import pyoxigraph

from pyparsing import ParseException
from rdflib.plugins.sparql import algebra, parser
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from .errors import QueryMalformed, QueryRefused, QueryTimeout

READ_ONLY = ("This endpoint is read-only: SPARQL Update requests (INSERT, DELETE, LOAD, CLEAR, "
             "DROP, CREATE, ADD, MOVE, COPY) are not accepted.")
NO_SERVICE = ("Federated queries are not allowed here: this endpoint does not call other services "
              "(SERVICE). Download the data from /dumps/ to combine it with other sources.")
NO_FETCH = ("This endpoint does not fetch documents from the web: FROM, FROM NAMED, "
            "default-graph-uri and named-graph-uri may only name graphs held here ({iri} is not).")
TOO_DEEP = "The query nests brackets more than {depth} levels deep; this endpoint accepts at most {depth}."
TOO_COMPLEX = ("The query is too large or too deeply nested for the query engine. "
               "Split it into smaller queries, or download the data from /dumps/.")
_SERVICE_WORD = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_OPENERS, _CLOSERS = frozenset("{(["), frozenset("})]")


def check(query: str, base_iri: str | None = None, *, max_depth: int | None = None,
          trial: bool = False) -> str | None:
    """Raise QueryRefused/QueryMalformed if *query* must not run; return the IRI of a
    ``DESCRIBE <iri>`` (a single IRI, no WHERE, no FROM) to answer with its document, else None.

    *max_depth* caps bracket nesting; *trial* runs the query on an empty store afterwards (only
    inside a :class:`Checker` process, which may die on it)."""
    if not query.strip():
        raise QueryMalformed("The query is empty.")
    if max_depth is not None and nesting_depth(query) > max_depth:
        raise QueryRefused(TOO_DEEP.format(depth=max_depth))
    tree = _parse(parser.parseQuery, query)
    if tree is None:
        update = _parse(parser.parseUpdate, query)
        if update is not None and "request" in update:
            raise QueryRefused(READ_ONLY)
        if update is not None:  # only comments and prefixes: an empty update, no query at all
            raise QueryMalformed("The query has no query form (SELECT, ASK, CONSTRUCT or DESCRIBE).")
        if _SERVICE_WORD.search(query):
            raise QueryRefused(NO_SERVICE)
        describe_iri = None  # Oxigraph parses it (or reports the syntax error)
    else:
        if any(isinstance(node, CompValue) and node.name == "ServiceGraphPattern" for node in _walk(tree)):
            raise QueryRefused(NO_SERVICE)
        if "datasetClause" in tree[1]:
            check_dataset(_dataset_iris(tree, base_iri), base_iri)
        describe_iri = _single_describe(tree, base_iri)
    if trial:
        _trial(query, base_iri)
    return describe_iri


def check_dataset(iris, base_iri: str | None) -> None:
    """Refuse graph names on another web origin: they read as "fetch this document"."""
    own = urlsplit(base_iri or "")
    for iri in iris:
        parts = urlsplit(str(iri))
        if parts.scheme.lower() in ("http", "https", "ftp") and (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
            raise QueryRefused(NO_FETCH.format(iri=f"<{iri}>"))


def nesting_depth(query: str) -> int:
    """The deepest nesting of brackets, counted on the raw text (brackets inside strings count
    too, so this can only over-estimate)."""
    depth = deepest = 0
    for char in query:
        if char in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSERS and depth:
            depth -= 1
    return deepest


def _dataset_iris(tree, base_iri: str | None) -> list:
    try:
        clauses = algebra.translateQuery(tree, base=base_iri).algebra.get("datasetClause") or []
    except Exception:  # noqa: BLE001 - an odd query: Oxigraph will judge its syntax
        return []
    # CompValue.get() answers the key itself when it is missing, so test membership
    return [clause["default"] if "default" in clause else clause["named"] for clause in clauses]


def _trial(query: str, base_iri: str | None) -> None:
    """Parse and plan the query with Oxigraph on an empty store (its syntax errors are the ones
    clients see; a query that crashes it crashes only this process)."""
    try:
        result = pyoxigraph.Store().query(query, base_iri=base_iri)
        if not isinstance(result, pyoxigraph.QueryBoolean):
            next(iter(result), None)
    except SyntaxError as exc:
        raise QueryMalformed(str(exc)) from exc
    except (OSError, ValueError, RuntimeError):
        pass  # evaluation errors are the real run's business


def _parse(parse, text: str):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyparsing deprecation noise
            return parse(text)
    except (ParseException, ValueError, TypeError, RecursionError):
        return None
    except Exception:  # noqa: BLE001 - rdflib's parser can fail in odd ways; Oxigraph will judge
        return None


def _walk(node):
    """Every node of rdflib's parse tree (CompValues, lists and values)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):  # CompValue is an OrderedDict
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(item)


def _single_describe(tree, base_iri: str | None) -> str | None:
    query = tree[1]
    # CompValue.get() answers the key itself when it is missing, so test membership
    if query.name != "DescribeQuery" or "where" in query or "datasetClause" in query:
        return None
    if "var" not in query or len(query["var"]) != 1:
        return None
    try:
        described = algebra.translateQuery(tree, base=base_iri).algebra["PV"]
    except Exception:  # noqa: BLE001 - unusual DESCRIBE forms go to Oxigraph unchanged
        return None
    if len(described) == 1 and isinstance(described[0], URIRef):
        return str(described[0])
    return None


# ---- running checks in worker processes ----------------------------------------------------

class Checker:
    """:func:`check` in a few worker processes, each check limited to *timeout* seconds.

    A check that runs past the limit is stopped (its process killed, QueryTimeout); a check whose
    process dies is refused as too complex. Workers are replaced off the request path.
    """

    def __init__(self, size: int = 2, timeout: float = 10.0, max_depth: int | None = None):
        self.timeout, self.max_depth = float(timeout), max_depth
        self._context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._size = max(1, int(size))
        self._slots = threading.BoundedSemaphore(self._size)
        self._closed = False
        self._warm = threading.Event()

    def check(self, query: str, base_iri: str | None = None) -> str | None:
        if not query.strip():
            raise QueryMalformed("The query is empty.")
        if self.max_depth is not None and nesting_depth(query) > self.max_depth:
            raise QueryRefused(TOO_DEEP.format(depth=self.max_depth))  # cheap: no process needed
        if not self._slots.acquire(timeout=self.timeout):
            raise QueryTimeout(f"The server is busy: no query slot became free within {self.timeout:g} s.")
        try:
            process, conn = self._take()
            try:
                conn.send((query, base_iri, self.max_depth))
                if not conn.poll(self.timeout):
                    self._replace(process, conn)
                    raise QueryTimeout(f"Reading the query took longer than {self.timeout:g} s (the time "
                                       "limit). Narrow it down, or download the data from /dumps/.")
                status, value = conn.recv()
            except (EOFError, OSError) as exc:
                self._replace(process, conn)
                raise QueryRefused(TOO_COMPLEX) from exc
            self._idle.put((process, conn))
        finally:
            self._slots.release()
        if status == "refused":
            raise QueryRefused(value)
        if status == "malformed":
            raise QueryMalformed(value)
        return value

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                process, conn = self._idle.get_nowait()
            except queue.Empty:
                return
            _stop(process, conn)

    def _take(self):
        if not self._warm.is_set():  # start the others now, so a stopped check finds a spare ready
            self._warm.set()
            for _ in range(self._size - 1):
                threading.Thread(target=self._refill, daemon=True).start()
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return self._spawn()

    def _spawn(self):
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_check_worker, args=(child,), daemon=True,
                                        name="icc-query-check")
        process.start()
        child.close()
        if not parent.poll(60) or parent.recv() != "ready":
            _stop(process, parent)
            raise QueryTimeout("The query checker could not be started.")
        return process, parent

    def _replace(self, process, conn) -> None:
        _stop(process, conn)
        if not self._closed:
            threading.Thread(target=self._refill, daemon=True).start()

    def _refill(self) -> None:
        try:
            self._idle.put(self._spawn())
        except QueryTimeout:
            pass  # the next check starts one itself


def _stop(process, conn) -> None:
    if process.is_alive():
        process.kill()
    process.join(5)
    conn.close()


def _check_worker(conn) -> None:
    """Inside a checker process: answer ("ok", describe IRI), ("refused", msg) or ("malformed", msg)."""
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        query, base_iri, max_depth = job
        try:
            reply = ("ok", check(query, base_iri, max_depth=max_depth, trial=True))
        except QueryRefused as exc:
            reply = ("refused", str(exc))
        except QueryMalformed as exc:
            reply = ("malformed", str(exc))
        except Exception as exc:  # noqa: BLE001 - never a traceback to the client
            reply = ("malformed", f"The query could not be read: {exc}")
        conn.send(reply)
