"""The SHACL shapes: valid SHACL, well documented, and each one proven by cases that pass and fail."""
from __future__ import annotations

import datetime
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, XSD

from icc_graph.build.pipeline import Paths, load_graph
from icc_graph.build.sources import read_sources
from icc_graph.build.validation import load_shapes, validate

from .conftest import (
    BASE,
    CONTEXT,
    ROOT,
    SHAPES_DIR,
    case_files,
    check_case,
    is_warning,
    shapes_graph,
)

SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
SHAPE_NS = f"{BASE}/shapes#"
VALID = case_files("valid")
INVALID = case_files("invalid")


def named_shapes(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def checked_shapes(graph: Graph) -> set[URIRef]:
    """Shapes that report on their own: targeted node shapes and property shapes.
    (Helper value shapes such as shapes:EnglishText only act through another shape.)"""
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
    node_shapes = {s for s in named_shapes(graph, SH.NodeShape)
                   if any(graph.value(s, t) is not None for t in targets)}
    return node_shapes | named_shapes(graph, SH.PropertyShape)


def test_shapes_are_valid_shacl():
    report_conforms, _, text = pyshacl.validate(
        shapes_graph(), shacl_graph=Graph().parse(SHACL_SHACL), inference="none")
    assert report_conforms, text


def test_every_shape_is_named_under_shapes_and_explained():
    graph = shapes_graph()
    shapes = named_shapes(graph, SH.NodeShape) | named_shapes(graph, SH.PropertyShape)
    assert len(shapes) > 50
    problems = []
    for shape in sorted(shapes):
        if not str(shape).startswith(SHAPE_NS):
            problems.append(f"{shape}: not under {SHAPE_NS}")
        messages = [m for m in graph.objects(shape, SH.message) if m.language in (None, "en")]
        if len(messages) != 1:
            problems.append(f"{shape}: needs exactly one English sh:message")
    for shape in sorted(named_shapes(graph, SH.PropertyShape)):
        for needed in (SH.name, SH.description):
            if graph.value(shape, needed) is None:
                problems.append(f"{shape}: no {needed.n3(graph.namespace_manager)}")
    assert not problems, "\n".join(problems)


def test_shapes_do_not_depend_on_the_base_iri():
    """The same files give the same shapes, up to the base, under any deployment."""
    here = load_shapes(SHAPES_DIR, BASE)
    elsewhere = load_shapes(SHAPES_DIR, "https://icc.example.org")
    assert len(here) == len(elsewhere)
    assert "shapes.test" not in elsewhere.serialize(format="nt")


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case_conforms(case):
    report, expected, found = check_case(case)
    assert report.conforms, report.text()
    assert all(is_warning(e) for e in expected), "a valid case may only expect warnings"
    assert found == expected, report.text()


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_fails_where_expected(case):
    report, expected, found = check_case(case)
    assert expected, "an invalid case must state the results it expects (# expect: focus path)"
    # a family of warnings only (curation.ttl: gaps never stop a build) has cases that conform
    assert not report.conforms or all(is_warning(e) for e in expected), "an invalid case passed"
    assert found - expected == set(), f"unexpected results:\n{report.text()}"
    assert expected - found == set(), f"expected results missing:\n{report.text()}"


def test_every_shape_has_a_failing_case():
    """Each shape that reports on its own is the source of at least one result in an invalid case."""
    fired = set()
    for case in INVALID:
        fired |= {r.source_shape for r in check_case(case)[0].results}
    missing = checked_shapes(shapes_graph()) - fired
    assert not missing, "shapes no invalid case exercises:\n" + "\n".join(sorted(missing))


def test_every_family_has_valid_and_invalid_cases():
    families = {p.stem for p in SHAPES_DIR.glob("*.ttl")} - {"components"}
    names = [p.name for p in VALID + INVALID]
    for family in sorted(families):
        assert any(n.startswith(f"valid-{family}") for n in names), f"no valid case for {family}"
        assert any(n.startswith(f"invalid-{family}") for n in names), f"no invalid case for {family}"


def test_repository_data_conforms():
    """The records in data/ (with the ontology) pass every shape."""
    paths = Paths.under(ROOT)
    needed = [paths.ontology / "icc.ttl", paths.data / "practices" / "democratic-citizenship-in-ansan.ttl",
              paths.data / "vocabularies" / "topics.ttl", paths.data / "places" / "cities.ttl"]
    absent = [str(p.relative_to(ROOT)) for p in needed if not p.exists()]
    assert not absent, f"records this check needs are missing (renamed or deleted?): {', '.join(absent)}"
    source = load_graph(paths, BASE)
    report = validate(source.graph, shapes_graph())
    assert report.conforms, report.text(source.files_of)


def test_shacl_check_catches_a_broken_shape():
    broken = Graph() + shapes_graph()
    broken.add((URIRef(SHAPE_NS + "Practice-source"), SH.minCount, Literal("one")))
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=Graph().parse(SHACL_SHACL), inference="none")
    assert not conforms


def practice_in_year(year: int) -> Graph:
    """The smallest valid practice, filed under *year*."""
    graph = read_sources([CONTEXT], BASE).graph
    practice = URIRef(f"{BASE}/id/practice/p")
    icc = Namespace(f"{BASE}/ontology#")
    graph.add((practice, RDF.type, icc.Practice))
    graph.add((practice, DCTERMS.identifier, Literal("p")))
    graph.add((practice, DCTERMS.title, Literal("P", lang="en")))
    graph.add((practice, DCTERMS.title, Literal("P", lang="fr")))
    graph.add((practice, icc.city, URIRef(f"{BASE}/id/city/ansan")))
    graph.add((practice, DCTERMS.subject, URIRef(f"{BASE}/id/topic/education")))
    graph.add((practice, DCTERMS.source, URIRef("https://www.coe.int/web/interculturalcities/-/p")))
    graph.add((practice, icc.year, Literal(str(year), datatype=XSD.gYear)))
    return graph


def test_the_current_year_is_the_latest_allowed():
    this_year = datetime.date.today().year
    assert validate(practice_in_year(this_year), shapes_graph()).conforms
    report = validate(practice_in_year(this_year + 1), shapes_graph())
    assert [(str(r.path).rsplit("#")[-1], r.source_shape) for r in report.results] == [
        ("year", URIRef(SHAPE_NS + "Practice-year-latest"))]
