"""``/curation``: what each record of the release lacks (the build's quality report).

People get a page (en/fr): completeness per field, per country and per city, and a to-do list of
the records, a page at a time. Programs get the figures as JSON (``curation.json``) or the SHACL
report as RDF (``quality.ttl``). Everything comes from files the build wrote once for the
release (:mod:`icc_graph.build.quality`): no page runs an aggregate over the store.
"""
from __future__ import annotations

import hashlib

from flask import Blueprint, Response, json, request
from werkzeug.exceptions import NotFound

from icc_graph import documents
from icc_graph.caching import ReleaseCache
from icc_graph.formats import HTML, JSON, RDF_FORMATS
from icc_graph.iris import parse_thing
from icc_graph.release import CURATION, QUALITY

from .context import current_release
from .html import Linker, error_page, render
from .messages import translate
from .negotiation import format_param, language, negotiate

bp = Blueprint("curation", __name__)

TODO_PAGE = 50  # records a page of the to-do list shows
FORMATS = (HTML, JSON, *RDF_FORMATS)
_read = ReleaseCache(16)  # the parsed summary and the serialised report, per release and format


@bp.get("/curation")
def curation():
    """The quality report in the negotiated format."""
    fmt = negotiate(FORMATS, format_param())
    release = current_release()
    if fmt is HTML:
        return _page(release)
    if fmt is JSON:
        body = release.file(CURATION).read_bytes()
    else:
        body = _read.get_or_compute(str(release.path), ("report", fmt.name), lambda: documents.serialize_file(
            release.file(QUALITY), fmt, release.base_iri))
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)


def summary(release) -> dict:
    """The release's ``curation.json``, parsed once per release."""
    def read() -> dict:
        path = release.file(CURATION)
        if not path.is_file():
            raise NotFound("This release has no quality report.")
        return json.loads(path.read_text(encoding="utf-8"))
    return _read.get_or_compute(str(release.path), "summary", read)


def _page(release):
    lang = language()
    text = request.args.get("page", "1")
    if not (text.isascii() and text.isdigit() and int(text) >= 1):
        return error_page(400, "bad_request", translate("page_must_be_number", lang))
    data = summary(release)
    labels = {field["id"]: _in(field["label"], lang) for field in data["fields"]}
    practice_fields = [field["id"] for field in data["fields"] if field["class"].endswith("#Practice")]
    records = data["records"]
    pages = max(1, -(-len(records) // TODO_PAGE))
    page = int(text)
    if page > pages:
        return error_page(404, "not_found", translate("page_of", lang, page=page, pages=pages))
    linker = Linker.for_request(release.base_iri, lang)
    body = render("curation.html", release.base_iri, lang, translate("curation_title", lang), release=release,
                  fields=data["fields"], labels=labels, practice_fields=practice_fields,
                  countries=_places(data["countries"], lang, linker), cities=_places(data["cities"], lang, linker),
                  todo=[_record(record, lang, linker) for record in records[(page - 1) * TODO_PAGE:page * TODO_PAGE]],
                  todo_total=len(records), page=page, pages=pages, share=share)
    return body, 200, {"Vary": "Accept, Accept-Language"}


def share(have: int, total: int) -> str:
    """A completeness as people read it: ``96 %``."""
    return f"{round(100 * have / total)} %" if total else "–"


def _in(labels: dict, lang: str) -> str:
    return labels.get(lang) or labels.get("en") or next(iter(labels.values()), "")


def _places(entries: list[dict], lang: str, linker: Linker) -> list[dict]:
    shown = [{**entry, "name": _in(entry["label"], lang) or entry["iri"], "href": linker.href(entry["iri"])}
             for entry in entries if entry["iri"]]
    shown.sort(key=lambda entry: entry["name"].casefold())
    unplaced = [{**entry, "name": None, "href": None} for entry in entries if not entry["iri"]]
    return shown + unplaced


def _record(record: dict, lang: str, linker: Linker) -> dict:
    ref = parse_thing(linker.base, record["iri"])
    title = _in(record["title"], lang) or (ref.slug if ref else record["iri"])
    return {"iri": record["iri"], "title": title, "href": linker.href(record["iri"]), "missing": record["missing"]}
