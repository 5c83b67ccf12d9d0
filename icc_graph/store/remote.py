"""A remote SPARQL 1.1 store as the Store, and where a release lives in it.

Layout in the store (``{base}`` is the deployment's base IRI; names from :mod:`icc_graph.iris`)::

    {base}/graph/release/{id}    the default graph of release {id}: what readers query
    <other graph names>          named graphs of a release, under their own names
    {base}/graph/meta            the pointer:  <{base}/dataset> dcat:hasCurrentVersion <release graph>
                                 and, per loaded release graph: dcterms:identifier, void:triples,
                                 dcterms:issued (load time), dcterms:hasPart (its named graphs)

Readers send their queries with ``default-graph-uri`` = the graph the pointer names; the pointer
moves with one SPARQL UPDATE after the upload is complete (``icc-graph load``,
:mod:`icc_graph.store.load`), so no reader sees half a release.
"""
from __future__ import annotations

import itertools
import re
import threading
import time
from dataclasses import dataclass

import pyoxigraph
import rdflib
from rdflib.plugins.sparql import parser

from .. import documents
from ..errors import NotAcceptableKind, QueryTimeout, StoreError, StoreUnavailable
from ..formats import NTRIPLES, RESULTS_JSON, TURTLE
from ..iris import dataset_iri, meta_graph, release_graph
from ..namespaces import GEOSPARQL
from ..results import write_solutions
from ..settings import Defaults
from ..terms import sparql_string, to_rdflib
from .base import QueryRequest, QueryResult, Store
from .remote_client import Endpoints, StoreClient, query_form

DCAT_CURRENT = "http://www.w3.org/ns/dcat#hasCurrentVersion"
DCT = "http://purl.org/dc/terms/"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
XSD = "http://www.w3.org/2001/XMLSchema#"
# Virtuoso 7 stores a GeoSPARQL WKT literal as its own geometry type and answers it so; read back
# as what was loaded (the same lexical form, the standard datatype), documents and answers match.
_WKT = pyoxigraph.NamedNode(str(GEOSPARQL.wktLiteral))
STORE_DATATYPES = {"http://www.openlinksw.com/schemas/virtrdf#Geometry": _WKT}


@dataclass(frozen=True)
class RemoteRelease:
    """The release the pointer names: its id, graph, size and named graphs."""

    id: str
    graph: str
    triples: int
    named_graphs: tuple[str, ...] = ()


class RemoteStore(Store):
    """A remote SPARQL 1.1 store (Oxigraph server, Fuseki, Virtuoso, GraphDB, QLever, ...).

    Readers query the release graph the store's pointer names (below); the
    pointer is re-read at most every *pointer_ttl* seconds. Documents are rebuilt locally by
    :func:`icc_graph.documents.document_triples` from the triples a few CONSTRUCTs fetch, so they
    are byte-identical to the embedded store's. Public answers are read as a stream and cut at
    the row cap like the embedded ones; a public query may take *query_timeout* seconds (the
    store's own limit should be the same or lower), every other read the read timeout.
    """

    def __init__(self, endpoints: Endpoints, base_iri: str, *, query_timeout: float = Defaults.QUERY_TIMEOUT,
                 row_limit: int = Defaults.RESULT_ROW_LIMIT, pointer_ttl: float = Defaults.STORE_POINTER_TTL,
                 incoming_limit: int = Defaults.DOCUMENT_INCOMING_LIMIT):
        self.client = StoreClient(endpoints)
        self._base = base_iri.rstrip("/")
        self.query_timeout, self.row_limit, self.pointer_ttl = float(query_timeout), int(row_limit), pointer_ttl
        self.incoming_limit = int(incoming_limit)
        self._lock = threading.Lock()
        self._pointer = None
        self._read_at = float("-inf")

    @property
    def base_iri(self) -> str:  # type: ignore[override]
        return self._base

    def release(self):
        """The release the pointer names now (a :class:`RemoteRelease`)."""
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
        return [{name: to_rdflib(standard(term)) for name, term in row.items()} for row in rows]

    def missing_graphs(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """One query over the named graphs asked about: those with a triple are held."""
        if not names:
            return ()
        graphs = [pyoxigraph.NamedNode(name) for name in names]
        rows = self.client.select(
            f"SELECT ?g WHERE {{ VALUES ?g {{ {' '.join(map(str, graphs))} }} "
            "FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }", named_graphs=names)
        held = {row["g"].value for row in rows if "g" in row}
        return tuple(name for name in names if name not in held)

    def construct(self, query: str) -> list[pyoxigraph.Triple]:
        """The triples of a trusted CONSTRUCT over the current release graph."""
        with self.client.query(query, NTRIPLES.media_type, default_graphs=(self.release().graph,)) as answer:
            return [standard_triple(t) for t in pyoxigraph.parse(answer.read(), format=pyoxigraph.RdfFormat.N_TRIPLES)]

    def document_triples(self, iri: str) -> list[pyoxigraph.Triple]:
        """Fetch a superset of the document (the thing, its incoming links, its parts level by
        level, labels) into a small in-memory store; the one definition picks from it. Every
        request names its subjects: no scan of the store, whatever the IRI's shape."""
        try:
            thing = pyoxigraph.NamedNode(iri)
        except ValueError:
            return []
        labels = " ".join(str(p) for p in documents.LABEL_PREDICATES)
        found = set(self.construct(
            f"CONSTRUCT {{ ?s ?p ?o . ?o ?lp ?l . ?in ?ip {thing} . ?in ?lp ?l2 }} WHERE {{ "
            f"{{ VALUES ?s {{ {thing} }} ?s ?p ?o OPTIONAL {{ VALUES ?lp {{ {labels} }} ?o ?lp ?l }} }} "
            f"UNION {{ {{ SELECT ?in ?ip WHERE {{ ?in ?ip {thing} }} ORDER BY ?in ?ip LIMIT {self.incoming_limit} }} "
            f"OPTIONAL {{ VALUES ?lp {{ {labels} }} ?in ?lp ?l2 }} }} }}"))
        prefixes = (iri + "-", iri + "#")
        fetched = {thing}
        while True:  # parts (iri-period, iri#term, ...), one level per request
            parts = {node for t in found for node in (t.subject, t.object) if isinstance(node, pyoxigraph.NamedNode)
                     and node.value.startswith(prefixes) and node not in fetched}
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
        links, total = documents.first_incoming(local, thing, self.incoming_limit)
        if total >= self.incoming_limit:  # the store may hold more than were fetched
            rows = self.client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?in ?ip {thing} }}",
                                      default_graphs=(self.release().graph,))
            total = max(total, int(rows[0]["n"].value)) if rows and "n" in rows[0] else total
        return documents.document_triples(local, iri, limit=self.incoming_limit, base=self._base,
                                          incoming=lambda node: (links, total))

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
        text = self._with_base(request.query)
        form = query_form(text)
        with self.client.query(text, ANSWER_ACCEPT.get(form, ANY_ANSWER), default_graphs=default,
                               named_graphs=named, read_timeout=self.query_timeout, on_timeout=timeout) as answer:
            return self._cap(answer, request, deadline, timeout, ask=form == "ASK")

    def _cap(self, answer, request: QueryRequest, deadline: float, timeout: QueryTimeout,
             ask: bool = False) -> QueryResult:
        """The store's answer, re-written in the client's format and cut at the row cap."""
        media_type = answer.headers.get_content_type()
        results_format = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
        if results_format is not None:
            parsed = pyoxigraph.parse_query_results(answer, format=results_format)
            if ask and isinstance(parsed, pyoxigraph.QuerySolutions):  # solutions for an ASK: see ANSWER_ACCEPT
                parsed = _boolean(_solutions_say_yes(parsed))
            if isinstance(parsed, pyoxigraph.QueryBoolean):
                if request.results_format is None:
                    raise NotAcceptableKind("boolean")
                return QueryResult("boolean", request.results_format,
                                   parsed.serialize(format=request.results_format.oxigraph), False)
            if request.results_format is None:
                raise NotAcceptableKind("solutions")
            variables = [v.value for v in parsed.variables]
            rows = [{name: standard(row[name]) for name in variables if row[name] is not None}
                    for row in _first(parsed, self.row_limit + 1, deadline, timeout)]
            return QueryResult("solutions", request.results_format,
                               write_solutions(variables, rows[:self.row_limit], request.results_format),
                               len(rows) > self.row_limit)
        rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
        if rdf_format is None:
            raise StoreError(f"The SPARQL store answered in an unexpected media type: {media_type}.")
        if request.rdf_format is None:
            raise NotAcceptableKind("graph")
        triples = [standard_triple(t) for t in
                   _first(pyoxigraph.parse(answer, format=rdf_format), self.row_limit + 1, deadline, timeout)]
        return QueryResult("graph", request.rdf_format,
                           documents.serialize(triples[:self.row_limit], request.rdf_format, self._base),
                           len(triples) > self.row_limit)


# What RemoteStore asks the store for: formats pyoxigraph reads as a stream, one per query form
# where the form is known: given a choice, Virtuoso 7 writes a CONSTRUCT as SPARQL results, and
# fails. It also answers an ASK with solutions, one row (true) or none (false), in every format:
# _cap reads such an answer to an ASK as the boolean it stands for.
ANSWER_ACCEPT = {"SELECT": RESULTS_JSON.media_type, "ASK": RESULTS_JSON.media_type,
                 "CONSTRUCT": NTRIPLES.media_type, "DESCRIBE": NTRIPLES.media_type}
ANY_ANSWER = f"{RESULTS_JSON.media_type}, {NTRIPLES.media_type};q=0.9, {TURTLE.media_type};q=0.5"
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def _solutions_say_yes(solutions) -> bool:
    """An ASK answered as solutions: true when a row has a bound value that is not false or 0."""
    for row in solutions:
        return any(term is not None and term.value not in ("0", "false") for term in row)
    return False


def _boolean(value: bool) -> pyoxigraph.QueryBoolean:
    return pyoxigraph.parse_query_results(b'{"head": {}, "boolean": %s}' % (b"true" if value else b"false"),
                                          format=pyoxigraph.QueryResultsFormat.JSON)


def standard(term):
    """*term* with a store's own literal datatype (:data:`STORE_DATATYPES`) put back."""
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value in STORE_DATATYPES:
        return pyoxigraph.Literal(term.value, datatype=STORE_DATATYPES[term.datatype.value])
    return term


def standard_triple(triple: pyoxigraph.Triple) -> pyoxigraph.Triple:
    if isinstance(triple.object, pyoxigraph.Literal) and triple.object.datatype.value in STORE_DATATYPES:
        return pyoxigraph.Triple(triple.subject, triple.predicate, standard(triple.object))
    return triple


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
    try:
        tree = parser.parseQuery(query)
    except Exception:  # noqa: BLE001 - the store's parser will judge it
        return False
    return "datasetClause" in tree[1]


# ---- where a release lives in the store ------------------------------------------------------

def pointer_query(base: str) -> str:
    # Newest first: while a switch is under way the meta graph may name two current versions
    # for a moment (see switch_update); readers take the one loaded last.
    return (f"SELECT ?graph ?id ?triples ?issued ?part WHERE {{ GRAPH <{meta_graph(base)}> {{ "
            f"<{dataset_iri(base)}> <{DCAT_CURRENT}> ?graph . ?graph <{DCT}identifier> ?id ; "
            f"<{VOID_TRIPLES}> ?triples ; <{DCT}issued> ?issued . OPTIONAL {{ ?graph <{DCT}hasPart> ?part }} }} }} "
            "ORDER BY DESC(?issued) ?graph ?part")


def read_pointer(client: StoreClient, base: str) -> RemoteRelease | None:
    """The release readers see now, or None when no release was loaded."""
    rows = client.select(pointer_query(base))
    if not rows:
        return None
    first = rows[0]
    graph = first["graph"].value
    parts = tuple(row["part"].value for row in rows if "part" in row and row["graph"].value == graph)
    return RemoteRelease(first["id"].value, graph, int(first["triples"].value), parts)


def switch_update(base: str, release_id: str, triples: int, named_graphs, issued: str) -> str:
    """The SPARQL UPDATE request that points readers at the release graph (and describes it).

    Four operations, each leaving the meta graph readable, so the switch is safe whether the
    store runs a request in one transaction (Oxigraph) or operation by operation (Virtuoso 7):
    describe the graph (stamped *issued*), forget its older stamps, point at it, forget the older
    pointers. In between, readers take the newest stamped pointer (:func:`pointer_query`).
    Every variable of a DELETE template is bound by a triple pattern: Virtuoso 7 drops a whole
    solution (its INSERT too) when a template variable is unbound, as after an OPTIONAL that
    matched nothing, where the standard drops only that triple."""
    graph, meta, dataset = release_graph(base, release_id), meta_graph(base), dataset_iri(base)
    stamp = f"\"{issued}\"^^<{XSD}dateTime>"
    parts = "".join(f" <{graph}> <{DCT}hasPart> <{g}> ." for g in named_graphs)
    return (f"INSERT DATA {{ GRAPH <{meta}> {{ <{graph}> <{DCT}identifier> {sparql_string(release_id)} ; "
            f"<{VOID_TRIPLES}> {int(triples)} ; <{DCT}issued> {stamp} .{parts} }} }} ;\n"
            f"DELETE {{ GRAPH <{meta}> {{ <{graph}> <{DCT}issued> ?older }} }}\n"
            f"WHERE {{ GRAPH <{meta}> {{ <{graph}> <{DCT}issued> ?older }} FILTER(?older != {stamp}) }} ;\n"
            f"INSERT DATA {{ GRAPH <{meta}> {{ <{dataset}> <{DCAT_CURRENT}> <{graph}> }} }} ;\n"
            f"DELETE {{ GRAPH <{meta}> {{ <{dataset}> <{DCAT_CURRENT}> ?old }} }}\n"
            f"WHERE {{ GRAPH <{meta}> {{ <{dataset}> <{DCAT_CURRENT}> ?old }} FILTER(?old != <{graph}>) }}")


def loaded_releases(client: StoreClient, base: str) -> list[tuple[str, str]]:
    """(release graph, issued) of every release described in the meta graph, newest first."""
    rows = client.select(f"SELECT ?graph ?issued WHERE {{ GRAPH <{meta_graph(base)}> {{ "
                         f"?graph <{DCT}identifier> ?id ; <{DCT}issued> ?issued }} }} "
                         "ORDER BY DESC(?issued) ?graph")
    return [(row["graph"].value, row["issued"].value) for row in rows]


def forget_update(base: str, graph: str) -> str:
    """The UPDATE that removes a release's description from the meta graph."""
    return f"DELETE WHERE {{ GRAPH <{meta_graph(base)}> {{ <{graph}> ?p ?o }} }}"
