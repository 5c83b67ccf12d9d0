"""The Store interface on a real on-disk release, and the query checks."""
from __future__ import annotations

import os
import time

import pytest
import rdflib

from icc_graph.runtime import query_check
from icc_graph.errors import QueryMalformed, QueryRefused, QueryTimeout, StoreUnavailable
from icc_graph.formats import RESULTS_CSV, TURTLE
from icc_graph.runtime.query_runner import QueryRunner
from icc_graph.release import read_release
from icc_graph.store.base import QueryRequest
from icc_graph.store.embedded import EmbeddedStore

from .conftest import BASE, make_release

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture()
def store(dist_dir):
    opened = EmbeddedStore(dist_dir, query_timeout=1, row_limit=50, query_workers=1)
    yield opened
    opened.close()


def test_store_basics(store, dist_dir):
    assert store.base_iri == BASE
    assert store.release_id() == read_release(dist_dir).id
    assert store.exists(f"{BASE}/id/city/oslo")
    assert not store.exists(f"{BASE}/id/city/atlantis")
    assert store.document_triples(f"{BASE}/id/city/atlantis") == []
    graph = store.document(f"{BASE}/id/city/oslo")
    assert isinstance(graph, rdflib.Graph)
    assert (rdflib.URIRef(f"{BASE}/id/city/oslo"), rdflib.RDFS.label, rdflib.Literal("Oslo", lang="en")) in graph
    rows = store.select(f"SELECT ?label WHERE {{ <{BASE}/id/city/oslo> "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    assert rows == [{"label": rdflib.Literal("Oslo", lang="en")}]


def test_documents_are_deterministic(store):
    iri = f"{BASE}/id/practice/oslo-council"
    assert store.document_bytes(iri, TURTLE) == store.document_bytes(iri, TURTLE)


def test_query_runs_in_a_worker(store):
    result = store.query(QueryRequest(f"SELECT ?s WHERE {{ ?s a <{BASE}/ontology#City> }} ORDER BY ?s",
                                      RESULTS_CSV, TURTLE))
    assert result.kind == "solutions" and not result.truncated
    assert result.body.decode().splitlines() == ["s", f"{BASE}/id/city/bergen", f"{BASE}/id/city/oslo"]


def test_timeout_kills_the_worker_and_the_next_query_runs(store):
    store.query(QueryRequest("ASK {}", RESULTS_CSV, None))  # start the worker
    worker = store._runner.pool.idle_processes()[0]
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        store.query(QueryRequest(SLOW, RESULTS_CSV, None))
    assert time.monotonic() - started < 2
    assert not worker.is_alive()  # killed: the CPU is free
    assert store.query(QueryRequest("ASK {}", RESULTS_CSV, None)).body.strip() == b"true"


def test_malformed_query(store):
    with pytest.raises(QueryMalformed):
        store.query(QueryRequest("SELECT WHERE", RESULTS_CSV, None))


def test_a_new_release_is_seen_without_restart(tmp_path):
    make_release(tmp_path)
    opened = EmbeddedStore(tmp_path, query_workers=1)
    try:
        first = opened.release_id()
        assert not opened.exists(f"{BASE}/id/group/filler-0001")
        make_release(tmp_path, extra_triples=2)
        assert opened.release_id() != first
        assert opened.exists(f"{BASE}/id/group/filler-0001")
        result = opened.query(QueryRequest(f"ASK {{ <{BASE}/id/group/filler-0001> ?p ?o }}", RESULTS_CSV, None))
        assert result.body.strip() == b"true"
    finally:
        opened.close()


def test_no_release_is_unavailable(tmp_path):
    with pytest.raises(StoreUnavailable, match="icc-graph build"):
        EmbeddedStore(tmp_path).release_id()


def test_runner_close_stops_workers(dist_dir):
    runner = QueryRunner(size=1, timeout=5)
    runner.run(QueryRequest("ASK {}", RESULTS_CSV, None), str(read_release(dist_dir).store_path))
    process = runner.pool.idle_processes()[0]
    runner.close()
    assert not process.is_alive()


@pytest.mark.parametrize("query", [
    "INSERT DATA { <a:a> <a:b> <a:c> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x>",
    "CLEAR DEFAULT", "DROP ALL", "CREATE GRAPH <a:g>", "ADD DEFAULT TO <a:g>",
])
def test_updates_are_refused(query):
    with pytest.raises(QueryRefused, match="read-only"):
        query_check.check(query)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE SILENT <http://example.org/> { ?s ?p ?o } } }",
    "ASK { { SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
    "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } } VALUES ?s { <<( <a:a> <a:b> <a:c> )>> }",
])
def test_service_is_refused(query):
    with pytest.raises(QueryRefused, match="SERVICE"):
        query_check.check(query)


def test_describe_of_one_iri_is_recognised():
    assert query_check.check("DESCRIBE <http://x.org/a>") == "http://x.org/a"
    assert query_check.check("PREFIX e: <http://x.org/> DESCRIBE e:a") == "http://x.org/a"
    assert query_check.check("DESCRIBE <id/city/oslo>", f"{BASE}/") == f"{BASE}/id/city/oslo"
    assert query_check.check("DESCRIBE ?x WHERE { ?x ?p ?o }") is None
    assert query_check.check("DESCRIBE <http://x.org/a> <http://x.org/b>") is None
    assert query_check.check("SELECT * WHERE { ?s ?p ?o }") is None


def test_service_is_not_matched_inside_strings_when_parsed():
    assert query_check.check('SELECT * WHERE { ?s ?p "SERVICE" }') is None


def test_empty_query():
    with pytest.raises(QueryMalformed):
        query_check.check("   ")


def test_env_configuration(dist_dir, monkeypatch):
    from endpoint import create_app

    monkeypatch.setenv("ICC_QUERY_TIMEOUT", "3.5")
    monkeypatch.setenv("ICC_BASE_IRI", "http://example.org/")
    monkeypatch.setenv("ICC_DIST_DIR", os.fspath(dist_dir))
    app = create_app({"RESULT_ROW_LIMIT": 7})
    try:
        assert app.config["QUERY_TIMEOUT"] == 3.5
        assert app.config["BASE_IRI"] == "http://example.org"
        assert app.config["RESULT_ROW_LIMIT"] == 7
    finally:
        app.extensions["icc_store"].close()
