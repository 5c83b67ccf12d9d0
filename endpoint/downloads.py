"""Downloads and metadata: ``/dumps/`` (every file of the release, with its sha256),
``/catalog`` (DCAT-AP), ``/.well-known/void`` (VoID), ``/sitemap.xml`` and ``/robots.txt``.

Dump files are sent with their sha256 as a strong ETag, and answer conditional and range
requests (werkzeug). The catalogue and VoID description negotiate the RDF formats.
"""
from __future__ import annotations

import hashlib
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph
from flask import Blueprint, Response, current_app, json, request, send_file
from werkzeug.exceptions import NotFound

from icc_graph import documents
from icc_graph.formats import HTML, RDF_FORMATS, Format
from icc_graph.store import read_release

from . import current_store, pages
from .negotiation import format_param, negotiate

bp = Blueprint("downloads", __name__)

LISTING_JSON = Format("json", "application/json", "json", "JSON")
MEDIA_TYPES = {  # by file name ending; the first that matches wins
    ".nt.gz": "application/gzip", ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json", ".json": "application/json", "SHA256SUMS": "text/plain; charset=utf-8",
}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_THINGS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), ?prefix)) } ORDER BY ?s"
_cache: dict[tuple, bytes] = {}
_cache_lock = threading.Lock()


def _checksums(release_path: Path) -> dict[str, str]:
    """File name -> sha256, from the release's SHA256SUMS."""
    sums = {}
    text = (release_path / "SHA256SUMS").read_text(encoding="utf-8")
    for line in text.splitlines():
        digest, _, name = line.partition(" ")
        if name:
            sums[name.strip().lstrip("*")] = digest
    return sums


def _media_type(name: str) -> str:
    for ending, media_type in MEDIA_TYPES.items():
        if name.endswith(ending):
            return media_type
    return "application/octet-stream"


@bp.get("/dumps/")
def dumps_index():
    release = read_release(current_app.config["DIST_DIR"])
    files = [{"name": name, "url": f"/dumps/{name}", "media_type": _media_type(name).split(";")[0],
              "bytes": (release.path / name).stat().st_size, "sha256": digest}
             for name, digest in sorted(_checksums(release.path).items())]
    files.append({"name": "SHA256SUMS", "url": "/dumps/SHA256SUMS", "media_type": "text/plain",
                  "bytes": (release.path / "SHA256SUMS").stat().st_size, "sha256": None})
    fmt = negotiate((LISTING_JSON, HTML), format_param())
    if fmt is HTML:
        body = pages.render_downloads(release, files)
    else:
        body = json.dumps({"release": release.id, "triples": release.triples, "files": files}, indent=2)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response.make_conditional(request)


@bp.get("/dumps/<name>")
def dump_file(name: str):
    release = read_release(current_app.config["DIST_DIR"])
    sums = _checksums(release.path)
    if name not in sums and name != "SHA256SUMS":
        raise NotFound(f"No file {name!r} in this release; see /dumps/.")
    path = release.path / name
    etag = sums.get(name) or hashlib.sha256(path.read_bytes()).hexdigest()
    return send_file(path, mimetype=_media_type(name), conditional=True, etag=etag, max_age=3600)


def _described_file(file_name: str, title: str) -> Response:
    """A release file (catalog.ttl, void.ttl) in the negotiated RDF format."""
    fmt = negotiate(RDF_FORMATS, format_param())
    release = read_release(current_app.config["DIST_DIR"])
    key = (str(release.path), file_name, fmt.name)
    with _cache_lock:
        body = _cache.get(key)
    if body is None:
        path = release.path / file_name
        if not path.is_file():
            raise NotFound(f"This release has no {title}.")
        triples = sorted(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE), key=str)
        body = documents.serialize(triples, fmt, release.base_iri)
        with _cache_lock:
            _cache[key] = body
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        f'<{request.path}?format={alt.name}>; rel="alternate"; type="{alt.media_type}"' for alt in RDF_FORMATS)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)


@bp.get("/catalog")
def catalog():
    return _described_file("catalog.ttl", "DCAT catalogue")


@bp.get("/.well-known/void")
def void():
    return _described_file("void.ttl", "VoID description")


@bp.get("/sitemap.xml")
def sitemap():
    base = current_app.config["BASE_IRI"]
    key = (str(read_release(current_app.config["DIST_DIR"]).path), "sitemap", base)
    with _cache_lock:
        body = _cache.get(key)
    if body is None:
        body = _sitemap(base)
        with _cache_lock:
            _cache[key] = body
    return Response(body, content_type="application/xml; charset=utf-8")


def _sitemap(base: str) -> bytes:
    """Every document of the release, plus the main pages, as a sitemap."""
    prefix = f"{base}/id/"
    query = _THINGS.replace("?prefix", documents_literal(prefix))
    urls = [f"{base}/", f"{base}/sparql", f"{base}/dumps/", f"{base}/ontology"]
    urls += [f"{base}/doc/{row['s'][len(prefix):]}" for row in current_store().select(query)]
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for url in urls:
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = url
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def documents_literal(text: str) -> str:
    """*text* as a SPARQL string literal (serialised by pyoxigraph)."""
    return str(pyoxigraph.Literal(text))


@bp.get("/robots.txt")
def robots():
    base = current_app.config["BASE_IRI"]
    body = f"User-agent: *\nDisallow: /sparql?\nAllow: /\n\nSitemap: {base}/sitemap.xml\n"
    return Response(body, content_type="text/plain; charset=utf-8")
