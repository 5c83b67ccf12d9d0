"""Look at a public query before it runs: refuse what a read-only endpoint must not do.

Oxigraph would execute ``SERVICE`` by opening an HTTP connection, so federated queries are
refused here, from rdflib's parse tree, before any evaluation. Updates (INSERT, DELETE, LOAD,
CLEAR, DROP, ...) are refused with a message that says why. A query that rdflib cannot parse is
left to Oxigraph, whose parser message the client then gets (rdflib's grammar is a little older);
such a query is refused if it mentions SERVICE at all, since it cannot be checked. A dataset
(FROM, FROM NAMED, or the protocol's ``default-graph-uri`` and ``named-graph-uri``) names graphs of
the store: nothing is ever fetched, and a name the store does not hold is an empty graph (as in
Oxigraph and Fuseki). The check only requires each name to be an absolute IRI, and reports the
names a query's FROM clauses give (:class:`Verdict`), so the endpoint can say which were empty.

Reading a query is itself costly on hostile input: rdflib's parser takes seconds on a long
``IN (...)`` list, and Oxigraph's overflows its stack on deeply nested or very long queries (the
process dies). So the endpoint runs :func:`check` through a :class:`Checker`, in worker processes
with a time limit, and the check ends with a trial run on an empty Oxigraph store: a query that
kills the trial process is refused before it can reach the query workers.

Most queries are short and plain, and rdflib's parse costs more than Oxigraph's whole answer to
them (30-70 ms of Python). :func:`quick_check` decides those from the text alone, in the server
process: a short, shallow, ASCII text without the letters of any keyword that needs the parse
tree (SERVICE, FROM, DESCRIBE, updates) and without ``\\u`` escapes cannot hold SERVICE, an update
or a dataset, and is far below the size that overflows Oxigraph's parser (should one still kill a
query worker, the runner refuses it, see :mod:`icc_graph.runtime.query_runner`). Everything else goes the
full way. The :class:`Checker` also remembers its last verdicts by query text.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import pyoxigraph
from pyparsing import ParseException
from rdflib.plugins.sparql import algebra, parser
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from ..caching import ReleaseCache
from ..errors import QueryMalformed, QueryRefused
from ..settings import Defaults
from .process_pool import ProcessPool, answer_messages, call

READ_ONLY = ("This endpoint is read-only: SPARQL Update requests (INSERT, DELETE, LOAD, CLEAR, "
             "DROP, CREATE, ADD, MOVE, COPY) are not accepted.")
NO_SERVICE = ("Federated queries are not allowed here: this endpoint does not call other services "
              "(SERVICE). Download the data from /dumps/ to combine it with other sources.")
TOO_DEEP = "The query nests brackets more than {depth} levels deep; this endpoint accepts at most {depth}."
TOO_COMPLEX = ("The query is too large or too deeply nested for the query engine. "
               "Split it into smaller queries, or download the data from /dumps/.")
_SERVICE_WORD = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_OPENERS, _CLOSERS = frozenset("{(["), frozenset("})]")

# The quick path (see the module docstring). Oxigraph's parser first overflows at about 5,000
# nested brackets or 10,000 chained "!"; these bounds stay far below both.
QUICK_MAX_LENGTH = 4_000
QUICK_MAX_DEPTH = 32
# Letters that send a query the full way wherever they appear outside IRIs (inside a word or a
# string too: a false alarm only costs a parse). An IRI (<...>, no spaces, braces or quotes)
# cannot hide a SERVICE call: its group would have to follow inside the brackets.
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_NEEDS_PARSE = re.compile(r"service|from|\\", re.IGNORECASE)
# Keywords whose answer needs the parse tree: DESCRIBE (a document), updates (never run through a
# query API anyway; the full check refuses them with a message that says why).
_KEYWORDS = re.compile(r"(?<![\w:])(describe|insert|delete|load|clear|drop|create|add|move|copy)(?!\w)",
                       re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DESCRIBE_ONE = re.compile(r"\s*DESCRIBE\s*<(https?://[^<>\"{}|^`\\\x00-\x20]+)>\s*", re.IGNORECASE)


def quick_check(query: str, max_depth: int | None = None) -> tuple[bool, str | None]:
    """``(True, describe IRI or None)`` when the text alone shows that *query* may run (as
    :func:`check` would answer), ``(False, None)`` when it needs the full check."""
    if len(query) > QUICK_MAX_LENGTH or not query.isascii() or _CONTROL.search(query):
        return False, None
    describe = _DESCRIBE_ONE.fullmatch(query)
    if describe:  # DESCRIBE <absolute IRI>: nothing else in the text
        return True, describe.group(1)
    depth_cap = QUICK_MAX_DEPTH if max_depth is None else min(max_depth, QUICK_MAX_DEPTH)
    outside_iris = _IRIREF.sub(" ", query)
    plain = (bool(query.strip()) and not _NEEDS_PARSE.search(outside_iris) and not _KEYWORDS.search(outside_iris)
             and nesting_depth(query) <= depth_cap)
    return plain, None


@dataclass(frozen=True)
class Verdict:
    """What the check learnt of a query that may run.

    ``describe``: the IRI of a ``DESCRIBE <iri>`` (a single IRI, no WHERE, no FROM), answered with
    its document; else None. ``dataset``: the graph names of the query's FROM and FROM NAMED
    clauses, in order (empty when it has none).
    """

    describe: str | None = None
    dataset: tuple[str, ...] = ()


def check(query: str, base_iri: str | None = None, *, max_depth: int | None = None,
          trial: bool = False) -> Verdict:
    """Raise QueryRefused/QueryMalformed if *query* must not run; else its :class:`Verdict`.

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
        verdict = Verdict()  # Oxigraph parses it (or reports the syntax error)
    else:
        if any(isinstance(node, CompValue) and node.name == "ServiceGraphPattern" for node in _walk(tree)):
            raise QueryRefused(NO_SERVICE)
        dataset = _dataset_iris(tree, base_iri) if "datasetClause" in tree[1] else []
        check_dataset(dataset)
        verdict = Verdict(_single_describe(tree, base_iri), tuple(str(iri) for iri in dataset))
    if trial:
        _trial(query, base_iri)
    return verdict


def check_dataset(iris) -> None:
    """Refuse graph names that are not absolute IRIs (QueryMalformed). Any absolute IRI may name a
    graph: the store is asked for it, and nothing is fetched."""
    for iri in iris:
        try:
            pyoxigraph.NamedNode(str(iri))
        except ValueError as exc:
            raise QueryMalformed(f"<{iri}> is not an absolute IRI ({exc}), so it cannot name a graph.") from exc


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

ANY_RELEASE = "*"  # what a verdict is filed under: the syntax of a query does not depend on the data


class Checker:
    """:func:`check` in a few worker processes, each check limited to *timeout* seconds.

    A check that runs past the limit is stopped (its process killed, QueryTimeout); a check whose
    process dies is refused as too complex. Workers are replaced off the request path. Queries
    :func:`quick_check` clears never reach a process, and the last verdicts are remembered
    (*memory_chars* of query text at most): the same text gets the same verdict.
    """

    def __init__(self, size: int = 2, timeout: float = Defaults.QUERY_TIMEOUT, max_depth: int | None = None,
                 memory_chars: int = 4_000_000):
        self.timeout, self.max_depth = float(timeout), max_depth
        # bounded by the length of the query texts it holds; a verdict holds for every release
        self._verdicts = ReleaseCache(memory_chars, sizeof=lambda key, verdict: len(key[0]))
        self.pool = ProcessPool(_check_worker, "icc-query-check", size, self.timeout)

    def check(self, query: str, base_iri: str | None = None) -> Verdict:
        if not query.strip():
            raise QueryMalformed("The query is empty.")
        quick, describe_iri = quick_check(query, self.max_depth)
        if quick:  # no FROM in the text, so no dataset
            return Verdict(describe_iri)
        if self.max_depth is not None and nesting_depth(query) > self.max_depth:
            raise QueryRefused(TOO_DEEP.format(depth=self.max_depth))  # cheap: no process needed
        status, value = self._verdicts.get_or_compute(ANY_RELEASE, (query, base_iri),
                                                      lambda: self._ask(query, base_iri))
        if status == "refused":
            raise QueryRefused(value)
        if status == "malformed":
            raise QueryMalformed(value)
        return value

    def _ask(self, query: str, base_iri: str | None) -> tuple[str, Verdict | str]:
        """The verdict of a checker process: ("ok", Verdict), ("refused", ...) or ("malformed", ...)."""
        return call(self.pool, (query, base_iri, self.max_depth), died=TOO_COMPLEX,
                    timed_out=f"Reading the query took longer than {self.timeout:g} s (the time limit). "
                              "Narrow it down, or download the data from /dumps/.")

    def close(self) -> None:
        self.pool.close()


def _check_worker(conn) -> None:
    """Inside a checker process: answer ("ok", Verdict), ("refused", msg) or ("malformed", msg)."""
    answer_messages(conn, _verdict)


def _verdict(job) -> tuple[str, Verdict | str]:
    query, base_iri, max_depth = job
    try:
        return ("ok", check(query, base_iri, max_depth=max_depth, trial=True))
    except QueryRefused as exc:
        return ("refused", str(exc))
    except QueryMalformed as exc:
        return ("malformed", str(exc))
    except Exception as exc:  # noqa: BLE001 - never a traceback to the client
        return ("malformed", f"The query could not be read: {exc}")
