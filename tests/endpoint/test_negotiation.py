"""The shared negotiator, with the Accept strings real clients send."""
from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.exceptions import NotAcceptable

from endpoint.negotiation import choose, language, negotiate
from icc_graph.formats import HTML, JSONLD, NTRIPLES, RDF_FORMATS, RDFXML, RESULT_FORMATS, RESULTS_CSV, \
    RESULTS_JSON, RESULTS_TSV, RESULTS_XML, TURTLE

DOCUMENT = RDF_FORMATS + (HTML,)
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
          "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SAFARI = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CURL = "*/*"
REQUESTS = "*/*"  # python-requests' default
RDFLIB_ANY = ("application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
              "application/n-quads, application/trix, application/trig")
RDFLIB_TURTLE = "text/turtle, application/x-turtle, */*;q=0.1"
RDFLIB_NT = "text/plain, */*;q=0.1"
RDFLIB_JSONLD = "application/ld+json, application/json;q=0.9, */*;q=0.1"
SPARQLWRAPPER_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SPARQLWRAPPER_XML = "application/sparql-results+xml"
SPARQLWRAPPER_DEFAULT = "application/sparql-results+xml,application/rdf+xml,*/*"
SPARQLWRAPPER_TURTLE = "application/turtle,text/turtle"
SPARQLWRAPPER_RDFXML = "application/rdf+xml"

app = Flask(__name__)


def pick(offers, accept, pinned=None):
    headers = {} if accept is None else {"Accept": accept}
    with app.test_request_context(headers=headers):
        return choose(offers, pinned)


@pytest.mark.parametrize(("accept", "expected"), [
    (CHROME, HTML), (FIREFOX, HTML), (SAFARI, HTML),
    (CURL, TURTLE), (None, TURTLE), ("", TURTLE),
    (RDFLIB_ANY, TURTLE), (RDFLIB_TURTLE, TURTLE), (RDFLIB_NT, NTRIPLES), (RDFLIB_JSONLD, JSONLD),
    (SPARQLWRAPPER_RDFXML, RDFXML), (SPARQLWRAPPER_TURTLE, TURTLE),
    ("application/rdf+xml;q=0.5, text/turtle;q=0.4", RDFXML),
    ("text/turtle;q=0, */*", JSONLD),                  # q=0 excludes
    ("text/*", TURTLE), ("application/*", JSONLD),
    ("application/x-turtle", TURTLE),
])
def test_documents(accept, expected):
    assert pick(DOCUMENT, accept) is expected


@pytest.mark.parametrize(("accept", "expected"), [
    (SPARQLWRAPPER_JSON, RESULTS_JSON), (SPARQLWRAPPER_XML, RESULTS_XML), (SPARQLWRAPPER_DEFAULT, RESULTS_XML),
    ("text/csv", RESULTS_CSV), ("text/tab-separated-values", RESULTS_TSV), (CURL, RESULTS_JSON),
    ("application/json", RESULTS_JSON), ("text/csv, */*", RESULTS_CSV), (CHROME, RESULTS_XML),
])
def test_results(accept, expected):
    assert pick(RESULT_FORMATS, accept) is expected


def test_nothing_fits_is_406():
    with app.test_request_context(headers={"Accept": "image/png"}):
        assert choose(DOCUMENT) is None
        with pytest.raises(NotAcceptable) as info:
            negotiate(DOCUMENT)
    assert "text/turtle" in info.value.description


def test_all_excluded_is_406():
    assert pick(RESULT_FORMATS, "*/*;q=0") is None


def test_pinned_format_wins_over_accept():
    assert pick(DOCUMENT, CHROME, "ttl") is TURTLE
    assert pick(DOCUMENT, CHROME, "application/ld+json") is JSONLD
    assert pick(DOCUMENT, CHROME, "csv") is None


@pytest.mark.parametrize(("header", "query", "expected"), [
    ("fr-FR,fr;q=0.9,en;q=0.8", "", "fr"), ("de-DE,de;q=0.9", "", "en"), ("fr", "?lang=en", "en"), (None, "", "en"),
])
def test_language(header, query, expected):
    headers = {"Accept-Language": header} if header else {}
    with app.test_request_context("/" + query, headers=headers):
        assert language() == expected


@pytest.mark.parametrize(("name", "offers", "expected"), [
    ("turtle", RDF_FORMATS, TURTLE), ("json-ld", RDF_FORMATS, JSONLD), ("xml", RDF_FORMATS, RDFXML),
    ("xml", RESULT_FORMATS, RESULTS_XML), ("n3", RDF_FORMATS, TURTLE), ("json", RESULT_FORMATS, RESULTS_JSON),
])
def test_sparqlwrapper_format_names(name, offers, expected):
    assert pick(offers, None, name) is expected
