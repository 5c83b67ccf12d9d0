"""Reconciliation's scoring over an index of our own: names, properties, and when a candidate is a match."""
from __future__ import annotations

import pyoxigraph
import pytest

from icc_graph.search.reader import SearchIndex
from icc_graph.search.reconcile import Query, reconcile
from icc_graph.search.writer import write_index

BASE = "http://example.org"
DATA = """
@prefix icc: <ontology#> . @prefix practice: <id/practice/> . @prefix city: <id/city/> .
@prefix country: <id/country/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

country:portugal a icc:Country ; rdfs:label "Portugal"@en .
country:spain a icc:Country ; rdfs:label "Spain"@en , "Espagne"@fr .
city:braga a icc:City ; rdfs:label "Braga"@en ; icc:country country:portugal .
city:bilbao a icc:City ; rdfs:label "Bilbao"@en ; icc:country country:spain .
city:valencia a icc:City ; rdfs:label "Valencia"@en ; icc:country country:spain .
city:valencia-pt a icc:City ; rdfs:label "Valença"@en ; icc:country country:portugal .
practice:guide-braga a icc:Practice ; dcterms:title "Welcoming guide"@en ; icc:city city:braga ; icc:year "2019"^^xsd:gYear .
practice:guide-bilbao a icc:Practice ; dcterms:title "Welcoming guide"@en ; icc:city city:bilbao ; icc:year "2021"^^xsd:gYear .
practice:rumour-app a icc:Practice ; dcterms:title "Anti-rumour web app"@en ; icc:city city:bilbao .
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    store = pyoxigraph.Store()
    store.load(DATA, format=pyoxigraph.RdfFormat.TURTLE, base_iri=BASE + "/")
    path = tmp_path_factory.mktemp("reconcile") / "search"
    write_index(store, BASE, path)
    return SearchIndex(path)


def ranked(index, text, kinds=("practice",), **properties):
    query = Query(text, kinds, 5, tuple((pid, tuple(v if isinstance(v, list) else [v]))
                                        for pid, v in properties.items()))
    return [(c.hit.slug, c.score, c.match) for c in reconcile(index, query, BASE)]


def test_an_equal_name_borne_by_one_thing_is_a_match(index):
    first = ranked(index, "anti-rumour WEB App")[0]  # case, punctuation and spacing do not count
    assert first == ("rumour-app", 100.0, True)
    assert ranked(index, "rumour app")[0][2] is False  # alike is not equal


def test_a_name_borne_by_two_things_is_no_match_until_a_property_tells_them_apart(index):
    both = ranked(index, "Welcoming guide")
    assert {slug for slug, _, _ in both[:2]} == {"guide-braga", "guide-bilbao"} and not any(m for _, _, m in both)
    by_city = ranked(index, "Welcoming guide", city="Bilbao")
    assert by_city[0] == ("guide-bilbao", 100.0, True) and by_city[1][0] == "guide-braga" and by_city[1][1] == 70.0
    by_iri = ranked(index, "Welcoming guide", city={"id": f"{BASE}/id/city/braga"})
    assert by_iri[0][:1] == ("guide-braga",) and by_iri[0][2]
    by_year = ranked(index, "Welcoming guide", year="2019")
    assert by_year[0][0] == "guide-braga" and by_year[0][2]
    by_country = ranked(index, "Welcoming guide", country="Espagne")  # a name in any language
    assert by_country[0][0] == "guide-bilbao"


def test_a_city_is_told_apart_by_its_country(index):
    assert ranked(index, "Valencia", ("city",))[0] == ("valencia", 100.0, True)
    wrong_country = ranked(index, "Valencia", ("city",), country="portugal")
    assert wrong_country[0][2] is False and ("valencia", 70.0, False) in wrong_country


def test_several_cities_in_one_cell_agree_if_one_does(index):
    assert ranked(index, "Welcoming guide", city=["Lisbon", "Braga"])[0][:1] == ("guide-braga",)
