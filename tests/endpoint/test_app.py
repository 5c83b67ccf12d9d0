"""create_app: settings from the environment, the store they select."""
from __future__ import annotations

import os

from icc_graph.store.caching import CachingStore
from icc_graph.store.remote import RemoteStore


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


def test_a_remote_store_stays_remote_whatever_the_serving_settings():
    from endpoint import create_app

    app = create_app({"STORE": "http://127.0.0.1:9/sparql", "MEMORY_STORE": True, "RESULT_CACHE_MB": 8})
    store = app.extensions["icc_store"]
    assert isinstance(store, CachingStore) and isinstance(store.inner, RemoteStore)
