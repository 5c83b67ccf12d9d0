"""What a view needs from the running application: its store, its settings, the base IRI.

Blueprints import these from here, never from the package ``endpoint`` (whose ``create_app``
imports the blueprints).
"""
from __future__ import annotations

import gc

from flask import current_app

from icc_graph import facet_index as facet_indexes
from icc_graph.caching import ReleaseCache
from icc_graph.errors import StoreUnavailable
from icc_graph.facet_index import FacetIndex
from icc_graph.release import FACETS, SEARCH_DIR, ReleaseInfo, read_release
from icc_graph.search.reader import SearchIndex
from icc_graph.store.base import Store

STORE_EXTENSION = "icc_store"
# The facet index of the release in service, read once per release and process (one entry: a
# few MB at 100k practices).
_FACET_INDEXES = ReleaseCache(1)
_search_indexes = ReleaseCache(1)  # the open index of the release in service (one per worker)


def current_store() -> Store:
    """The store of the running application."""
    return current_app.extensions[STORE_EXTENSION]


def config(name: str):
    """One setting of the running application (:mod:`icc_graph.settings`)."""
    return current_app.config[name]


def base_iri() -> str:
    """The deployment's base IRI, as configured (no store read: error pages use it too)."""
    return current_app.config["BASE_IRI"]


def store_base() -> str:
    """The base IRI the store's release was built with (the one its IRIs are minted under)."""
    return current_store().base_iri


def current_release() -> ReleaseInfo:
    """The release directory in service (downloads read its files)."""
    return read_release(current_app.config["DIST_DIR"])


def release_stats() -> dict | None:
    """What the build counted about the release the store serves (icc_graph.stats), or None when
    it counted nothing or the release directory is not the store's (a remote store ahead of it)."""
    try:
        release = current_release()
    except StoreUnavailable:
        return None
    return release.stats if release.stats and release.id == current_store().release_id() else None


def facet_index() -> FacetIndex | None:
    """The facet index of the release the store serves (icc_graph.facet_index), read once per
    release; None when the release has none or the release directory is not the store's."""
    try:
        release = current_release()
    except StoreUnavailable:
        return None
    if release.id != current_store().release_id() or not release.file(FACETS).is_file():
        return None
    try:
        return _FACET_INDEXES.get_or_compute(release.id, "facets", lambda: _kept(facet_indexes.read(release.file(FACETS))))
    except (OSError, ValueError):  # unreadable: the pages fall back to SPARQL
        return None


def _kept(index):
    """*index*, read to be kept for as long as its release is served, out of the cyclic garbage
    collector's way: its hundreds of thousands of lists at 100k practices made every full
    collection a pause of 100+ ms in whichever request ran it. (Frozen objects are still freed by
    reference counting when the release is replaced.)"""
    gc.freeze()
    return index


def search_index() -> SearchIndex:
    """The full-text index of the release in service, opened once per release directory;
    StoreUnavailable (503) when the release has none."""
    release = current_release()
    path = str(release.file(SEARCH_DIR))
    return _search_indexes.get_or_compute(path, "index", lambda: SearchIndex(path))
