"""The HTML pages, read through the real application over a small release written here.

The release holds 26 practices (enough for two pages of the browser), three topics, three
countries, a council, a period and a practice whose title is an attempt at script injection.
Expected counts are computed from the Python lists that generate the Turtle, not from SPARQL.
"""
from __future__ import annotations

import html as html_module
import json
import os
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest

from endpoint import create_app, things
from endpoint.examples import load_examples
from icc_graph import facet_index, stats
from icc_graph.release import FACETS

BASE = "http://icc.example.org"
HOSTILE_TITLE = '<script>alert(1)</script> "quoted" & more'

TOPICS = {"education": ("Education", "Éducation"), "refugees": ("Refugees", "Réfugiés"),
          "roma": ("Roma", "Roms")}
COUNTRIES = {"spain": ("Spain", "Espagne"), "italy": ("Italy", "Italie"), "china": ("China", "Chine"),
             "uzbekistan": ("Uzbekistan", "Ouzbékistan")}


def practice_facts(number: int) -> dict:
    """Topics, country and year of practice p-NN: a fixed pattern with overlaps between filters."""
    topics = ["education"] if number <= 10 else []
    if number % 2:
        topics.append("refugees")
    return {"slug": f"p-{number:02d}", "topics": topics or ["roma"],
            "country": "spain" if number <= 15 else "italy", "year": 2015 + number % 3,
            # English titles sort 01..25, French ones the other way round.
            "en": f"Practice {number:02d}", "fr": f"Pratique {26 - number:02d}"}


PRACTICES = [practice_facts(n) for n in range(1, 26)]
HOSTILE = {"slug": "hostile", "topics": ["education"], "country": "spain", "year": 2020,
           "en": HOSTILE_TITLE, "fr": None}
ALL_PRACTICES = PRACTICES + [HOSTILE]


def turtle_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fixture_turtle() -> str:
    lines = ["""
@prefix icc: <ontology#> . @prefix practice: <id/practice/> . @prefix city: <id/city/> .
@prefix country: <id/country/> . @prefix topic: <id/topic/> . @prefix scheme: <id/scheme/> .
@prefix body: <id/body/> . @prefix year: <id/year/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix schema: <https://schema.org/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix void: <http://rdfs.org/ns/void#> .

<ontology> a owl:Ontology ; rdfs:label "Test ontology"@en , "Ontologie d'essai"@fr .
icc:Practice a owl:Class ; rdfs:label "Practice"@en , "Pratique"@fr ; rdfs:subClassOf schema:CreativeWork ;
    rdfs:comment "A documented good practice."@en , "Une bonne pratique documentée."@fr .
icc:Body a owl:Class ; rdfs:label "Body"@en , "Organe"@fr .
icc:Council a owl:Class ; rdfs:subClassOf icc:Body ; rdfs:label "Consultative council"@en , "Conseil consultatif"@fr .
icc:memberCount a owl:DatatypeProperty ; rdfs:label "member count"@en , "nombre de membres"@fr ;
    rdfs:domain icc:Body ; rdfs:range xsd:nonNegativeInteger .
icc:representsNationality a owl:ObjectProperty ; rdfs:label "represents nationality"@en ,
    "représente la nationalité"@fr ; rdfs:domain icc:Body .

scheme:topics a skos:ConceptScheme ; skos:prefLabel "ICC topics"@en , "Thèmes ICC"@fr ;
    dcterms:description "The topics of the site filter."@en , "Les thèmes du filtre du site."@fr .
scheme:countries a skos:ConceptScheme ; skos:prefLabel "Countries"@en , "Pays"@fr .
scheme:years a skos:ConceptScheme ; skos:prefLabel "Years"@en , "Années"@fr .

<dataset> a dcat:Dataset ; dcterms:title "Test graph"@en , "Graphe d'essai"@fr ;
    dcterms:description "A small graph of practices, made for the page tests of the project."@en ;
    dcat:keyword "testing"@en ; void:triples 4242 ;
    dcat:distribution <catalog#dist-ttl> .
<catalog#dist-ttl> a dcat:Distribution ; dcat:downloadURL <dumps/icc-graph.ttl> ;
    dcat:mediaType <http://www.iana.org/assignments/media-types/text/turtle> ;
    dcterms:title "Turtle dump"@en .
"""]
    for slug, (en, fr) in TOPICS.items():
        lines.append(f'topic:{slug} a skos:Concept ; skos:inScheme scheme:topics ; '
                     f'skos:prefLabel "{en}"@en , "{fr}"@fr .')
    for slug, (en, fr) in COUNTRIES.items():
        lines.append(f'country:{slug} a icc:Country , skos:Concept ; skos:inScheme scheme:countries ; '
                     f'skos:prefLabel "{en}"@en , "{fr}"@fr .')
    for year in sorted({item["year"] for item in ALL_PRACTICES}) + [2030]:  # 2030: a year no practice has
        lines.append(f'year:{year} a skos:Concept ; skos:inScheme scheme:years ; '
                     f'skos:notation "{year}"^^xsd:gYear ; skos:prefLabel "{year}" .')
    lines.append('city:ansan a icc:City ; rdfs:label "Ansan"@en .')
    for item in ALL_PRACTICES:
        titles = [f"{turtle_literal(item['en'])}@en"] + ([f"{turtle_literal(item['fr'])}@fr"] if item["fr"] else [])
        topics = " , ".join(f"topic:{t}" for t in item["topics"])
        lines.append(f"""practice:{item['slug']} a icc:Practice ; dcterms:identifier "{item['slug']}" ;
    dcterms:title {' , '.join(titles)} ; dcterms:subject {topics} ;
    icc:country country:{item['country']} ; icc:year "{item['year']}"^^xsd:gYear ;
    dcterms:source <https://www.coe.int/en/web/interculturalcities/-/{item['slug']}> .""")
    lines.append("""
practice:hostile dcterms:abstract "An abstract with <b>markup</b> that must stay text."@en .
practice:p-01 icc:describes body:test-council ; dcterms:temporal practice:p-01-period ; icc:city city:ansan .
practice:p-01-period a icc:Period ; icc:printedPeriod "2016 onwards" .
body:test-council a icc:Council ; skos:prefLabel "Test council"@en , "Conseil d'essai"@fr ;
    icc:memberCount 19 ; icc:womenMemberCount 10 ; icc:jurisdiction city:ansan ;
    icc:representsNationality country:china , country:uzbekistan .
""")
    return "\n".join(lines)


def write_release(dist: Path, turtle: str, figures: bool = False) -> None:
    """The docs/release.md layout, as far as the endpoint reads it: release.json, the store and the
    facet index; with *figures*, release.json has the build's counts (icc_graph.stats)."""
    path = dist / "releases" / "pagetest"
    path.mkdir(parents=True)
    store = pyoxigraph.Store(str(path / "store"))
    store.load(turtle, format=pyoxigraph.RdfFormat.TURTLE, base_iri=f"{BASE}/")
    store.flush()
    triples = len(store)
    (path / FACETS).write_bytes(facet_index.compute(store, BASE))  # the browser's counts and pages
    counted = {"stats": stats.compute(store, BASE)} if figures else {}
    del store
    (path / "release.json").write_text(json.dumps({"release": "pagetest", "base_iri": BASE, "triples": triples,
                                                   **counted}))
    os.symlink(path.relative_to(dist), dist / "current")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dist = tmp_path_factory.mktemp("pages-dist")
    write_release(dist, fixture_turtle())
    application = create_app({"DIST_DIR": str(dist), "BASE_IRI": BASE, "QUERY_WORKERS": 1, "TESTING": True})
    yield application.test_client()
    application.extensions["icc_store"].close()


def html_get(client, path: str, **headers):
    response = client.get(path, headers={"Accept": "text/html", **headers})
    assert response.content_type.startswith("text/html"), (path, response.status_code, response.content_type)
    return response


# --- reading HTML with the standard library's parser ------------------------------------------------

class Page(HTMLParser):
    """What the tests look at: tags, attributes, the text of each element, JSON-LD blocks."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._h1: list[str] | None = None
        self.h1: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))
        if tag == "h1":
            self._h1 = []

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag == "h1" and self._h1 is not None:
            self.h1.append("".join(self._h1).strip())
            self._h1 = None

    def handle_data(self, data):
        if self._script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
            return
        self.text.append(data)
        if self._h1 is not None:
            self._h1.append(data)

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]

    def jsonld(self) -> list:
        return [json.loads(text) for attrs, text in self.scripts if attrs.get("type") == "application/ld+json"]

    def links(self) -> list[str]:
        return [attrs["href"] for attrs in self.all("a") if "href" in attrs]

    @property
    def body_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def strings_in(data) -> set[str]:
    """Every string value anywhere in a JSON structure."""
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return set().union(*(strings_in(item) for item in data)) if data else set()
    return set()


PAGES = ["/", "/practices", "/practices?topic=education&page=1", "/doc/practice/p-01",
         "/doc/body/test-council", "/doc/scheme/topics", "/ontology", "/sparql", "/doc/practice/hostile"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_accessible_server_rendered_html(site, path):
    response = html_get(site, path)
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    html = page.all("html")[0]
    assert html.get("lang") in ("en", "fr")
    assert len(page.h1) == 1 and page.h1[0]
    for landmark in ("header", "nav", "main", "footer"):
        assert page.all(landmark), f"{path} has no <{landmark}>"
    assert any(attrs.get("name") == "viewport" for attrs in page.all("meta"))
    labelled = {attrs.get("for") for attrs in page.all("label")}
    for control in page.all("select") + page.all("textarea") + [
            attrs for attrs in page.all("input") if attrs.get("type") != "hidden"]:
        assert control.get("id") in labelled, f"{path}: a form control has no label: {control}"
    # Nothing is fetched from elsewhere: no CDN, no web fonts.
    for attrs in page.all("script") + page.all("link") + page.all("img"):
        url = attrs.get("src") or (attrs.get("href") if attrs.get("rel") == "stylesheet" else "")
        assert not re.match(r"(https?:)?//", url or ""), f"{path} loads {url}"


def test_the_stylesheet_and_script_are_served_and_self_contained(site):
    for name in ("site.css", "editor.js"):
        with site.get(f"/assets/{name}") as response:
            assert response.status_code == 200
            body = response.get_data(as_text=True)
        assert "http://" not in body and "https://" not in body and "@import" not in body


# --- home -----------------------------------------------------------------------------------------------

def test_home_says_what_the_dataset_is_and_links_everywhere(site):
    page = Page(html_get(site, "/").get_data(as_text=True))
    assert page.h1 == ["Test graph"]
    assert "A small graph of practices" in page.body_text
    text = page.body_text
    assert f"{len(ALL_PRACTICES)} practices" in text
    assert f"{len(TOPICS)} topics" in text
    assert f"{len({p['country'] for p in ALL_PRACTICES})} countries" in text
    assert "1 bodies" in text and "4242 triples" in text
    for target in ("/practices", "/sparql", "/dumps", "/catalog", "/ontology", "/doc/scheme/topics"):
        assert target in page.links()


def test_home_carries_a_schema_org_dataset(site):
    (dataset,) = Page(html_get(site, "/").get_data(as_text=True)).jsonld()
    assert dataset["@context"] == "https://schema.org" and dataset["@type"] == "Dataset"
    assert dataset["name"] == "Test graph"
    assert dataset["description"].startswith("A small graph")
    assert dataset["keywords"] == ["testing"]
    assert dataset["distribution"] == [{"@type": "DataDownload", "contentUrl": f"{BASE}/dumps/icc-graph.ttl",
                                        "encodingFormat": "text/turtle"}]


def test_home_speaks_french_by_accept_language_and_by_lang_parameter(site):
    by_header = Page(html_get(site, "/", **{"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"}).get_data(as_text=True))
    assert by_header.all("html")[0]["lang"] == "fr" and by_header.h1 == ["Graphe d'essai"]
    by_param = Page(html_get(site, "/?lang=en", **{"Accept-Language": "fr"}).get_data(as_text=True))
    assert by_param.all("html")[0]["lang"] == "en" and by_param.h1 == ["Test graph"]


@pytest.mark.parametrize("lang,words", [("en", "Place links and coordinates:"),
                                        ("fr", "Liens et coordonnées des lieux :")])
def test_every_page_credits_geonames_in_its_language(site, lang, words):
    """GeoNames data are CC BY 4.0: the footer names GeoNames and the licence, in the page's language."""
    footer = html_get(site, f"/?lang={lang}").get_data(as_text=True).split("<footer", 1)[1].split("</footer>")[0]
    assert words in footer
    assert 'href="https://www.geonames.org/"' in footer
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0<' in footer


# --- the practice browser ---------------------------------------------------------------------------------

def facet_counts(page: Page, name: str) -> dict[str, int]:
    """value -> count, read from the options of the filter's <select>."""
    html = page.html
    select = re.search(rf'<select id="filter-{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {value: int(count) for value, count in re.findall(r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)', select)}


def expected_counts(practices, name: str) -> dict[str, int]:
    counter = Counter()
    for item in practices:
        values = item["topics"] if name == "topic" else [item["country"] if name == "country" else item["year"]]
        counter.update(str(value) for value in values)
    return dict(counter)


def test_browser_counts_every_filter_value(site):
    page = Page(html_get(site, "/practices").get_data(as_text=True))
    for name in ("topic", "country", "year"):
        assert facet_counts(page, name) == expected_counts(ALL_PRACTICES, name)
    assert f"{len(ALL_PRACTICES)} practices" in page.body_text


def test_browser_counts_under_the_current_filter(site):
    page = Page(html_get(site, "/practices?topic=refugees&country=spain").get_data(as_text=True))
    chosen = [p for p in ALL_PRACTICES if "refugees" in p["topics"] and p["country"] == "spain"]
    assert f"{len(chosen)} practices" in page.body_text
    for name in ("topic", "country", "year"):
        assert facet_counts(page, name) == expected_counts(chosen, name)
    listed = re.findall(r'href="/doc/practice/([a-z0-9-]+)"', page.html)
    assert sorted(listed) == sorted(p["slug"] for p in chosen)


def test_browser_pages_in_title_order(site):
    first = Page(html_get(site, "/practices").get_data(as_text=True))
    second = Page(html_get(site, "/practices?page=2").get_data(as_text=True))
    listed = [re.findall(r'href="/doc/practice/([a-z0-9-]+)"', page.html) for page in (first, second)]
    ordered = [p["slug"] for p in sorted(ALL_PRACTICES, key=lambda p: p["en"].lower())]
    assert listed[0] == ordered[:20] and listed[1] == ordered[20:]
    assert "Page 2 of 2" in second.body_text
    assert any(attrs.get("rel") == "next" and attrs.get("href") == "/practices?page=2" for attrs in first.all("link"))


def test_browser_orders_by_french_titles_in_french(site):
    page = Page(html_get(site, "/practices?lang=fr").get_data(as_text=True))
    listed = re.findall(r'href="/doc/practice/([a-z0-9-]+)\?lang=fr"', page.html)
    # A French title when there is one, else the English one (the hostile practice has no French title).
    titles = {p["slug"]: (p["fr"] or p["en"]) for p in ALL_PRACTICES}
    assert listed == sorted(titles, key=lambda slug: titles[slug].lower())[:20]
    assert "Pratique 01" in page.body_text and "Éducation" in page.body_text


def test_browser_urls_are_stable_per_filter_state(site):
    page = Page(html_get(site, "/practices?year=2016&topic=education").get_data(as_text=True))
    canonical = [attrs["href"] for attrs in page.all("link") if attrs.get("rel") == "canonical"]
    assert canonical == ["http://localhost/practices?topic=education&year=2016"]
    # Choosing a country keeps the other filters, in the same fixed order, and goes back to page 1.
    assert "/practices?topic=education&country=spain&year=2016" in page.links()


def test_the_filter_form_lands_on_the_short_address(site):
    response = site.get("/practices?topic=refugees&country=&year=&lang=fr", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/practices?topic=refugees&lang=fr"
    assert site.get("/practices?topic=&country=&year=").headers["Location"] == "/practices"


@pytest.mark.parametrize("query", ["topic=Not%20A%20Slug", "year=20x0", "page=0", "country=%3Cscript%3E"])
def test_browser_refuses_malformed_filters_with_a_clear_page(site, query):
    response = html_get(site, f"/practices?{query}")
    assert response.status_code == 400
    page = Page(response.get_data(as_text=True))
    assert "must be" in page.body_text and "Traceback" not in page.body_text


def test_browser_answers_404_past_the_last_page(site):
    assert html_get(site, "/practices?page=9").status_code == 404


# --- entity pages -------------------------------------------------------------------------------------------

def test_a_hostile_title_is_shown_as_text(site):
    response = html_get(site, "/doc/practice/hostile")
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<b>markup</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = Page(html)
    assert page.h1 == [HOSTILE_TITLE]
    assert "An abstract with <b>markup</b> that must stay text." in page.body_text
    # The JSON-LD block cannot be closed early by the data, and still says the same thing.
    (document,) = page.jsonld()
    assert HOSTILE_TITLE in strings_in(document)
    # The practice list escapes it too.
    listing = html_get(site, "/practices?year=2020").get_data(as_text=True)
    assert "<script>alert" not in listing and "&lt;script&gt;" in listing


def test_entity_page_shows_links_incoming_links_source_and_formats(site):
    page = Page(html_get(site, "/doc/practice/p-01").get_data(as_text=True))
    assert page.h1 == ["Practice 01"]
    links = page.links()
    assert "/doc/body/test-council" in links and "/doc/topic/education" in links
    assert "/doc/country/spain" in links and "/ontology#Practice" in links
    assert "https://www.coe.int/en/web/interculturalcities/-/p-01" in links
    for extension in ("ttl", "jsonld", "rdf", "nt"):
        assert f"/doc/practice/p-01.{extension}" in links
    assert "2016 onwards" in page.body_text  # the period, shown inline
    council = Page(html_get(site, "/doc/body/test-council").get_data(as_text=True))
    assert "/doc/practice/p-01" in council.links()  # incoming: the practice that describes it
    assert "19" in council.body_text and "China" in council.body_text


def test_entity_page_embeds_its_json_ld_document(site):
    page = Page(html_get(site, "/doc/body/test-council").get_data(as_text=True))
    embedded = json.dumps(page.jsonld())
    assert f"{BASE}/id/body/test-council" in embedded and f"{BASE}/id/country/china" in embedded


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_page_names_things_from_its_document_as_the_store_would(site, lang):
    """A document holds the labels of every IRI among its subjects and objects, so a page takes
    their names from it and asks the store only for the others (its properties): the same names."""
    from rdflib import URIRef

    from endpoint.facets import DocumentNames, labels
    from icc_graph.terms import to_rdflib

    store = site.application.extensions["icc_store"]
    subjects = {row["s"] for row in store.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")}
    assert len(subjects) > 40
    for subject in sorted(subjects):
        triples = [tuple(to_rdflib(term) for term in (t.subject, t.predicate, t.object))
                   for t in store.document_triples(str(subject))]
        mentioned = {term for triple in triples for term in triple if isinstance(term, URIRef)}
        assert DocumentNames.of(triples, lang).labels(store, BASE, mentioned, lang) == \
            labels(store, BASE, mentioned, lang), subject


def test_entity_labels_follow_the_language(site):
    french = Page(html_get(site, "/doc/body/test-council", **{"Accept-Language": "fr"}).get_data(as_text=True))
    assert french.h1 == ["Conseil d'essai"]
    assert "Chine" in french.body_text and "nombre de membres" in french.body_text
    english = Page(html_get(site, "/doc/body/test-council?lang=en", **{"Accept-Language": "fr"}).get_data(as_text=True))
    assert english.h1 == ["Test council"] and "member count" in english.body_text
    # No French title: the English one is used, and the page says so.
    fallback = Page(html_get(site, "/doc/practice/hostile?lang=fr").get_data(as_text=True))
    assert fallback.h1 == [HOSTILE_TITLE + " (en)"]


def test_topic_and_country_pages_link_to_the_filtered_browser(site):
    page = Page(html_get(site, "/doc/topic/refugees").get_data(as_text=True))
    assert "/practices?topic=refugees" in page.links()
    incoming = {slug for slug in re.findall(r'href="/doc/practice/([a-z0-9-]+)"', page.html)}
    assert incoming == {p["slug"] for p in ALL_PRACTICES if "refugees" in p["topics"]}


def test_scheme_page_lists_its_concepts_with_counts(site):
    page = Page(html_get(site, "/doc/scheme/topics").get_data(as_text=True))
    assert page.h1 == ["ICC topics"] and "The topics of the site filter." in page.body_text
    counts = expected_counts(ALL_PRACTICES, "topic")
    for slug, (label, _) in TOPICS.items():
        assert f"/doc/topic/{slug}" in page.links()
        assert f"/practices?topic={slug}" in page.links()
        assert f"{label} {counts[slug]} practices" in page.body_text


@pytest.fixture(scope="module")
def counted_site(tmp_path_factory):
    """The same release with the build's figures in release.json."""
    dist = tmp_path_factory.mktemp("pages-dist-counted")
    write_release(dist, fixture_turtle(), figures=True)
    application = create_app({"DIST_DIR": str(dist), "BASE_IRI": BASE, "QUERY_WORKERS": 1, "TESTING": True})
    yield application.test_client()
    application.extensions["icc_store"].close()


@pytest.mark.parametrize("scheme", ["topics", "countries", "years"])
def test_scheme_pages_count_from_the_release_figures_as_the_store_would(site, counted_site, scheme):
    """A scheme page's counts come from release.json's figures when the build made them (no
    aggregate per request: 20-60 s at 100k practices) and from one SPARQL aggregate otherwise."""
    with counted_site.application.test_request_context("/"):
        assert things.release_stats() is not None
    with site.application.test_request_context("/"):
        assert things.release_stats() is None
    counted = Page(html_get(counted_site, f"/doc/scheme/{scheme}").get_data(as_text=True))
    aggregated = Page(html_get(site, f"/doc/scheme/{scheme}").get_data(as_text=True))
    assert counted.body_text == aggregated.body_text
    if scheme == "years":
        per_year = Counter(item["year"] for item in ALL_PRACTICES)
        for year, n in per_year.items():
            assert f"{year} {n} practice" in counted.body_text and f"/practices?year={year}" in counted.links()
        # a year no practice has is listed, without a count or a link to an empty page
        assert "/doc/year/2030" in counted.links() and "/practices?year=2030" not in counted.links()


def test_ontology_page_lists_terms_with_anchors(site):
    page = Page(html_get(site, "/ontology?lang=fr").get_data(as_text=True))
    assert page.h1 == ["Ontologie d'essai"]
    anchors = {attrs.get("id") for attrs in page.all("h3")}
    assert {"Practice", "Body", "Council", "memberCount", "representsNationality"} <= anchors
    assert "Une bonne pratique documentée." in page.body_text
    assert "/ontology?lang=fr#Body" in page.links()  # Council is a subclass of Body


# --- the query editor ----------------------------------------------------------------------------------------

def test_editor_offers_every_example_one_click_away_and_works_without_scripts(site):
    page = Page(html_get(site, "/sparql").get_data(as_text=True))
    examples = load_examples()
    links = [attrs for attrs in page.all("a") if "data-example" in attrs]
    assert [attrs["data-example"] for attrs in links] == [example.name for example in examples]
    assert [attrs["href"] for attrs in links] == [f"/sparql?example={example.name}" for example in examples]
    assert links[0].get("aria-current") == "true"
    forms = [form for form in page.all("form") if form.get("role") != "search"]  # less the site's search box
    assert forms and all(form.get("action") == "/sparql" for form in forms)
    assert "query" in {attrs.get("name") for attrs in page.all("textarea")}
    assert f"BASE <{BASE}/>" in page.body_text  # the first example, ready to run


def editor_config(page: Page) -> dict:
    (text,) = [text for attrs, text in page.scripts if attrs.get("id") == "editor-config"]
    return json.loads(text)


def test_editor_script_gets_examples_prefixes_and_where_iris_lead(site):
    config = editor_config(Page(html_get(site, "/sparql?lang=fr").get_data(as_text=True)))
    assert config["examples"] == {example.name: example.text(BASE) for example in load_examples()}
    assert config["prefixes"]["icc"] == f"{BASE}/ontology#"
    assert config["prefixes"]["practice"] == f"{BASE}/id/practice/"
    assert config["prefixes"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert config["links"] == [[f"{BASE}/id/", "/doc/"], [f"{BASE}/ontology#", "/ontology#"]]
    assert config["messages"]["rows"] == "{n} lignes"


def test_editor_loads_the_editor_bundle_only_when_it_is_installed(site, monkeypatch, tmp_path):
    from endpoint import editor as pages

    monkeypatch.setattr(pages, "YASGUI", tmp_path / "absent.js")
    scripts = [attrs.get("src", "") for attrs in Page(html_get(site, "/sparql").get_data(as_text=True)).all("script")]
    assert "/assets/editor.js" in scripts and not any("vendor" in src for src in scripts)
    bundle = tmp_path / "yasgui.min.js"
    bundle.write_text("")
    monkeypatch.setattr(pages, "YASGUI", bundle)
    page = Page(html_get(site, "/sparql").get_data(as_text=True))
    scripts = [attrs.get("src", "") for attrs in page.all("script")]
    assert scripts.index("/assets/vendor/yasgui.min.js") < scripts.index("/assets/editor.js")
    assert "/assets/vendor/yasgui.min.css" in [attrs.get("href") for attrs in page.all("link")]


def test_editor_loads_the_chosen_example(site):
    chosen = load_examples()[2]
    page = Page(html_get(site, f"/sparql?example={chosen.name}").get_data(as_text=True))
    textarea = re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', page.html, re.S).group(1)
    assert html_module.unescape(textarea) == chosen.text(BASE)


def test_unknown_documents_are_not_found(site):
    assert site.get("/doc/practice/no-such-practice", headers={"Accept": "text/html"}).status_code == 404


def test_error_pages_can_be_rendered_without_the_store(site):
    from endpoint.html import render_error

    with site.application.test_request_context("/doc/x?lang=fr"):
        page = Page(render_error(503, "Service indisponible", "<no release> yet"))
    assert page.h1 == ["Service indisponible"] and "<no release> yet" in page.body_text
    assert page.all("html")[0]["lang"] == "fr"


def test_standard_properties_get_readable_names(site):
    page = Page(html_get(site, "/doc/practice/p-02?lang=fr").get_data(as_text=True))
    assert "titre" in page.body_text and "thème" in page.body_text
