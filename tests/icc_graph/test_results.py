"""icc_graph.results: SELECT answers re-written in every results format, unchanged."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph
import pytest

from icc_graph.formats import (
    RESULT_FORMATS,
    RESULTS_CSV,
    RESULTS_JSON,
    RESULTS_TSV,
    RESULTS_XML,
)
from icc_graph.results import solutions_json, term_json, write_solutions

BASE = "http://127.0.0.1:8080"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Every kind of term, unbound variables, and text that needs escaping in each format.
QUERY = f"""
SELECT ?s ?label ?n ?when ?blank WHERE {{
  VALUES (?s ?label ?n ?when) {{
    (<{BASE}/id/city/oslo> "Oslo"@en 1 "2019-05-01"^^<{XSD}date>)
    (<{BASE}/id/city/bergen> "Bergen, \\"the rainy\\"\\n\\tcity" UNDEF UNDEF)
    (<{BASE}/id/city/zurich> "Zürich"@de-CH 3.5 UNDEF)
    (<{BASE}/id/city/x> UNDEF UNDEF "true"^^<{XSD}boolean>)
  }}
  BIND(IF(?s = <{BASE}/id/city/oslo>, BNODE("b1"), ?unbound) AS ?blank)
}} ORDER BY ?s
"""
VARIABLES = ["s", "label", "n", "when", "blank"]


def _solutions():
    return pyoxigraph.Store().query(QUERY)


def _rows():
    return list(_solutions())


def _as_tuples(solutions, variables):
    return [tuple(row[name] for name in variables) for row in solutions]


def test_the_query_gives_what_the_tests_expect():
    rows = _as_tuples(_rows(), VARIABLES)
    assert len(rows) == 4
    assert sum(value is None for row in rows for value in row) == 8
    assert any(isinstance(v, pyoxigraph.BlankNode) for row in rows for v in row)


@pytest.mark.parametrize("fmt", [RESULTS_JSON, RESULTS_XML, RESULTS_TSV], ids=lambda f: f.name)
def test_write_solutions_parses_back_to_the_same_rows(fmt):
    data = write_solutions(VARIABLES, _rows(), fmt)
    parsed = pyoxigraph.parse_query_results(data, format=fmt.oxigraph)
    assert [v.value for v in parsed.variables] == VARIABLES
    assert _as_tuples(parsed, VARIABLES) == _as_tuples(_rows(), VARIABLES)


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_write_solutions_gives_the_bytes_oxigraph_writes_itself(fmt):
    assert write_solutions(VARIABLES, _rows(), fmt) == _solutions().serialize(format=fmt.oxigraph)


def test_csv_holds_the_plain_values_with_unbound_cells_empty():
    data = write_solutions(VARIABLES, _rows(), RESULTS_CSV).decode("utf-8")
    table = list(csv.reader(io.StringIO(data, newline="")))
    assert table[0] == VARIABLES
    by_city = {row[0].rsplit("/", 1)[-1]: row for row in table[1:]}
    assert by_city["bergen"] == [f"{BASE}/id/city/bergen", 'Bergen, "the rainy"\n\tcity', "", "", ""]
    assert by_city["oslo"][:4] == [f"{BASE}/id/city/oslo", "Oslo", "1", "2019-05-01"]
    assert by_city["oslo"][4].startswith("_:")
    assert by_city["x"] == [f"{BASE}/id/city/x", "", "", "true", ""]


def test_unbound_variables_are_omitted_from_the_json():
    document = json.loads(solutions_json(VARIABLES, _rows()))
    assert document["head"] == {"vars": VARIABLES}
    bindings = document["results"]["bindings"]
    assert [sorted(b) for b in bindings] == [
        sorted(["s", "label"]), sorted(["s", "label", "n", "when", "blank"]), ["s", "when"],
        sorted(["s", "label", "n"])]


def test_language_and_typed_literals_are_kept():
    document = json.loads(solutions_json(VARIABLES, _rows()))
    oslo = document["results"]["bindings"][1]
    assert oslo["label"] == {"type": "literal", "value": "Oslo", "xml:lang": "en"}
    assert oslo["n"] == {"type": "literal", "value": "1", "datatype": XSD + "integer"}
    assert oslo["when"] == {"type": "literal", "value": "2019-05-01", "datatype": XSD + "date"}
    assert oslo["s"] == {"type": "uri", "value": f"{BASE}/id/city/oslo"}
    assert oslo["blank"]["type"] == "bnode"
    zurich = document["results"]["bindings"][3]
    assert zurich["label"] == {"type": "literal", "value": "Zürich", "xml:lang": "de-ch"}


def test_a_simple_literal_has_no_datatype_in_json():
    assert term_json(pyoxigraph.Literal("x")) == {"type": "literal", "value": "x"}
    xsd_string = pyoxigraph.Literal("x", datatype=pyoxigraph.NamedNode(XSD + "string"))
    assert term_json(xsd_string) == {"type": "literal", "value": "x"}


def test_rows_may_be_dicts_with_none_for_unbound():
    oslo = pyoxigraph.NamedNode(f"{BASE}/id/city/oslo")
    rows = [{"s": oslo, "o": pyoxigraph.Literal("Oslo", language="nb")}, {"s": oslo, "o": None}]
    parsed = pyoxigraph.parse_query_results(write_solutions(["s", "o"], rows, RESULTS_XML),
                                            format=RESULTS_XML.oxigraph)
    assert _as_tuples(parsed, ["s", "o"]) == [(oslo, pyoxigraph.Literal("Oslo", language="nb")), (oslo, None)]


def test_rows_may_be_dicts_of_the_bound_variables_only():
    oslo = pyoxigraph.NamedNode(f"{BASE}/id/city/oslo")
    data = write_solutions(["s", "o"], [{"s": oslo}], RESULTS_JSON)
    assert json.loads(data)["results"]["bindings"] == [{"s": {"type": "uri", "value": oslo.value}}]


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_no_rows_gives_just_the_header(fmt):
    assert write_solutions(["a", "b"], [], fmt) == \
        pyoxigraph.Store().query("SELECT ?a ?b WHERE { FILTER(false) }").serialize(format=fmt.oxigraph)


def test_a_cut_answer_holds_the_first_rows():
    rows = _rows()
    parsed = pyoxigraph.parse_query_results(write_solutions(VARIABLES, rows[:2], RESULTS_JSON),
                                            format=RESULTS_JSON.oxigraph)
    assert _as_tuples(parsed, VARIABLES) == _as_tuples(rows, VARIABLES)[:2]


def test_a_directional_literal_keeps_its_direction():
    solutions = pyoxigraph.Store().query('SELECT ?x WHERE { BIND("hi"@en--rtl AS ?x) }')
    data = write_solutions(["x"], list(solutions), RESULTS_JSON)
    parsed = pyoxigraph.parse_query_results(data, format=RESULTS_JSON.oxigraph)
    assert [row["x"] for row in parsed] == [pyoxigraph.Literal("hi", language="en",
                                                                direction=pyoxigraph.BaseDirection.RTL)]


def _triple_term():
    try:
        rows = list(pyoxigraph.Store().query(
            f'SELECT ?t WHERE {{ BIND(<<( <{BASE}/id/city/oslo> <{BASE}/ontology#name> "Oslo"@en )>> AS ?t) }}'))
    except SyntaxError:
        pytest.skip("this pyoxigraph has no triple terms")
    return rows


@pytest.mark.parametrize("fmt", [RESULTS_JSON, RESULTS_XML, RESULTS_TSV], ids=lambda f: f.name)
def test_a_triple_term_round_trips(fmt):
    rows = _triple_term()
    term = rows[0]["t"]
    assert term_json(term) == {"type": "triple", "value": {
        "subject": {"type": "uri", "value": f"{BASE}/id/city/oslo"},
        "predicate": {"type": "uri", "value": f"{BASE}/ontology#name"},
        "object": {"type": "literal", "value": "Oslo", "xml:lang": "en"}}}
    parsed = pyoxigraph.parse_query_results(write_solutions(["t"], rows, fmt), format=fmt.oxigraph)
    assert [row["t"] for row in parsed] == [term]


def test_an_unsupported_term_is_refused():
    with pytest.raises(TypeError):
        term_json(pyoxigraph.DefaultGraph())
    with pytest.raises(TypeError):
        term_json("http://example.org/x")
