"""A practice's page shows a value derived from a listing page apart from the values a curator
confirmed and the ones the source stated."""
from __future__ import annotations

import re

from markupsafe import escape

import pytest

from tests.small_release import BASE, DATA, make_release

FACTS = """
@prefix icc: <ontology#> . @prefix practice: <id/practice/> . @prefix topic: <id/topic/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
practice:bergen-school dcterms:subject topic:participation ;
    icc:uncertainFact practice:bergen-school-derived-topic-participation ;
    icc:confirmedFact practice:bergen-school-confirmed-topic-education .
practice:bergen-school-derived-topic-participation a icc:DerivedFact ; rdf:predicate dcterms:subject ;
    rdf:object topic:participation ; prov:wasDerivedFrom <https://www.coe.int/en/web/interculturalcities/governance> ;
    rdfs:comment "Listed on a page of this topic."@en .
practice:bergen-school-confirmed-topic-education a icc:ConfirmedFact ; rdf:predicate dcterms:subject ;
    rdf:object topic:education ; prov:wasAttributedTo <id/curator/ana> ; prov:generatedAtTime "2026-11-30"^^xsd:date ;
    rdfs:comment "Confirmed in the worklist w.xlsx, sheet Worklist, row 3."@en .
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from endpoint import create_app

    dist = tmp_path_factory.mktemp("dist")
    make_release(dist, DATA + FACTS)
    app = create_app({"DIST_DIR": str(dist), "BASE_IRI": BASE, "QUERY_WORKERS": 1, "TESTING": True})
    yield app.test_client()
    app.extensions["icc_store"].close()


@pytest.mark.parametrize("lang, derived, confirmed", [
    ("en", "derived from a listing page, not confirmed", "confirmed by a curator"),
    ("fr", "déduit d'une page de liste, non confirmé", "confirmé par un curateur"),
])
def test_derived_and_confirmed_values_are_marked(client, lang, derived, confirmed):
    page = client.get("/doc/practice/bergen-school", headers={"Accept": "text/html", "Accept-Language": lang})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # Once in the page's topics, once in the table of all statements.
    assert html.count('class="fact-status derived"') == 2 and html.count('class="fact-status confirmed"') == 2
    # (The topic "Education" has no French label: the page says so before the mark.)
    for topic, status, words in (("Participation", "derived", derived), ("Education", "confirmed", confirmed)):
        marked = re.findall(rf'>{topic}</a>(?: <small class="fallback"[^>]*>\(en\)</small>)? '
                            rf'<small class="fact-status {status}">{re.escape(str(escape(words)))}</small>', html)
        assert len(marked) == 2, topic


@pytest.mark.parametrize("lang, awaiting, note", [("en", "Derived, awaiting curation", "Listed on a page of this topic."),
                                                  ("fr", "Déduit, en attente de vérification", "Listed on a page of this topic.")])
def test_the_page_says_how_sure_each_fact_is(client, lang, awaiting, note):
    html = client.get("/doc/practice/bergen-school", headers={"Accept": "text/html", "Accept-Language": lang}).get_data(
        as_text=True)
    sure = html[html.index('id="sure-heading"'):html.index('id="statements-heading"')]
    assert f'<span class="note derived">{escape(awaiting)}</span>' in sure and escape(note) in sure
    assert '<span class="note confirmed">' in sure and "2026-11-30" in sure  # who confirmed it, and when
    assert sure.count("<li>") == 2


def test_a_page_without_notes_marks_nothing(client):
    html = client.get("/doc/practice/oslo-council", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "fact-status" not in html
