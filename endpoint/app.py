"""The application factory: settings, the store, the error handlers and the blueprints."""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, current_app, request

from icc_graph import settings
from icc_graph.errors import IccGraphError
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
    reconcile,
    resources,
    search,
    security,
    shapes,
    sparql,
    submit,
    validate,
)
from .context import STORE_EXTENSION, current_store, facet_index

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
    app.register_blueprint(search.bp)
    app.register_blueprint(reconcile.bp)
    app.register_blueprint(curation.bp)
    app.register_blueprint(shapes.bp)
    app.register_blueprint(validate.bp)
    app.register_blueprint(submit.bp)
    app.after_request(_cors)
    security.register(app)
    with app.app_context():
        _read_ahead()
    return app


def _read_ahead() -> None:
    """Read the release's facet index, open the store (the home page's bounded queries) and compile
    every template now (a page's first request compiled its templates: 100+ ms for a topic's), so
    that the first request after start-up is already a lookup."""
    for name in current_app.jinja_env.list_templates(extensions=["html", "xml"]):
        current_app.jinja_env.get_template(name)
    try:
        facet_index()
        store = current_store()
        browse.dataset_summary(store, store.base_iri, "en")
    except IccGraphError:  # no release yet, or a remote store not up: read on first use
        pass


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
