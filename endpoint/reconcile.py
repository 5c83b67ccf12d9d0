"""``/reconcile``: the W3C Entity Reconciliation Community Group's Reconciliation Service API
(version 0.2, what OpenRefine speaks), over the release's full-text index.

- ``GET /reconcile``: the manifest; ``GET|POST /reconcile`` with ``queries`` (a JSON batch): the
  candidates (:mod:`icc_graph.search.reconcile` scores them); with ``extend``: data extension.
- ``/reconcile/suggest/{entity,type,property}?prefix=``: auto-completion; ``/reconcile/preview?id=``:
  a small HTML view; ``/reconcile/properties?type=``: the properties data extension proposes.
- Any answer in JSON may be asked as JSONP (``callback=name``); CORS is the application's (any origin).
"""
from __future__ import annotations

import json
import re

from flask import Blueprint, Response, request
from werkzeug.exceptions import BadRequest, NotFound

from icc_graph.formats import HTML, JAVASCRIPT, JSON
from icc_graph.iris import ontology_namespace, parse_thing, things_namespace
from icc_graph.search.entries import SEARCH_KINDS
from icc_graph.search.reader import SearchRequest
from icc_graph.search.reconcile import MATCH_PROPERTIES, Query, reconcile
from icc_graph.terms import sparql_iri

from .context import current_store, search_index, store_base
from .facets import select
from .html import Linker, render
from .messages import translate
from .negotiation import language

bp = Blueprint("reconcile", __name__)

VERSIONS = ["0.2"]
MAX_QUERIES = 100  # queries in one batch
MAX_IDS = 200      # entities in one data extension
MAX_LIMIT = 50     # candidates a query may ask for
MAX_TEXT = 300     # characters of a query's text or a prefix
CALLBACK_RE = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\Z")
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"

# The types a query may name: kind -> (class local name or IRI, names); a kind's name is also accepted.
TYPES = {"practice": "Practice", "city": "City", "country": "Country", "topic": SKOS_CONCEPT, "body": "Body"}


def type_id(base: str, kind: str) -> str:
    local = TYPES[kind]
    return local if local.startswith("http") else ontology_namespace(base) + local


def type_json(base: str, kind: str, lang: str) -> dict:
    return {"id": type_id(base, kind), "name": translate(f"kind_{kind}", lang)}


def kind_of(base: str, value: str) -> str | None:
    """The kind a query's type stands for: a type id of the manifest, or a kind's name."""
    for kind in TYPES:
        if value in (kind, type_id(base, kind)):
            return kind
    return None


GEO_POINT = ("<http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat ; "
             "<http://www.w3.org/2003/01/geo/wgs84_pos#long> ?long")
# Data extension: property id -> (names, SPARQL pattern from ?e to ?v, value kind: "thing" or "str").
EXTEND = {
    "country": ({"en": "Country", "fr": "Pays"}, "?e icc:country ?v", "thing"),
    "city": ({"en": "City", "fr": "Ville"}, "?e icc:city ?v", "thing"),
    "topic": ({"en": "Topics", "fr": "Thèmes"}, "?e dcterms:subject ?v", "thing"),
    "year": ({"en": "Year", "fr": "Année"}, "?e icc:year ?v", "str"),
    "coordinates": ({"en": "Coordinates (latitude,longitude)", "fr": "Coordonnées (latitude,longitude)"},
                    f"{{ ?e {GEO_POINT} }} UNION {{ ?e icc:city [ {GEO_POINT} ] }} "
                    "BIND(CONCAT(STR(?lat), ',', STR(?long)) AS ?v)", "str"),
    "geonames": ({"en": "GeoNames", "fr": "GeoNames"},
                 "{ ?e owl:sameAs ?v } UNION { ?e skos:exactMatch ?v } FILTER(STRSTARTS(STR(?v), 'https://sws.geonames.org/'))",
                 "str"),
    "wikidata": ({"en": "Wikidata", "fr": "Wikidata"},
                 "{ ?e owl:sameAs ?v } UNION { ?e skos:exactMatch ?v } "
                 "FILTER(STRSTARTS(STR(?v), 'http://www.wikidata.org/entity/'))", "str"),
}
EXTEND_BY_KIND = {"practice": ("city", "country", "year", "topic", "coordinates"),
                  "city": ("country", "coordinates", "geonames", "wikidata"),
                  "country": ("wikidata",), "topic": (), "body": ()}


def answer(body) -> Response:
    """JSON, or JSONP when the request names a ``callback``."""
    text = json.dumps(body, ensure_ascii=False)
    callback = request.values.get("callback")
    if callback:
        if not CALLBACK_RE.match(callback) or len(callback) > 100:
            raise BadRequest("'callback' must be a JavaScript name such as jsonp123 or jQuery.cb")
        return Response(f"/**/{callback}({text});", content_type=JAVASCRIPT.content_type)
    return Response(text, content_type=JSON.content_type)


def _json_param(name: str):
    try:
        return json.loads(request.values[name])
    except ValueError as error:
        raise BadRequest(f"'{name}' must be JSON: {error}") from error


def site() -> str:
    return request.host_url.rstrip("/") + request.script_root


@bp.route("/reconcile", methods=["GET", "POST"])
def service():
    """The manifest, or the answers to ``queries``, or a data extension (``extend``)."""
    if "queries" in request.values:
        return answer(_answer_queries(_json_param("queries")))
    if "extend" in request.values:
        return answer(_extend(_json_param("extend")))
    return answer(manifest())


def manifest() -> dict:
    base, lang, here = store_base(), language(), site()
    return {
        "versions": VERSIONS,
        "name": translate("reconcile_service_name", lang),
        "identifierSpace": things_namespace(base),
        "schemaSpace": ontology_namespace(base),
        "documentation": here + "/openapi.json",
        "view": {"url": "{{id}}"},
        "defaultTypes": [type_json(base, kind, lang) for kind in TYPES],
        "preview": {"url": here + "/reconcile/preview?id={{id}}", "width": 400, "height": 120},
        "suggest": {name: {"service_url": here, "service_path": f"/reconcile/suggest/{name}"}
                    for name in ("entity", "type", "property")},
        "extend": {"propose_properties": {"service_url": here, "service_path": "/reconcile/properties"},
                   "property_settings": []},
    }


def _answer_queries(batch) -> dict:
    if not isinstance(batch, dict) or not batch:
        raise BadRequest("'queries' must be a JSON object of queries: {\"q0\": {\"query\": \"...\"}}")
    if len(batch) > MAX_QUERIES:
        raise BadRequest(f"at most {MAX_QUERIES} queries a batch")
    base, lang, index = store_base(), language(), search_index()
    results = {}
    for key, raw in batch.items():
        query = _read_query(key, raw, base)
        results[key] = {"result": [_candidate(candidate, base, lang, index)
                                   for candidate in reconcile(index, query, base)]}
    return results


def _read_query(key: str, raw, base: str) -> Query:
    if not isinstance(raw, dict) or not isinstance(raw.get("query"), str) or len(raw["query"]) > MAX_TEXT:
        raise BadRequest(f"query {key!r} must be an object with a 'query' string of at most {MAX_TEXT} characters")
    types = raw.get("type") or []
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not isinstance(raw.get("properties") or [], list):
        raise BadRequest(f"query {key!r}: 'type' must be a string or a list, 'properties' a list")
    kinds = []
    for value in types:
        kind = kind_of(base, value) if isinstance(value, str) else None
        if kind is None:
            raise BadRequest(f"query {key!r}: unknown type {value!r}; the manifest's defaultTypes lists them")
        kinds.append(kind)
    limit = raw.get("limit", 5)
    if not isinstance(limit, (int, float)) or isinstance(limit, bool) or not 0 <= limit <= MAX_LIMIT:
        raise BadRequest(f"query {key!r}: 'limit' must be a number from 0 to {MAX_LIMIT}")
    properties = []
    for prop in raw.get("properties") or []:
        if not isinstance(prop, dict) or "pid" not in prop or "v" not in prop:
            raise BadRequest(f"query {key!r}: each property needs 'pid' and 'v'")
        values = prop["v"] if isinstance(prop["v"], list) else [prop["v"]]
        properties.append((str(prop["pid"]), tuple(values)))
    return Query(raw["query"], tuple(kinds), int(limit), tuple(properties))


def _candidate(candidate, base: str, lang: str, index) -> dict:
    hit = candidate.hit
    kind_type = type_json(base, hit.kind, lang) if hit.kind in TYPES else {"id": hit.kind, "name": hit.kind}
    return {"id": hit.iri, "name": hit.label(lang), "description": describe(hit, lang, index),
            "score": candidate.score, "match": candidate.match, "type": [kind_type],
            "features": [{"id": name, "value": value} for name, value in candidate.features]}


def describe(hit, lang: str, index) -> str:
    """A candidate in a few words: its kind, then its city, country and year where it has them."""
    parts = [translate(f"kind_{hit.kind}", lang)]
    for link in ("city", "country"):
        names = index.labels(link, lang)
        parts += [names.get(slug, slug) for slug in hit.links.get(link, ())]
    parts += list(hit.links.get("year", ()))
    return " · ".join(parts)


@bp.get("/reconcile/suggest/entity")
def suggest_entity():
    prefix = _prefix()
    kind = kind_of(store_base(), request.args.get("type", "")) if request.args.get("type") else None
    base, lang, index = store_base(), language(), search_index()
    hits = index.search(SearchRequest(prefix, {"kind": kind} if kind else {}, limit=10)).hits if prefix else []
    return answer({"result": [{"id": hit.iri, "name": hit.label(lang), "description": describe(hit, lang, index),
                               "notable": [type_json(base, hit.kind, lang)] if hit.kind in TYPES else []}
                              for hit in hits]})


@bp.get("/reconcile/suggest/type")
def suggest_type():
    prefix, base, lang = _prefix().casefold(), store_base(), language()
    return answer({"result": [type_json(base, kind, lang) for kind in TYPES
                              if translate(f"kind_{kind}", lang).casefold().startswith(prefix)
                              or kind.startswith(prefix)]})


@bp.get("/reconcile/suggest/property")
def suggest_property():
    prefix, lang = _prefix().casefold(), language()
    ids = sorted(set(MATCH_PROPERTIES) | set(EXTEND))
    return answer({"result": [{"id": pid, "name": _property_name(pid, lang)} for pid in ids
                              if pid.startswith(prefix) or _property_name(pid, lang).casefold().startswith(prefix)]})


def _property_name(pid: str, lang: str) -> str:
    names = MATCH_PROPERTIES[pid].name if pid in MATCH_PROPERTIES else EXTEND[pid][0]
    return names.get(lang, names["en"])


def _prefix() -> str:
    prefix = request.args.get("prefix", "")
    if len(prefix) > MAX_TEXT:
        raise BadRequest(f"'prefix' must be at most {MAX_TEXT} characters")
    return prefix.strip()


@bp.get("/reconcile/properties")
def propose_properties():
    """The properties data extension offers for a type."""
    value, lang = request.args.get("type", ""), language()
    kind = kind_of(store_base(), value)
    if kind is None:
        raise BadRequest("'type' must be one of the manifest's defaultTypes")
    return answer({"type": value, "properties": [{"id": pid, "name": _property_name(pid, lang)}
                                                 for pid in EXTEND_BY_KIND[kind]]})


def _extend(query) -> dict:
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list) \
            or not isinstance(query.get("properties"), list):
        raise BadRequest("'extend' must be JSON {\"ids\": [...], \"properties\": [{\"id\": ...}]}")
    ids = [str(value) for value in query["ids"]]
    if len(ids) > MAX_IDS:
        raise BadRequest(f"at most {MAX_IDS} ids an extension")
    pids = [prop.get("id") if isinstance(prop, dict) else None for prop in query["properties"]]
    unknown = [pid for pid in pids if not isinstance(pid, str) or pid not in EXTEND]
    if unknown:
        raise BadRequest(f"unknown properties {unknown}; /reconcile/properties?type= lists them")
    base, lang = store_base(), language()
    entities = [iri for iri in ids if parse_thing(base, iri)]
    rows = {iri: {pid: [] for pid in pids} for iri in ids}
    names = search_index().labels
    for pid in dict.fromkeys(pids):
        for iri, value in _values(pid, entities, base):
            if EXTEND[pid][2] == "thing":
                ref = parse_thing(base, value)
                cell = {"id": value, "name": names(ref.kind, lang).get(ref.slug, ref.slug) if ref else value}
            else:
                cell = {"str": value}
            if cell not in rows[iri][pid]:
                rows[iri][pid].append(cell)
    return {"meta": [{"id": pid, "name": _property_name(pid, lang)} for pid in pids], "rows": rows}


def _values(pid: str, entities: list[str], base: str) -> list[tuple[str, str]]:
    if not entities:
        return []
    values = " ".join(sparql_iri(iri) for iri in entities)
    rows = select(current_store(), base, f"SELECT ?e ?v WHERE {{ VALUES ?e {{ {values} }} {EXTEND[pid][1]} }} "
                                         f"ORDER BY ?e ?v")
    return [(str(row["e"]), str(row["v"])) for row in rows if "v" in row]


@bp.get("/reconcile/preview")
def preview():
    """A thing in a few lines, for a client's iframe (400 x 120)."""
    base, lang, iri = store_base(), language(), request.args.get("id", "")
    hit = search_index().get(iri)
    if hit is None:
        raise NotFound(f"No thing of this release has the id {iri!r}.")
    body = render("reconcile_preview.html", base, lang, hit.label(lang), hit=hit,
                  description=describe(hit, lang, search_index()), href=Linker.for_request(base, lang).href(hit.iri))
    return Response(body, content_type=HTML.content_type)
