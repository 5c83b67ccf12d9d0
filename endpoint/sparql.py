"""``/sparql``: the SPARQL 1.1 Protocol, read-only.

Queries arrive as GET ``?query=``, POST ``application/x-www-form-urlencoded`` or POST
``application/sparql-query``; werkzeug decodes each parameter once. ``default-graph-uri`` and
``named-graph-uri`` (repeatable) replace the query's own dataset. Answers are negotiated
(``Accept`` or ``?format=``). Every answer carries ``ICC-Row-Limit`` (the cap) and
``ICC-Truncated`` (``true`` when rows were cut). A GET without a query returns the Service
Description (RDF clients) or the query editor (browsers).
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, VOID
from werkzeug.exceptions import (
    BadRequest,
    NotAcceptable,
    RequestEntityTooLarge,
    UnsupportedMediaType,
)

from icc_graph import documents
from icc_graph.errors import NotAcceptableKind, QueryRefused, StoreError
from icc_graph.formats import (
    FORM,
    HTML,
    RDF_FORMATS,
    RESULT_FORMATS,
    SPARQL_QUERY,
    SPARQL_UPDATE,
)
from icc_graph.iris import sparql_iri
from icc_graph.namespaces import SD, bind_prefixes
from icc_graph.runtime import query_check
from icc_graph.store.base import QueryRequest

from .context import base_iri, config, current_store
from .editor import render_query_editor
from .limits import query_slot
from .negotiation import choose, format_param, negotiate, not_acceptable_message

bp = Blueprint("sparql", __name__)

W3C_FORMATS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
               "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "jsonld": "JSON-LD", "rdf": "RDF_XML",
               "nt": "N-Triples"}


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    query, default_graphs, named_graphs = _protocol_request()
    if query is None:
        if request.method == "POST":
            raise BadRequest("The request has no 'query' parameter.")
        return _service_description_or_editor()
    if len(query) > config("MAX_QUERY_LENGTH"):
        raise RequestEntityTooLarge(f"The query is longer than {config('MAX_QUERY_LENGTH')} characters.")

    pinned = format_param()
    results_format, rdf_format = choose(RESULT_FORMATS, pinned), choose(RDF_FORMATS, pinned)
    if results_format is None and rdf_format is None:
        raise NotAcceptable(not_acceptable_message(RESULT_FORMATS + RDF_FORMATS, pinned))
    store = current_store()
    base = store.base_iri + "/"
    query_check.check_dataset(default_graphs + named_graphs, base)
    try:
        with query_slot():  # 429 when this client already runs its share of queries
            describe_iri = _checker().check(query, base)
            result = store.query(QueryRequest(query, results_format, rdf_format, tuple(default_graphs),
                                              tuple(named_graphs), describe_iri))
    except NotAcceptableKind as exc:
        offers = RDF_FORMATS if exc.kind == "graph" else RESULT_FORMATS
        raise NotAcceptable(f"This query returns a {exc.kind} result. "
                            + not_acceptable_message(offers, pinned)) from exc
    response = Response(result.body, content_type=result.format.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = "no-cache"
    limit = config("RESULT_ROW_LIMIT")
    response.headers["ICC-Row-Limit"] = str(limit)
    response.headers["ICC-Truncated"] = "true" if result.truncated else "false"
    if result.truncated:
        response.headers["Warning"] = f'199 - "results truncated to the first {limit} rows"'
    return response


def _checker() -> query_check.Checker:
    """The application's query checker processes (made on first use)."""
    checker = current_app.extensions.get("icc_query_checker")
    if checker is None:
        checker = current_app.extensions.setdefault("icc_query_checker", query_check.Checker(
            size=int(config("QUERY_WORKERS")), timeout=float(config("QUERY_TIMEOUT")),
            max_depth=int(config("MAX_QUERY_DEPTH"))))
    return checker


def _protocol_request() -> tuple[str | None, list[str], list[str]]:
    """(query, default graph IRIs, named graph IRIs) of a protocol request; None when absent."""
    if request.method == "GET":
        params = request.args
    elif request.mimetype == FORM:
        params = request.form
    elif request.mimetype == SPARQL_UPDATE:
        raise QueryRefused(query_check.READ_ONLY)
    elif request.mimetype == SPARQL_QUERY:
        charset = request.mimetype_params.get("charset", "utf-8")
        try:
            query = request.get_data().decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise BadRequest(f"The query body is not valid {charset}.") from exc
        return query, request.args.getlist("default-graph-uri"), request.args.getlist("named-graph-uri")
    else:
        raise UnsupportedMediaType(f"POST bodies must be {FORM} or {SPARQL_QUERY}, "
                                   f"not {request.mimetype or 'missing'}.")
    if "update" in params or "using-graph-uri" in params:
        raise QueryRefused(query_check.READ_ONLY)
    queries = params.getlist("query")
    if len(queries) > 1:
        raise BadRequest("Give exactly one 'query' parameter.")
    return (queries[0] if queries else None,
            params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))


def _service_description_or_editor() -> Response:
    fmt = negotiate(RDF_FORMATS + (HTML,), format_param())
    if fmt is HTML:
        response = Response(render_query_editor(), content_type=HTML.content_type)
    else:
        base = base_iri()
        response = Response(documents.serialize_graph(service_description(base), fmt, base),
                            content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def service_description(base: str) -> Graph:
    """The SPARQL 1.1 Service Description of this endpoint (limits included)."""
    graph = bind_prefixes(Graph(), base)
    service, dataset, default_graph = (URIRef(sparql_iri(base) + part) for part in ("", "#dataset", "#default-graph"))
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    for fmt in RESULT_FORMATS + RDF_FORMATS:
        graph.add((service, SD.resultFormat, URIRef(W3C_FORMATS + FORMAT_IRIS[fmt.name])))
    graph.add((service, DCTERMS.title, Literal("ICC Graph SPARQL endpoint", lang="en")))
    graph.add((service, RDFS.comment, Literal(
        f"Read-only SPARQL 1.1 query service. Updates and SERVICE are refused. A query may run "
        f"{config('QUERY_TIMEOUT'):g} seconds (then 503). An answer holds at most "
        f"{config('RESULT_ROW_LIMIT')} rows or triples; a cut answer carries the response header "
        f"'ICC-Truncated: true', and every answer gives the cap in 'ICC-Row-Limit'.", lang="en")))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, DCTERMS.description, Literal(
        "The knowledge graph of the current release, with its VoID and DCAT descriptions.", lang="en")))
    try:
        graph.add((default_graph, VOID.triples, Literal(current_store().release().triples)))
    except (StoreError, AttributeError):  # the description stays useful without the count
        pass
    return graph

