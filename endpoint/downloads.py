"""Downloads and metadata: ``/dumps/`` (every file of the release, with its sha256),
``/catalog`` (DCAT-AP), ``/.well-known/void`` (VoID), ``/sitemap.xml`` and ``/robots.txt``.

Dump files are sent with their sha256 as a strong ETag, and answer conditional and range
requests (werkzeug). The catalogue and VoID description negotiate the RDF formats; they and the
sitemap are made once per release (:class:`~icc_graph.caching.ReleaseCache`).
"""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

from flask import Blueprint, Response, json, request, send_file
from werkzeug.exceptions import NotFound

from icc_graph import documents
from icc_graph.caching import ReleaseCache
from icc_graph.formats import HTML, JSON, RDF_FORMATS, TEXT, file_media_type
from icc_graph.iris import (
    doc_url,
    ontology_iri,
    parse_thing,
    sparql_iri,
    things_namespace,
)
from icc_graph.release import CATALOG, SUMS, VOID, checksums
from icc_graph.terms import sparql_string

from .context import base_iri, current_release, current_store
from .html import render
from .messages import translate
from .negotiation import format_param, language, negotiate

bp = Blueprint("downloads", __name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_THINGS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), ?prefix)) } ORDER BY ?s"
# The serialised catalogue, VoID description (per format) and sitemap of the release in service.
_made = ReleaseCache(32)


@bp.get("/dumps/")
def dumps_index():
    release = current_release()
    files = [{"name": name, "url": f"/dumps/{name}", "media_type": file_media_type(name).split(";")[0],
              "bytes": release.file(name).stat().st_size, "sha256": digest}
             for name, digest in sorted(checksums(release.path).items())]
    files.append({"name": SUMS, "url": f"/dumps/{SUMS}", "media_type": TEXT.media_type,
                  "bytes": release.file(SUMS).stat().st_size, "sha256": None})
    fmt = negotiate((JSON, HTML), format_param())
    if fmt is HTML:
        lang = language()
        body = render("downloads.html", release.base_iri, lang, translate("downloads_title", lang, release=release.id),
                      release=release, files=files)
    else:
        body = json.dumps({"release": release.id, "triples": release.triples, "files": files}, indent=2)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response.make_conditional(request)


@bp.get("/dumps/<name>")
def dump_file(name: str):
    release = current_release()
    sums = checksums(release.path)
    if name not in sums and name != SUMS:
        raise NotFound(f"No file {name!r} in this release; see /dumps/.")
    path = release.file(name)
    etag = sums.get(name) or hashlib.sha256(path.read_bytes()).hexdigest()
    return send_file(path, mimetype=file_media_type(name), conditional=True, etag=etag, max_age=3600)


def _described_file(file_name: str, title: str) -> Response:
    """A release file (catalog.ttl, void.ttl) in the negotiated RDF format."""
    fmt = negotiate(RDF_FORMATS, format_param())
    release = current_release()

    def serialised() -> bytes:
        path = release.file(file_name)
        if not path.is_file():
            raise NotFound(f"This release has no {title}.")
        return documents.serialize_file(path, fmt, release.base_iri)
    body = _made.get_or_compute(str(release.path), (file_name, fmt.name), serialised)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        f'<{request.path}?format={alt.name}>; rel="alternate"; type="{alt.media_type}"' for alt in RDF_FORMATS)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)


@bp.get("/catalog")
def catalog():
    return _described_file(CATALOG, "DCAT catalogue")


@bp.get("/.well-known/void")
def void():
    return _described_file(VOID, "VoID description")


@bp.get("/sitemap.xml")
def sitemap():
    base = base_iri()
    body = _made.get_or_compute(str(current_release().path), ("sitemap", base), lambda: _sitemap(base))
    return Response(body, content_type="application/xml; charset=utf-8")


def _sitemap(base: str) -> bytes:
    """Every document of the release, plus the main pages, as a sitemap."""
    prefix = things_namespace(base)
    query = _THINGS.replace("?prefix", sparql_string(prefix))
    urls = [f"{base}/", sparql_iri(base), f"{base}/dumps/", ontology_iri(base)]
    refs = (parse_thing(base, str(row["s"])) for row in current_store().select(query))
    urls += [doc_url(base, ref.kind, ref.slug) for ref in refs if ref is not None]
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for url in urls:
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = url
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


@bp.get("/robots.txt")
def robots():
    body = f"User-agent: *\nDisallow: /sparql?\nAllow: /\n\nSitemap: {base_iri()}/sitemap.xml\n"
    return Response(body, content_type=TEXT.content_type)
