"""``/shapes``: the SHACL shapes every release is validated against, published.

RDF clients get the shapes with absolute IRIs (``shapes.ttl`` of the release, in any RDF format):
any SHACL engine that runs SHACL-SPARQL (e.g. pyshacl with ``advanced=True``) gives the build's
verdict on the dumps. People get a page listing, per kind of record, what it must have to be
published and what it should have, read from the shapes themselves (:mod:`icc_graph.requirements`).
``/id/shapes`` answers 303 to ``/shapes``.
"""
from __future__ import annotations

import hashlib

from flask import Blueprint, Response, redirect, request
from rdflib import Graph, URIRef
from werkzeug.exceptions import NotFound

from icc_graph import documents
from icc_graph.caching import ReleaseCache
from icc_graph.formats import HTML, RDF_FORMATS, TURTLE
from icc_graph.iris import shapes_iri
from icc_graph.release import SHAPES, ReleaseInfo
from icc_graph.requirements import ClassRequirements, requirements

from .context import current_release, current_store
from .display import make_value
from .facets import labels
from .html import Linker, render
from .messages import translate
from .negotiation import format_param, language, negotiate

bp = Blueprint("shapes", __name__)

FORMATS = (*RDF_FORMATS, HTML)  # RDF first: `*/*` (curl) gets Turtle
_read = ReleaseCache(16)  # per release: the parsed shapes, their requirements, each serialisation


@bp.get("/id/shapes")
def shapes_thing():
    return redirect("/shapes", 303)


@bp.get("/shapes")
def shapes():
    """The shapes in the negotiated format."""
    fmt = negotiate(FORMATS, format_param())
    release = current_release()
    if fmt is HTML:
        lang = language()
        body = render("shapes.html", release.base_iri, lang, translate("shapes_title", lang),
                      iri=shapes_iri(release.base_iri), kinds=kinds(release, lang))
        response = Response(body, content_type=HTML.content_type)
        response.headers["Vary"] = "Accept, Accept-Language"
    else:
        body = _read.get_or_compute(str(release.path), ("shapes", fmt.name), lambda: documents.serialize_file(
            _file(release), fmt, release.base_iri))
        response = Response(body, content_type=fmt.content_type)
        response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        f'</shapes?format={alt.name}>; rel="alternate"; type="{alt.media_type}"' for alt in RDF_FORMATS)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response.make_conditional(request)


def class_requirements(release: ReleaseInfo) -> dict[URIRef, ClassRequirements]:
    """What each class's records must and should have, by the shapes of *release* (parsed once);
    empty when the release publishes no shapes."""
    if not release.file(SHAPES).is_file():
        return {}

    def read():
        graph = Graph().parse(_file(release), format=TURTLE.rdflib_name)
        return requirements(graph)
    return _read.get_or_compute(str(release.path), "requirements", read)


def kinds(release: ReleaseInfo, lang: str) -> list[dict]:
    """Per class, in the order of their labels: its name and its required and recommended fields."""
    _file(release)  # NotFound when the release publishes no shapes
    found = class_requirements(release)
    store = current_store()
    names = labels(store, release.base_iri, list(found), lang)
    linker = Linker.for_request(release.base_iri, lang)
    shown = [{"class": make_value(target, names, linker, lang), "anchor": str(target).rpartition("#")[2],
              "required": entry.required, "recommended": entry.recommended} for target, entry in found.items()]
    return sorted(shown, key=lambda kind: kind["class"].text.casefold())


def _file(release: ReleaseInfo):
    path = release.file(SHAPES)
    if not path.is_file():
        raise NotFound("This release does not publish its shapes.")
    return path
