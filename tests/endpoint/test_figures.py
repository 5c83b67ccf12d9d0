"""The figures on the home page and the practice browser equal SPARQL counts over the release.

A live server over the release built from the repository's data/; the counts are asked of its
SPARQL endpoint with SPARQLWrapper, the figures read from the pages' SVG as a browser parses it."""
from __future__ import annotations

import pytest
import requests
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.conftest import TEST_BASE_IRI as BASE
from tests.live import live_server
from tests.pages import chart_bars, parse, text

pytestmark = pytest.mark.live

COUNTS = {  # per facet: the values a practice has, as the browser filters on them
    "topic": "?practice dcterms:subject ?value . ?value skos:inScheme <id/scheme/topics>",
    "country": "?practice icc:country ?value",
    "year": "?practice icc:year ?value",
}


@pytest.fixture(scope="module")
def server(built_dist):
    with live_server(built_dist, base_iri=BASE) as (url, _):
        yield url


def sparql_counts(server: str, facet: str, restriction: str = "") -> dict[tuple, int]:
    client = SPARQLWrapper(server + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(f"""BASE <{BASE}/>
        PREFIX icc: <ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?value (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?practice a icc:Practice . {restriction} {COUNTS[facet]} }} GROUP BY ?value""")
    rows = client.queryAndConvert()["results"]["bindings"]
    return {row["value"]["value"].rsplit("/", 1)[-1]: int(row["n"]["value"]) for row in rows}


def page(server: str, path: str):
    answer = requests.get(server + path, headers={"Accept": "text/html"}, timeout=30)
    assert answer.status_code == 200
    return parse(answer.text)


@pytest.mark.parametrize("facet", sorted(COUNTS))
def test_home_figures_equal_sparql_counts(server, facet):
    bars = chart_bars(page(server, "/"), f"chart-{facet}")
    expected = sparql_counts(server, facet)
    assert bars == {((facet, value),): n for value, n in expected.items()} and expected


def test_practice_browser_figures_follow_its_filter(server):
    tree = page(server, "/practices?country=south-korea")
    for facet in sorted(COUNTS):
        expected = sparql_counts(server, facet, "?practice icc:country <id/country/south-korea> .")
        assert chart_bars(tree, f"chart-{facet}") == {
            tuple(sorted({("country", "south-korea"), (facet, value)})): n for value, n in expected.items()}


def test_every_number_on_the_home_page_leads_to_its_list(server):
    tree = page(server, "/")
    links = {text(a.find("strong")): a.get("href") for a in tree.iterfind(".//ul[@class='counts']/li/a")}
    assert len(links) == 6
    for number, href in links.items():
        answer = requests.get(server + href, headers={"Accept": "text/html"}, timeout=30)
        assert answer.status_code == 200, href
        if "/sparql?" in href:  # a listing query: its answer has as many rows as the number says
            rows = parse(answer.text).findall(".//table//tbody/tr")
            assert len(rows) == int(number), href
