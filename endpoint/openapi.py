"""``/openapi.json``: an OpenAPI 3.0 description of the HTTP interface.

The description is built here from the format table and the configured limits, so it cannot
drift from what the server does; ``.ci/schemathesis.sh`` checks the live server against it.
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from icc_graph.formats import FILE_MEDIA_TYPES, HTML, JSON, OPENSEARCH, RDF_FORMATS, RESULT_FORMATS, SUGGESTIONS
from icc_graph.search.entries import SEARCH_KINDS

# What a release file is served as: every ending formats.py names, and octet-stream for the rest
# (the change feed's .jsonl too: schemathesis flags any type not listed here).
RELEASE_FILE_TYPES = sorted({media.split(";")[0] for _, media in FILE_MEDIA_TYPES}
                            | {"application/n-triples", "application/octet-stream"})

bp = Blueprint("openapi", __name__)

ERROR_STATUSES = {
    400: ("The request or the query is malformed (the parser's message says where), a graph name is not an "
          "absolute IRI, or the request's text is not UTF-8 (the URL's query string, a form body, a query "
          "body; a declared charset other than UTF-8)."),
    403: "The query is not allowed here: an update, SERVICE, too deep.",
    404: "Nothing here.",
    405: "The method is not allowed on this path.",
    406: "No representation matches the Accept header or the format parameter.",
    410: "A release (or a version of a document) this server no longer keeps (ICC_KEEP_RELEASES); the Link "
         "header or the message names the release in service.",
    413: "The query or the request body is longer than the limit.",
    414: "The URL is longer than the server reads (about 4 KB): send long queries by POST.",
    409: "The record claims the IRI of a published practice, or of one already waiting in the inbox.",
    415: "The POST body has an unsupported media type.",
    422: "The record or the form does not pass the shapes: the findings say what to fix.",
    429: "This client already runs the most queries allowed at once, or sent the most submissions allowed in a "
         "while; see Retry-After.",
    503: "The query ran past the time limit, the store is unavailable, or the submissions inbox is full; see "
         "Retry-After.",
}
QUERY_HEADERS = {  # on every answer to a query (not on the service description)
    "ICC-Row-Limit": {"description": "the most rows (or triples) an answer holds", "schema": {"type": "string"}},
    "ICC-Truncated": {"description": "true when the row limit cut this answer", "schema": {"type": "string"}},
    "ICC-Empty-Graphs": {"description": "graph names of the dataset this store does not hold, read as empty "
                                        "graphs (nothing is fetched): <iri>, <iri>", "schema": {"type": "string"}},
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "error", "message"],
    "properties": {"status": {"type": "integer"}, "error": {"type": "string"}, "message": {"type": "string"}},
}


def _error(status: int) -> dict:
    answer = {"description": ERROR_STATUSES[status],
              "content": {"text/plain": {"schema": {"type": "string"}},
                          "application/json": {"schema": ERROR_SCHEMA},
                          "text/html": {"schema": {"type": "string"}}}}
    if status in (429, 503):
        answer["headers"] = {"Retry-After": {"description": "seconds to wait",
                                             "schema": {"type": "string"}}}
    return answer


def _errors(*statuses: int) -> dict:
    return {str(status): _error(status) for status in statuses}


def _content(media_types) -> dict:
    return {media_type: {"schema": {}} for media_type in media_types}  # any body (RDF, JSON, HTML)


def _ok(description: str, media_types) -> dict:
    return {"description": description, "content": _content(media_types)}


def _get(summary: str, responses: dict, parameters=()) -> dict:
    return {"get": {"summary": summary, "parameters": list(parameters), "responses": responses}}


def _path_param(name: str, description: str, example: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "example": example,
            "schema": {"type": "string", "pattern": "^[^/]+$"}}


def _query_param(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


SLUG = {"type": "string", "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"}
HIGHLIGHTED = {"type": "object", "nullable": True, "required": ["text", "highlights"], "properties": {
    "text": {"type": "string"},
    "highlights": {"type": "array", "description": "character ranges [start, end) the query matched",
                   "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}}}}
SEARCH_ANSWER = {
    "type": "object", "required": ["query", "filters", "total", "page", "pages", "pageSize", "results"],
    "properties": {
        "query": {"type": "string"}, "filters": {"type": "object", "additionalProperties": {"type": "string"}},
        "total": {"type": "integer"}, "page": {"type": "integer"}, "pages": {"type": "integer"},
        "pageSize": {"type": "integer"},
        "results": {"type": "array", "items": {
            "type": "object", "required": ["id", "kind", "label", "score", "url", "title", "snippet"],
            "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": list(SEARCH_KINDS)},
                           "label": {"type": "string"}, "score": {"type": "number"}, "url": {"type": "string"},
                           "title": HIGHLIGHTED, "snippet": HIGHLIGHTED,
                           **{name: {"type": "array", "items": {"type": "string"}}
                              for name in ("topic", "country", "city", "year")}}}}}}
SUGGESTIONS_ANSWER = {"type": "array", "minItems": 4, "maxItems": 4, "description": (
    "OpenSearch suggestions: [the text typed, [names], [kinds], [URLs]]"),
    "items": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}}


def _search_params(page: bool = True) -> list[dict]:
    params = [_query_param("q", "words: every one must match (stemmed, English and French; the last one also "
                                "as a prefix); none lists everything the filters keep",
                           {"type": "string", "maxLength": 300}),
              _query_param("kind", "only things of this kind", {"type": "string", "enum": list(SEARCH_KINDS)}),
              _query_param("topic", "only practices of this topic (a slug)", SLUG),
              _query_param("country", "only practices and cities of this country (a slug)", SLUG),
              _query_param("year", "only practices of this year", {"type": "integer", "minimum": 1000,
                                                                   "maximum": 9999}),
              _query_param("lang", "en or fr: the language of names, highlights and the page")]
    if page:
        params += [_query_param("page", "page number (20 hits a page)", {"type": "integer", "minimum": 1,
                                                                         "maximum": 9999}),
                   _query_param("format", "html or json instead of Accept", {"type": "string",
                                                                             "enum": ["html", "json"]})]
    return params


def _search_paths() -> dict:
    return {
        "/search": _get("Full-text search: ranked hits with the matched words marked (HTML or JSON)", {
            "200": {"description": "The hits, best first", "content": {
                JSON.media_type: {"schema": SEARCH_ANSWER}, HTML.media_type: {"schema": {"type": "string"}}}},
            **_errors(400, 406, 503)}, _search_params()),
        "/search/suggest": _get("Search suggestions for what has been typed (OpenSearch)", {
            "200": {"description": "Suggestions", "content": {SUGGESTIONS.media_type: {"schema": SUGGESTIONS_ANSWER}}},
            **_errors(400, 503)}, _search_params(page=False)),
        "/opensearch.xml": _get("The OpenSearch 1.1 description of the search", {
            "200": _ok("OpenSearch description", [OPENSEARCH.media_type])}, [_query_param("lang", "en or fr")]),
    }


def _reconcile_paths() -> dict:
    """The reconciliation service (W3C Entity Reconciliation CG API 0.2); bodies per its JSON Schemas."""
    json_or_jsonp = {"200": _ok("JSON, or JSONP (application/javascript) with callback",
                                ["application/json", "application/javascript"]), **_errors(400, 503)}
    callback = _query_param("callback", "JSONP: wrap the answer in a call of this JavaScript name",
                            {"type": "string", "pattern": "^[A-Za-z_$][A-Za-z0-9_$]*$", "maxLength": 100})
    lang = _query_param("lang", "en or fr: the language of names")
    batch = [_query_param("queries", "a reconciliation query batch (JSON): {\"q0\": {\"query\": \"Amadora\", "
                                     "\"type\": \"city\", \"limit\": 3, \"properties\": [{\"pid\": \"country\", "
                                     "\"v\": \"Portugal\"}]}}"),
             _query_param("extend", "a data extension query (JSON): {\"ids\": [...], \"properties\": [{\"id\": \"country\"}]}"),
             callback, lang]
    form = {"type": "object", "properties": {"queries": {"type": "string"}, "extend": {"type": "string"},
                                             "callback": callback["schema"]}}

    def suggest(what: str) -> dict:
        return _get(f"Suggest {what} whose names begin with prefix", json_or_jsonp, [
            _query_param("prefix", "what has been typed", {"type": "string", "maxLength": 300}),
            _query_param("type", "only entities of this type (a type id of the manifest)"), callback, lang])
    return {
        "/reconcile": {
            "get": {"summary": "The manifest; with queries: candidates; with extend: property values",
                    "parameters": batch, "responses": json_or_jsonp},
            "post": {"summary": "Reconciliation queries or a data extension, as a form",
                     "parameters": [lang], "requestBody": {"required": True, "content": {
                         "application/x-www-form-urlencoded": {"schema": form}}},
                     "responses": json_or_jsonp},
        },
        "/reconcile/suggest/entity": suggest("entities"),
        "/reconcile/suggest/type": suggest("types"),
        "/reconcile/suggest/property": suggest("properties"),
        "/reconcile/properties": _get("The properties data extension offers for a type", json_or_jsonp, [
            {**_query_param("type", "a type id of the manifest, or practice, city, country, topic, body"),
             "required": True}, callback, lang]),
        "/reconcile/preview": _get("A thing in a few lines, for a client's iframe", {
            "200": _ok("HTML", ["text/html"]), **_errors(404, 503)},
            [{**_query_param("id", "the thing's IRI"), "required": True}, lang]),
    }


def description(config) -> dict:
    """The OpenAPI document of this server, with the limits of *config*."""
    answers = sorted({fmt.media_type for fmt in RESULT_FORMATS + RDF_FORMATS} | {HTML.media_type})
    rdf = sorted({fmt.media_type for fmt in RDF_FORMATS})
    rdf_and_html = sorted(set(rdf) | {HTML.media_type})
    query = {"type": "string", "maxLength": int(config["MAX_QUERY_LENGTH"])}
    graphs = {"type": "array", "items": {"type": "string"}}
    held = ("; each name is looked up in this store and never fetched: a graph it does not hold is empty "
            "(listed in ICC-Empty-Graphs)")
    sparql_params = [
        _query_param("query", "a SPARQL 1.1 query (read-only)", query),
        _query_param("default-graph-uri", "graphs forming the default graph" + held, graphs),
        _query_param("named-graph-uri", "graphs named in the dataset" + held, graphs),
        _query_param("format", "a format name instead of Accept (json, xml, csv, tsv, ttl, jsonld, rdf, nt; "
                               "html: the query editor with the answer as a table)"),
    ]
    sparql_answers = {
        "200": {"description": "Query results, or (for a browser: Accept prefers text/html to every "
                               "results format, or format=html) the query editor with the query and its "
                               "answer as a table; without a query the service description or the editor",
                "headers": QUERY_HEADERS, "content": _content(answers)},
        **_errors(400, 403, 405, 406, 413, 414, 415, 429, 503),
    }
    form = {"type": "object", "properties": {"query": query, "default-graph-uri": graphs,
                                             "named-graph-uri": graphs}}
    document = _get("The document of a thing, negotiated; with Accept-Datetime, 302 to the version current "
                    "then (Memento TimeGate)", {
        "200": _ok("The document", rdf_and_html), "302": {"description": "The version current at Accept-Datetime"},
        "304": {"description": "Not modified"}, **_errors(400, 404, 406, 503)}, [_path_param("kind", "practice, city, country, topic, body, ...", "topic"),
                                    _path_param("name", "the slug, optionally with a format suffix (.ttl)",
                                                "education.ttl")])
    metadata = {"200": _ok("The description", rdf_and_html), "304": {"description": "Not modified"},
                **_errors(404, 406, 503)}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "ICC Graph",
            "version": "1",
            "description": (
                "The Intercultural Cities good-practice database as Linked Open Data: a read-only "
                f"SPARQL 1.1 endpoint and dereferenceable documents. Limits: a query may run "
                f"{float(config['QUERY_TIMEOUT']):g} s, hold {int(config['MAX_QUERY_LENGTH'])} characters "
                f"and answer {int(config['RESULT_ROW_LIMIT'])} rows; a client may run "
                f"{int(config['CLIENT_QUERIES'])} queries at once; a request body may hold "
                f"{int(config['MAX_CONTENT_LENGTH'])} bytes."),
        },
        "paths": {
            "/sparql": {
                "get": {"summary": "SPARQL query (GET)", "parameters": sparql_params, "responses": sparql_answers},
                "post": {"summary": "SPARQL query (POST)", "parameters": sparql_params[1:3] + sparql_params[3:],
                         "requestBody": {"required": True, "description": (
                             "A form, or the query itself; in UTF-8 (a form declaring another charset, or any "
                             "charset but UTF-8 on application/sparql-query, gets 400). In a form, "
                             "default-graph-uri and named-graph-uri may also come in the URL."), "content": {
                             "application/x-www-form-urlencoded": {"schema": form},
                             "application/sparql-query": {"schema": query}}},
                         "responses": sparql_answers},
            },
            "/id/{kind}/{slug}": _get("A thing: 303 See Other to its document", {
                "303": {"description": "See the document", "headers": {"Location": {"schema": {"type": "string"}}}},
                **_errors(404, 503)}, [_path_param("kind", "practice, city, country, topic, body, ...", "topic"),
                                       _path_param("slug", "the thing's slug", "education")]),
            "/doc/{kind}/{name}": document,
            "/ontology": _get("The ontology, negotiated", metadata),
            "/catalog": _get("The DCAT-AP catalogue", metadata),
            "/.well-known/void": _get("The VoID description", metadata),
            "/dumps/": _get("The dumps of the current release", {
                "200": _ok("Index of the dumps", ["text/html", "text/plain", "application/json"]),
                **_errors(406, 503)}),
            "/dumps/{name}": _get("One dump file", {
                "200": _ok("The file", RELEASE_FILE_TYPES),
                "206": {"description": "Part of the file (Range)"}, "304": {"description": "Not modified"},
                "416": {"description": "The range is not satisfiable"}, **_errors(404, 503)},
                [_path_param("name", "a file name listed in SHA256SUMS", "icc-graph.ttl")]),
            "/releases/": _get("Every release of the history, newest first (id, issue time, the release before, "
                               "its dumps, its change counts, whether this server still keeps it)", {
                "200": _ok("The releases", ["application/json"]), "304": {"description": "Not modified"},
                **_errors(404, 503)}),
            "/releases/{release_id}/": _get("One release: its history entry and its files", {
                "200": _ok("The release", ["application/json"]), "304": {"description": "Not modified"},
                **_errors(404, 410, 503)}, [_path_param("release_id", "a release id (16 hex digits)",
                                                         "0123456789abcdef")]),
            "/releases/{release_id}/{name}": _get("One file of one release, immutable", {
                "200": _ok("The file", RELEASE_FILE_TYPES),
                "206": {"description": "Part of the file (Range)"}, "304": {"description": "Not modified"},
                "416": {"description": "The range is not satisfiable"}, **_errors(404, 410, 503)},
                [_path_param("release_id", "a release id (16 hex digits)", "0123456789abcdef"),
                 _path_param("name", "a file name listed in the release's SHA256SUMS", "icc-graph.ttl")]),
            "/releases/{release_id}/doc/{kind}/{name}": _get(
                "A past version of a document (a Memento, RFC 7089), with Memento-Datetime", {
                    "200": _ok("The document as it was", rdf), "301": {"description": "The version this release holds"},
                    "304": {"description": "Not modified"}, **_errors(404, 406, 410, 503)},
                [_path_param("release_id", "the release of the version", "0123456789abcdef"),
                 _path_param("kind", "practice, city, country, topic, body, ...", "topic"),
                 _path_param("name", "the slug, optionally with a format suffix (.ttl)", "education.ttl")]),
            "/releases/{release_id}/ontology": _get("The ontology as one release published it (its owl:versionIRI)", {
                "200": _ok("The ontology", rdf), "304": {"description": "Not modified"}, **_errors(404, 406, 410, 503)},
                [_path_param("release_id", "a release id (16 hex digits)", "0123456789abcdef")]),
            "/timemap/link/doc/{kind}/{slug}": _get("The versions of a document (TimeMap, application/link-format)", {
                "200": _ok("The TimeMap", ["application/link-format"]), "304": {"description": "Not modified"},
                **_errors(404, 503)}, [_path_param("kind", "practice, city, ...", "topic"),
                                       _path_param("slug", "the thing's slug", "education")]),
            "/timemap/json/doc/{kind}/{slug}": _get("The versions of a document (TimeMap, JSON)", {
                "200": _ok("The TimeMap", ["application/json"]), "304": {"description": "Not modified"},
                **_errors(404, 503)}, [_path_param("kind", "practice, city, ...", "topic"),
                                       _path_param("slug", "the thing's slug", "education")]),
            "/history/doc/{kind}/{slug}": _get("The releases in which a document changed, with the diff (HTML)", {
                "200": _ok("HTML", ["text/html"]), **_errors(404, 503)},
                [_path_param("kind", "practice, city, ...", "topic"), _path_param("slug", "the thing's slug", "education"),
                 _query_param("lang", "en or fr")]),
            "/changes": _get("The change feed: an Activity Streams 2.0 OrderedCollection (IIIF Change Discovery 1.0, "
                             "level 2)", {"200": _ok("The collection", ["application/ld+json"]),
                                          "304": {"description": "Not modified"}, **_errors(404, 503)}),
            "/changes/page/{number}": _get("One page of the change feed, oldest first; the last page is the newest", {
                "200": _ok("The page", ["application/ld+json"]), "304": {"description": "Not modified"},
                **_errors(404, 503)}, [{"name": "number", "in": "path", "required": True,
                                        "schema": {"type": "integer", "minimum": 0}, "example": 0}]),
            "/openapi.json": _get("This description", {"200": _ok("OpenAPI 3.0", ["application/json"])}),
            "/": _get("The home page", {"200": _ok("HTML", ["text/html"]), **_errors(406, 503)},
                      [_query_param("lang", "en or fr")]),
            "/practices": _get("The practice browser: a facet page in HTML, or as a Hydra collection (members, "
                               "paging links, search template) whose facet values are TREE relations with their "
                               "counts, in an RDF format", {
                "200": _ok("The facet page", ["text/html", *[f.media_type for f in RDF_FORMATS]]),
                **_errors(400, 404, 406, 503)},
                [_query_param(name, f"filter: {name}") for name in ("topic", "country", "year")]
                + [_query_param("page", "page number"), _query_param("lang", "en or fr"),
                   _query_param("format", "html, ttl, jsonld, rdf or nt")]),
            "/curation": _get("The quality report: what each record lacks (completeness per field, country, city; "
                              "a to-do list). HTML, the figures as JSON, or the SHACL report as RDF", {
                "200": _ok("The report", ["text/html", "application/json", *[f.media_type for f in RDF_FORMATS]]),
                "304": {"description": "Not modified"}, **_errors(400, 404, 406, 503)},
                [_query_param("page", "page of the to-do list"), _query_param("lang", "en or fr"),
                 _query_param("format", "html, json, ttl, jsonld, rdf or nt")]),
            "/shapes": _get("The SHACL shapes every release is validated against (RDF), or per kind of record what "
                            "it must and should have (HTML)", {
                "200": _ok("The shapes", [*[f.media_type for f in RDF_FORMATS], "text/html"]),
                "304": {"description": "Not modified"}, **_errors(404, 406, 503)},
                [_query_param("lang", "en or fr"), _query_param("format", "ttl, jsonld, rdf, nt or html")]),
            "/id/shapes": _get("The shapes: 303 See Other to /shapes", {
                "303": {"description": "See the shapes", "headers": {"Location": {"schema": {"type": "string"}}}}}),
            "/validate": {
                "get": {"summary": "The form to validate a record", "responses": {"200": _ok("HTML", ["text/html"])}},
                "post": {"summary": "Validate a record with the release's shapes and vocabularies; nothing is stored",
                         "requestBody": {"required": True, "content": {
                             **{fmt: {"schema": {"type": "string"}} for fmt in ("text/turtle", "application/ld+json",
                                                                                 "application/n-triples")},
                             "multipart/form-data": {"schema": {"type": "object", "properties": {
                                 "record": {"type": "string"}, "format": {"type": "string"}}}},
                             "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                                 "record": {"type": "string"}, "format": {"type": "string"}}}}}},
                         "responses": {"200": _ok("The report: findings with severity, node, field, message, value",
                                                  ["application/json", "text/html",
                                                   *[f.media_type for f in RDF_FORMATS]]),
                                       **_errors(400, 406, 413, 415, 503)}},
            },
            **_search_paths(),
            **_reconcile_paths(),
            "/submit": {
                "get": {"summary": "The good-practice template as a form (HTML)",
                        "parameters": [_query_param("lang", "en or fr")],
                        "responses": {"200": _ok("HTML", ["text/html"]), **_errors(503)}},
                "post": {"summary": "Send a practice: the form's fields, or one record (Turtle, JSON-LD, N-Triples). "
                                    "Checked by the shapes of /validate, then kept in the inbox for a curator",
                         "requestBody": {"required": True, "content": {
                             **{fmt: {"schema": {"type": "string"}} for fmt in ("text/turtle", "application/ld+json",
                                                                                 "application/n-triples")},
                             "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                                 name: {"type": "string"} for name in ("token", "title", "lang", "city", "country",
                                                                       "start", "end", "topics", "summary", "source",
                                                                       "contact")}}}}},
                         "responses": {"200": _ok("The form again, with one more body (action=add-body)",
                                                  ["text/html"]),
                                       "201": _ok("A record was received: {id, status, receipt, practice}; Location "
                                                  "is the receipt", ["application/json"]),
                                       "303": {"description": "A form was received: see the receipt page",
                                               "headers": {"Location": {"schema": {"type": "string"}}}},
                                       **_errors(400, 409, 413, 415, 422, 429, 503)}},
            },
            "/submit/{submission_id}": _get("The receipt of a submission: received, accepted, or rejected with the "
                                            "reason (HTML or JSON)", {
                "200": _ok("The receipt", ["text/html", "application/json"]), **_errors(404, 406)},
                [_path_param("submission_id", "the receipt number", "AbCdEfGhIjKlMnOp"),
                 _query_param("lang", "en or fr"), _query_param("format", "html or json")]),
            "/robots.txt": _get("Robots rules", {"200": _ok("Text", ["text/plain"])}),
            "/sitemap.xml": _get("Sitemap", {"200": _ok("XML", ["application/xml"]), **_errors(503)}),
        },
    }


@bp.route("/openapi.json")
def openapi_json():
    return jsonify(description(current_app.config))
