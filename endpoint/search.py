"""``/search``: the full-text search of the release, for people (HTML) and programs (JSON).

``/search?q=anti-rumour&kind=practice&topic=&country=&year=&page=`` ranks the things whose names
and summaries hold every word (the last one also as a prefix), filtered; ``/search/suggest``
answers a search box as it is typed (OpenSearch suggestions); ``/opensearch.xml`` lets browsers
and portals add the search. The index is the release's own (:mod:`icc_graph.search`).
"""
from __future__ import annotations

from flask import Blueprint, Response, json, render_template, request
from werkzeug.exceptions import BadRequest

from icc_graph.formats import HTML, JSON, OPENSEARCH, SUGGESTIONS
from icc_graph.search.entries import SEARCH_KINDS
from icc_graph.search.reader import Hit, SearchRequest

from .context import search_index, store_base
from .facets import BadFilter, Filters
from .html import Linker, error_page, render
from .messages import translate
from .negotiation import format_param, language, negotiate

bp = Blueprint("search", __name__)

PAGE_SIZE = 20
SUGGESTIONS_COUNT = 10
MAX_QUERY = 300  # characters of q


def read_request(args, limit: int) -> tuple[SearchRequest, Filters]:
    """The search a request asks for; BadFilter (400) for a bad kind, filter, page or q."""
    text = args.get("q", "")
    if len(text) > MAX_QUERY:
        raise BadFilter(f"'q' must be at most {MAX_QUERY} characters")
    kind = args.get("kind", "").strip()
    if kind and kind not in SEARCH_KINDS:
        raise BadFilter(f"'kind' must be one of {', '.join(SEARCH_KINDS)}")
    filters = Filters.from_args(args)
    chosen = {"kind": kind or None, "topic": filters.topic, "country": filters.country,
              "year": f"{filters.year:04d}" if filters.year is not None else None}
    return SearchRequest(text.strip(), {k: v for k, v in chosen.items() if v}, limit,
                         (filters.page - 1) * limit), filters


@bp.get("/search")
def search():
    """Ranked, highlighted hits in the negotiated format (HTML or JSON)."""
    fmt = negotiate((HTML, JSON), format_param())
    lang = language()
    try:
        query, filters = read_request(request.args, PAGE_SIZE)
    except BadFilter as error:
        if fmt is HTML:
            return error_page(400, "bad_request", str(error))
        raise BadRequest(str(error)) from error
    index = search_index()
    result = index.search(query, highlight=lang)
    pages = max(1, -(-result.total // PAGE_SIZE))
    linker = Linker.for_request(store_base(), lang)
    if fmt is JSON:
        body = {"query": query.text, "filters": query.filters, "total": result.total, "page": filters.page,
                "pages": pages, "pageSize": PAGE_SIZE, "results": [_json_hit(hit, lang, linker) for hit in result.hits]}
        return Response(json.dumps(body, ensure_ascii=False), content_type=JSON.content_type,
                        headers={"Vary": "Accept, Accept-Language"})
    params = {name: value for name, value in (("q", query.text), *query.filters.items()) if value}

    def url(page: int) -> str:
        return linker.local("/search", {**params, **({"page": page} if page > 1 else {})})
    choices = {kind: _choices(index, kind, lang) for kind in ("topic", "country")}
    title = translate("search_title_for", lang, q=query.text) if query.text else translate("search_title", lang)
    body = render("search.html", store_base(), lang, title, query=query, result=result, filters=filters,
                  page=filters.page, pages=pages, url=url, kinds=SEARCH_KINDS, choices=choices)
    return body, 200, {"Vary": "Accept, Accept-Language"}


def _choices(index, kind: str, lang: str) -> list[tuple[str, str]]:
    """(slug, name) of every topic or country, by name: the filter's options."""
    every = index.search(SearchRequest("", {"kind": kind}, limit=1000, prefix=False))
    return sorted(((hit.slug, hit.label(lang)) for hit in every.hits), key=lambda pair: pair[1].casefold())


def _json_hit(hit: Hit, lang: str, linker: Linker) -> dict:
    def marked(value):
        return {"text": value.text, "highlights": [list(pair) for pair in value.ranges]} if value else None
    return {"id": hit.iri, "kind": hit.kind, "label": hit.label(lang), "score": round(hit.score, 4),
            "url": request.host_url.rstrip("/") + linker.href(hit.iri), "title": marked(hit.title),
            "snippet": marked(hit.snippet), **{name: list(values) for name, values in hit.links.items() if values}}


@bp.get("/search/suggest")
def suggest():
    """OpenSearch suggestions: ``[q, [names], [kinds], [urls]]`` for what has been typed so far."""
    try:
        query, _ = read_request(request.args, SUGGESTIONS_COUNT)
    except BadFilter as error:
        raise BadRequest(str(error)) from error
    hits = search_index().search(query).hits if query.text else []
    lang = language()
    linker = Linker.for_request(store_base(), lang)
    body = [query.text, [hit.label(lang) for hit in hits], [hit.kind for hit in hits],
            [request.host_url.rstrip("/") + linker.href(hit.iri) for hit in hits]]
    return Response(json.dumps(body, ensure_ascii=False), content_type=SUGGESTIONS.content_type)


@bp.get("/opensearch.xml")
def opensearch():
    """The OpenSearch 1.1 description: the search's URL templates, for browsers and portals."""
    site = request.host_url.rstrip("/") + request.script_root
    body = render_template("opensearch.xml", site=site, lang=language(),
                           t=lambda key, **fields: translate(key, language(), **fields))
    return Response(body, content_type=OPENSEARCH.content_type)
