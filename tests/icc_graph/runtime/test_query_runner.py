"""Public queries in query processes: warm workers, a dead worker, the in-memory copy."""
from __future__ import annotations

import time

import pytest

from icc_graph.errors import (
    QueryRefused,
    QueryTimeout,
)
from icc_graph.formats import RESULT_FORMATS, RESULTS_CSV, by_name
from icc_graph.pids import WatchedProcess
from icc_graph.release import read_release
from icc_graph.runtime.query_runner import QueryRunner
from icc_graph.store.base import QueryRequest
from icc_graph.store.embedded import EmbeddedStore
from tests.small_release import BASE, make_release


def test_runner_close_stops_workers(dist_dir):
    runner = QueryRunner(size=1, timeout=5)
    runner.run(QueryRequest("ASK {}", RESULTS_CSV, None), str(read_release(dist_dir).store_path))
    process = runner.pool.idle_processes()[0]
    runner.close()
    assert not process.is_alive()


CSV = by_name("csv", RESULT_FORMATS)


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
