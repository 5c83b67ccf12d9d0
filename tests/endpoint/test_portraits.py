"""The pages composed for people, over the release built from the repository's data/: what the
Ansan practice shows (its bodies' members, women and nationalities, its rights table) in English
and French, the pages of a city, a country, a topic and a body, and a practice that has only a
title and a city. Expected numbers are SPARQL answers over the same release."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import TEST_BASE_IRI as BASE
from tests.pages import by_id, chart_bars, parse, text
from tests.small_release import DATA, make_release

from icc_graph.release import FACETS, read_release

from endpoint.portraits.places import SHOWN

from .conftest import app_over

ANSAN = "/doc/practice/democratic-citizenship-in-ansan"
PREFIXES = "PREFIX icc: <ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@pytest.fixture(scope="module")
def client(built_dist):
    with app_over(built_dist) as app:
        yield app.test_client()


@pytest.fixture(scope="module")
def client_without_index(built_dist, tmp_path_factory):
    """The same release without its facet index (as a release of an older version): the charts are
    counted with SPARQL instead."""
    dist = tmp_path_factory.mktemp("no-index") / "dist"
    shutil.copytree(built_dist, dist, symlinks=True)
    read_release(dist).file(FACETS).unlink()
    with app_over(dist) as app:
        yield app.test_client()


def sparql(client, query: str) -> list[dict[str, str]]:
    answer = client.get("/sparql", query_string={"query": f"BASE <{BASE}/>\n" + PREFIXES + query},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return [{name: cell["value"] for name, cell in row.items()} for row in answer.get_json()["results"]["bindings"]]


def page(client, path: str, lang: str = "en"):
    """The page in English (the default), or in *lang* chosen with ?lang= (which its links keep)."""
    answer = client.get(path, query_string={"lang": lang} if lang != "en" else {}, headers={"Accept": "text/html"})
    assert answer.status_code == 200, path
    return parse(answer.get_data(as_text=True))


def card_figures(client, body: str) -> dict:
    """What the graph says of a body: members, women, nationalities."""
    row = sparql(client, f"""SELECT ?members ?women (COUNT(DISTINCT ?n) AS ?nationalities) WHERE {{
        <id/body/{body}> icc:representsNationality ?n .
        OPTIONAL {{ <id/body/{body}> icc:memberCount ?members }}
        OPTIONAL {{ <id/body/{body}> icc:womenMemberCount ?women }} }} GROUP BY ?members ?women""")[0]
    return {key: int(value) for key, value in row.items()}


@pytest.mark.parametrize("lang, nationalities, women_words", [("en", "Nationalities represented", "of 19 members"),
                                                              ("fr", "Nationalités représentées", "sur 19 membres")])
def test_ansan_shows_its_bodies_members_women_and_nationalities(client, lang, nationalities, women_words):
    tree = page(client, ANSAN, lang)
    council, group = by_id(tree, "body-ansan-non-nationals-council"), by_id(tree, "body-ansan-non-nationals-monitoring-group")
    # What the issue asks for, and what the graph holds.
    assert card_figures(client, "ansan-non-nationals-council") == {"members": 19, "women": 10, "nationalities": 10}
    assert card_figures(client, "ansan-non-nationals-monitoring-group") == {"members": 33, "nationalities": 11}
    assert text(council.find(".//dd[@class='members']")) == "19"
    assert text(council.find(".//dd[@class='women']")).startswith(f"10 {women_words} (53 %)")
    assert council.find(".//dd[@class='women']/svg[@role='img']") is not None  # the bar, named in words
    assert len(council.findall(".//dd[@class='nationalities']/a")) == 10
    assert f"{nationalities} (10)" in text(council)
    assert text(group.find(".//dd[@class='members']")) == "33"
    assert len(group.findall(".//dd[@class='nationalities']/a")) == 11
    assert group.find(".//dd[@class='women']") is None  # the source gives no count of women


@pytest.mark.parametrize("lang, header, may_not", [("en", ["Who", "May do what", "On which condition", "Under which law"],
                                                    "may not"),
                                                   ("fr", ["Qui", "Peut faire quoi", "À quelle condition",
                                                           "En vertu de quelle loi"], "ne peut pas")])
def test_ansan_rights_table(client, lang, header, may_not):
    rules = sparql(client, """SELECT ?rule ?permitted WHERE {
        <id/practice/democratic-citizenship-in-ansan> icc:describes ?rule . ?rule a icc:EligibilityRule ; icc:permitted ?permitted }""")
    table = parse_table(page(client, ANSAN, lang))
    assert [text(th) for th in table.findall(".//thead/tr/th")] == header
    rows = table.findall(".//tbody/tr")
    assert len(rows) == len(rules) == 11
    refused = [row for row in rows if row.get("class") == "not-permitted"]
    assert len(refused) == sum(r["permitted"] == "false" for r in rules) == 1
    assert text(refused[0].findall("td")[1]).startswith(may_not)
    standing = next(row for row in rows if "25" in text(row.findall("td")[2]))
    assert standing.findall("td")[3].find("a") is not None  # the law it rests on, linked


def parse_table(tree):
    return tree.find(".//table[@class='rights']")


def test_a_missing_french_text_falls_back_to_english_and_says_so(client):
    tree = page(client, ANSAN, "fr")
    condition = next(td for td in parse_table(tree).iter("td") if "eligible under" in text(td))
    marker = condition.find(".//small[@class='fallback']")
    assert text(marker) == "(en)" and condition.find(".//span[@lang='en']") is not None
    # A label that exists in French is shown without a marker.
    council = by_id(tree, "body-ansan-non-nationals-council-name")
    assert text(council) == "Conseil des non-ressortissants d'Ansan" and council.find(".//small") is None


def test_the_practice_page_says_where_when_what_and_how_sure(client):
    tree = page(client, ANSAN)
    glance = {text(dt): text(dd) for dt, dd in zip(tree.iterfind(".//dl[@class='at-a-glance']/dt"),
                                                      tree.iterfind(".//dl[@class='at-a-glance']/dd"))}
    assert glance["Where"] == "Ansan, South Korea" and glance["When"] == "2020"
    assert glance["Topics"] == "Political and public participation"
    assert text(tree.find(".//p[@class='record-status curated']")).startswith("Curated")
    laws = [text(li) for li in tree.iterfind(".//ul[@class='laws']/li")]
    assert any(law.startswith("Public Official Election Act") for law in laws)
    # The generic table stays, under its own heading.
    assert text(by_id(tree, "statements-heading")) == "All statements"
    assert tree.find(".//table[@class='properties']") is not None


def test_city_page(client):
    tree = page(client, "/doc/city/ansan")
    practices = sparql(client, "SELECT ?p WHERE { ?p icc:city <id/city/ansan> ; a icc:Practice }")
    listed = [a.get("href") for a in tree.iterfind(".//section[@aria-labelledby='practices-heading']//li/a")]
    assert sorted(listed) == sorted(row["p"].replace(BASE + "/id/", "/doc/") for row in practices)
    links = {a.text: a.get("href") for a in tree.iterfind(".//p[@class='links']/a")}
    assert links["GeoNames"] == "https://sws.geonames.org/1846918/"
    bodies = tree.findall(".//section[@aria-labelledby='bodies-heading']//li/a")
    assert "/doc/body/ansan-non-nationals-council" in [a.get("href") for a in bodies]


@pytest.mark.parametrize("counted_by", ["client", "client_without_index"])
def test_country_page_counts_practices_per_topic(request, client, counted_by):
    tree = page(request.getfixturevalue(counted_by), "/doc/country/spain")
    rows = sparql(client, """SELECT ?topic (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?p icc:country <id/country/spain> ; a icc:Practice ; dcterms:subject ?topic . ?topic skos:inScheme <id/scheme/topics> }
        GROUP BY ?topic""")
    expected = {(("country", "spain"), ("topic", row["topic"].rsplit("/", 1)[1])): int(row["n"]) for row in rows}
    assert chart_bars(tree, "chart-place") == expected and expected
    cities = sparql(client, "SELECT ?c WHERE { ?c a icc:City ; icc:country <id/country/spain> }")
    assert len(tree.findall(".//section[@aria-labelledby='cities-heading']//li")) == len(cities) > 1


@pytest.mark.parametrize("counted_by", ["client", "client_without_index"])
def test_topic_page_lists_its_practices_and_countries(request, client, counted_by):
    tree = page(request.getfixturevalue(counted_by), "/doc/topic/political-and-public-participation", "fr")
    rows = sparql(client, """SELECT ?country (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?p dcterms:subject <id/topic/political-and-public-participation> ; a icc:Practice ; icc:country ?country }
        GROUP BY ?country""")
    expected = {(("country", row["country"].rsplit("/", 1)[1]), ("lang", "fr"),
                 ("topic", "political-and-public-participation")): int(row["n"]) for row in rows}
    assert chart_bars(tree, "chart-place") == expected and expected
    assert text(by_id(tree, "practices-heading")).startswith("Pratiques (")
    assert tree.find(f".//section[@aria-labelledby='practices-heading']//a[@href='{ANSAN}?lang=fr']") is not None


def test_body_page_shows_its_card_and_practice(client):
    tree = page(client, "/doc/body/ansan-non-nationals-monitoring-group")
    card = by_id(tree, "body-ansan-non-nationals-monitoring-group")
    assert text(card.find(".//dd[@class='members']")) == "33"
    assert len(card.findall(".//dd[@class='nationalities']/a")) == 11
    assert tree.find(f".//section[@aria-labelledby='practices-heading']//a[@href='{ANSAN}']") is not None


def test_a_party_committee_page_shows_the_right_exercised_through_it(client):
    tree = page(client, "/doc/body/party-multicultural-committees")
    table = parse_table(tree)
    assert "Political party membership" in text(table)


MINIMAL = """
@prefix icc: <ontology#> . @prefix practice: <id/practice/> . @prefix city: <id/city/> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix topic: <id/topic/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
practice:oslo-minimal a icc:Practice ; dcterms:title "A practice known by its title"@en ; icc:city city:oslo .
topic:education skos:definition "Schools and learning."@en , "L'école et l'apprentissage."@fr ;
    skos:broader topic:participation ; skos:related topic:participation .
"""


# Enough practices in one city, on one topic, for the pages to list only the first SHOWN.
MANY = "".join(f"""practice:oslo-{n:03d} a icc:Practice ; dcterms:title "Oslo practice {n:03d}"@en ;
    icc:city city:oslo ; icc:country <id/country/no> ; dcterms:subject <id/topic/education> .
""" for n in range(SHOWN + 5))


@pytest.fixture(scope="module")
def small_client(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    make_release(dist, DATA + MINIMAL + MANY)
    with app_over(dist) as app:
        yield app.test_client()


@pytest.mark.parametrize("lang, not_stated", [("en", "not stated by the source"), ("fr", "non indiqué par la source")])
def test_a_practice_with_only_a_title_and_a_city_still_reads_well(small_client, lang, not_stated):
    tree = page(small_client, "/doc/practice/oslo-minimal", lang)
    assert text(tree.find(".//h1")).startswith("A practice known by its title")
    assert (text(tree.find(".//h1/small[@class='fallback']")) == "(en)") is (lang == "fr")
    glance = [text(dd) for dd in tree.iterfind(".//dl[@class='at-a-glance']/dd")]
    assert glance == ["Oslo" + (" (en)" if lang == "fr" else ""), not_stated, not_stated]
    # No empty section: no bodies, rights or laws headings.
    for heading in ("bodies-heading", "rights-heading", "laws-heading"):
        assert by_id(tree, heading) is None
    assert by_id(tree, "sure-heading") is not None and by_id(tree, "statements-heading") is not None


@pytest.mark.parametrize("path, total", [("/doc/city/oslo", SHOWN + 7), ("/doc/country/no", SHOWN + 6),
                                         ("/doc/topic/education", SHOWN + 6)])
def test_a_place_or_topic_lists_a_bounded_number_of_practices(small_client, path, total):
    tree = page(small_client, path)
    section = tree.find(".//section[@aria-labelledby='practices-heading']")
    assert text(by_id(tree, "practices-heading")) == f"Practices ({total})"
    assert len(section.findall(".//li")) == SHOWN
    assert text(section.find(".//p[@class='more']")) == f"And {total - SHOWN} more, not listed here."


def test_an_imported_practice_says_what_is_uncertain_and_that_it_awaits_curation(client):
    path = "/doc/practice/a-city-international-policy"
    notes = sparql(client, """SELECT ?field ?comment WHERE {
        <id/practice/a-city-international-policy> icc:uncertainFact ?note .
        ?note <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?field ;
              <http://www.w3.org/2000/01/rdf-schema#comment> ?comment }""")
    assert {row["field"].rsplit("#", 1)[1] for row in notes} == {"city", "country"}
    tree = page(client, path)
    where = tree.find(".//dl[@class='at-a-glance']/dd")
    assert text(where.find("a[@class='fact-status uncertain']")) == "uncertain: see why"
    assert text(tree.find(".//p[@class='record-status awaiting']")).startswith("Awaiting curation")
    listed = [text(li) for li in tree.iterfind(".//ul[@class='notes']/li")]
    assert len(listed) == len(notes)
    assert all(any(row["comment"] in item for item in listed) for row in notes)


@pytest.mark.parametrize("lang, definition, broader", [("en", "Schools and learning.", "Broader topics"),
                                                       ("fr", "L'école et l'apprentissage.", "Thèmes plus larges")])
def test_a_topic_page_gives_its_definition_and_its_broader_narrower_and_related_topics(small_client, lang, definition,
                                                                                      broader):
    tree = page(small_client, "/doc/topic/education", lang)
    assert text(tree.find(".//p[@class='lead']")) == definition
    terms = {text(dt): [a.get("href").split("?")[0] for a in dd.iter("a")]
             for dt, dd in zip(tree.iterfind(".//dl[@class='at-a-glance']/dt"), tree.iterfind(".//dl[@class='at-a-glance']/dd"))}
    assert terms[broader] == ["/doc/topic/participation"] and len(terms) == 2  # broader and related
    narrower = page(small_client, "/doc/topic/participation", lang)
    assert [a.get("href").split("?")[0] for a in narrower.iterfind(".//dl[@class='at-a-glance']/dd/a")] == [
        "/doc/topic/education"]
