"""The remote backend on a real Oxigraph server (or Virtuoso, tests/remote_server.py): load, switch, drop, parity with the embedded
store, and what clients see when the store stops or hangs."""
from __future__ import annotations

import re
import threading
import time

import pytest

from icc_graph import cli
from icc_graph.formats import RESULTS_CSV, TURTLE
from icc_graph.iris import release_graph
from icc_graph.release import read_release
from icc_graph.store.base import QueryRequest
from icc_graph.store.embedded import EmbeddedStore
from icc_graph.store.factory import open_store
from icc_graph.store.load import graph_size, load, upload
from icc_graph.store.remote import RemoteStore, loaded_releases, read_pointer
from icc_graph.store.remote_client import StoreClient
from tests.remote_server import (
    DURATIONS_AS_MONTHS,
    WKT_COORDINATES_IN_SINGLE_PRECISION,
    Server,
    endpoints,
    store_config,
)
from tests.small_release import BASE, EXTRA_GRAPH, make_release

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def remote(server, **options) -> RemoteStore:
    return RemoteStore(endpoints(server.url, connect=1, read=2), BASE, **{"pointer_ttl": 0, **options})


def client(server) -> StoreClient:
    return StoreClient(endpoints(server.url))


def test_load_puts_the_release_in_its_own_graph_and_switches(server, tmp_path):
    make_release(tmp_path)
    info = read_release(tmp_path)
    pointer = load(client(server), tmp_path, grace=0)
    assert pointer.id == info.id and pointer.graph == release_graph(BASE, info.id)
    assert pointer.named_graphs == (EXTRA_GRAPH,)
    store = remote(server)
    assert store.release_id() == info.id
    assert graph_size(client(server), pointer.graph) == pointer.triples > 0
    assert int(store.select(COUNT)[0]["n"]) == pointer.triples  # readers see exactly that graph
    assert store.exists(f"{BASE}/id/city/oslo") and not store.exists(f"{BASE}/id/city/atlantis")


def test_open_store_follows_the_configuration(server, tmp_path):
    make_release(tmp_path)
    load(client(server), tmp_path, grace=0)
    assert isinstance(open_store({**store_config(server.url), "BASE_IRI": BASE, "RESULT_CACHE_MB": 0}), RemoteStore)
    embedded = open_store({"DIST_DIR": str(tmp_path), "QUERY_WORKERS": 1, "RESULT_CACHE_MB": 0})
    try:
        assert isinstance(embedded, EmbeddedStore)
    finally:
        embedded.close()


def test_documents_and_queries_match_the_embedded_store(server, built_dist):
    load(client(server), built_dist, grace=0)
    far, near = RemoteStore(endpoints(server.url), BASE), EmbeddedStore(built_dist, query_workers=1)
    try:
        things = [row["s"] for row in near.select(
            f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{BASE}/id/')) }} ORDER BY ?s")]
        assert len(things) > 200
        for iri in [*map(str, things[::5]), f"{BASE}/ontology", f"{BASE}/ontology#Practice", f"{BASE}/dataset"]:
            _same_document(far.document_bytes(iri, TURTLE), near.document_bytes(iri, TURTLE), iri)
        query = ("SELECT ?topic (COUNT(?p) AS ?n) WHERE { ?p a <ontology#Practice> ; "
                 "<http://purl.org/dc/terms/subject> ?topic } GROUP BY ?topic ORDER BY DESC(?n) ?topic")
        request = QueryRequest(query, RESULTS_CSV, TURTLE)
        assert far.query(request).body == near.query(request).body
        first_rows = QueryRequest("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3", RESULTS_CSV, None)
        assert far.query(first_rows).body == near.query(first_rows).body
    finally:
        near.close()


_WKT = re.compile(r'"(\w+)\(([^"]*)\)"\^\^geosparql:wktLiteral')


def _same_document(far: bytes, near: bytes, iri: str) -> None:
    """Byte for byte, except on a store that keeps WKT coordinates in single precision
    (tests/remote_server.py): there the WKT literals must hold the same places to 1e-5 degrees.
    Such a store also writes a polygon across the antimeridian with longitudes past 180 (New
    Zealand's box, whose Chatham Islands corner -176.8477 comes back as 183.1523): the same
    meridian, so every number is compared modulo 360 (latitudes lie within ±90, unchanged)."""
    if not WKT_COORDINATES_IN_SINGLE_PRECISION:
        assert far == near, iri
        return
    numbers = {}
    near_text = _DURATION.sub(_in_months, near.decode()) if DURATIONS_AS_MONTHS else near.decode()
    for name, text in (("far", far.decode()), ("near", near_text)):
        numbers[name] = [_meridian(float(n)) for _, wkt in _WKT.findall(text) for n in re.findall(r"-?[\d.]+", wkt)]
        numbers[name + " text"] = _WKT.sub(lambda m: f'"{m.group(1)}"', text)
    assert numbers["far text"] == numbers["near text"], iri
    assert numbers["far"] == pytest.approx(numbers["near"], abs=1e-5), iri


_DURATION = re.compile(r'"P(?:(\d+)Y)?(?:(\d+)M)?"\^\^xsd:duration')


def _in_months(match: re.Match) -> str:
    """A year-month xsd:duration as the number of months Virtuoso writes (tests/remote_server.py)."""
    years, months = (int(part or 0) for part in match.groups())
    return f'"{12 * years + months}"^^xsd:duration'


def _meridian(degrees: float) -> float:
    """*degrees* in [-180, 180)."""
    return (degrees + 180.0) % 360.0 - 180.0


def test_a_query_naming_its_dataset_is_evaluated_as_written(server, tmp_path):
    make_release(tmp_path)
    load(client(server), tmp_path, grace=0)
    query = f"SELECT ?note FROM <{EXTRA_GRAPH}> WHERE {{ ?s <{BASE}/ontology#note> ?note }}"
    body = remote(server).query(QueryRequest(query, RESULTS_CSV, None)).body.decode()
    assert body.splitlines() == ["note", "only in the extra graph"]


def test_missing_graphs_asks_the_store_once(server, tmp_path):
    make_release(tmp_path)
    load(client(server), tmp_path, grace=0)
    store = remote(server)
    current = store.release().graph
    named = ("http://192.0.2.1/data.rdf", EXTRA_GRAPH, current, f"{BASE}/graph/none")
    assert store.missing_graphs(named) == ("http://192.0.2.1/data.rdf", f"{BASE}/graph/none")
    assert store.missing_graphs(()) == ()


def test_readers_never_see_half_a_release(server, tmp_path):
    make_release(tmp_path)
    first = load(client(server), tmp_path, grace=0)
    make_release(tmp_path, extra_triples=3000)
    second_info = read_release(tmp_path)
    store = remote(server)
    upload(client(server), second_info)  # uploaded, not switched: readers stay on the first
    assert store.release_id() == first.id
    assert int(store.select(COUNT)[0]["n"]) == first.triples

    seen, done = set(), threading.Event()

    def read():
        while not done.is_set():
            seen.add(int(store.select(COUNT)[0]["n"]))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        make_release(tmp_path, extra_triples=6000)  # a third release, uploaded while being read
        third = load(client(server), tmp_path, grace=0)
        time.sleep(0.1)
    finally:
        done.set()
        reader.join()
    assert seen <= {first.triples, third.triples} and third.triples in seen
    assert store.release_id() == third.id


def test_keep_drops_older_release_graphs_and_reload_is_idempotent(server, tmp_path):
    graphs = []
    for extra in (1, 2, 3):
        make_release(tmp_path, extra_triples=extra)
        graphs.append(load(client(server), tmp_path, keep=2, grace=0).graph)
    known = [graph for graph, _ in loaded_releases(client(server), BASE)]
    assert graphs[0] not in known and graphs[1] in known and graphs[2] in known
    assert graph_size(client(server), graphs[0]) == 0
    messages = []
    load(client(server), tmp_path, keep=1, grace=0, progress=messages.append)  # the same release again
    assert any("already in the store" in m for m in messages)
    assert [graph for graph, _ in loaded_releases(client(server), BASE)][:1] == [graphs[2]]
    assert graph_size(client(server), graphs[1]) == 0
    assert read_pointer(client(server), BASE).graph == graphs[2]


def test_cli_load(server, tmp_path, capsys):
    make_release(tmp_path)
    ends = endpoints(server.url)
    argv = ["--dist", str(tmp_path), "load", "--store", ends.query, "--store-update", ends.update,
            "--store-gsp", ends.gsp, "--grace", "0"]
    assert cli.main(argv) == 0
    assert f"release {read_release(tmp_path).id} is live" in capsys.readouterr().out
    assert cli.main(["--dist", str(tmp_path), "load", "--store", ends.query]) == 2
    assert "ICC_STORE_UPDATE" in capsys.readouterr().err
    dead = endpoints(f"http://127.0.0.1:{_closed_port()}")
    assert cli.main(["--dist", str(tmp_path), "load", "--store", dead.query, "--store-update", dead.update,
                     "--store-gsp", dead.gsp]) == 3
    assert "cannot be reached" in capsys.readouterr().err


def _closed_port() -> int:
    from tests.remote_server import free_port

    return free_port()  # nothing listens there any more


def _app(server, dist, **config):
    from endpoint import create_app

    return create_app({"DIST_DIR": str(dist), "BASE_IRI": BASE, "QUERY_TIMEOUT": 2, "TESTING": True,
                       **store_config(server.url), "STORE_POINTER_TTL": 0, **config})


def test_an_empty_store_answers_503(tmp_path):
    empty = Server(tmp_path / "db").start()
    try:
        response = _app(empty, tmp_path).test_client().get("/doc/city/oslo")
        assert response.status_code == 503
        assert "holds no ICC Graph release" in response.get_data(as_text=True)
    finally:
        empty.stop()


def test_stopped_store_gives_503_then_service_recovers(tmp_path):
    make_release(tmp_path / "dist")
    server = Server(tmp_path / "db").start()
    try:
        load(client(server), tmp_path / "dist", grace=0)
        web = _app(server, tmp_path / "dist", STORE_CONNECT_TIMEOUT=1).test_client()
        assert web.get("/doc/city/oslo").status_code == 200
        server.stop()
        started = time.monotonic()
        down = web.get("/doc/city/oslo")
        query = web.get("/sparql", query_string={"query": "ASK {}"})
        assert time.monotonic() - started < 2
        assert down.status_code == query.status_code == 503
        assert "cannot be reached" in down.get_data(as_text=True) and "Traceback" not in down.get_data(as_text=True)
        assert down.headers["Retry-After"]
        server.start()  # same port, same data
        assert web.get("/doc/city/oslo").status_code == 200
        assert web.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    finally:
        server.stop()


def test_hung_store_gives_503_within_the_read_timeout_then_recovers(tmp_path):
    make_release(tmp_path / "dist")
    server = Server(tmp_path / "db").start()
    try:
        load(client(server), tmp_path / "dist", grace=0)
        web = _app(server, tmp_path / "dist", STORE_READ_TIMEOUT=1, QUERY_TIMEOUT=1).test_client()
        assert web.get("/doc/city/oslo").status_code == 200
        server.pause()
        started = time.monotonic()
        page = web.get("/doc/city/oslo")
        assert page.status_code == 503 and time.monotonic() - started < 1 + 1 + 0.5
        assert "did not answer within 1 s" in page.get_data(as_text=True)
        server.resume()
        assert web.get("/doc/city/oslo").status_code == 200
        server.pause()
        started = time.monotonic()
        query = web.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
        assert query.status_code == 503 and time.monotonic() - started < 1 + 1 + 0.5
        server.resume()
        assert web.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    finally:
        server.stop()


def test_readers_take_the_newest_pointer_while_a_switch_is_under_way(server, tmp_path):
    make_release(tmp_path)
    first = load(client(server), tmp_path, grace=0)
    make_release(tmp_path, extra_triples=5)
    second = load(client(server), tmp_path, grace=0)
    meta, dataset = f"{BASE}/graph/meta", f"{BASE}/dataset"
    # the moment between "point at the new graph" and "forget the older pointers": two pointers
    client(server).update(f"INSERT DATA {{ GRAPH <{meta}> {{ <{dataset}> "
                          f"<http://www.w3.org/ns/dcat#hasCurrentVersion> <{first.graph}> }} }}")
    assert read_pointer(client(server), BASE).graph == second.graph  # issued last
    load(client(server), tmp_path, grace=0)  # the same release again forgets the stale pointer
    rows = client(server).select(f"SELECT ?g WHERE {{ GRAPH <{meta}> {{ <{dataset}> "
                                 "<http://www.w3.org/ns/dcat#hasCurrentVersion> ?g } }")
    assert [row["g"].value for row in rows] == [second.graph]


def test_a_switch_the_store_did_not_apply_is_an_error_not_a_traceback(server, tmp_path, capsys):
    other = Server(tmp_path / "other").start()  # the updates go there, the reads here
    try:
        make_release(tmp_path / "dist")
        ends, elsewhere = endpoints(server.url), endpoints(other.url)
        argv = ["--dist", str(tmp_path / "dist"), "load", "--store", ends.query, "--store-update", elsewhere.update,
                "--store-gsp", ends.gsp, "--grace", "0"]
        before = read_pointer(client(server), BASE)
        assert cli.main(argv) == 3
        err = capsys.readouterr().err
        assert "accepted the switch" in err and "readers stay where they were" in err and "Traceback" not in err
        assert read_pointer(client(server), BASE) == before
    finally:
        other.stop()


def test_a_hub_holds_the_same_first_incoming_links_in_both_stores(server, built_dist):
    load(client(server), built_dist, grace=0)
    far = RemoteStore(endpoints(server.url), BASE, incoming_limit=5)
    near = EmbeddedStore(built_dist, query_workers=1, incoming_limit=5)
    try:
        for iri in (f"{BASE}/ontology#Practice", f"{BASE}/id/country/germany"):
            triples = near.document_triples(iri)
            incoming = [t for t in triples if t.object.value == iri and not t.subject.value.startswith(iri)]
            assert len(incoming) == 5, iri
            assert any(t.predicate.value.endswith("#seeAlso") for t in triples), iri
            assert triples == near.document_triples(iri)  # the same pick on every call
            _same_document(far.document_bytes(iri, TURTLE), near.document_bytes(iri, TURTLE), iri)
            describe = QueryRequest(f"DESCRIBE <{iri}>", None, TURTLE, describe_iri=iri)
            _same_document(far.query(describe).body, near.query(describe).body, iri)
    finally:
        near.close()
