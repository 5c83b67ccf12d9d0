"""Endpoint configuration: defaults here, overridden by ``ICC_*`` environment variables
(``app.config.from_prefixed_env("ICC")``: ``ICC_PORT=9000``, ``ICC_QUERY_TIMEOUT=5``) and then
by the mapping given to ``create_app``. Values from the environment are read as JSON when they
parse as JSON (numbers, booleans), else as strings.
"""
from __future__ import annotations


class DefaultConfig:
    DIST_DIR = "dist"                     # where `icc-graph build` writes releases (dist/current)
    BASE_IRI = "http://127.0.0.1:8080"    # IRIs are minted under this, whatever host serves them
    HOST = "127.0.0.1"                    # `icc-graph serve` binds here
    PORT = 8080
    WORKERS = 2                           # gunicorn worker processes
    THREADS = 4                           # threads per gunicorn worker
    QUERY_TIMEOUT = 10.0                  # seconds a public SPARQL query may run (then 503)
    QUERY_WORKERS = 4                     # query processes per gunicorn worker: one per thread, so a
                                          # cheap query never waits for a heavy one to end
    MEMORY_STORE = False                  # query processes answer from one in-memory copy per server worker (faster, more RAM)
    RESULT_CACHE_MB = 64                  # MB of answers each gunicorn worker reuses within a release; 0 = none
    RESULT_ROW_LIMIT = 10_000             # rows (or triples) a query answer may hold; more is cut and flagged
    MAX_QUERY_LENGTH = 100_000            # characters; a longer query gets 413
    MAX_QUERY_DEPTH = 200                 # nesting of {} () []; a deeper query is refused (403)
    CLIENT_QUERIES = 4                    # queries one client address may run at once (all server
                                          # workers together); one more gets 429 with Retry-After
    CLIENT_SLOTS_DIR = None               # where the workers count them (set by `icc-graph serve`);
                                          # None: a private directory, the count is this process's
    RETRY_AFTER = 2                       # seconds a 429 asks the client to wait
    STORE = ""                            # a remote SPARQL 1.1 query endpoint URL; empty: the embedded store
    STORE_UPDATE = ""                     # its update endpoint (used by `icc-graph load`)
    STORE_GSP = ""                        # its Graph Store Protocol endpoint (used by `icc-graph load`)
    STORE_CONNECT_TIMEOUT = 3.0           # seconds to reach the remote store, then 503
    STORE_READ_TIMEOUT = 10.0             # seconds to wait for its answer to a page's read, then 503
    STORE_POINTER_TTL = 2.0               # seconds a front end reuses the remote store's current-release pointer
    MAX_CONTENT_LENGTH = 1_000_000        # bytes of request body Flask accepts; more gets 413
    CORS_MAX_AGE = 86_400                 # seconds browsers may cache a preflight answer
    JSON_SORT_KEYS = False


def settings(config) -> dict:
    """The documented settings (for logs and the README), as name -> value."""
    return {name: config[name] for name in dir(DefaultConfig) if name.isupper()}
