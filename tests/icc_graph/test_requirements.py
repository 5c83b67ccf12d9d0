"""What the shapes ask of each kind of record, read from the repository's shapes."""
from __future__ import annotations

from rdflib import Graph, URIRef

from icc_graph.requirements import requirements
from tests.shapes.conftest import BASE, shapes_graph

ICC = f"{BASE}/ontology#"


def _names(entries) -> set[str]:
    return {entry.name for entry in entries}


def test_a_practice_must_have_its_identifier_and_title_and_should_have_a_topic():
    practice = requirements(shapes_graph())[URIRef(ICC + "Practice")]
    assert {"identifier", "title", "city required", "year required", "topic required"} <= _names(practice.required)
    assert {"topic", "year", "English title", "French title", "city", "source page"} == _names(practice.recommended)
    assert all(entry.description for entry in practice.required + practice.recommended)


def test_every_class_with_a_mandatory_field_is_listed():
    found = {str(target).rpartition("#")[2] for target in requirements(shapes_graph())}
    assert {"Practice", "City", "Country", "Body", "Period", "LegalInstrument", "UncertainFact"} <= found


def test_a_field_both_required_and_recommended_is_listed_once_as_required():
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:A sh:targetClass ex:C ; sh:path ex:p ; sh:name "p" ; sh:minCount 1 .
        ex:B sh:targetClass ex:C ; sh:path ex:p ; sh:name "p" ; sh:minCount 1 ; sh:severity sh:Warning .
        ex:D sh:targetClass ex:C ; sh:path ex:q ; sh:name "q" ; sh:maxCount 1 .
        """, format="turtle")
    entry = requirements(shapes)[URIRef("http://example.org/C")]
    assert _names(entry.required) == {"p"} and entry.recommended == ()
