"""Topics derived from the listing pages a practice was seen on: which pages stand for which topics
(data/vocabularies/topics.ttl, foaf:page), and the derived facts the catalogue importer records."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from icc_graph.importers.catalogue import build_records
from icc_graph.importers.listings import ListingPages, load_listing_pages, page_key
from icc_graph.importers.places import load_vocabularies
from icc_graph.importers.records import NS, parse_record_text, practice_graph

from .conftest import REPO, SITE, row, run_import, write_table

ICC, P, TOPIC = NS["icc"], NS["practice"], NS["topic"]
SHARED = os.environ.get("ICC_SHARED_DIR")  # set by .ci/run where the shared material exists

# The listing pages the ICC table was seen on (the tail after /web/interculturalcities/, or the old
# guidance page) and the topics each gathers practices of; the judgements are marked in topics.ttl.
TOPIC_PAGES = {
    "business": {"business-and-employment"},
    "communication-and-anti-rumour": {"communication-and-public-awareness", "anti-rumour"},
    "governance": {"political-and-public-participation"},
    "housing-and-neighbourhoods": {"housing-and-urban-planning", "neighbourhood"},
    "intercultural-activities": {"culture-leisure-and-heritage"},
    "intercultural-cities-and-refugees": {"refugees"},
    "Cities/guidance/education_en.asp": {"education"},
}
NOT_TOPIC_PAGES = ["good-practice?delta=5&start=36", "good-pratice", "view", "-/diversity-for-business"]


def listing() -> ListingPages:
    return load_listing_pages(REPO / "data")


def record(data_dir: Path, slug: str):
    return parse_record_text((data_dir / "practices" / f"{slug}.ttl").read_text(encoding="utf-8"))


def test_page_keys_ignore_scheme_www_language_query_and_case():
    same = ["https://www.coe.int/en/web/interculturalcities/business",
            "http://coe.int/fr/web/interculturalcities/business/",
            "https://www.coe.int/sq/web/interculturalcities/Business?delta=20&start=3#top"]
    assert {page_key(url) for url in same} == {"coe.int/web/interculturalcities/business"}
    assert page_key("http://www.coe.int/t/dg4/cultureheritage/culture/Cities/guidance/education_en.asp") == \
        "coe.int/t/dg4/cultureheritage/culture/cities/guidance/education_en.asp"
    assert page_key("https://example.org/en/web/interculturalcities/business") != page_key(same[0])


@pytest.mark.parametrize("tail, topics", sorted(TOPIC_PAGES.items()))
def test_each_listing_page_of_the_table_stands_for_its_topics(tail, topics):
    base = "http://www.coe.int/t/dg4/cultureheritage/culture/" if tail.startswith("Cities/") else \
        "https://www.coe.int/de/web/interculturalcities/"
    assert set(listing().topics_of(base + tail)) == topics


@pytest.mark.parametrize("tail", NOT_TOPIC_PAGES)
def test_pages_listing_every_practice_stand_for_no_topic(tail):
    assert listing().topics_of(f"{SITE}/{tail}") == ()
    switch = f"https://www.coe.int/c/portal/update_language?p_l_id=1&redirect=%2Fen%2Fweb%2Finterculturalcities%2F{tail}"
    assert listing().topics_of(switch) == ()


def test_a_practice_seen_on_topic_pages_gets_derived_topics_with_their_page(tmp_path, data_dir):
    combined = "http://www.coe.int/fr/web/interculturalcities/communication-and-anti-rumour?delta=3"
    table = write_table(tmp_path / "t.tsv",
                        row("", "Barcelona's rumour busters", city="Barcelona", country="Spain", source=combined),
                        row("fairs", "Job fairs", city="Oslo", country="Norway",
                            seen_on=f"{SITE}/-/fairs ; http://www.coe.int/en/web/interculturalcities/business"),
                        row("plain", "A plain practice", city="Oslo", country="Norway", topics="Refugees",
                            seen_on=f"{SITE}/-/plain ; {SITE}/good-practice?start=3"),
                        row("", "Welcome school", city="Oslo", country="Norway", topics="Education",
                            source="http://www.coe.int/t/dg4/cultureheritage/culture/Cities/guidance/education_en.asp"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0

    g, p = record(data_dir, "barcelona-s-rumour-busters"), P["barcelona-s-rumour-busters"]
    assert set(g.objects(p, DCTERMS.subject)) == {TOPIC["anti-rumour"], TOPIC["communication-and-public-awareness"]}
    assert (p, ICC.curationStatus, ICC.AwaitingCuration) in g  # derived topics are not curated ones
    for topic in ("anti-rumour", "communication-and-public-awareness"):
        node = P[f"barcelona-s-rumour-busters-derived-topic-{topic}"]
        assert (p, ICC.uncertainFact, node) in g
        assert set(g.objects(node, RDF.type)) == {ICC.DerivedFact}
        assert (node, RDF.predicate, DCTERMS.subject) in g and (node, RDF.object, TOPIC[topic]) in g
        assert set(g.objects(node, PROV.wasDerivedFrom)) == {URIRef(combined)}
        assert "listed the practice on a page that gathers the practices of this topic" in str(g.value(node, RDFS.comment))

    g, p = record(data_dir, "fairs"), P["fairs"]
    node = P["fairs-derived-topic-business-and-employment"]
    assert set(g.objects(node, PROV.wasDerivedFrom)) == {URIRef("http://www.coe.int/en/web/interculturalcities/business")}
    assert set(g.objects(p, ICC.uncertainFact)) == {node}

    g, p = record(data_dir, "plain"), P["plain"]
    assert (p, ICC.uncertainFact, None) not in g and set(g.objects(p, DCTERMS.subject)) == {TOPIC["refugees"]}
    assert (p, ICC.curationStatus, None) not in g

    # the table states the topic of the guidance page too: still derived from it, and said so
    g, p = record(data_dir, "welcome-school"), P["welcome-school"]
    node = P["welcome-school-derived-topic-education"]
    assert (p, ICC.curationStatus, None) not in g and (node, RDF.object, TOPIC["education"]) in g
    assert str(g.value(node, RDFS.comment)).endswith("The table states this topic as well.")


def test_a_curated_record_is_told_of_the_topics_its_listing_pages_suggest(tmp_path, data_dir, capsys):
    curated = data_dir / "practices" / "fairs.ttl"
    curated.write_text("""@prefix icc: <ontology#> . @prefix practice: <id/practice/> . @prefix city: <id/city/> .
@prefix topic: <id/topic/> . @prefix dcterms: <http://purl.org/dc/terms/> .
practice:fairs a icc:Practice ; dcterms:identifier "fairs" ; dcterms:title "Job fairs"@en ; icc:city city:oslo ;
    icc:curationStatus icc:Curated ; dcterms:subject topic:education .
""", encoding="utf-8")
    before = curated.read_bytes()
    table = write_table(tmp_path / "t.tsv", row("fairs", "Job fairs", city="Oslo", country="Norway",
                                                seen_on=f"{SITE}/-/fairs ; {SITE}/business"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    assert curated.read_bytes() == before
    assert "listing pages suggest ['business-and-employment'], not in the curated record" in capsys.readouterr().out


@pytest.mark.skipif(not SHARED, reason="ICC_SHARED_DIR is not set")
def test_every_row_seen_on_a_topic_page_gets_its_derived_topics_with_provenance():
    """Over the whole ICC table: each row whose seen_on (or source) names a topic page has, for each
    topic of the page, the topic and a derived fact naming the page; no other row has any."""
    table = Path(SHARED) / "icc-practices.tsv"
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    imported = build_records(table, load_vocabularies(REPO / "data"), listing())
    by_line = {}
    for rec in imported.records:
        for line in rec.origin.rsplit(" line", 1)[1].lstrip("s ").split(", "):
            by_line[int(line)] = rec
    tails = {("cultureheritage/culture/" + t) if t.startswith("Cities/") else f"interculturalcities/{t}": topics
             for t, topics in TOPIC_PAGES.items()}
    with_topic_page, facts = 0, 0
    for line, cells in enumerate(rows, start=2):
        pages = [u.strip() for u in cells["seen_on"].split(" ; ") if u.strip()] + [cells["source_url"]]
        expected: dict[str, set[str]] = {}
        for page in pages:
            path = page.split("?")[0].rstrip("/")
            for tail, topics in tails.items():
                if path.endswith("/" + tail):
                    for topic in topics:
                        expected.setdefault(topic, set()).add(page)
        rec = by_line[line]
        g, p = practice_graph(rec), P[rec.slug]
        derived = {str(g.value(node, RDF.object)).rsplit("/", 1)[1]: {str(u) for u in g.objects(node, PROV.wasDerivedFrom)}
                   for node in g.objects(p, ICC.uncertainFact) if (node, RDF.type, ICC.DerivedFact) in g}
        if "congress-intercultural.eu/en/theme/27-business" in cells["seen_on"]:
            expected.setdefault("business-and-employment", set()).update(
                u for u in pages if "theme/27-business" in u)  # a theme page of another Council of Europe site
        assert derived == expected, (line, cells["title_en"])
        for topic in expected:
            assert (p, DCTERMS.subject, TOPIC[topic]) in g
            assert str(g.value(P[f"{rec.slug}-derived-topic-{topic}"], RDFS.comment))
        with_topic_page += bool(expected)
        facts += len(expected)
    assert with_topic_page == 26  # 25 rows seen on the ICC site's topic pages, 1 on the congress site's business theme
    assert facts == 33
