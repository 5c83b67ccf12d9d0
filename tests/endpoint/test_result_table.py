"""A query answer read back into the cells of the results page's table."""
from __future__ import annotations

import pyoxigraph

from endpoint.html import Linker
from endpoint.result_table import result_table
from icc_graph.formats import NTRIPLES, RESULTS_JSON
from icc_graph.results import write_solutions
from icc_graph.store.base import QueryResult

from .conftest import BASE

LINKER = Linker(BASE, "en", pinned=False)
OSLO = pyoxigraph.NamedNode(f"{BASE}/id/city/oslo")
LABEL = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def solutions(variables, rows) -> QueryResult:
    return QueryResult("solutions", RESULTS_JSON, write_solutions(variables, rows, RESULTS_JSON), False)


def test_cells_show_what_the_query_returned(app):
    rows = [{"x": OSLO, "y": pyoxigraph.Literal("Oslo", language="en")},
            {"x": pyoxigraph.BlankNode("b1"), "y": pyoxigraph.Literal("2019", datatype=pyoxigraph.NamedNode(
                "http://www.w3.org/2001/XMLSchema#gYear"))},
            {"x": pyoxigraph.NamedNode("urn:isbn:1"), "y": pyoxigraph.Literal("true", datatype=pyoxigraph.NamedNode(
                "http://www.w3.org/2001/XMLSchema#boolean"))},
            {"y": pyoxigraph.Literal("only y")}]
    with app.test_request_context():
        table = result_table(solutions(["x", "y"], rows), LINKER)
    assert table.kind == "solutions" and table.columns == ("x", "y")
    oslo, label = table.rows[0]
    assert (oslo.text, oslo.href, oslo.iri) == ("city:oslo", "/doc/city/oslo", f"{BASE}/id/city/oslo")
    assert (label.text, label.lang, label.href) == ("Oslo", "en", None)
    assert table.rows[1][0].text == "_:b1" and table.rows[1][1].datatype == "xsd:gYear"
    assert table.rows[2][0].href is None and table.rows[2][0].text == "urn:isbn:1"  # no page for it anywhere
    assert table.rows[2][1].text == "true"  # as returned, not "yes"
    assert table.rows[3][0] is None  # unbound


def test_the_same_term_is_one_cell_value(app):
    with app.test_request_context():
        table = result_table(solutions(["x"], [{"x": OSLO}, {"x": OSLO}]), LINKER)
    assert table.rows[0][0] is table.rows[1][0]


def test_a_boolean_and_a_graph(app):
    answer = pyoxigraph.Store().query("ASK {}").serialize(format=RESULTS_JSON.oxigraph)
    with app.test_request_context():
        asked = result_table(QueryResult("boolean", RESULTS_JSON, answer, False), LINKER)
        triples = pyoxigraph.serialize([pyoxigraph.Triple(OSLO, LABEL, pyoxigraph.Literal("Oslo"))],
                                       format=NTRIPLES.oxigraph)
        graph = result_table(QueryResult("graph", NTRIPLES, triples, False), LINKER)
    assert (asked.kind, asked.boolean, asked.rows) == ("boolean", True, [])
    assert graph.columns == ("subject", "predicate", "object")
    assert [cell.text for cell in graph.rows[0]] == ["city:oslo", "rdfs:label", "Oslo"]
