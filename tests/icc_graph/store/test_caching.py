"""CachingStore: answers reused within a release."""
from __future__ import annotations

from icc_graph.store.caching import CachingStore
from icc_graph.store.embedded import EmbeddedStore
from tests.small_release import BASE, DATA, EXTRA_GRAPH, make_release


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


def test_missing_graphs_are_reused_within_a_release(tmp_path):
    make_release(tmp_path)
    store = CachingStore(EmbeddedStore(tmp_path, query_workers=1), max_bytes=1_000_000)
    try:
        named = (EXTRA_GRAPH, f"{BASE}/graph/later")
        assert store.missing_graphs(named) == (f"{BASE}/graph/later",)
        assert store.missing_graphs(named) == (f"{BASE}/graph/later",) and store.cache.hits == 1
        make_release(tmp_path, DATA + f"<{BASE}/id/city/tromso> a <{BASE}/ontology#City> .\n")
        assert store.missing_graphs(named) == (f"{BASE}/graph/later",) and store.cache.hits == 1  # asked again
    finally:
        store.close()
