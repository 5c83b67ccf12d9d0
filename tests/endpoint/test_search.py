"""``/search`` (HTML and JSON), its suggestions and its OpenSearch description, over the release
built from the repository's data/, through Flask's client and a live server."""
from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest
import requests

from tests.conftest import TEST_BASE_IRI as BASE
from tests.live import live_server

from .conftest import app_over

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


@pytest.fixture(scope="module")
def real_client(built_dist):
    with app_over(built_dist) as app:
        yield app.test_client()


@pytest.fixture(scope="module")
def live(built_dist):
    with live_server(built_dist, workers=1, threads=2) as (url, _):
        yield url


def search_json(client, **params):
    response = client.get("/search", query_string={**params, "format": "json"})
    assert response.status_code == 200, response.data
    return response.get_json()


def test_json_ranks_highlights_and_pages(real_client):
    found = search_json(real_client, q="anti-rumour")
    assert found["query"] == "anti-rumour" and found["page"] == 1 and found["pageSize"] == 20
    assert found["total"] >= 5 and len(found["results"]) == min(found["total"], 20)
    first = found["results"][0]
    assert first["id"] == f"{BASE}/id/topic/anti-rumour" and first["kind"] == "topic"
    scores = [hit["score"] for hit in found["results"]]
    assert scores == sorted(scores, reverse=True)
    for hit in found["results"]:  # every title has its matched words marked, by character offsets
        marked = [hit["title"]["text"][a:b].lower() for a, b in hit["title"]["highlights"]]
        assert marked and all(word.startswith(("anti", "rumour", "rumeur")) for word in marked), hit
        assert hit["url"].endswith(hit["id"].replace(BASE, "").replace("/id/", "/doc/"))


def test_filters_combine_with_the_words(real_client):
    practices = search_json(real_client, q="anti-rumour", kind="practice")
    assert practices["filters"] == {"kind": "practice"}
    assert practices["total"] == search_json(real_client, q="anti-rumour")["total"] - 1  # less the topic
    spanish = search_json(real_client, q="anti-rumour", kind="practice", country="spain")
    assert 0 < spanish["total"] < practices["total"]
    assert all(hit["country"] == ["spain"] for hit in spanish["results"])
    year = search_json(real_client, year="2016", kind="practice")
    assert year["total"] > 0 and all("2016" in hit["year"] for hit in year["results"])
    topic = search_json(real_client, topic="anti-rumour")
    assert topic["total"] > 0 and all("anti-rumour" in hit["topic"] for hit in topic["results"])
    assert search_json(real_client, q="anti-rumour", kind="practice", year="1999")["total"] == 0


def test_a_french_word_finds_a_french_title(real_client):
    found = search_json(real_client, q="rumeurs", lang="fr")
    assert any(hit["id"].endswith("/cafes-anti-rumeurs") for hit in found["results"])


@pytest.mark.parametrize("params, message", [
    ({"kind": "planet"}, "'kind' must be one of"),
    ({"country": "Not A Slug"}, "'country' must be a slug"),
    ({"year": "20"}, "'year' must be a number"),
    ({"page": "0"}, "'page' must be a number"),
    ({"q": "x" * 301}, "at most 300 characters"),
])
def test_bad_parameters_are_400_with_a_reason(real_client, params, message):
    for fmt in ("json", "html"):
        response = real_client.get("/search", query_string={**params, "format": fmt})
        assert response.status_code == 400 and message in html.unescape(response.get_data(as_text=True))


def test_the_page_shows_marked_hits_in_both_languages(real_client):
    english = real_client.get("/search?q=anti-rum").get_data(as_text=True)
    assert '<mark>Anti</mark>-<mark>Rumour</mark> Web App</a>' in english
    assert 'name="q" value="anti-rum"' in english and "results</h2>" in english
    french = real_client.get("/search?q=anti-rum&lang=fr").get_data(as_text=True)
    assert "résultats</h2>" in french and 'name="lang" value="fr"' in french
    paged = real_client.get("/search?kind=practice").get_data(as_text=True)
    assert 'href="/search?kind=practice&amp;page=2" rel="next"' in paged


def test_every_page_has_the_search_box_and_names_the_opensearch_description(real_client):
    for path in ("/", "/practices", "/doc/topic/education", "/search"):
        page = real_client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        assert 'role="search"' in page and 'action="/search"' in page, path
        assert '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"' in page
    assert 'href="/search"' in real_client.get("/").get_data(as_text=True)


def test_suggestions_answer_a_prefix(real_client):
    response = real_client.get("/search/suggest?q=amad")
    assert response.content_type.startswith("application/x-suggestions+json")
    typed, names, kinds, urls = response.get_json()
    assert typed == "amad" and names[0] == "Amadora" and kinds[0] == "city" and urls[0].endswith("/doc/city/amadora")
    assert all("amadora" in name.lower() for name in names)


def test_over_http_the_opensearch_templates_answer(live):
    description = requests.get(live + "/opensearch.xml", timeout=10)
    assert description.headers["Content-Type"].startswith("application/opensearchdescription+xml")
    urls = {url.get("type"): url.get("template") for url in ET.fromstring(description.content).iter(f"{OPENSEARCH}Url")}
    assert set(urls) >= {"text/html", "application/json", "application/x-suggestions+json"}
    for media_type, template in urls.items():
        if media_type == "application/opensearchdescription+xml":
            continue
        answer = requests.get(template.replace("{searchTerms}", "intercultural"), timeout=10)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(media_type), template
    hits = requests.get(live + "/search", params={"q": "intercultural"}, headers={"Accept": "application/json"},
                        timeout=10).json()
    assert hits["total"] > 0 and all("intercultur" in hit["title"]["text"].lower() or hit["snippet"]
                                     for hit in hits["results"])


def test_the_catalogue_void_service_description_and_openapi_name_the_search(real_client):
    import rdflib
    from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID

    catalog = rdflib.Graph().parse(data=real_client.get("/catalog", headers={"Accept": "text/turtle"}).data,
                                   format="turtle")
    service = rdflib.URIRef(f"{BASE}/catalog#search-service")
    assert (rdflib.URIRef(f"{BASE}/catalog"), DCAT.service, service) in catalog
    assert (service, RDF.type, DCAT.DataService) in catalog
    assert (service, DCAT.endpointURL, rdflib.URIRef(f"{BASE}/search")) in catalog
    assert (service, DCAT.endpointDescription, rdflib.URIRef(f"{BASE}/opensearch.xml")) in catalog
    void = rdflib.Graph().parse(data=real_client.get("/.well-known/void", headers={"Accept": "text/turtle"}).data,
                                format="turtle")
    dataset = rdflib.URIRef(f"{BASE}/dataset")
    assert (dataset, VOID.openSearchDescription, rdflib.URIRef(f"{BASE}/opensearch.xml")) in void
    assert (dataset, VOID.uriLookupEndpoint, rdflib.URIRef(f"{BASE}/search?q=")) in void
    described = rdflib.Graph().parse(data=real_client.get("/sparql", headers={"Accept": "text/turtle"}).data,
                                     format="turtle")
    assert (rdflib.URIRef(f"{BASE}/sparql"), RDFS.seeAlso, rdflib.URIRef(f"{BASE}/search")) in described
    assert (None, VOID.openSearchDescription, rdflib.URIRef(f"{BASE}/opensearch.xml")) in described
    assert (rdflib.URIRef(f"{BASE}/search"), DCTERMS.conformsTo, None) in described
    paths = real_client.get("/openapi.json").get_json()["paths"]
    assert {"/search", "/search/suggest", "/opensearch.xml"} <= set(paths)
    assert {p["name"] for p in paths["/search"]["get"]["parameters"]} >= {"q", "kind", "topic", "country", "year"}
