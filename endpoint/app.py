"""The application factory: settings, the store, the error handlers and the blueprints."""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, current_app, request

from icc_graph import settings
from icc_graph.store.factory import open_store

from . import (
    browse,
    curation,
    downloads,
    encoding,
    errors,
    history,
    memento,
    openapi,
    resources,
    security,
    shapes,
    sparql,
    submit,
    validate,
)
from .context import STORE_EXTENSION

EXPOSED_HEADERS = "ICC-Row-Limit, ICC-Truncated, ICC-Empty-Graphs, ETag, Link, Content-Location, Warning"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since, Range"


def create_app(config: Mapping | None = None) -> Flask:
    """The application: defaults, then ``ICC_*`` environment variables, then *config*."""
    app = Flask(__name__, static_url_path="/assets")
    app.config.from_mapping(settings.load(config))
    app.extensions[STORE_EXTENSION] = open_store(app.config)  # embedded, or remote when STORE is set

    errors.register(app)
    encoding.register(app)  # request text is UTF-8, or 400 before any view runs
    app.register_blueprint(sparql.bp)
    app.register_blueprint(resources.bp)  # before the pages, so /ontology negotiates here
    app.register_blueprint(downloads.bp)
    app.register_blueprint(history.bp)  # /releases/ and /changes; its Link header on every answer
    app.register_blueprint(memento.bp)  # past versions of documents (RFC 7089)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(curation.bp)
    app.register_blueprint(shapes.bp)
    app.register_blueprint(validate.bp)
    app.register_blueprint(submit.bp)
    app.after_request(_cors)
    security.register(app)
    return app


def _cors(response: Response) -> Response:
    """Open data: any origin may read, never with credentials. Not the submission pages: another
    origin must not read the form's anti-forgery token."""
    if request.blueprint == submit.bp.name:
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = response.headers.get("Allow", "GET, HEAD, OPTIONS")
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = str(current_app.config["CORS_MAX_AGE"])
    return response
