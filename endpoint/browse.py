"""The home page and the practice browser (``/`` and ``/practices``): a way into the data.

The SPARQL behind them is in :mod:`endpoint.facets`; the pages' templates are ``home.html`` and
``practices.html``.
"""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, request
from rdflib import Literal
from rdflib.namespace import DCAT, DCTERMS, VOID

from icc_graph.documents import serialize
from icc_graph.formats import HTML, RDF_FORMATS, Format
from icc_graph.terms import sparql_iri

from . import facets, map_places
from .context import current_store, facet_index, release_stats
from .facet_collection import PREFIXES as FACET_PREFIXES
from .facet_collection import collection_triples
from .display import language_first
from .facets import BadFilter, Filters, select
from .figures import count_links, facet_figures
from .html import Linker, error_page, render
from .maps import render_map
from .messages import LANGUAGES, translate
from .negotiation import format_param, language, negotiate

bp = Blueprint("browse", __name__)
PAGE_FORMATS: tuple[Format, ...] = (HTML, *RDF_FORMATS)  # a page first: `*/*` (curl, browsers) gets HTML


@bp.get("/")
def home():
    """The dataset in a few lines and numbers, and where to go next."""
    store = current_store()
    base, lang = store.base_iri, language()
    dataset = dataset_summary(store, base, lang)
    site = request.host_url.rstrip("/") + request.script_root + "/"
    figures = release_stats()
    counts = figures["counts"] if figures else facets.counts(store, base)
    linker = Linker.for_request(base, lang)
    unfiltered = facets.unfiltered_facets(store, base, lang, facet_index())
    charts = facet_figures(unfiltered, lambda name, value: linker.local("/practices", {name: value}), lang)
    body = render("home.html", base, lang, dataset.get("title") or translate("site_name", lang), dataset=dataset,
                  counts=counts, schema_org=schema_org_dataset(dataset, site), figures=charts,
                  count_links=count_links(linker, base),
                  place_map=practices_map(store, base, Filters(), lang, figures))
    return body, 200, {"Vary": "Accept-Language"}


@bp.get("/practices")
def practices():
    """The practices, filtered by topic, country and year, a page at a time: an HTML page, or the
    same page as a Hydra collection (:mod:`endpoint.facet_collection`) in an RDF format."""
    store = current_store()
    base, lang = store.base_iri, language()
    try:
        filters = Filters.from_args(request.args)
    except BadFilter as error:
        return error_page(400, "bad_request", str(error))
    linker = Linker.for_request(base, lang)
    if any(request.args.get(name) == "" for name in ("topic", "country", "year", "page")):
        # The filter form sends its empty choices too; answer with the short, shareable address.
        return redirect(linker.local("/practices", filters.params()), 303)
    fmt = negotiate(PAGE_FORMATS, format_param())
    result = facets.browse(store, base, filters, lang, facet_index())
    if filters.page > result.pages:
        return error_page(404, "not_found", translate("page_of", lang, page=filters.page, pages=result.pages))
    if fmt is not HTML:
        return facet_collection_response(base, result, filters, fmt)

    def url(**changes):
        return linker.local("/practices", filters.params(**changes))
    charts = facet_figures(result.facets, lambda name, value: url(**{name: value, "page": 1}), lang)
    body = render("practices.html", base, lang, translate("practices_title", lang), filters=filters, result=result,
                  url=url, canonical=practices_url(filters.params()), selected=selected_filters(result, filters, url),
                  page_numbers=page_numbers(filters.page, result.pages), figures=charts,
                  place_map=practices_map(store, base, filters, lang, release_stats()))
    return body, 200, {"Vary": "Accept, Accept-Language"}


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page links to show: the first, the last and those near *page*; None marks a gap. At
    100k practices there are 5,000 pages: a link to each would weigh more than the page."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def practices_url(params: dict[str, str]) -> str:
    """The absolute address of the practice browser with these parameters."""
    address = request.host_url.rstrip("/") + request.script_root + "/practices"
    return address + ("?" + urlencode(params) if params else "")


def facet_collection_response(base: str, result, filters: Filters, fmt: Format) -> Response:
    """The facet page as a Hydra collection in *fmt*, at the page's own address."""
    template = practices_url({}) + "{?topic,country,year,page}"
    triples = collection_triples(base, result, filters, request.url,
                                 lambda **changes: practices_url(filters.params(**changes)), template)
    response = Response(serialize(triples, fmt, base, FACET_PREFIXES), content_type=fmt.content_type)
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


def practices_map(store, base: str, filters: Filters, lang: str, figures: dict | None):
    """The map of the cities of the practices *filters* selects (every filter but the page)."""
    index = facet_index()
    counts = map_places.city_counts(store, base, filters, figures, index, lang)
    shown = map_places.most_practices(counts)
    return render_map(map_places.city_places(store, base, shown, lang, index), lang, translate("map_heading", lang),
                      left_out=len(counts) - len(shown))


def selected_filters(result, filters: Filters, url) -> list[tuple[str, str, str]]:
    """(filter name, shown value, URL without it) for each active filter."""
    chosen = []
    for name in ("topic", "country", "year"):
        value = getattr(filters, name)
        if value is None:
            continue
        key = f"{value:04d}" if name == "year" else value
        label = next((fv.label for fv in result.facets[name] if fv.value == key), key)
        chosen.append((name, label, url(**{name: None, "page": 1})))
    return chosen


def dataset_summary(store, base: str, lang: str) -> dict:
    """What the catalogue says about the dataset: title, description, licence, keywords, downloads."""
    # The dataset first, then its values: one query joining them let Oxigraph scan every title
    # of the store (31 s at 100k practices).
    found = select(store, base, "SELECT ?d WHERE { ?d a dcat:Dataset } ORDER BY ?d LIMIT 1")
    if not found:
        return {}
    dataset = found[0]["d"]
    rows = select(store, base, f"""
        SELECT ?p ?o WHERE {{
          VALUES ?p {{ dcterms:title dcterms:description dcterms:license dcat:keyword dcterms:modified
                      void:triples }}
          {sparql_iri(str(dataset))} ?p ?o
        }}""")
    values = defaultdict(list)
    for row in rows:
        values[row["p"]].append(row["o"])
    downloads = select(store, base, f"""
        SELECT ?url ?media ?title WHERE {{
          {sparql_iri(str(dataset))} dcat:distribution ?dist .
          ?dist dcat:downloadURL ?url .
          OPTIONAL {{ ?dist dcat:mediaType ?media }}
          OPTIONAL {{ ?dist dcterms:title ?title FILTER(LANG(?title) = "{lang}") }}
        }} ORDER BY ?url""")

    def first(prop):
        chosen = language_first(values[prop], lang)
        return str(chosen[0]) if chosen else None
    return {
        "iri": str(dataset),
        "title": first(DCTERMS.title),
        "description": first(DCTERMS.description),
        "license": first(DCTERMS.license),
        "modified": first(DCTERMS.modified),
        "triples": first(VOID.triples),
        "keywords": sorted({str(k) for k in values[DCAT.keyword]
                            if isinstance(k, Literal) and k.language in (lang, None)}),
        "downloads": [{"url": str(row["url"]),
                       "media": str(row["media"]).rsplit("media-types/", 1)[-1] if "media" in row else None,
                       "title": str(row.get("title") or row["url"]).strip()} for row in downloads],
    }


def schema_org_dataset(dataset: dict, site: str) -> dict:
    """The schema.org Dataset that dataset search engines read from the home page."""
    description = dataset.get("description") or translate("home_intro", "en")
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": dataset.get("iri") or site,
        "name": dataset.get("title") or "ICC Graph",
        "description": description,
        "url": site,
        "license": dataset.get("license"),
        "keywords": dataset.get("keywords", []),
        "isAccessibleForFree": True,
        "inLanguage": list(LANGUAGES),
        "dateModified": dataset.get("modified"),
        "distribution": [{"@type": "DataDownload", "contentUrl": item["url"], "encodingFormat": item["media"]}
                         for item in dataset.get("downloads", [])],
    }
