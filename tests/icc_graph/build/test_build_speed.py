"""The build's speed-ups change nothing: the same graph from the sources, the same validation reports."""
from __future__ import annotations

import pyshacl
import pyshacl.shape as pyshacl_shape
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from icc_graph.build.sources import parse_turtle_file, read_sources
from icc_graph.build.validation import _results, validate
from icc_graph.errors import SourceError
from icc_graph.namespaces import SH
from tests.conftest import ROOT
from tests.shapes.conftest import BASE, case_files, load_case, shapes_graph


def _plain_pyshacl(graph: Graph) -> list:
    """The results pyshacl gives with its defaults: its own copy of the data, no cached look-ups."""
    _, results_graph, _ = pyshacl.validate(Graph() + graph, shacl_graph=shapes_graph(), inference="none",
                                           advanced=True, allow_warnings=True)
    return _results(results_graph)


def _comparable(results) -> list:
    def term(node):
        return "[]" if isinstance(node, BNode) else node
    return [(term(r.focus), r.path, r.message, r.severity, term(r.value), term(r.source_shape)) for r in results]


@pytest.mark.parametrize("case", case_files("invalid") + case_files("valid"), ids=lambda p: p.name)
def test_validation_reports_what_plain_pyshacl_reports(case):
    graph, _ = load_case(case)
    assert _comparable(validate(graph, shapes_graph()).results) == _comparable(_plain_pyshacl(graph))


def test_validation_leaves_the_data_graph_and_pyshacl_as_they_were():
    graph, _ = load_case(case_files("invalid")[0])
    before = set(graph)
    find, params = pyshacl_shape.Shape.find_custom_constraints, getattr(pyshacl_shape, "CONSTRAINT_PARAMS", None)
    assert not validate(graph, shapes_graph(), workers=1).conforms
    assert set(graph) == before
    assert pyshacl_shape.Shape.find_custom_constraints is find
    assert getattr(pyshacl_shape, "CONSTRAINT_PARAMS", None) is params


def _rdflib_turtle(path, base: str) -> Graph:
    """rdflib's reading, with typed strings folded and language tags in lower case (as Oxigraph
    writes them; RDF 1.1 language tags do not depend on case)."""
    graph = Graph().parse(path, format="turtle", publicID=f"{base}/")
    folded = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        elif isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        folded.add((s, p, o))
    return folded


@pytest.mark.parametrize("folder", ["ontology", "shapes", "data", "tests/shapes/cases"])
def test_sources_read_as_rdflib_reads_them(folder):
    paths = sorted((ROOT / folder).rglob("*.ttl"))
    assert paths, f"no Turtle files under {folder}"
    for path in paths:
        assert isomorphic(parse_turtle_file(path, BASE), _rdflib_turtle(path, BASE)), path


def test_relative_iris_and_typed_strings(tmp_path):
    path = tmp_path / "r.ttl"
    path.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                    '<id/practice/p> <ontology#code> "KR"^^xsd:string ; <ontology#n> 7 ; <ontology#t> "t"@en .\n'
                    '<id/practice/p> <ontology#b> [ <ontology#c> "x" ] .\n', encoding="utf-8")
    graph = read_sources([path, path], "http://x.test/icc/").graph  # twice: blank nodes stay apart
    p, icc = URIRef("http://x.test/icc/id/practice/p"), "http://x.test/icc/ontology#"
    assert graph.value(p, URIRef(icc + "code")) == Literal("KR")
    assert graph.value(p, URIRef(icc + "code")).datatype is None
    assert graph.value(p, URIRef(icc + "n")) == Literal(7)
    assert graph.value(p, URIRef(icc + "t")) == Literal("t", lang="en")
    assert len(list(graph.objects(p, URIRef(icc + "b")))) == 2


def test_a_syntax_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b> <c> .\n\n<a> <b> <c> ;;;; ] .\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        parse_turtle_file(path, BASE)
    assert caught.value.line == 3 and caught.value.path == str(path)
    assert caught.value.reason.startswith("Turtle syntax error: ")


def test_shapes_with_rules_get_their_own_copy_of_the_data():
    """pyshacl writes what sh:rule infers into the data graph it is given: never into ours."""
    graph, _ = load_case(case_files("valid")[0])
    shapes = Graph() + shapes_graph()
    rule = BNode()
    shapes.add((URIRef(f"{BASE}/shapes#PracticeShape"), SH.rule, rule))
    shapes.add((rule, RDF.type, SH.SPARQLRule))
    shapes.add((rule, SH.construct, Literal("CONSTRUCT { $this <urn:x:inferred> true } WHERE { }")))
    before = set(graph)
    validate(graph, shapes)
    assert set(graph) == before


def test_shapes_with_sparql_targets_are_split_across_processes_with_the_same_report():
    """A SPARQL-based target is taken away like any other: its shape is a group of its own."""
    from icc_graph.build.validation import shape_groups, validate_in_groups
    graph, _ = load_case(next(p for p in case_files("invalid") if p.name == "invalid-practice-required.ttl"))
    groups = shape_groups(graph, shapes_graph())
    assert [URIRef(f"{BASE}/shapes#PracticeCityShape")] in groups
    split = validate_in_groups(graph, shapes_graph(), groups, workers=2)
    assert _comparable(split.results) == _comparable(validate(graph, shapes_graph(), workers=1).results)
    assert URIRef(f"{BASE}/shapes#PracticeCityShape") in {r.source_shape for r in split.results}
