"""open_store: the store the settings select."""
from __future__ import annotations

from icc_graph.store.caching import CachingStore
from icc_graph.store.embedded import EmbeddedStore
from icc_graph.store.factory import open_store


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
