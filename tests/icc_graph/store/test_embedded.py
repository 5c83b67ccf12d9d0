"""The embedded store on a real on-disk release: reads, queries, release switches."""
from __future__ import annotations

import time

import pytest
import rdflib

from icc_graph.errors import (
    QueryMalformed,
    QueryTimeout,
    StoreUnavailable,
)
from icc_graph.formats import RESULTS_CSV, TURTLE
from icc_graph.release import read_release
from icc_graph.store.base import QueryRequest
from icc_graph.store.embedded import EmbeddedStore
from tests.small_release import BASE, DATA, EXTRA_GRAPH, make_release

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


def test_missing_graphs_are_the_names_without_a_triple(store):
    named = (EXTRA_GRAPH, "http://192.0.2.1/data.rdf", f"{BASE}/graph/none")
    assert store.missing_graphs(named) == ("http://192.0.2.1/data.rdf", f"{BASE}/graph/none")
    assert store.missing_graphs(()) == ()


def test_documents_are_deterministic(store):
    iri = f"{BASE}/id/practice/oslo-council"
    assert store.document_bytes(iri, TURTLE) == store.document_bytes(iri, TURTLE)


def test_a_slow_document_is_kept_whole_and_each_caller_gets_its_own_list(store, monkeypatch):
    iri = f"{BASE}/id/practice/oslo-council"
    monkeypatch.setattr("icc_graph.store.embedded.SLOW_DOCUMENT_S", 0.0)  # every document counts as slow
    first = store.document_triples(iri)
    hits = store._documents.hits
    first.clear()  # the caller's list: what is kept does not change
    again = store.document_triples(iri)
    assert store._documents.hits == hits + 1 and again and again == store.document_triples(iri)
    monkeypatch.setattr("icc_graph.store.embedded.SLOW_DOCUMENT_S", 60.0)
    other = f"{BASE}/id/city/oslo"
    assert store.document_triples(other)
    assert store._documents.get(store.release().path.as_posix(), other) is None  # quick ones are not kept


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


def test_a_release_switch_is_seen_on_the_next_call(tmp_path):
    first = make_release(tmp_path)
    store = EmbeddedStore(tmp_path, query_workers=1)
    try:
        assert store.release_id() == first.name
        second = make_release(tmp_path, DATA + f"<{BASE}/id/city/tromso> a <{BASE}/ontology#City> .\n")
        assert store.release_id() == second.name != first.name
        assert store.exists(f"{BASE}/id/city/tromso")
    finally:
        store.close()


def test_documents_with_remembered_labels_are_the_same_documents(dist_dir):
    import pyoxigraph

    from icc_graph import documents
    from icc_graph.caching import ReleaseCache

    store = pyoxigraph.Store.read_only(str(read_release(dist_dir).store_path))
    remembered = ReleaseCache(3)  # tiny: entries are pushed out all the time

    def labels(node):
        return remembered.get_or_compute("release", node, lambda: documents.label_triples(store, node))
    subjects = sorted({q.subject.value for q in store.quads_for_pattern(None, None, None)
                       if isinstance(q.subject, pyoxigraph.NamedNode)})
    assert len(subjects) > 50
    for iri in subjects:
        assert documents.document_triples(store, iri, labels) == documents.document_triples(store, iri)
        assert len(remembered) <= 3
    assert remembered.hits > 0
