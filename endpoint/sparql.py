"""``/sparql``: the SPARQL 1.1 Protocol, read-only.

Queries arrive as GET ``?query=``, POST ``application/x-www-form-urlencoded`` or POST
``application/sparql-query`` (UTF-8: :mod:`endpoint.encoding`); werkzeug decodes each parameter
once. ``default-graph-uri`` and ``named-graph-uri`` (repeatable; in a POST form, in the body or the
URL) replace the query's own dataset. Any graph name is looked up in the store and never fetched:
one the store does not hold is an empty graph, listed in ``ICC-Empty-Graphs``
(:mod:`endpoint.query_run`). Answers are negotiated (``Accept`` or ``?format=``). Every answer
carries ``ICC-Row-Limit`` (the cap) and ``ICC-Truncated`` (``true`` when rows were cut).

A browser (its Accept prefers ``text/html`` to every results format; ``?format=html``) gets the
query editor with the query in it and its answer as a table (:mod:`endpoint.results_page`); other
clients get results exactly as before, ``*/*`` included (HTML is offered last). A GET without a
query returns the Service Description (RDF clients) or the query editor (browsers).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, request
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, VOID
from werkzeug.exceptions import BadRequest, NotAcceptable, UnsupportedMediaType

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
from icc_graph.services import SEARCH, SERVICES

from .context import base_iri, config, current_store
from .editor import render_query_editor
from .encoding import query_body
from .negotiation import choose, format_param, negotiate, not_acceptable_message
from .query_run import answer_headers, run_query
from .results_page import results_page

bp = Blueprint("sparql", __name__)
DATASET_NOTE = ("Graph names (FROM, FROM NAMED, default-graph-uri, named-graph-uri) are looked up in this "
                "store only: nothing is fetched from the web. A name the store does not hold is an empty "
                "graph, and the answer lists such names in the response header 'ICC-Empty-Graphs'.")

W3C_FORMATS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
               "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "jsonld": "JSON-LD", "rdf": "RDF_XML",
               "nt": "N-Triples"}
# HTML last: a tie (``*/*``, as curl and most programs send) goes to a results format.
ANSWER_OFFERS = RESULT_FORMATS + RDF_FORMATS + (HTML,)


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None  # None when the request has no query
    default_graphs: list[str]
    named_graphs: list[str]


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    protocol = _protocol_request()
    if protocol.query is None:
        if request.method == "POST":
            raise BadRequest("The request has no 'query' parameter.")
        return _service_description_or_editor()
    pinned = format_param()
    if choose(ANSWER_OFFERS, pinned) is HTML:
        return results_page(protocol.query, protocol.default_graphs, protocol.named_graphs)
    results_format, rdf_format = choose(RESULT_FORMATS, pinned), choose(RDF_FORMATS, pinned)
    if results_format is None and rdf_format is None:
        raise NotAcceptable(not_acceptable_message(ANSWER_OFFERS, pinned))
    try:
        answer = run_query(protocol.query, protocol.default_graphs, protocol.named_graphs, results_format, rdf_format)
    except NotAcceptableKind as exc:
        offers = RDF_FORMATS if exc.kind == "graph" else RESULT_FORMATS
        raise NotAcceptable(f"This query returns a {exc.kind} result. "
                            + not_acceptable_message(offers + (HTML,), pinned)) from exc
    response = Response(answer.result.body, content_type=answer.result.format.content_type)
    response.headers.update(answer_headers(answer))
    return response


def _protocol_request() -> ProtocolRequest:
    """The query and dataset of a protocol request (the query is None when absent)."""
    if request.method == "GET":
        params = request.args
    elif request.mimetype == FORM:
        params = request.values  # the body, and the URL's query string (dataset parameters there too)
    elif request.mimetype == SPARQL_UPDATE:
        raise QueryRefused(query_check.READ_ONLY)
    elif request.mimetype == SPARQL_QUERY:
        return ProtocolRequest(query_body(), request.args.getlist("default-graph-uri"),
                               request.args.getlist("named-graph-uri"))
    else:
        raise UnsupportedMediaType(f"POST bodies must be {FORM} or {SPARQL_QUERY}, "
                                   f"not {request.mimetype or 'missing'}.")
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise QueryRefused(query_check.READ_ONLY)
    queries = params.getlist("query")
    if len(queries) > 1:
        raise BadRequest("Give exactly one 'query' parameter.")
    return ProtocolRequest(queries[0] if queries else None,
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
        f"'ICC-Truncated: true', and every answer gives the cap in 'ICC-Row-Limit'. {DATASET_NOTE}",
        lang="en")))
    graph.add((service, SD.defaultDataset, dataset))
    # the other ways into the same data (icc_graph.services): search, reconciliation
    graph.add((dataset, VOID.uriLookupEndpoint, URIRef(SEARCH.endpoint(base) + "?q=")))
    graph.add((dataset, VOID.openSearchDescription, URIRef(SEARCH.described_by(base))))
    for web_service in SERVICES:
        graph.add((service, RDFS.seeAlso, URIRef(web_service.endpoint(base))))
        graph.add((URIRef(web_service.endpoint(base)), DCTERMS.title, Literal(web_service.title["en"], lang="en")))
        graph.add((URIRef(web_service.endpoint(base)), DCTERMS.conformsTo, URIRef(web_service.standard)))
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

