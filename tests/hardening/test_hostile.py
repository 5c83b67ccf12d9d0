"""Hostile and careless requests against a live server.

Every case must get a clear 4xx or 503 within the query timeout + 1 s (some say why in so many
words), the server must open no connection of its own (watched at the socket level: a listener
that SERVICE/LOAD/FROM point at must see no accept(), and the server's processes may hold no inet
socket but the listening one and the clients it accepted), and a normal query must be answered
right after. A dataset naming a document elsewhere is answered (200), over an empty graph: the
store is asked for that graph name and nothing is fetched, which the same socket watch checks.
"""
from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field

import pytest
import requests

from .conftest import SocketWatch

pytestmark = pytest.mark.live
TIMEOUT = 2.0  # the server's query timeout here; every answer must come within TIMEOUT + 1 s
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
TEST_NET = "http://192.0.2.1/sparql"  # TEST-NET-1: never routed; refusal must come before connect()
LOOP = "http://127.0.0.1:{port}/sparql"  # filled in with the port of the test's own listener
NORMAL = ("SELECT ?p WHERE { ?p a <http://127.0.0.1:8080/ontology#Practice> } "
          "ORDER BY ?p LIMIT 3")
ANY = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
ALL_PAIRS = "(!<urn:x:none>|^!<urn:x:none>)*"  # every predicate, both ways, any length


@dataclass
class Case:
    name: str
    statuses: set[int]
    method: str = "GET"
    path: str = "/sparql"
    params: dict | None = None
    data: bytes | str | dict | None = None
    headers: dict = field(default_factory=dict)
    raw_path: str | None = None  # sent as is, for bytes requests would otherwise re-encode
    says: str | None = None  # words the answer must hold (its reason)


def q(name, query, statuses, **kw):
    return Case(name, statuses, params={"query": query}, **kw)


def post_form(name, form, statuses, headers=None, **kw):
    return Case(name, statuses, method="POST", data=form, headers=headers or {"Content-Type": FORM}, **kw)


def form(name, query, statuses, **kw):
    """A long query, sent as a POST form (a GET of it would pass the server's request-line limit)."""
    return post_form(name, {"query": query}, statuses, **kw)


def post_query(name, query, statuses, content_type=SPARQL_QUERY, says=None):
    body = query.encode("utf-8") if isinstance(query, str) else query
    return Case(name, statuses, method="POST", data=body, headers={"Content-Type": content_type}, says=says)


MALFORMED = [
    q("unclosed group", "SELECT * WHERE {", {400}),
    q("misspelt keyword", "SELEC ?x WHERE { ?x ?p ?o }", {400}),
    q("triple without object", "SELECT * WHERE { ?s ?p }", {400}),
    q("undefined prefix", "SELECT * WHERE { ?s nope:p ?o }", {400}),
    q("negative limit", "SELECT * WHERE { ?s ?p ?o } LIMIT -1", {400}),
    q("empty query", "", {400}),
    q("blank query", "   \n\t ", {400}),
    q("NUL bytes", "SELECT\x00 * WHERE { ?s ?p ?o }", {400}),
    q("only a comment", "# SELECT * WHERE { ?s ?p ?o }", {400}),
    Case("two query parameters", {400}, raw_path="/sparql?query=ASK%7B%7D&query=ASK%7B%7D"),
    post_form("POST form without query", {"format": "json"}, {400}),
]

UPDATES = [
    q("INSERT DATA as query (GET)", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", {403}),
    Case("update parameter (GET)", {403}, params={"update": "DELETE WHERE { ?s ?p ?o }"}),
    post_form("update parameter (POST form)", {"update": "CLEAR ALL"}, {403}),
    post_form("CLEAR as query (POST form)", {"query": "CLEAR ALL"}, {403}),
    post_form("using-graph-uri (POST form)", {"query": ANY, "using-graph-uri": "urn:g"}, {403}),
    post_query("DROP ALL (sparql-update body)", "DROP ALL", {403}, "application/sparql-update"),
    post_query("DROP as sparql-query body", "DROP GRAPH <urn:g>", {403}),
    q("LOAD loopback (GET)", "LOAD <{loop}>", {403}),
    post_form("LOAD TEST-NET (POST form)", {"query": f"LOAD <{TEST_NET}> INTO GRAPH <urn:g>"}, {403}),
    post_query("LOAD SILENT loopback (sparql-query body)", "LOAD SILENT <{loop}>", {403}),
    post_query("LOAD loopback (sparql-update body)", "LOAD <{loop}>", {403}, "application/sparql-update"),
    q("CREATE GRAPH", "CREATE GRAPH <urn:g>", {403}),
    q("COPY", "COPY DEFAULT TO <urn:g>", {403}),
    q("MOVE", "MOVE DEFAULT TO <urn:g>", {403}),
    q("ADD", "ADD DEFAULT TO <urn:g>", {403}),
    q("DELETE/INSERT WHERE", "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", {403}),
]

FEDERATION = [
    q("SERVICE loopback (GET)", "SELECT * WHERE { SERVICE <{loop}> { ?s ?p ?o } }", {403}),
    post_query("SERVICE TEST-NET (sparql-query body)", f"SELECT * WHERE {{ SERVICE <{TEST_NET}> {{ ?s ?p ?o }} }}",
               {403}),
    post_form("SERVICE SILENT in OPTIONAL (POST form)",
              {"query": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT <{loop}> { ?s ?p ?o } } } LIMIT 1"},
              {403}),
    q("SERVICE ?var bound by VALUES", "SELECT * WHERE { VALUES ?e { <{loop}> } SERVICE ?e { ?s ?p ?o } }", {403}),
    q("lower-case service", "select * where { service <{loop}> { ?s ?p ?o } }", {403}),
    q("escaped SERVICE keyword", "SELECT * WHERE { \\u0053ERVICE <{loop}> { ?s ?p ?o } }", {400, 403}),
    q("SERVICE to IPv6 loopback", "SELECT * WHERE { SERVICE <http://[::1]:9/sparql> { ?s ?p ?o } }", {403}),
    q("SERVICE in a subquery", "ASK { { SELECT * WHERE { SERVICE <{loop}> { ?s ?p ?o } } } }", {403}),
    q("FROM an outside document (loopback)", "SELECT * FROM <{loop}> WHERE { ?s ?p ?o }", {200}),
    q("FROM NAMED an outside document", f"SELECT * FROM NAMED <{TEST_NET}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
      {200}),
    Case("default-graph-uri outside (GET)", {200}, params={"query": ANY, "default-graph-uri": "{loop}"}),
    post_form("named-graph-uri outside (POST form)", {"query": ANY, "named-graph-uri": TEST_NET}, {200}),
    Case("default-graph-uri outside, in a browser", {200}, params={"query": ANY, "default-graph-uri": "{loop}"},
         headers={"Accept": "text/html"}, says="nothing is fetched"),
]

BIG = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ",".join(['"x"'] * 200_000) + ")) }"  # > 1 MB
EXPENSIVE = [
    post_query("1 MB query (sparql-query body)", BIG, {413}),
    post_form("1 MB query (POST form)", {"query": BIG}, {413}),
    q("1 MB query (GET)", BIG, {414}),
    form("query over the length limit", "ASK {} #" + "x" * 100_001, {413}),
    form("deeply nested groups", "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000, {403}),
    form("deeply nested expression", "ASK { FILTER(" + "(" * 20_000 + "true" + ")" * 20_000 + ") }", {403}),
    form("long IN list (slow to read)", "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ",".join(['"x"'] * 12_000) + ")) }",
      {503}),
    form("2000 triple patterns", "SELECT * WHERE { " + " ".join(f"?s <urn:p> ?o{i} ." for i in range(2000)) + " }",
      {403, 503}),
    q("cartesian product", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", {503}),
    q("property-path explosion", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a {ALL_PAIRS} ?b . ?c {ALL_PAIRS} ?d }}", {503}),
    q("alternative path closure over everything", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a {ALL_PAIRS} ?b }} "
      "GROUP BY ?a HAVING (COUNT(*) > 0) ORDER BY DESC(?n)", {503}),
    q("REGEX over every literal, twice", 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?a ?b ?c '
      'FILTER(REGEX(CONCAT(STR(?o), STR(?c)), "^(a|aa)*b$", "i")) }', {503}),
]

ENCODING = [
    Case("invalid UTF-8 in the URL", {400}, raw_path="/sparql?query=%FF%FE%FD", says="not valid UTF-8"),
    Case("invalid UTF-8 in the URL after a valid query", {400}, says="the byte %FF at position 5",
         raw_path="/sparql?query=ASK%20%7B%7D&default-graph-uri=urn:g%FF%FE"),
    Case("invalid UTF-8 in a page's query string", {400}, raw_path="/practices?topic=%C3%28", says="not valid UTF-8"),
    Case("invalid percent-encoding", {400}, raw_path="/sparql?query=SELECT%zz%%%2"),
    post_query("invalid UTF-8 body", b"SELECT * WHERE { ?s ?p \"\xff\xfe\" }", {400}, says="not valid UTF-8"),
    post_query("UTF-16 query body (W3C bad_query_non_utf8)", "ASK {}".encode("utf-16"), {400},
               SPARQL_QUERY + "; charset=UTF-16", says="charset=UTF-16"),
    post_query("unknown charset", ANY, {400}, SPARQL_QUERY + "; charset=x-no-such-charset",
               says="x-no-such-charset"),
    post_form("invalid UTF-8 in a form body", b"query=ASK%20%7B%7D%FF%FE", {400}, says="not valid UTF-8"),
    post_form("form body declared Latin-1", "query=ASK%20%7B%7D", {400}, says="charset=ISO-8859-1",
              headers={"Content-Type": FORM + "; charset=ISO-8859-1"}),
    post_query("wrong content type", ANY, {415}, "text/plain"),
    Case("POST without content type", {415}, method="POST", data=ANY.encode()),
]

HEADERS = [
    q("Accept: an image", ANY, {406}, headers={"Accept": "image/png"}),
    q("Accept: garbage", ANY, {406}, headers={"Accept": ";;;,,q=abc, */*;q=NaN"}),
    q("Accept: 500 entries", ANY, {406}, headers={"Accept": ",".join(f"x/y{i};q=0.{i % 10}" for i in range(500))}),
    q("Accept: everything refused", ANY, {406}, headers={"Accept": "*/*;q=0"}),
    Case("format: unknown", {406}, params={"query": ANY, "format": "exe"}),
    Case("document with impossible Accept", {406}, path="/doc/topic/education",
         headers={"Accept": "text/html;q=0, */*;q=0"}),
    q("one huge header", ANY, {400, 431}, headers={"X-Junk": "x" * 100_000}),
    q("huge Accept header", ANY, {400, 406, 431}, headers={"Accept": "text/csv," * 2000}),
    q("too many headers", ANY, {400, 431}, headers={f"X-H{i}": "1" for i in range(300)}),
    Case("unknown method", {405}, method="DELETE"),
    Case("document path with markup", {404}, path="/id/practice/%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    Case("document path with NUL", {404}, path="/doc/practice/a%00b"),
]

CORPUS = MALFORMED + UPDATES + FEDERATION + EXPENSIVE + ENCODING + HEADERS


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 40
    assert len({case.name for case in CORPUS}) == len(CORPUS)


@pytest.fixture(scope="module")
def listener():
    """A loopback socket every SERVICE/LOAD/FROM target points at; it must never accept."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    yield sock
    sock.close()


@pytest.fixture(scope="module")
def watch(hardened_server):
    url, pid = hardened_server
    with SocketWatch(pid, int(url.rsplit(":", 1)[1])) as socket_watch:
        yield socket_watch
    assert socket_watch.outgoing == []


def _fill(value, loop: str):
    if isinstance(value, str):
        return value.replace("{loop}", loop)
    if isinstance(value, dict):
        return {key: _fill(item, loop) for key, item in value.items()}
    return value


def _prepare(url: str, case: Case, loop: str) -> requests.PreparedRequest:
    """The request, encoded in advance, so the clock measures the server and not the encoding."""
    if case.raw_path:
        return requests.Request(case.method, url + case.raw_path, headers=case.headers).prepare()
    data = case.data
    if isinstance(data, bytes):
        data = data.replace(b"{loop}", loop.encode())
    return requests.Request(case.method, url + case.path, params=_fill(case.params, loop), data=_fill(data, loop),
                            headers=case.headers).prepare()


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_hostile_request(hardened_server, listener, watch, case):
    url, _ = hardened_server
    loop = LOOP.format(port=listener.getsockname()[1])
    prepared = _prepare(url, case, loop)
    with requests.Session() as session:
        started = time.monotonic()
        response = session.send(prepared, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code in case.statuses, response.text[:300]
    assert elapsed < TIMEOUT + 1, f"answered after {elapsed:.2f} s"
    if response.status_code >= 400 and response.headers.get("Content-Type", "").startswith("text/plain"):
        assert "Traceback" not in response.text
        assert response.text.strip(), "an error must say what went wrong"
    if case.says:
        assert case.says in response.text, response.text[:300]
    if response.status_code == 503:
        assert response.headers["Retry-After"]
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected to the target
    assert watch.scan() == []
    # a text of its own, so the answer comes from a query worker and not from a result cache
    normal = requests.get(url + "/sparql", params={"query": f"{NORMAL} # after {case.name}"}, timeout=30,
                          headers={"Accept": "application/sparql-results+json"})
    assert normal.status_code == 200
    assert len(normal.json()["results"]["bindings"]) == 3
