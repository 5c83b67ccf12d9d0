"""A real server (gunicorn through `endpoint.serve`) on 127.0.0.1, queried over HTTP."""
from __future__ import annotations

import io
import json
import socket
import threading
import time
from urllib.parse import urlencode

import pytest
import rdflib
import requests
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from tests.live import live_server

from .conftest import BASE
from .test_negotiation import CHROME

pytestmark = pytest.mark.live
TIMEOUT = 2
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
PRACTICES = (f"SELECT ?p ?title WHERE {{ ?p a <{BASE}/ontology#Practice> ; "
             "<http://purl.org/dc/terms/title> ?title FILTER(lang(?title) = 'en') } ORDER BY ?p")
CONSTRUCT = f"CONSTRUCT {{ <{BASE}/id/city/oslo> ?p ?o }} WHERE {{ <{BASE}/id/city/oslo> ?p ?o }}"


@pytest.fixture(scope="module")
def server(dist_dir):
    """The server's base URL; the process is stopped by its pid afterwards."""
    with live_server(dist_dir, timeout=TIMEOUT, env={"ICC_RESULT_ROW_LIMIT": "100"}, base_iri=BASE) as (url, _):
        yield url


def wrapper(url, fmt, method=None):
    sparql = SPARQLWrapper(url + "/sparql")
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(POST)
        sparql.setRequestMethod(method)
    return sparql


@pytest.mark.parametrize("method", [None, "urlencoded", POSTDIRECTLY])
def test_sparqlwrapper_select_json(server, method):
    sparql = wrapper(server, JSON, method)
    sparql.setQuery(PRACTICES)
    bindings = sparql.queryAndConvert()["results"]["bindings"]
    assert [b["p"]["value"] for b in bindings] == [f"{BASE}/id/practice/bergen-school",
                                                   f"{BASE}/id/practice/oslo-council"]


@pytest.mark.parametrize(("fmt", "parser"), [(XML, "xml"), (CSV, "csv"), (TSV, "tsv")])
def test_sparqlwrapper_select_other_formats(server, fmt, parser):
    sparql = wrapper(server, fmt)
    sparql.setQuery(PRACTICES)
    raw = sparql.query().response.read()
    titles = sorted(str(row.title) for row in Result.parse(io.BytesIO(raw), format=parser))
    assert titles == ["Bergen school project", 'Oslo\'s council of residents <& "friends">']


def test_sparqlwrapper_ask(server):
    sparql = wrapper(server, JSON)
    sparql.setQuery(f"ASK {{ <{BASE}/id/city/oslo> ?p ?o }}")
    assert sparql.queryAndConvert()["boolean"] is True


@pytest.mark.parametrize(("fmt", "parser"), [(TURTLE, "turtle"), (XML, "xml"), (JSONLD, "json-ld"), (N3, "turtle")])
def test_sparqlwrapper_construct(server, fmt, parser):
    sparql = wrapper(server, fmt)
    sparql.setQuery(CONSTRUCT)
    raw = sparql.query().response.read()
    graph = rdflib.Graph().parse(data=raw, format=parser)
    assert (rdflib.URIRef(f"{BASE}/id/city/oslo"), rdflib.RDFS.label, rdflib.Literal("Oslo", lang="en")) in graph


def test_rdflib_follows_303_and_gets_rdf(server):
    graph = rdflib.Graph().parse(server + "/id/city/oslo")
    assert (rdflib.URIRef(f"{BASE}/id/city/oslo"), rdflib.RDFS.label, rdflib.Literal("Oslo", lang="en")) in graph


def test_statuses_over_http(server):
    redirect = requests.get(server + "/id/city/oslo", allow_redirects=False, timeout=5)
    assert redirect.status_code == 303 and redirect.headers["Location"].endswith("/doc/city/oslo")
    assert requests.get(server + "/id/city/atlantis", timeout=5).status_code == 404
    assert requests.get(server + "/doc/city/oslo", headers={"Accept": "image/png"}, timeout=5).status_code == 406
    assert requests.post(server + "/sparql", data=b"x", headers={"Content-Type": "text/plain"},
                         timeout=5).status_code == 415
    first = requests.get(server + "/doc/city/oslo", headers={"Accept": "text/turtle"}, timeout=5)
    again = requests.get(server + "/doc/city/oslo", timeout=5,
                         headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    browser = requests.get(server + "/doc/city/oslo", headers={"Accept": CHROME}, timeout=5)
    assert browser.headers["Content-Type"].startswith("text/html")
    bad = requests.get(server + "/sparql", params={"query": "SELECT * WHERE {"}, timeout=5)
    assert bad.status_code == 400 and "error at" in bad.text
    capped = requests.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=5)
    assert capped.headers["ICC-Truncated"] == "true"


def test_timeout_answers_503_while_documents_are_served(server):
    outcome = {}

    def slow():
        started = time.monotonic()
        response = requests.get(server + "/sparql", params={"query": SLOW}, timeout=30)
        outcome["status"], outcome["seconds"] = response.status_code, time.monotonic() - started
        outcome["text"] = response.text

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    doc = requests.get(server + "/doc/practice/oslo-council", headers={"Accept": "text/turtle"}, timeout=5)
    assert doc.status_code == 200
    assert doc.elapsed.total_seconds() < 1.5
    thread.join(30)
    assert outcome["status"] == 503
    assert outcome["seconds"] < TIMEOUT + 1
    assert "time limit" in outcome["text"]
    assert requests.get(server + "/sparql", params={"query": PRACTICES}, timeout=10).status_code == 200


def test_service_opens_no_socket(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        for send in (lambda: requests.get(server + "/sparql", params={"query": query}, timeout=10),
                     lambda: requests.post(server + "/sparql", data=query.encode(), timeout=10,
                                           headers={"Content-Type": "application/sparql-query"})):
            response = send()
            assert response.status_code == 403
            assert "SERVICE" in response.text
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


def test_cors_preflight_over_http(server):
    response = requests.options(server + "/sparql", timeout=5, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert response.ok
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


# --- a query link opened in a browser, and everything else unchanged --------------------------------------

def test_a_browser_gets_the_results_page_and_programs_get_results(server):
    from .test_results_page import ResultsPage

    link = server + "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    browser = requests.get(link, headers={"Accept": CHROME}, timeout=10)
    assert browser.status_code == 200 and browser.headers["Content-Type"].startswith("text/html")
    page = ResultsPage(browser.text)
    assert page.textarea == "SELECT * WHERE { ?s ?p ?o }"
    assert sorted(page.columns) == ["o", "p", "s"] and len(page.rows) == 100  # the live server's row cap
    assert browser.headers["ICC-Truncated"] == "true"
    assert "The answer was cut at 100 rows" in page.body_text
    for accept, media_type in (("*/*", "application/sparql-results+json"),
                               ("application/sparql-results+xml", "application/sparql-results+xml")):
        program = requests.get(link, headers={"Accept": accept}, timeout=10)
        assert program.headers["Content-Type"].startswith(media_type)


def test_sparqlwrapper_names_a_graph_held_elsewhere_and_gets_an_empty_answer(server):
    sparql = wrapper(server, JSON)
    sparql.addDefaultGraph("http://192.0.2.1/data.rdf")  # TEST-NET-1: never routed, never fetched
    sparql.setQuery("SELECT * WHERE { ?s ?p ?o }")
    response = sparql.query().response
    assert response.headers["ICC-Empty-Graphs"] == "<http://192.0.2.1/data.rdf>"
    assert json.loads(response.read())["results"]["bindings"] == []


def test_a_query_string_that_is_not_utf8_is_refused_over_http(server):
    response = requests.get(server + "/sparql?query=ASK%20%7B%7D%FF", timeout=5)
    assert response.status_code == 400
    assert "not valid UTF-8: the byte %FF at position 6" in response.text
    utf16 = requests.post(server + "/sparql", data="ASK {}".encode("utf-16"), timeout=5,
                          headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert utf16.status_code == 400 and "always UTF-8" in utf16.text
