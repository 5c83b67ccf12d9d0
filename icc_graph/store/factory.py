"""Which store the settings select (:mod:`icc_graph.settings`)."""
from __future__ import annotations

from collections.abc import Mapping

from ..settings import value
from .base import Store
from .caching import CachingStore
from .embedded import EmbeddedStore
from .remote import RemoteStore
from .remote_client import Endpoints


def open_store(config: Mapping) -> Store:
    """Remote when ``STORE`` (a SPARQL query endpoint URL) is set, else the embedded store of
    ``DIST_DIR`` (its query processes hold it in memory when ``MEMORY_STORE`` is true). Answers
    are reused within a release when ``RESULT_CACHE_MB`` > 0. A setting *config* lacks has its
    default."""
    timeout = float(value(config, "QUERY_TIMEOUT"))
    row_limit = int(value(config, "RESULT_ROW_LIMIT"))
    incoming_limit = int(value(config, "DOCUMENT_INCOMING_LIMIT"))
    store: Store
    if value(config, "STORE"):
        store = RemoteStore(Endpoints.from_config(config), str(value(config, "BASE_IRI")), query_timeout=timeout,
                            row_limit=row_limit, pointer_ttl=float(value(config, "STORE_POINTER_TTL")),
                            incoming_limit=incoming_limit)
    else:
        store = EmbeddedStore(value(config, "DIST_DIR"), query_timeout=timeout, row_limit=row_limit,
                              query_workers=int(value(config, "QUERY_WORKERS")),
                              memory=bool(value(config, "MEMORY_STORE")), incoming_limit=incoming_limit)
    megabytes = float(value(config, "RESULT_CACHE_MB"))
    if megabytes > 0:
        store = CachingStore(store, int(megabytes * 1_000_000))
    return store
