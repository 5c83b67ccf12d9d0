"""icc_graph.terms: pyoxigraph terms as rdflib terms, and terms written into SPARQL text."""
from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.namespace import SKOS, XSD

from icc_graph.terms import (
    XSD_STRING,
    graph_of,
    rows_to_rdflib,
    sparql_iri,
    sparql_string,
    to_rdflib,
)

BASE = "http://127.0.0.1:8080"
OSLO = f"{BASE}/id/city/oslo"


# --- to_rdflib ------------------------------------------------------------------------------------

def test_an_iri_becomes_a_uriref():
    term = to_rdflib(pyoxigraph.NamedNode(OSLO))
    assert type(term) is rdflib.URIRef and term == rdflib.URIRef(OSLO)


def test_a_blank_node_without_a_mapping_keeps_its_label():
    term = to_rdflib(pyoxigraph.BlankNode("b0"))
    assert term == rdflib.BNode("b0")


def test_blank_nodes_within_one_mapping_are_shared_and_fresh():
    mapping: dict = {}
    first = to_rdflib(pyoxigraph.BlankNode("b0"), mapping)
    again = to_rdflib(pyoxigraph.BlankNode("b0"), mapping)
    other = to_rdflib(pyoxigraph.BlankNode("b1"), mapping)
    assert isinstance(first, rdflib.BNode)
    assert first == again
    assert first != other
    assert first != rdflib.BNode("b0")  # a fresh identity, not the file's label
    assert set(mapping) == {"b0", "b1"}


def test_two_mappings_never_share_a_blank_node():
    node = pyoxigraph.BlankNode("b0")
    assert to_rdflib(node, {}) != to_rdflib(node, {})


def test_a_language_literal_keeps_its_language():
    term = to_rdflib(pyoxigraph.Literal("Bergen", language="nb"))
    assert term == rdflib.Literal("Bergen", lang="nb")
    assert term.language == "nb" and term.datatype is None


def test_a_typed_literal_keeps_its_datatype():
    integer = pyoxigraph.Literal("42", datatype=pyoxigraph.NamedNode(str(XSD.integer)))
    term = to_rdflib(integer)
    assert term.datatype == XSD.integer and term.toPython() == 42
    date = to_rdflib(pyoxigraph.Literal("2019-05-01", datatype=pyoxigraph.NamedNode(str(XSD.date))))
    assert date == rdflib.Literal("2019-05-01", datatype=XSD.date)


@pytest.mark.parametrize("literal", [
    pyoxigraph.Literal("plain"),
    pyoxigraph.Literal("plain", datatype=pyoxigraph.NamedNode(XSD_STRING)),
])
def test_an_xsd_string_becomes_a_plain_literal(literal):
    term = to_rdflib(literal)
    assert term.datatype is None and term.language is None
    assert term == rdflib.Literal("plain")
    assert term.n3() == '"plain"'


@pytest.mark.parametrize("term", [
    "http://example.org/x",
    rdflib.URIRef("http://example.org/x"),
    pyoxigraph.DefaultGraph(),
    pyoxigraph.Triple(pyoxigraph.NamedNode("http://example.org/s"), pyoxigraph.NamedNode("http://example.org/p"),
                      pyoxigraph.Literal("o")),
])
def test_other_values_are_refused(term):
    with pytest.raises(TypeError):
        to_rdflib(term)


# --- rows_to_rdflib -------------------------------------------------------------------------------

def test_rows_to_rdflib_converts_bound_values_and_omits_unbound_ones():
    store = pyoxigraph.Store()
    city, label = pyoxigraph.NamedNode(OSLO), pyoxigraph.NamedNode(str(SKOS.prefLabel))
    store.add(pyoxigraph.Quad(city, label, pyoxigraph.Literal("Oslo", language="en")))
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"{BASE}/id/city/bergen"),
                              pyoxigraph.NamedNode(str(SKOS.notation)), pyoxigraph.Literal("7")))
    solutions = store.query(
        "SELECT ?s ?label ?n WHERE { ?s ?p ?o OPTIONAL { ?s <%s> ?label } OPTIONAL { ?s <%s> ?n } } ORDER BY ?s"
        % (SKOS.prefLabel, SKOS.notation))
    rows = rows_to_rdflib(solutions)
    assert rows == [
        {"s": rdflib.URIRef(f"{BASE}/id/city/bergen"), "n": rdflib.Literal("7")},
        {"s": rdflib.URIRef(OSLO), "label": rdflib.Literal("Oslo", lang="en")},
    ]


def test_rows_to_rdflib_of_no_rows_is_empty():
    assert rows_to_rdflib(pyoxigraph.Store().query("SELECT ?x WHERE { ?x ?p ?o }")) == []


# --- graph_of -------------------------------------------------------------------------------------

def _triples():
    return pyoxigraph.parse(
        f'<{OSLO}> a <{BASE}/ontology#City> ; <{SKOS.prefLabel}> "Oslo"@en ; <{BASE}/ontology#partOf> [ '
        f'<{SKOS.notation}> "NO" ] .'.encode(), format=pyoxigraph.RdfFormat.TURTLE)


def test_graph_of_holds_the_triples_as_rdflib_terms():
    graph = graph_of(_triples(), BASE)
    assert len(graph) == 4
    assert (rdflib.URIRef(OSLO), SKOS.prefLabel, rdflib.Literal("Oslo", lang="en")) in graph
    assert (rdflib.URIRef(OSLO), rdflib.RDF.type, rdflib.URIRef(f"{BASE}/ontology#City")) in graph
    part = graph.value(rdflib.URIRef(OSLO), rdflib.URIRef(f"{BASE}/ontology#partOf"))
    assert isinstance(part, rdflib.BNode)
    assert graph.value(part, SKOS.notation) == rdflib.Literal("NO")


def test_graph_of_binds_the_project_prefixes():
    graph = graph_of(_triples(), BASE)
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    assert bound["icc"] == f"{BASE}/ontology#"
    assert bound["city"] == f"{BASE}/id/city/"
    assert bound["practice"] == f"{BASE}/id/practice/"
    assert bound["skos"] == str(SKOS)
    turtle = graph.serialize(format="turtle")
    assert "city:oslo" in turtle and "icc:City" in turtle and "skos:prefLabel" in turtle


def test_graph_of_follows_the_base():
    graph = graph_of([], "https://example.org/icc/")
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    assert bound["icc"] == "https://example.org/icc/ontology#"


# --- sparql_iri -----------------------------------------------------------------------------------

def test_sparql_iri_wraps_an_iri_that_a_query_can_use():
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(OSLO), pyoxigraph.NamedNode(str(SKOS.prefLabel)),
                              pyoxigraph.Literal("Oslo")))
    assert sparql_iri(OSLO) == f"<{OSLO}>"
    rows = list(store.query(f"SELECT ?l WHERE {{ {sparql_iri(OSLO)} ?p ?l }}"))
    assert [row["l"].value for row in rows] == ["Oslo"]


@pytest.mark.parametrize("char", list('<>"{}|^`\\ \n\r\t'))
def test_sparql_iri_refuses_characters_that_break_out(char):
    with pytest.raises(ValueError, match="not an IRI"):
        sparql_iri(f"{BASE}/id/city/x{char}")


def test_sparql_iri_refuses_an_injection():
    with pytest.raises(ValueError):
        sparql_iri(OSLO + "> ?p ?o } DELETE WHERE { ?s ?p ?o } #")


# --- sparql_string --------------------------------------------------------------------------------

def _parsed_back(literal_text: str) -> str:
    rows = list(pyoxigraph.Store().query(f"SELECT ?x WHERE {{ BIND({literal_text} AS ?x) }}"))
    assert len(rows) == 1
    return rows[0]["x"].value


@pytest.mark.parametrize("text", [
    "plain", 'say "hi"', "it's", "two\nlines", "cr\rtab\t", "back\\slash", '"""', "'''", "\"} } DROP ALL #",
    "Zürich – 東京", "",
])
def test_sparql_string_is_read_back_by_pyoxigraph_as_the_same_text(text):
    literal = sparql_string(text)
    assert "\n" not in literal and "\r" not in literal
    assert _parsed_back(literal) == text


@settings(database=None, max_examples=60, deadline=None)
@given(st.text())
def test_sparql_string_round_trips_any_text(text):
    assert _parsed_back(sparql_string(text)) == text
