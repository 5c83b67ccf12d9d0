"""The release's full-text index: written from a store, read with stemming in English and French,
accents folded, prefixes, filters, ranking and highlights."""
from __future__ import annotations

import pyoxigraph
import pytest

from icc_graph.errors import StoreUnavailable
from icc_graph.search.fields import normal, prefixes
from icc_graph.search.reader import SearchIndex, SearchRequest
from icc_graph.search.writer import write_index

BASE = "http://example.org"
DATA = """
@prefix icc: <ontology#> . @prefix practice: <id/practice/> . @prefix city: <id/city/> .
@prefix country: <id/country/> . @prefix topic: <id/topic/> . @prefix body: <id/body/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

country:france a icc:Country ; skos:prefLabel "France"@en , "France"@fr .
country:spain a icc:Country ; skos:prefLabel "Spain"@en , "Espagne"@fr .
city:saint-etienne a icc:City ; rdfs:label "Saint-Étienne"@fr , "Saint-Etienne"@en ; icc:country country:france .
city:bilbao a icc:City ; rdfs:label "Bilbao"@en ; skos:altLabel "Bilbo"@en ; icc:country country:spain .
topic:anti-rumour a skos:Concept ; skos:prefLabel "Anti-rumour"@en , "Anti-rumeurs"@fr .
practice:cafes a icc:Practice ; dcterms:title "Cafés anti-rumeurs"@fr , "Anti-rumour cafés"@en ;
    dcterms:abstract "Neighbours meet to talk about the rumours they hear and check them."@en ;
    icc:city city:saint-etienne ; icc:country country:france ; dcterms:subject topic:anti-rumour ;
    icc:year "2019"^^xsd:gYear .
practice:schools a icc:Practice ; dcterms:title "Éducation interculturelle à l'école"@fr ;
    dcterms:abstract "Les écoles accueillent les familles migrantes."@fr ;
    icc:city city:bilbao ; icc:country country:spain ; icc:year "2021"^^xsd:gYear .
body:council a icc:Council ; skos:prefLabel "Migrants' council"@en .
<id/year/2019> rdfs:label "2019" .
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    store = pyoxigraph.Store()
    store.load(DATA, format=pyoxigraph.RdfFormat.TURTLE, base_iri=BASE + "/")
    path = tmp_path_factory.mktemp("search") / "search"
    assert write_index(store, BASE, path) == 8  # years are not searched
    return SearchIndex(path)


def slugs(index, text, **filters):
    return [hit.slug for hit in index.search(SearchRequest(text, filters)).hits]


def test_words_are_stemmed_in_each_language_and_accents_folded(index):
    assert slugs(index, "rumours") == ["anti-rumour", "cafes"]  # English plural, names before summaries
    assert set(slugs(index, "rumeur")) == {"anti-rumour", "cafes"}  # French, singular for plural
    assert slugs(index, "education") == ["schools"]  # É folded
    assert slugs(index, "ecole") == ["schools"]
    assert slugs(index, "saint etienne") == ["saint-etienne"]


def test_every_word_must_match_and_the_last_one_may_be_a_prefix(index):
    assert slugs(index, "rumour bilbao") == []
    assert slugs(index, "bil") == ["bilbao"]  # type-ahead
    assert slugs(index, "bilbo") == ["bilbao"]  # an alternative label
    assert [h.slug for h in index.search(SearchRequest("bil", prefix=False)).hits] == []


def test_filters_combine_with_the_text(index):
    assert slugs(index, "rumour", kind="practice") == ["cafes"]
    assert slugs(index, "", country="spain") == ["bilbao", "schools"]  # IRI order without words
    assert slugs(index, "", year="2021") == ["schools"]
    assert slugs(index, "rumour", year="2021") == []
    assert slugs(index, "", topic="anti-rumour", city="saint-etienne") == ["cafes"]


def test_hits_carry_highlights_in_the_readers_language(index):
    hit = index.search(SearchRequest("rumeurs", {"kind": "practice"}), highlight="fr").hits[0]
    assert hit.title.text == "Cafés anti-rumeurs"
    assert [piece for piece, marked in hit.title.segments() if marked] == ["rumeurs"]
    english = index.search(SearchRequest("rumours check", {"kind": "practice"}), highlight="en").hits[0]
    assert english.title.text == "Anti-rumour cafés"
    marked = [piece for piece, on in english.snippet.segments() if on]
    assert marked == ["rumours", "check"]
    # character offsets, not bytes: the accent before the match does not shift it
    accented = index.search(SearchRequest("interculturelle"), highlight="fr").hits[0]
    assert [accented.title.text[a:b] for a, b in accented.title.ranges] == ["interculturelle"]


def test_hits_carry_their_links_for_filters_and_reconciliation(index):
    hit = index.search(SearchRequest("cafes")).hits[0]
    assert hit.iri == f"{BASE}/id/practice/cafes" and hit.kind == "practice"
    assert hit.links["city"] == ("saint-etienne",) and hit.links["year"] == ("2019",)
    assert "anti rumour cafes" in hit.names and hit.label("fr") == "Cafés anti-rumeurs"


def test_prefixes_and_names_are_folded():
    assert normal("Saint-Étienne") == "saint etienne"
    assert prefixes(["Éco"]) == ["ec", "eco"]


def test_a_release_without_an_index_is_a_clear_error(tmp_path):
    with pytest.raises(StoreUnavailable, match="no search index"):
        SearchIndex(tmp_path / "missing")
