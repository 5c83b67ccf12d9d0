"""Linked-data URIs: ``/id/{kind}/{slug}`` answers 303 to ``/doc/{kind}/{slug}``, whose
representations (HTML, Turtle, JSON-LD, RDF/XML, N-Triples) are negotiated, or pinned by a
suffix (``.ttl``) or ``?format=``; both routes give the same bytes. The ontology is served the
same way at ``/ontology``. Each representation has a strong ETag (a hash of its bytes).
"""
from __future__ import annotations

import hashlib

from flask import Blueprint, Response, redirect, request
from werkzeug.exceptions import NotFound

from icc_graph.formats import HTML, RDF_FORMATS, Format, by_extension
from icc_graph.iris import doc_path, is_valid_ref, ontology_iri, thing_iri

from . import history, memento
from .context import base_iri, current_store
from .negotiation import format_param, language, negotiate
from .things import render_thing

bp = Blueprint("resources", __name__)

DOCUMENT_FORMATS: tuple[Format, ...] = RDF_FORMATS + (HTML,)  # RDF first: `*/*` (curl) gets Turtle
MAX_AGE = 300


@bp.get("/id/<kind>/<slug>")
def thing(kind: str, slug: str):
    _known_thing(kind, slug)
    target = doc_path(kind, slug)
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, 303)


@bp.get("/doc/<kind>/<name>")
def document(kind: str, name: str):
    slug, dot, extension = name.partition(".")  # slugs never hold a dot
    past = memento.timegate(kind, slug)  # Accept-Datetime: the version current then
    if past is not None:
        return past
    iri = _known_thing(kind, slug)
    response = document_response(iri, doc_path(kind, slug), extension if dot else None)
    memento.add_links(response, kind, slug)
    return response


@bp.get("/ontology")
@bp.get("/ontology.<extension>")
def ontology(extension: str | None = None):
    iri = ontology_iri(base_iri())
    if not current_store().exists(iri):
        raise NotFound("The ontology is not in this release.")
    return document_response(iri, "/ontology", extension)


def _known_thing(kind: str, slug: str) -> str:
    if not is_valid_ref(kind, slug):
        raise NotFound(f"There is no {kind!r} called {slug!r}.")
    iri = thing_iri(base_iri(), kind, slug)
    if not current_store().exists(iri):
        raise NotFound(f"There is no {kind} called {slug!r} in this release.")
    return iri


def document_response(iri: str, path: str, extension: str | None) -> Response:
    """The document of *iri*, served at *path*, in the negotiated or pinned format."""
    if extension is not None:
        pinned = by_extension(extension)
        if pinned is None:
            raise NotFound(f"Unknown suffix .{extension}; use one of "
                           + ", ".join(f".{fmt.extension}" for fmt in DOCUMENT_FORMATS) + ".")
        fmt = pinned
    else:
        fmt = negotiate(DOCUMENT_FORMATS, format_param())
    store = current_store()
    if fmt is HTML:
        lang = language()
        response = Response(render_thing(store, iri, lang), content_type=HTML.content_type)
        response.headers["Content-Language"] = lang
    else:
        response = Response(history.dated_document(store, iri, path, fmt), content_type=fmt.content_type)
    response.headers["Vary"] = "Accept, Accept-Language" if fmt is HTML else "Accept"
    if extension is None:
        response.headers["Content-Location"] = f"{path}.{fmt.extension}"
    response.headers["Link"] = ", ".join(
        f'<{path}.{alt.extension}>; rel="alternate"; type="{alt.media_type}"' for alt in DOCUMENT_FORMATS)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    response.last_modified = history.document_modified(iri)  # If-Modified-Since works across releases
    return response.make_conditional(request)

