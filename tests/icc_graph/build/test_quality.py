"""The quality report: fields from the shapes, gaps from the warnings, figures equal to counts."""
from __future__ import annotations

import json

import pyoxigraph
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from icc_graph.build.quality import NO_PLACE, fields, report_graph, summarise
from icc_graph.build.validation import validate
from icc_graph.iris import quality_graph
from icc_graph.namespaces import SH
from icc_graph.release import CURATION, QUALITY, read_release
from tests.conftest import TEST_BASE_IRI
from tests.shapes.conftest import BASE, CASES_DIR, load_case, shapes_graph

FIELD_IDS = ["TopicField", "YearField", "EnglishTitleField", "FrenchTitleField", "CityField", "DerivedTopicField",
             "SourceField"]
CITY_FIELD_IDS = ["GeoNamesField", "CoordinatesField"]
# What each field's gap means, as a SPARQL pattern over ?p (a practice lacking it).
LACKS = {
    "TopicField": "FILTER NOT EXISTS { ?p dcterms:subject ?x }",
    "YearField": "FILTER NOT EXISTS { ?p icc:year ?x }",
    "EnglishTitleField": 'FILTER NOT EXISTS { ?p dcterms:title ?x FILTER(LANGMATCHES(LANG(?x), "en")) }',
    "FrenchTitleField": 'FILTER NOT EXISTS { ?p dcterms:title ?x FILTER(LANGMATCHES(LANG(?x), "fr")) }',
    "CityField": "FILTER NOT EXISTS { ?p icc:city ?x }",
    "SourceField": "FILTER NOT EXISTS { ?p dcterms:source ?x }",
    "GeoNamesField": 'FILTER NOT EXISTS { ?p owl:sameAs ?x FILTER(STRSTARTS(STR(?x), "https://sws.geonames.org/")) }',
    "CoordinatesField": "FILTER NOT EXISTS { ?p geo:lat ?x }",
    "DerivedTopicField": "FILTER EXISTS { ?p icc:uncertainFact ?x . ?x a icc:DerivedFact ; rdf:predicate dcterms:subject }",
}
CLASS_OF = {**dict.fromkeys(FIELD_IDS, "Practice"), **dict.fromkeys(CITY_FIELD_IDS, "City")}
PREFIXES = (f"PREFIX icc: <{TEST_BASE_IRI}/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
            "PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
            "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n")


def test_the_fields_come_from_the_shapes_in_order_with_both_languages():
    found = fields(shapes_graph())
    assert [field.id for field in found] == FIELD_IDS + CITY_FIELD_IDS
    assert all(set(field.labels) == {"en", "fr"} for field in found)
    assert [str(field.target).rpartition("#")[2] for field in found] == ["Practice"] * 7 + ["City"] * 2


@pytest.fixture(scope="module")
def gaps_case():
    graph, _ = load_case(CASES_DIR / "invalid-curation-gaps.ttl")
    complete, _ = load_case(CASES_DIR / "valid-curation-complete.ttl")
    graph += complete
    return graph, validate(graph, shapes_graph())


def test_each_record_lacks_exactly_its_gap(gaps_case):
    graph, report = gaps_case
    summary = summarise(graph, report, shapes_graph(), BASE)
    lacking = {record["iri"].rpartition("/")[2]: record["missing"] for record in summary["records"]}
    assert lacking == {"no-topic": ["TopicField"], "no-year": ["YearField"],
                       "no-english-title": ["EnglishTitleField"], "no-french-title": ["FrenchTitleField"],
                       "no-city": ["CityField"], "no-source": ["SourceField"],
                       "unconfirmed-topic": ["DerivedTopicField"]}
    assert [(field["id"], field["missing"], field["total"]) for field in summary["fields"]][:7] == \
        [(field_id, 1, 8) for field_id in FIELD_IDS]


def test_places_count_their_practices_and_the_unplaced_ones(gaps_case):
    graph, report = gaps_case
    summary = summarise(graph, report, shapes_graph(), BASE)
    cities = {entry["iri"]: entry for entry in summary["cities"]}
    assert cities[f"{BASE}/id/city/ansan"]["practices"] == 7
    assert cities[f"{BASE}/id/city/ansan"]["label"] == {"en": "Ansan", "fr": "Ansan"}
    assert cities[NO_PLACE]["practices"] == 1 and cities[NO_PLACE]["missing"]["CityField"] == 1
    assert cities[f"{BASE}/id/city/ansan"]["missing"]["TopicField"] == 1


def test_the_report_graph_names_every_result_the_same_way_every_time(gaps_case):
    graph, report = gaps_case
    first, second = report_graph(report, BASE), report_graph(validate(graph, shapes_graph()), BASE)
    assert set(first) == set(second)
    results = set(first.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == len(report.results) and not any(isinstance(node, BNode) for triple in first for node in triple)
    assert all(str(result).startswith(f"{BASE}/curation#result-") for result in results)


@pytest.fixture(scope="module")
def release(built_release, built_dist):
    info = read_release(built_dist)
    store = pyoxigraph.Store.read_only(str(info.store_path))
    return info, store, json.loads(info.file(CURATION).read_text(encoding="utf-8"))


def _count(store, query: str) -> int:
    return int(next(iter(store.query(PREFIXES + query)))["n"].value)


def test_the_release_figures_equal_sparql_counts_over_the_release(release):
    _, store, summary = release
    assert summary["fields"] and [field["id"] for field in summary["fields"]] == FIELD_IDS + CITY_FIELD_IDS
    for field in summary["fields"]:
        kind = CLASS_OF[field["id"]]
        lacking = _count(store, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a icc:{kind} {LACKS[field['id']]} }}")
        total = _count(store, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a icc:{kind} }}")
        assert (field["missing"], field["total"]) == (lacking, total), field["id"]


def test_the_per_country_figures_equal_sparql_counts(release):
    _, store, summary = release
    for entry in summary["countries"]:
        where = f"?p icc:country <{entry['iri']}>" if entry["iri"] else "FILTER NOT EXISTS { ?p icc:country ?c }"
        assert entry["practices"] == _count(
            store, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a icc:Practice . {where} }}")
        for field_id, missing in entry["missing"].items():  # the practices' fields
            assert missing == _count(store, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a icc:Practice . "
                                            f"{where} {LACKS[field_id]} }}"), (entry["iri"], field_id)


def test_the_release_carries_its_report_as_a_file_and_as_a_named_graph(release):
    info, store, summary = release
    report = Graph().parse(info.file(QUALITY), format="turtle")
    results = set(report.subjects(RDF.type, SH.ValidationResult))
    in_store = _count(store, f"SELECT (COUNT(?r) AS ?n) WHERE {{ GRAPH <{quality_graph(TEST_BASE_IRI)}> "
                             "{ ?r a sh:ValidationResult } }")
    assert len(results) == in_store >= sum(field["missing"] for field in summary["fields"]) > 0
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?r a sh:ValidationResult }") == 0  # not in the default graph


def test_the_catalogue_states_one_completeness_measurement_per_field(release):
    info, _, summary = release
    catalog = Graph().parse(info.file("catalog.ttl"), format="turtle")
    dqv = "http://www.w3.org/ns/dqv#"
    values = {str(catalog.value(m, URIRef(dqv + "isMeasurementOf"))).rpartition("metric-")[2]:
              float(catalog.value(m, URIRef(dqv + "value")))
              for m in catalog.subjects(RDF.type, URIRef(dqv + "QualityMeasurement"))}
    assert values == {field["id"]: round((field["total"] - field["missing"]) / field["total"], 4)
                      for field in summary["fields"]}
