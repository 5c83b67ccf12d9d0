"""A release's history over HTTP (docs/history.md): every release as a version at
``/releases/{id}/`` (its files immutable; a release no longer kept answers 410 with a link to the
one in service) and the change feed at ``/changes`` (Activity Streams 2.0, IIIF Change Discovery
1.0 level 2), linked from every answer's ``Link`` header. Everything here is read from the files
the build wrote into the release in service: the server keeps no state of its own.
"""
from __future__ import annotations

import pyoxigraph
from flask import Blueprint, Response, json, request, send_file
from werkzeug.exceptions import Gone, NotFound

from icc_graph import documents
from icc_graph.caching import ReleaseCache
from icc_graph.errors import StoreUnavailable
from icc_graph.formats import file_media_type
from icc_graph.history import feed, published
from icc_graph.history.published import PublishedHistory
from icc_graph.history.versions import format_time
from icc_graph.iris import changes_iri, release_iri
from icc_graph.release import ReleaseInfo, checksums, releases_dir

from .context import base_iri, config, current_release

bp = Blueprint("history", __name__)

IMMUTABLE = "public, max-age=31536000, immutable"  # a release's files never change
FEED_MAX_AGE = 60
# rel of the change feed in every Link header: the publisher's stream of activities (AS2 outbox)
FEED_REL = "https://www.w3.org/ns/activitystreams#outbox"
_histories = ReleaseCache(4)  # the history of the release in service: one entry (four keys at most)
DCT_MODIFIED = pyoxigraph.NamedNode("http://purl.org/dc/terms/modified")
XSD_DATETIME = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


def release_history() -> tuple[ReleaseInfo, PublishedHistory]:
    """The release in service and its history (404 when it carries none: built before histories)."""
    release = current_release()
    found = history_or_none()
    if found is None:
        raise NotFound("This release carries no history; rebuild it with `icc-graph build`.")
    return release, found


class ReleaseGone(Gone):
    """A release of the history that this server no longer keeps (KEEP_RELEASES)."""

    def __init__(self, release_id: str, current_id: str):
        self.current_url = f"{base_iri()}/releases/{current_id}/"
        super().__init__(f"Release {release_id} is no longer kept here (the server keeps "
                         f"{config('KEEP_RELEASES')}); the release in service is {current_id}: {self.current_url}")

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Link", f'<{self.current_url}>; rel="latest-version"')]


def kept_release(release_id: str):
    """The directory of a release of the history: 404 if it never was, 410 if it is gone."""
    release, history = release_history()
    if history.release(release_id) is None:
        raise NotFound(f"There is no release {release_id!r}; see /releases/.")
    path = releases_dir(config("DIST_DIR")) / release_id
    if not (path / "release.json").is_file():
        raise ReleaseGone(release_id, release.id)
    return path, history


def _json(value, content_type: str = "application/json", max_age: int = FEED_MAX_AGE) -> Response:
    response = Response(json.dumps(value, indent=1, ensure_ascii=False) + "\n", content_type=content_type)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/releases/")
def releases_index():
    release, history = release_history()
    kept = releases_dir(config("DIST_DIR"))
    base = base_iri()
    return _json({"current": release.id, "releases": [
        {**entry, "url": release_iri(base, entry["release"]) + "/",
         "kept": (kept / entry["release"] / "release.json").is_file()} for entry in reversed(history.releases)]})


@bp.get("/releases/<release_id>/")
def release_files(release_id: str):
    path, history = kept_release(release_id)
    base = base_iri()
    files = [{"name": name, "url": f"{release_iri(base, release_id)}/{name}", "sha256": digest}
             for name, digest in sorted(checksums(path).items())]
    return _json({**history.release(release_id), "files": files}, max_age=31536000)


@bp.get("/releases/<release_id>/<name>")
def release_file(release_id: str, name: str):
    path, _ = kept_release(release_id)
    sums = checksums(path)
    if name not in sums:
        raise NotFound(f"No file {name!r} in release {release_id}; see /releases/{release_id}/.")
    response = send_file(path / name, mimetype=file_media_type(name), conditional=True, etag=sums[name])
    response.headers["Cache-Control"] = IMMUTABLE
    return response


@bp.get("/changes")
def changes():
    _, history = release_history()
    return _json(feed.collection(base_iri(), list(history.activities)), feed.MEDIA_TYPE)


@bp.get("/changes/page/<int:number>")
def changes_page(number: int):
    _, history = release_history()
    found = feed.page(base_iri(), list(history.activities), number)
    if found is None:
        raise NotFound(f"The change feed has no page {number}; see /changes.")
    return _json(found, feed.MEDIA_TYPE)


@bp.after_app_request
def link_feed(response: Response) -> Response:
    """Every answer points at the change feed."""
    response.headers.add("Link", f'<{changes_iri(base_iri())}>; rel="{FEED_REL}"; type="{feed.MEDIA_TYPE_PLAIN}"')
    return response


# --- what each document says about its own versions ---------------------------------------------

# (iri, format) -> the dated document's bytes, within the release; bounded by their total size
_documents = ReleaseCache(16 * 2**20, sizeof=lambda key, value: len(value))


def history_or_none() -> PublishedHistory | None:
    """The history of the release in service, or None when it carries none (nor when this front
    end has no release directory: a remote store's front end may serve without one)."""
    try:
        release = current_release()
    except StoreUnavailable:
        return None
    return _histories.get_or_compute(str(release.path), "history", lambda: published.read(release.path))


def document_modified(iri: str):
    """When the document of *iri* last changed (the issue time of that release), or None."""
    found = history_or_none()
    return found.modified(iri) if found is not None else None


def dated_document(store, iri: str, path: str, fmt) -> bytes:
    """The document of *iri* with ``<{base}{path}> dct:modified`` (the release that last changed it)."""
    modified = document_modified(iri)
    if modified is None:
        return store.document_bytes(iri, fmt)

    def dated() -> bytes:
        stamp = pyoxigraph.Triple(pyoxigraph.NamedNode(store.base_iri + path), DCT_MODIFIED,
                                  pyoxigraph.Literal(format_time(modified), datatype=XSD_DATETIME))
        return documents.serialize(sorted([*store.document_triples(iri), stamp], key=str), fmt, store.base_iri)
    return _documents.get_or_compute(store.release_id(), (iri, fmt.name), dated)
