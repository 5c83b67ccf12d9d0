"""Every setting of ICC Graph, with its one default: read by the command line, the server and
``icc-graph load`` alike.

A setting ``NAME`` comes from, in rising order: :class:`Defaults`, the environment variable
``ICC_NAME``, and the overrides a caller passes (command-line options, a test's mapping).
Values from the environment are read as JSON when they parse as JSON (``ICC_PORT=9000``,
``ICC_MEMORY_STORE=true``), else as strings, as Flask's ``from_prefixed_env`` reads them.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from .iris import normalise_base

ENV_PREFIX = "ICC_"


def default_data_cache(environ: Mapping[str, str] | None = None) -> str:
    """``$XDG_CACHE_HOME/icc-graph/data`` (``~/.cache/icc-graph/data`` by default)."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return str(Path(base) / "icc-graph" / "data")


class Defaults:
    # --- a build's sources and output
    DATA_DIR = "data"                     # source records
    ONTOLOGY_DIR = "ontology"
    SHAPES_DIR = "shapes"
    DIST_DIR = "dist"                     # where `icc-graph build` writes releases (dist/current)
    BASE_IRI = "http://127.0.0.1:8080"    # IRIs are minted under this, whatever host serves them
    KEEP_RELEASES = 3                     # releases a build keeps in dist/releases (the one in service
                                          # always); an older one answers 410 at /releases/{id}/...
    RELEASE_TIME = None                   # the next release's issue time (ISO 8601); None: $SOURCE_DATE_EPOCH,
                                          # else the latest dcterms:modified of data/ (never the clock)
    # --- the server
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
    DOCUMENT_INCOMING_LIMIT = 200         # incoming links in a document (/doc, DESCRIBE, pages); more are linked to
    MAX_QUERY_LENGTH = 100_000            # characters; a longer query gets 413
    MAX_QUERY_DEPTH = 200                 # nesting of {} () []; a deeper query is refused (403)
    CLIENT_QUERIES = 4                    # queries one client address may run at once (all server
                                          # workers together); one more gets 429 with Retry-After
    CLIENT_SLOTS_DIR = None               # where the workers count them (set by `icc-graph serve`);
                                          # None: a private directory, the count is this process's
    RETRY_AFTER = 2                       # seconds a 429 asks the client to wait
    VALIDATE_MAX_TRIPLES = 10_000         # triples a record sent to POST /validate may hold; more gets 413
    VALIDATE_TIMEOUT = 20.0               # seconds POST /validate may take (its process is then killed: 503)
    SUBMISSIONS_DIR = None                # the inbox of practices sent through /submit (never inside data/);
                                          # None: DIST_DIR/submissions
    SUBMISSIONS_MAX_PENDING = 200         # drafts that may wait for a curator; one more gets 503
    SUBMIT_RATE = 10                      # POST /submit one client address may make per SUBMIT_RATE_WINDOW; more gets 429
    SUBMIT_RATE_WINDOW = 60               # seconds
    SUBMIT_SECRET = ""                    # signs the form's anti-forgery token; "": a random one kept in the inbox
    SUBMIT_TOKEN_AGE = 7200               # seconds a /submit form stays valid (then sent back, filled, with a new token)
    DATA_CACHE = None                     # stores loaded by `serve --data`, kept for the next start; "" = none;
                                          # None: $XDG_CACHE_HOME/icc-graph/data (default_data_cache)
    ALLOCATOR = "mimalloc"                # of the processes that run Oxigraph; "system" = the C library's
    # --- a remote store
    STORE = ""                            # a remote SPARQL 1.1 query endpoint URL; empty: the embedded store
    STORE_UPDATE = ""                     # its update endpoint (used by `icc-graph load`)
    STORE_GSP = ""                        # its Graph Store Protocol endpoint (used by `icc-graph load`)
    STORE_CONNECT_TIMEOUT = 3.0           # seconds to reach the remote store, then 503
    STORE_READ_TIMEOUT = 10.0             # seconds to wait for its answer to a page's read, then 503
    STORE_POINTER_TTL = 2.0               # seconds a front end reuses the remote store's current-release pointer
    LOAD_GRACE = 5.0                      # seconds `icc-graph load` waits after its switch before dropping
                                          # old release graphs (longer than STORE_POINTER_TTL)
    # --- HTTP
    MAX_CONTENT_LENGTH = 1_000_000        # bytes of request body Flask accepts; more gets 413
    CORS_MAX_AGE = 86_400                 # seconds browsers may cache a preflight answer
    JSON_SORT_KEYS = False                # Flask's: JSON answers keep the order they were written in


INTERNAL = ("JSON_SORT_KEYS",)  # settings of the libraries underneath, not the project's own


NAMES: tuple[str, ...] = tuple(name for name in vars(Defaults) if name.isupper())


def defaults() -> dict:
    return {name: getattr(Defaults, name) for name in NAMES}


def from_environment(environ: Mapping[str, str] | None = None) -> dict:
    """The ``ICC_*`` variables of *environ* (default: this process's), without the prefix."""
    environ = os.environ if environ is None else environ
    found = {}
    for key, text in environ.items():
        if key.startswith(ENV_PREFIX):
            try:
                found[key[len(ENV_PREFIX):]] = json.loads(text)
            except ValueError:
                found[key[len(ENV_PREFIX):]] = text
    return found


def load(overrides: Mapping | None = None, environ: Mapping[str, str] | None = None) -> dict:
    """The effective settings: defaults < ``ICC_*`` environment < *overrides* (None values skipped)."""
    settings = {**defaults(), **from_environment(environ)}
    settings.update({key: value for key, value in (overrides or {}).items() if value is not None})
    settings["BASE_IRI"] = normalise_base(settings["BASE_IRI"])
    if settings["DATA_CACHE"] is None:
        settings["DATA_CACHE"] = default_data_cache(environ)
    return settings


def value(config: Mapping, name: str):
    """*name* from a mapping that may lack it (a caller's partial config): else its default."""
    return config.get(name, getattr(Defaults, name))
