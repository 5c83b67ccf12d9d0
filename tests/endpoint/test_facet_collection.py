"""Facet pages as Linked Data: ``/practices?...`` negotiates Turtle and JSON-LD at the same URL, a
Hydra collection with paging links on the page's own URL and TREE relations carrying the counts.
Expected numbers come from the Python lists that generate the page tests' release."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from endpoint import create_app

from .test_pages import ALL_PRACTICES, BASE, expected_counts, fixture_turtle, write_release

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
TREE = Namespace("https://w3id.org/tree#")
SITE = "http://localhost"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dist = tmp_path_factory.mktemp("facet-collection-dist")
    write_release(dist, fixture_turtle())
    application = create_app({"DIST_DIR": str(dist), "BASE_IRI": BASE, "QUERY_WORKERS": 1, "TESTING": True})
    yield application.test_client()
    application.extensions["icc_store"].close()


def collection(site, path: str, accept: str = "text/turtle") -> Graph:
    response = site.get(path, headers={"Accept": accept})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Vary"] == "Accept, Accept-Language"
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld"}[accept]
    assert response.content_type.startswith(accept)
    return Graph().parse(data=response.get_data(as_text=True), format=fmt, publicID=SITE + path)


def practice(slug: str) -> URIRef:
    return URIRef(f"{BASE}/id/practice/{slug}")


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json"])
def test_a_filtered_page_is_a_hydra_collection_of_its_members(site, accept):
    graph = collection(site, "/practices?topic=refugees&country=spain", accept)
    chosen = [p for p in ALL_PRACTICES if "refugees" in p["topics"] and p["country"] == "spain"]
    home = URIRef(f"{SITE}/practices?topic=refugees&country=spain")
    assert (home, RDF.type, HYDRA.Collection) in graph
    assert graph.value(home, HYDRA.totalItems).toPython() == len(chosen)
    assert set(graph.objects(home, HYDRA.member)) == {practice(p["slug"]) for p in chosen}
    assert graph.value(home, HYDRA.view) == home  # page 1 is the collection's own address
    managed = {(graph.value(b, HYDRA.property), graph.value(b, HYDRA.object)) for b in graph.objects(home, HYDRA.manages)}
    assert managed == {(RDF.type, URIRef(f"{BASE}/ontology#Practice")),
                       (DCTERMS.subject, URIRef(f"{BASE}/id/topic/refugees")),
                       (URIRef(f"{BASE}/ontology#country"), URIRef(f"{BASE}/id/country/spain"))}


def test_paging_links_are_asserted_on_the_page_s_own_url(site):
    page = URIRef(f"{SITE}/practices?page=2")
    graph = collection(site, "/practices?page=2")
    whole = URIRef(f"{SITE}/practices")
    assert graph.value(whole, HYDRA.view) == page
    assert (page, RDF.type, HYDRA.PartialCollectionView) in graph
    assert graph.value(page, HYDRA.first) == whole
    assert graph.value(page, HYDRA.previous) == whole
    assert graph.value(page, HYDRA.last) == page
    assert graph.value(page, HYDRA.next) is None
    first = collection(site, "/practices")
    assert first.value(whole, HYDRA.next) == page and first.value(whole, HYDRA.previous) is None
    members = set(first.objects(whole, HYDRA.member)) | set(graph.objects(whole, HYDRA.member))
    assert members == {practice(p["slug"]) for p in ALL_PRACTICES}
    assert len(set(first.objects(whole, HYDRA.member))) == 20


def test_facet_values_are_tree_relations_with_their_counts(site):
    graph = collection(site, "/practices?country=spain")
    view = URIRef(f"{SITE}/practices?country=spain")
    chosen = [p for p in ALL_PRACTICES if p["country"] == "spain"]
    found: dict[str, dict[str, int]] = {"topic": {}, "year": {}, "country": {}}
    for relation in graph.objects(view, TREE.relation):
        assert (relation, RDF.type, TREE.EqualToRelation) in graph
        value, node = graph.value(relation, TREE.value), graph.value(relation, TREE.node)
        count = graph.value(relation, TREE.remainingItems).toPython()
        if graph.value(relation, TREE.path) == DCTERMS.subject:
            slug = str(value).rsplit("/", 1)[-1]
            found["topic"][slug] = count
            assert node == URIRef(f"{SITE}/practices?topic={slug}&country=spain")
            assert graph.value(value, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) is not None
        elif isinstance(value, Literal):
            assert value.datatype == XSD.gYear
            found["year"][str(value)] = count
            assert node == URIRef(f"{SITE}/practices?country=spain&year={value}")
    assert found["topic"] == expected_counts(chosen, "topic")
    assert found["year"] == expected_counts(chosen, "year")
    assert not found["country"]  # the country chosen is the collection itself


def test_the_search_template_names_every_filter(site):
    graph = collection(site, "/practices?year=2016")
    search = graph.value(URIRef(f"{SITE}/practices?year=2016"), HYDRA.search)
    assert str(graph.value(search, HYDRA.template)) == f"{SITE}/practices{{?topic,country,year,page}}"
    variables = {str(graph.value(m, HYDRA.variable)): graph.value(m, HYDRA.property)
                 for m in graph.objects(search, HYDRA.mapping)}
    assert variables == {"topic": DCTERMS.subject, "country": URIRef(f"{BASE}/ontology#country"),
                         "year": URIRef(f"{BASE}/ontology#year"), "page": HYDRA.pageIndex}


def test_the_same_url_still_serves_html_and_refuses_what_it_cannot(site):
    html = site.get("/practices?topic=roma", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert html.status_code == 200 and html.content_type.startswith("text/html")
    assert site.get("/practices?topic=roma", headers={"Accept": "*/*"}).content_type.startswith("text/html")
    pinned = site.get("/practices?topic=roma&format=ttl", headers={"Accept": "text/html"})
    assert pinned.content_type.startswith("text/turtle")
    refused = site.get("/practices", headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "text/turtle" in refused.get_data(as_text=True)
    assert site.get("/practices?page=9", headers={"Accept": "text/turtle"}).status_code == 404
