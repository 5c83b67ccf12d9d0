"""Past versions of documents (Memento, RFC 7089; docs/history.md). ``/doc/{kind}/{slug}`` is its
own TimeGate: with ``Accept-Datetime`` it answers 302 to the version current then,
``/releases/{id}/doc/{kind}/{slug}`` (a Memento, with ``Memento-Datetime``); a TimeMap lists the
versions (``/timemap/link/doc/...`` in application/link-format, ``/timemap/json/doc/...``); the
page ``/history/doc/...`` shows the releases in which the document changed, with the diff of the
resource's own triples. All of it read from the history files of the release in service.
"""
from __future__ import annotations

import gzip
import hashlib

import pyoxigraph
from flask import Blueprint, Response, json, redirect, request
from werkzeug.exceptions import BadRequest, Gone, NotFound
from werkzeug.http import http_date, parse_date

from icc_graph import documents
from icc_graph.caching import ReleaseCache
from icc_graph.formats import RDF_FORMATS, by_extension
from icc_graph.history import diff, memento
from icc_graph.iris import doc_path, is_valid_ref, ontology_iri, thing_iri
from icc_graph.release import CHANGES_ADDED, CHANGES_REMOVED, RELEASE_JSON, STORE_DIR, releases_dir

from .context import base_iri, config, current_release
from .errors import error_response
from .history import history_or_none, release_history
from .html import render
from .messages import translate
from .negotiation import format_param, language, negotiate

bp = Blueprint("memento", __name__)

LINK_FORMAT = "application/link-format"
MEMENTO_MAX_AGE = 86_400  # a memento never changes; a day, so a pruned one is not served from caches for long
_stores = ReleaseCache(4)  # release id -> the read-only store of an older release still kept


def _paths(kind: str, slug: str) -> dict[str, str]:
    base = base_iri()
    return {"original": base + doc_path(kind, slug), "timemap": f"{base}/timemap/link{doc_path(kind, slug)}",
            "timemap_json": f"{base}/timemap/json{doc_path(kind, slug)}", "history": f"{base}/history{doc_path(kind, slug)}"}


def _links(kind: str, slug: str) -> list[str]:
    paths = _paths(kind, slug)
    return [f'<{paths["original"]}>; rel="original timegate"',
            f'<{paths["timemap"]}>; rel="timemap"; type="{LINK_FORMAT}"',
            f'<{paths["history"]}>; rel="version-history"; type="text/html"']


def memento_path(kind: str, slug: str, release: str) -> str:
    """Where a version is served on this site (redirects use it, so any host serving it works)."""
    return f"/releases/{release}{doc_path(kind, slug)}"


def memento_url(kind: str, slug: str, release: str) -> str:
    return base_iri() + memento_path(kind, slug, release)


def add_links(response: Response, kind: str, slug: str) -> None:
    """On the original resource: it is its own TimeGate, and names its TimeMap and history."""
    if history_or_none() is None:
        return
    for link in _links(kind, slug):
        response.headers.add("Link", link)
    response.vary.add("Accept-Datetime")


def timegate(kind: str, slug: str) -> Response | None:
    """The answer to ``Accept-Datetime`` on ``/doc/{kind}/{slug}``; None without that header."""
    header = request.headers.get("Accept-Datetime")
    history = history_or_none()
    if header is None or history is None:
        return None
    when = parse_date(header)
    if when is None:
        raise BadRequest(f"Accept-Datetime {header!r} is not an HTTP date (RFC 1123, for example "
                         "'Tue, 03 Mar 2026 09:00:00 GMT').")
    if not is_valid_ref(kind, slug):
        raise NotFound(f"There is no {kind!r} called {slug!r}.")
    version = memento.version_at(history, thing_iri(base_iri(), kind, slug), when)
    headers = {"Vary": "Accept-Datetime", "Link": ", ".join(_links(kind, slug))}
    if version is None or version.deleted:
        first = history.releases[0]["issued"]
        why = (f"it was deleted in release {version.release} ({version.datetime:%Y-%m-%d %H:%M:%S} UTC)"
               if version else f"it did not exist yet (the first release of this history is of {first})")
        return error_response(404, "Not Found", f"No version of {doc_path(kind, slug)} at {http_date(when)}: {why}. "
                                                f"Its versions: {_paths(kind, slug)['timemap']}", headers)
    response = redirect(memento_path(kind, slug, version.release), 302)
    response.headers.update(headers)
    return response


def _old_store(release_id: str) -> pyoxigraph.Store:
    """The read-only store of a kept release (opened once while the release in service lasts)."""
    path = releases_dir(config("DIST_DIR")) / release_id / STORE_DIR
    return _stores.get_or_compute(current_release().id, release_id, lambda: pyoxigraph.Store.read_only(str(path)))


def _resource(kind: str, slug: str) -> str:
    if not is_valid_ref(kind, slug):
        raise NotFound(f"There is no {kind!r} called {slug!r}.")
    return thing_iri(base_iri(), kind, slug)


@bp.get("/releases/<release_id>/doc/<kind>/<name>")
def memento_document(release_id: str, kind: str, name: str):
    slug, dot, extension = name.partition(".")
    iri = _resource(kind, slug)
    _, history = release_history()
    version = memento.version_of(history, iri, release_id)
    if version is None:
        if history.release(release_id) is None:
            raise NotFound(f"There is no release {release_id!r}; see /releases/.")
        held = memento.version_at(history, iri, history.issued(release_id))
        if held is None or held.deleted:
            raise NotFound(f"Release {release_id} holds no {doc_path(kind, slug)}.")
        return redirect(memento_path(kind, slug, held.release) + (f".{extension}" if dot else ""), 301)
    if version.deleted:
        raise NotFound(f"{doc_path(kind, slug)} was deleted in release {release_id}.")
    kept = {p.name for p in releases_dir(config("DIST_DIR")).iterdir() if (p / RELEASE_JSON).is_file()}
    serving = memento.serving_release(history, version, kept)
    if serving is None:
        raise Gone(f"This version of {doc_path(kind, slug)} is in no release this server still keeps; "
                   f"its versions: {_paths(kind, slug)['timemap']}")
    fmt = by_extension(extension) if dot else negotiate(RDF_FORMATS, format_param())
    if fmt is None or fmt not in RDF_FORMATS:
        raise NotFound(f"Unknown suffix .{extension}; use one of " + ", ".join(f".{f.extension}" for f in RDF_FORMATS))
    store = _old_store(serving)
    body = documents.serialize(documents.document_triples(store, iri, base=base_iri()), fmt, base_iri())
    response = Response(body, content_type=fmt.content_type)
    response.headers["Memento-Datetime"] = http_date(version.datetime)
    for link in _links(kind, slug):
        response.headers.add("Link", link)
    response.headers.add("Link", f'<{memento_url(kind, slug, release_id)}>; rel="memento"; '
                                 f'datetime="{http_date(version.datetime)}"')
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = f"public, max-age={MEMENTO_MAX_AGE}"
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)


@bp.get("/releases/<release_id>/ontology")
def ontology_version(release_id: str):
    """The ontology as release *release_id* published it: the target of its ``owl:versionIRI``."""
    _, history = release_history()
    if history.release(release_id) is None:
        raise NotFound(f"There is no release {release_id!r}; see /releases/.")
    path = releases_dir(config("DIST_DIR")) / release_id
    if not (path / RELEASE_JSON).is_file():
        raise Gone(f"Release {release_id} is no longer kept here; the ontology in service is at {base_iri()}/ontology")
    fmt = negotiate(RDF_FORMATS, format_param())
    store = _old_store(release_id)
    body = documents.serialize(documents.document_triples(store, ontology_iri(base_iri()), base=base_iri()), fmt,
                                 base_iri())
    response = Response(body, content_type=fmt.content_type)
    response.headers["Memento-Datetime"] = http_date(history.issued(release_id))
    response.headers["Link"] = f'<{base_iri()}/ontology>; rel="original"'
    response.headers["Vary"] = "Accept"
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)


def _mementos(kind: str, slug: str):
    iri = _resource(kind, slug)
    _, history = release_history()
    found = memento.mementos(history, iri)
    if not found:
        raise NotFound(f"{doc_path(kind, slug)} has no version in this history.")
    return history, iri, found


@bp.get("/timemap/link/doc/<kind>/<slug>")
def timemap_link(kind: str, slug: str):
    _, _, found = _mementos(kind, slug)
    paths = _paths(kind, slug)
    lines = [f'<{paths["original"]}>; rel="original"', f'<{paths["original"]}>; rel="timegate"',
             f'<{paths["timemap"]}>; rel="self"; type="{LINK_FORMAT}"; from="{http_date(found[0].datetime)}"; '
             f'until="{http_date(found[-1].datetime)}"',
             f'<{paths["timemap_json"]}>; rel="timemap"; type="application/json"']
    for n, version in enumerate(found):
        rel = " ".join(([] if n else ["first"]) + (["last"] if n == len(found) - 1 else []) + ["memento"])
        lines.append(f'<{memento_url(kind, slug, version.release)}>; rel="{rel}"; '
                     f'datetime="{http_date(version.datetime)}"')
    response = Response(",\n".join(lines) + "\n", content_type=LINK_FORMAT)
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/timemap/json/doc/<kind>/<slug>")
def timemap_json(kind: str, slug: str):
    _, _, found = _mementos(kind, slug)
    paths = _paths(kind, slug)
    listed = [{"datetime": version.datetime.strftime("%Y-%m-%dT%H:%M:%SZ"), "release": version.release,
               "uri": memento_url(kind, slug, version.release)} for version in found]
    body = {"original_uri": paths["original"], "timegate_uri": paths["original"],
            "timemap_uri": {"link_format": paths["timemap"], "json_format": paths["timemap_json"]},
            "mementos": {"first": listed[0], "last": listed[-1], "list": listed}}
    response = Response(json.dumps(body, indent=1) + "\n", content_type="application/json")
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/history/doc/<kind>/<slug>")
def history_page(kind: str, slug: str):
    history, iri, _ = _mementos(kind, slug)
    lang = language()
    kept = releases_dir(config("DIST_DIR"))
    rows = []
    for version in reversed(memento.versions(history, iri)):
        lines = _own_changes(kept / version.release, iri)
        rows.append({"version": version, "lines": lines,
                     "url": None if version.deleted else memento_url(kind, slug, version.release)})
    title = translate("history_title", lang, path=doc_path(kind, slug))
    body = render("history.html", base_iri(), lang, title, rows=rows, original=doc_path(kind, slug),
                  timemap=_paths(kind, slug)["timemap"])
    response = Response(body, content_type="text/html; charset=utf-8")
    response.headers["Content-Language"] = lang
    response.vary.add("Accept-Language")
    return response


def _own_changes(release_path, iri: str) -> list[str] | None:
    """The resource's own triples removed (-) and added (+) in a release; None when the release
    is no longer kept or starts the history (no diff)."""
    if not (release_path / CHANGES_ADDED).is_file():
        return None
    found = []
    for sign, name in (("-", CHANGES_REMOVED), ("+", CHANGES_ADDED)):
        for line, triple in sorted(diff.triples(gzip.decompress((release_path / name).read_bytes())).items()):
            if diff.resource_of(triple.subject.value) == iri:
                found.append(f"{sign} {line}")
    return found
