"""Talking to a remote SPARQL 1.1 store: queries, updates and graph uploads over HTTP.

Queries and updates go through SPARQLWrapper (the SPARQL 1.1 Protocol); graph uploads use the
SPARQL 1.1 Graph Store HTTP Protocol (a ``PUT`` of N-Triples). Every request has a connect
timeout and a read timeout, so a store that is down or hung costs a bounded wait and a
:class:`~icc_graph.errors.StoreUnavailable`, never a hang. Nothing here is cached between
requests: when the store comes back, the next request simply works.

Where a release lives in the store is :mod:`icc_graph.store.remote`'s business.
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

import pyoxigraph
from SPARQLWrapper import POST, SPARQLWrapper

from ..errors import QueryMalformed, StoreError, StoreUnavailable
from ..formats import NTRIPLES, RESULTS_JSON
from ..settings import Defaults, value


@dataclass(frozen=True)
class Endpoints:
    """Where the store answers, and how long we wait for it (seconds)."""

    query: str
    update: str | None = None
    gsp: str | None = None
    connect_timeout: float = Defaults.STORE_CONNECT_TIMEOUT
    read_timeout: float = Defaults.STORE_READ_TIMEOUT

    @classmethod
    def from_config(cls, config) -> Endpoints:
        """From the settings (STORE, STORE_UPDATE, STORE_GSP and the two timeouts)."""
        return cls(str(config["STORE"]), value(config, "STORE_UPDATE") or None, value(config, "STORE_GSP") or None,
                   float(value(config, "STORE_CONNECT_TIMEOUT")), float(value(config, "STORE_READ_TIMEOUT")))


# ---- HTTP with a connect timeout and a separate read timeout --------------------------------
# urllib has one timeout for both; these connections switch the socket to the read timeout once
# the connection is made.

class _ReadTimeout:
    """A connection whose socket switches to *read_timeout* once it is connected."""

    def __init__(self, *args, read_timeout: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self):
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _HTTPConnection(_ReadTimeout, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_ReadTimeout, http.client.HTTPSConnection):
    pass


class _Http(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float):
        super().__init__()
        self.read_timeout = read_timeout

    def http_open(self, req):
        return self.do_open(functools.partial(_HTTPConnection, read_timeout=self.read_timeout), req)


class _Https(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float):
        super().__init__()
        self.read_timeout = read_timeout

    def https_open(self, req):
        return self.do_open(functools.partial(_HTTPSConnection, read_timeout=self.read_timeout), req,
                            context=self._context)


def _opener(read_timeout: float) -> urllib.request.OpenerDirector:
    """An opener whose connections switch to *read_timeout* once connected."""
    return urllib.request.build_opener(_Http(read_timeout), _Https(read_timeout))


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper sending its request through our opener (two timeouts, our error mapping)."""

    def __init__(self, endpoint: str, update_endpoint: str | None, connect: float, read: float):
        super().__init__(endpoint, updateEndpoint=update_endpoint)
        self.setMethod(POST)       # queries may be long; POST form is the protocol's safest form
        self.setOnlyConneg(True)   # no format=/output= parameters: the Accept header says it
        self._connect, self._read = connect, read

    def _query(self):
        return _opener(self._read).open(self._createRequest(), timeout=self._connect), self.returnFormat


def query_form(text: str) -> str:
    """The query's form as SPARQLWrapper reads it from the text (``"SELECT"``, ``"ASK"``,
    ``"CONSTRUCT"``, ``"DESCRIBE"``; ``"SELECT"`` when it cannot tell)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SPARQLWrapper("http://localhost/")._parseQueryType(text) or "SELECT"


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
        with self.query(text, RESULTS_JSON.media_type, default_graphs=default_graphs, named_graphs=named_graphs) as answer:
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
        self._gsp("PUT", graph, ntriples, {"Content-Type": NTRIPLES.media_type, "Content-Length": str(length)}, read_timeout)

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
