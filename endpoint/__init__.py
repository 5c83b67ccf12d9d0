"""The ICC Graph web endpoint (Flask): SPARQL, linked-data documents, downloads, pages.

``create_app(config)`` builds the application; ``current_store()`` is the Store (see
:mod:`icc_graph.store`) every view reads through.
"""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, current_app, request

from icc_graph.namespaces import normalise_base
from icc_graph.store import Store, open_store

from .config import DefaultConfig

EXPOSED_HEADERS = "ICC-Row-Limit, ICC-Truncated, ETag, Link, Content-Location, Warning"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since, Range"


def create_app(config: Mapping | None = None) -> Flask:
    """The application: defaults, then ``ICC_*`` environment variables, then *config*."""
    app = Flask(__name__)
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("ICC")
    if config:
        app.config.update(config)
    app.config["BASE_IRI"] = normalise_base(str(app.config["BASE_IRI"]))
    app.extensions["icc_store"] = open_store(app.config)  # embedded, or remote when STORE is set

    from . import downloads, errors, openapi, resources, security, sparql

    errors.register(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(resources.bp)  # before the pages, so /ontology negotiates here
    app.register_blueprint(downloads.bp)
    app.register_blueprint(openapi.bp)
    pages = pages_module()
    if pages is not None:
        app.register_blueprint(pages.bp)
    app.after_request(_cors)
    security.register(app)
    return app


def current_store() -> Store:
    """The store of the running application."""
    return current_app.extensions["icc_store"]


def pages_module():
    """``endpoint.pages`` (the HTML side), or None while it is not installed."""
    try:
        from . import pages
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.pages":
            raise
        return None
    return pages


def _cors(response: Response) -> Response:
    """Open data: any origin may read, never with credentials."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = response.headers.get("Allow", "GET, HEAD, OPTIONS")
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = str(current_app.config["CORS_MAX_AGE"])
    return response
