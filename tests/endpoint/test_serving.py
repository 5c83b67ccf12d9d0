"""Serving speed without weaker checks: the quick check, remembered verdicts, warm query workers,
a dead worker refusing its query, the in-memory copy, the store the configuration selects."""
from __future__ import annotations

import time

import psutil
import pytest

from icc_graph.runtime import query_check
from icc_graph.errors import QueryMalformed, QueryRefused, QueryTimeout
from icc_graph.formats import by_name, RESULT_FORMATS
from icc_graph.pids import WatchedProcess
from icc_graph.runtime.query_runner import QueryRunner
from icc_graph.store.caching import CachingStore
from icc_graph.release import read_release
from icc_graph.store.base import QueryRequest
from icc_graph.store.embedded import EmbeddedStore
from icc_graph.store.factory import open_store
from icc_graph.store.remote import RemoteStore

from .conftest import BASE, DATA, make_release

CSV = by_name("csv", RESULT_FORMATS)
PREFIXES = f"PREFIX icc: <{BASE}/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>\n"
PLAIN = [  # what the practice browser and the examples send
    PREFIXES + "SELECT ?p ?t WHERE { ?p a icc:Practice ; dcterms:title ?t FILTER(LANG(?t) = 'en') } ORDER BY ?t",
    PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?p icc:describes ?c ; dcterms:subject "
               f"<{BASE}/id/topic/public-and-community-services> }}",
    PREFIXES + "CONSTRUCT { ?p dcterms:title ?t } WHERE { ?p dcterms:title ?t } LIMIT 5",
    "ASK { ?s ?p ?o }",
    "SELEC ?x WHERE { ?x ?p ?o }",  # malformed: Oxigraph says why, in the query worker
]
NEEDS_PARSE = [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { ?a ?b ?c optional { service silent <http://example.org/> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p 1SERVICE <http://example.org/> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?e { <http://example.org/> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/x> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/x> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DESCRIBE ?x WHERE { ?x ?p ?o }",
    "INSERT DATA { <a:a> <a:b> <a:c> }",
    "LOAD <http://example.org/x>",
    "SELECT * WHERE { ?s ?p \"Wrocław\" }",  # not ASCII
    "SELECT * WHERE { ?s ?p \"a\x00b\" }",   # a control character
    "ASK { FILTER(" + "!" * 5000 + "true) }",  # too long for the quick path
    "SELECT * WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40,  # too deep for it
]


@pytest.mark.parametrize("query", PLAIN)
def test_plain_queries_pass_the_quick_check_as_the_full_check_would(query):
    assert query_check.quick_check(query, 200) == (True, None)
    try:
        assert query_check.check(query, f"{BASE}/") is None
    except QueryMalformed:
        assert query.startswith("SELEC ")  # rdflib cannot read it either; Oxigraph will say why


@pytest.mark.parametrize("query", NEEDS_PARSE)
def test_anything_else_goes_the_full_way(query):
    assert query_check.quick_check(query, 200) == (False, None)


def test_describe_of_one_absolute_iri_is_answered_by_its_document():
    iri = f"{BASE}/id/city/oslo"
    assert query_check.quick_check(f"DESCRIBE <{iri}>") == (True, iri)
    assert query_check.quick_check(f"  describe <{iri}>\n") == (True, iri)
    assert query_check.quick_check("DESCRIBE <id/city/oslo>") == (False, None)  # relative: rdflib resolves it


def _children() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


def test_checker_runs_plain_queries_without_a_process_and_remembers_verdicts():
    before = _children()
    checker = query_check.Checker(size=1, timeout=30, max_depth=200)
    try:
        assert checker.check(PLAIN[0], f"{BASE}/") is None
        assert _children() == before  # the quick path started no checker process
        refused = NEEDS_PARSE[0]
        with pytest.raises(QueryRefused, match="SERVICE"):
            checker.check(refused, f"{BASE}/")
        checker.close()  # its processes are gone; the verdict is not
        started = _children()
        with pytest.raises(QueryRefused, match="SERVICE"):
            checker.check(refused, f"{BASE}/")
        assert _children() <= started
    finally:
        checker.close()


def test_verdict_memory_is_bounded_by_the_query_texts(monkeypatch):
    checker = query_check.Checker(size=1, memory_chars=800)
    asked = []
    monkeypatch.setattr(checker, "_ask", lambda query, base: asked.append(query) or ("ok", None))
    queries = [f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {n} # {'x' * 30}" for n in range(100)]
    monkeypatch.setattr(query_check, "quick_check", lambda query, depth: (False, None))
    for query in queries:
        checker.check(query)
    assert checker._verdicts.size <= 800 and len(checker._verdicts) < 100
    checker.check(queries[-1])  # the newest is remembered
    checker.check(queries[0])   # the oldest went first
    assert asked == queries + [queries[0]]
    checker.close()


def test_a_worker_that_dies_on_a_query_refuses_it_and_the_next_query_runs(dist_dir):
    path = str(read_release(dist_dir).store_path)
    runner = QueryRunner(size=1, timeout=30)
    try:
        crash = "ASK { FILTER(" + "!" * 60_000 + "true) }"  # overflows Oxigraph's parser stack
        with pytest.raises(QueryRefused, match="too large or too deeply nested"):
            runner.run(QueryRequest(crash, CSV, None), path)
        result = runner.run(QueryRequest("ASK { ?s ?p ?o }", CSV, None), path)
        assert result.body.strip() == b"true"
    finally:
        runner.close()


def test_all_query_workers_start_on_first_use(dist_dir):
    runner = QueryRunner(size=3, timeout=30)
    try:
        runner.run(QueryRequest("ASK {}", CSV, None), str(read_release(dist_dir).store_path))
        deadline = time.monotonic() + 60
        while len(runner.pool.idle_processes()) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(runner.pool.idle_processes()) == 3
    finally:
        runner.close()


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_memory_mode_answers_like_the_disk_store_from_one_shared_copy(dist_dir):
    path = str(read_release(dist_dir).store_path)
    query = QueryRequest("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", CSV, None)
    runner = QueryRunner(size=2, timeout=2, memory=True)
    try:
        from_disk = runner.run(query, path).body  # answered before the copy is made
        assert runner.memory_ready.wait(60), "the zygote never made its copy"
        deadline = time.monotonic() + 30
        while len(runner.pool.idle_processes()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = runner.pool.idle_processes()
        assert len(workers) == 2 and all(isinstance(w, WatchedProcess) for w in workers)
        assert runner.run(query, path).body == from_disk
        assert from_disk.count(b"\n") > 300
        # A query past the time limit kills its worker; its successor is forked, not copied again.
        with pytest.raises(QueryTimeout):
            runner.run(QueryRequest(SLOW, CSV, None), path)
        started = time.monotonic()
        assert runner.run(QueryRequest("ASK { ?s ?p ?o }", CSV, None), path).body.strip() == b"true"
        assert time.monotonic() - started < 1.5
        assert all(isinstance(w, WatchedProcess) for w in runner.pool.idle_processes())
    finally:
        runner.close()
    assert not any(worker.is_alive() for worker in workers)


def test_open_store_builds_memory_and_cache_from_the_settings(dist_dir):
    store = open_store({"DIST_DIR": str(dist_dir), "QUERY_WORKERS": 1, "MEMORY_STORE": True, "RESULT_CACHE_MB": 8})
    try:
        assert isinstance(store, CachingStore) and isinstance(store.inner, EmbeddedStore)
        assert store.inner._runner.memory is True
        assert store.cache.max_size == 8_000_000
    finally:
        store.close()
    plain = open_store({"DIST_DIR": str(dist_dir), "QUERY_WORKERS": 1, "RESULT_CACHE_MB": 0})
    try:
        assert isinstance(plain, EmbeddedStore) and plain._runner.memory is False
    finally:
        plain.close()


def test_a_remote_store_stays_remote_whatever_the_serving_settings():
    from endpoint import create_app

    app = create_app({"STORE": "http://127.0.0.1:9/sparql", "MEMORY_STORE": True, "RESULT_CACHE_MB": 8})
    store = app.extensions["icc_store"]
    assert isinstance(store, CachingStore) and isinstance(store.inner, RemoteStore)


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


def test_page_rows_are_reused_within_a_release_and_handed_out_as_copies(tmp_path):
    make_release(tmp_path)
    store = CachingStore(EmbeddedStore(tmp_path, query_workers=1), max_bytes=1_000_000)
    try:
        query = "SELECT ?s WHERE { ?s a <http://127.0.0.1:8080/ontology#City> } ORDER BY ?s"
        first = store.select(query)
        first.clear()  # a caller's change stays its own
        again = store.select(query)
        assert [str(row["s"]) for row in again] == [f"{BASE}/id/city/bergen", f"{BASE}/id/city/oslo"]
        assert store.cache.hits == 1
        make_release(tmp_path, DATA + f"<{BASE}/id/city/tromso> a <{BASE}/ontology#City> .\n")
        assert len(store.select(query)) == 3  # a new release: computed again
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


def test_memory_mode_follows_a_new_release(tmp_path):
    make_release(tmp_path)
    store = EmbeddedStore(tmp_path, query_workers=2, memory=True)
    ask = QueryRequest(f"ASK {{ <{BASE}/id/group/filler-0001> ?p ?o }}", CSV, None)
    try:
        assert store.query(ask).body.strip() == b"false"
        assert store._runner.memory_ready.wait(60)
        make_release(tmp_path, extra_triples=2)  # a new release while workers answer from memory
        assert store.query(ask).body.strip() == b"true"  # at once, from its disk store
        assert store._runner.memory_ready.wait(60)  # then from a copy of the new one
        assert store._runner._zygote_path == str(read_release(tmp_path).store_path)
        deadline = time.monotonic() + 30
        while len(store._runner.pool.idle_processes()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(isinstance(w, WatchedProcess) for w in store._runner.pool.idle_processes())
        assert store.query(ask).body.strip() == b"true"
    finally:
        store.close()
