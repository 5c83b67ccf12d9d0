"""Talking to a remote SPARQL 1.1 store, and where a release lives in it.

Queries and updates go through SPARQLWrapper (the SPARQL 1.1 Protocol); graph uploads use the
SPARQL 1.1 Graph Store HTTP Protocol (a ``PUT`` of N-Triples). Every request has a connect
timeout and a read timeout, so a store that is down or hung costs a bounded wait and a
:class:`~icc_graph.errors.StoreUnavailable`, never a hang. Nothing here is cached between
requests: when the store comes back, the next request simply works.

Layout in the store (``{base}`` is the deployment's base IRI)::

    {base}/graph/release/{id}    the default graph of release {id}: what readers query
    <other graph names>          named graphs of a release, under their own names
    {base}/graph/meta            the pointer:  <{base}/dataset> dcat:hasCurrentVersion <release graph>
                                 and, per loaded release graph: dcterms:identifier, void:triples,
                                 dcterms:issued (load time), dcterms:hasPart (its named graphs)

Readers send their queries with ``default-graph-uri`` = the graph the pointer names; the pointer
moves with one SPARQL UPDATE after the upload is complete, so no reader sees half a release.
"""
from __future__ import annotations

import functools
import http.client
import urllib.error
import urllib.parse
import urllib.request
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from SPARQLWrapper import POST, SPARQLWrapper

from .errors import QueryMalformed, StoreError, StoreUnavailable

DCAT_CURRENT = "http://www.w3.org/ns/dcat#hasCurrentVersion"
DCT = "http://purl.org/dc/terms/"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
XSD = "http://www.w3.org/2001/XMLSchema#"

SOLUTIONS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


def meta_graph(base: str) -> str:
    return f"{base}/graph/meta"


def release_graph(base: str, release_id: str) -> str:
    return f"{base}/graph/release/{release_id}"


def dataset_iri(base: str) -> str:
    return f"{base}/dataset"


@dataclass(frozen=True)
class RemoteRelease:
    """The release the pointer names: its id, graph, size and named graphs."""

    id: str
    graph: str
    triples: int
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Endpoints:
    """Where the store answers, and how long we wait for it (seconds)."""

    query: str
    update: str | None = None
    gsp: str | None = None
    connect_timeout: float = 3.0
    read_timeout: float = 10.0

    @classmethod
    def from_config(cls, config) -> Endpoints:
        """From a mapping with the endpoint's keys (STORE, STORE_UPDATE, STORE_GSP, ...)."""
        return cls(str(config["STORE"]), config.get("STORE_UPDATE") or None, config.get("STORE_GSP") or None,
                   float(config.get("STORE_CONNECT_TIMEOUT", 3.0)), float(config.get("STORE_READ_TIMEOUT", 10.0)))


# ---- HTTP with a connect timeout and a separate read timeout --------------------------------
# urllib has one timeout for both; these connections switch the socket to the read timeout once
# the connection is made.

class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, read_timeout: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self):
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, read_timeout: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self):
        super().connect()
        self.sock.settimeout(self.read_timeout)


@functools.lru_cache(maxsize=16)
def _opener(read_timeout: float) -> urllib.request.OpenerDirector:
    class Http(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(functools.partial(_HTTPConnection, read_timeout=read_timeout), req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(functools.partial(_HTTPSConnection, read_timeout=read_timeout), req,
                                context=self._context)

    return urllib.request.build_opener(Http, Https)


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper sending its request through our opener (two timeouts, our error mapping)."""

    def __init__(self, endpoint: str, update_endpoint: str | None, connect: float, read: float):
        super().__init__(endpoint, updateEndpoint=update_endpoint)
        self.setMethod(POST)       # queries may be long; POST form is the protocol's safest form
        self.setOnlyConneg(True)   # no format=/output= parameters: the Accept header says it
        self._connect, self._read = connect, read

    def _query(self):
        return _opener(self._read).open(self._createRequest(), timeout=self._connect), self.returnFormat


class StoreClient:
    """One remote store. Thread-safe: every call builds its own request."""

    def __init__(self, endpoints: Endpoints):
        self.endpoints = endpoints

    @contextmanager
    def query(self, text: str, accept: str, *, default_graphs=(), named_graphs=(),
              read_timeout: float | None = None, on_timeout: StoreError | None = None):
        """Send a query; yield the open HTTP response (the caller streams it)."""
        read = self.endpoints.read_timeout if read_timeout is None else read_timeout
        wrapper = _Wrapper(self.endpoints.query, None, self.endpoints.connect_timeout, read)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SPARQLWrapper guesses the query form and may warn
            wrapper.setQuery(text)
        # The form is guessed with a regular expression; a query that mentions e.g. "delete" in
        # an IRI must still go to the query endpoint as a query (the front end checked it is one).
        wrapper.queryType = "SELECT"
        wrapper.addCustomHttpHeader("Accept", accept)
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs:
            wrapper.addNamedGraph(graph)
        with self._errors(read, on_timeout):
            response = wrapper.query().response
        try:
            with self._errors(read, on_timeout):
                yield response
        finally:
            response.close()

    def select(self, text: str, *, default_graphs=(), named_graphs=()) -> list[dict]:
        """Rows of a trusted SELECT: dicts of variable name -> pyoxigraph term (bound ones only)."""
        import pyoxigraph

        with self.query(text, SOLUTIONS_JSON, default_graphs=default_graphs, named_graphs=named_graphs) as answer:
            solutions = pyoxigraph.parse_query_results(answer.read(), format=pyoxigraph.QueryResultsFormat.JSON)
            names = [v.value for v in solutions.variables]
            return [{name: row[name] for name in names if row[name] is not None} for row in solutions]

    def update(self, text: str) -> None:
        """Run a SPARQL UPDATE on the update endpoint."""
        if not self.endpoints.update:
            raise StoreError("No SPARQL update endpoint is configured (ICC_STORE_UPDATE).")
        wrapper = _Wrapper(self.endpoints.query, self.endpoints.update, self.endpoints.connect_timeout,
                           self.endpoints.read_timeout)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wrapper.setQuery(text)
        if not wrapper.isSparqlUpdateRequest():
            raise StoreError("internal: not an update")  # our own texts all start with an update verb
        with self._errors(self.endpoints.read_timeout):
            wrapper.query().response.close()

    def put_graph(self, graph: str, ntriples, length: int, read_timeout: float) -> None:
        """Replace *graph* with the N-Triples in *ntriples* (bytes or a binary file)."""
        self._gsp("PUT", graph, ntriples, {"Content-Type": N_TRIPLES, "Content-Length": str(length)}, read_timeout)

    def drop_graph(self, graph: str) -> None:
        """Delete *graph*; a graph that is already gone is fine."""
        try:
            self._gsp("DELETE", graph, None, {}, self.endpoints.read_timeout)
        except StoreError as exc:
            if "404" not in str(exc):
                raise

    def _gsp(self, method: str, graph: str, body, headers: dict, read_timeout: float) -> None:
        if not self.endpoints.gsp:
            raise StoreError("No Graph Store endpoint is configured (ICC_STORE_GSP).")
        separator = "&" if "?" in self.endpoints.gsp else "?"
        url = self.endpoints.gsp + separator + urllib.parse.urlencode({"graph": graph})
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        with self._errors(read_timeout):
            _opener(read_timeout).open(request, timeout=self.endpoints.connect_timeout).close()

    @contextmanager
    def _errors(self, read_timeout: float, on_timeout: StoreError | None = None):
        """Turn what urllib raises into the project's errors, with a message for people."""
        where = self.endpoints.query
        try:
            yield
        except urllib.error.HTTPError as exc:
            detail = _body(exc)
            if exc.code == 400:
                raise QueryMalformed(detail or "The store rejected the query as malformed.") from exc
            if exc.code in (502, 503, 504):
                raise StoreUnavailable(f"The SPARQL store is unavailable ({exc.code}). Try again shortly.") from exc
            raise StoreError(f"The SPARQL store answered {exc.code}: {detail}") from exc
        except urllib.error.URLError as exc:  # no connection: refused, unknown host, connect timeout
            raise StoreUnavailable(f"The SPARQL store at {where} cannot be reached ({_reason(exc.reason)}). "
                                   "Try again shortly.") from exc
        except (TimeoutError, http.client.RemoteDisconnected, ConnectionError) as exc:
            if isinstance(exc, TimeoutError) and on_timeout is not None:
                raise on_timeout from exc
            raise StoreUnavailable(f"The SPARQL store at {where} did not answer within {read_timeout:g} s "
                                   "or dropped the connection. Try again shortly.") from exc


def _body(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read(2000).decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _reason(reason) -> str:
    if isinstance(reason, TimeoutError):
        return "connection timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason)


# ---- the release pointer ----------------------------------------------------------------------

def pointer_query(base: str) -> str:
    return (f"SELECT ?graph ?id ?triples ?part WHERE {{ GRAPH <{meta_graph(base)}> {{ "
            f"<{dataset_iri(base)}> <{DCAT_CURRENT}> ?graph . ?graph <{DCT}identifier> ?id ; "
            f"<{VOID_TRIPLES}> ?triples . OPTIONAL {{ ?graph <{DCT}hasPart> ?part }} }} }} ORDER BY ?part")


def read_pointer(client: StoreClient, base: str) -> RemoteRelease | None:
    """The release readers see now, or None when no release was loaded."""
    rows = client.select(pointer_query(base))
    if not rows:
        return None
    first = rows[0]
    parts = tuple(row["part"].value for row in rows if "part" in row)
    return RemoteRelease(first["id"].value, first["graph"].value, int(first["triples"].value), parts)


def switch_update(base: str, release_id: str, triples: int, named_graphs, issued: str) -> str:
    """One SPARQL UPDATE that points readers at the release graph (and describes it)."""
    graph, meta, dataset = release_graph(base, release_id), meta_graph(base), dataset_iri(base)
    parts = "".join(f" <{graph}> <{DCT}hasPart> <{g}> ." for g in named_graphs)
    return (f"DELETE {{ GRAPH <{meta}> {{ <{dataset}> <{DCAT_CURRENT}> ?old . <{graph}> ?p ?o }} }}\n"
            f"INSERT {{ GRAPH <{meta}> {{ <{dataset}> <{DCAT_CURRENT}> <{graph}> . "
            f"<{graph}> <{DCT}identifier> {_string(release_id)} ; <{VOID_TRIPLES}> {int(triples)} ; "
            f"<{DCT}issued> \"{issued}\"^^<{XSD}dateTime> .{parts} }} }}\n"
            f"WHERE {{ OPTIONAL {{ GRAPH <{meta}> {{ <{dataset}> <{DCAT_CURRENT}> ?old }} }} "
            f"OPTIONAL {{ GRAPH <{meta}> {{ <{graph}> ?p ?o }} }} }}")


def loaded_releases(client: StoreClient, base: str) -> list[tuple[str, str]]:
    """(release graph, issued) of every release described in the meta graph, newest first."""
    rows = client.select(f"SELECT ?graph ?issued WHERE {{ GRAPH <{meta_graph(base)}> {{ "
                         f"?graph <{DCT}identifier> ?id ; <{DCT}issued> ?issued }} }} "
                         "ORDER BY DESC(?issued) ?graph")
    return [(row["graph"].value, row["issued"].value) for row in rows]


def forget_update(base: str, graph: str) -> str:
    """The UPDATE that removes a release's description from the meta graph."""
    return f"DELETE WHERE {{ GRAPH <{meta_graph(base)}> {{ <{graph}> ?p ?o }} }}"


def _string(text: str) -> str:
    import pyoxigraph

    return str(pyoxigraph.Literal(text))
