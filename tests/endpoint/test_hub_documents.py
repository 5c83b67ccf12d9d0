"""A hub's document (a country, a class: linked from many things) holds the first
ICC_DOCUMENT_INCOMING_LIMIT incoming links, the same on every call in /doc and DESCRIBE, and an
``rdfs:seeAlso`` to where the rest is listed: the practice browser's page of the country (a Hydra
collection), or a query on /sparql. Over a real server on the repository's release."""
from __future__ import annotations

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import CSV, TURTLE, SPARQLWrapper

from tests.live import DEFAULT_BASE_IRI as BASE, live_server

LIMIT = 3
HYDRA = "http://www.w3.org/ns/hydra/core#"


@pytest.fixture(scope="module")
def site(built_dist):
    with live_server(built_dist, workers=1, env={"ICC_DOCUMENT_INCOMING_LIMIT": str(LIMIT)}) as (url, _):
        yield url


def local(site: str, iri: str) -> str:
    return site + iri.removeprefix(BASE)


def select(site: str, query: str) -> list[list[str]]:
    client = SPARQLWrapper(site + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(CSV)
    return [line.split(",") for line in client.query().convert().decode().splitlines()[1:]]


def busiest(site: str, prefix: str) -> tuple[str, int]:
    """The IRI under *prefix* with the most incoming links, and their number."""
    iri, n = select(site, f"SELECT ?o (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?o), '{prefix}')) }} "
                          "GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 1")[0]
    return iri, int(n)


def document(site: str, iri: str) -> tuple[bytes, Graph]:
    response = requests.get(local(site, iri), headers={"Accept": "application/n-triples"}, timeout=10)
    assert response.status_code == 200
    return response.content, Graph().parse(data=response.content, format="nt")


def incoming(graph: Graph, iri: str) -> set:
    return {(s, p) for s, p in graph.subject_predicates(URIRef(iri))}


def test_a_country_holds_the_first_links_and_its_browser_page_lists_the_rest(site):
    country, total = busiest(site, f"{BASE}/id/country/")
    assert total > LIMIT
    body, graph = document(site, country)
    assert document(site, country)[0] == body  # the same triples on every call
    assert len(incoming(graph, country)) == LIMIT
    everyone = {tuple(row) for row in select(site, f"SELECT ?s ?p WHERE {{ ?s ?p <{country}> }} ORDER BY ?s ?p")}
    assert {(str(s), str(p)) for s, p in incoming(graph, country)} == set(sorted(everyone)[:LIMIT])
    more = graph.value(URIRef(country), RDFS.seeAlso)
    assert str(more) == f"{BASE}/practices?country={country.rsplit('/', 1)[1]}"
    assert f"{total - LIMIT} more links to this resource" in {str(label) for label in graph.objects(more, RDFS.label)}
    listed = set()
    page = local(site, str(more))
    while page:  # the Hydra collection, page by page
        listing = Graph().parse(data=requests.get(page, headers={"Accept": "text/turtle"}, timeout=10).text,
                                format="turtle", publicID=page)
        listed |= {str(m) for m in listing.objects(None, URIRef(HYDRA + "member"))}
        following = listing.value(URIRef(page), URIRef(HYDRA + "next"))  # the page's own URL
        page = str(following) if following else None
    left_out = {s for s, p in everyone} - {str(s) for s, p in incoming(graph, country)}
    practices_left_out = {s for s in left_out if s.startswith(f"{BASE}/id/practice/")}
    assert practices_left_out and practices_left_out <= listed


def describe(site: str, iri: str) -> Graph:
    client = SPARQLWrapper(site + "/sparql")
    client.setQuery(f"DESCRIBE <{iri}>")
    client.setReturnFormat(TURTLE)
    return Graph().parse(data=client.query().response.read(), format="turtle")


def test_describe_is_the_document(site):
    country, _ = busiest(site, f"{BASE}/id/country/")
    body, graph = document(site, country)
    described = describe(site, country)
    about_the_document = {t for t in graph if str(t[0]).startswith(f"{BASE}/doc/")}  # its version stamp
    assert len(incoming(described, country)) == LIMIT and set(described) == set(graph) - about_the_document


def test_a_class_links_to_a_query_of_every_link(site):
    klass = f"{BASE}/ontology#Practice"  # a hash IRI: its document is DESCRIBE's
    graph = describe(site, klass)
    assert len(incoming(graph, klass)) == LIMIT
    more = str(graph.value(URIRef(klass), RDFS.seeAlso))
    assert more.startswith(f"{BASE}/sparql?query=")
    answer = requests.get(local(site, more), headers={"Accept": "text/csv"}, timeout=10)
    rows = answer.text.splitlines()[1:]
    assert len(rows) == len(select(site, f"SELECT ?s WHERE {{ ?s ?p <{klass}> }}")) > LIMIT
    assert f"{len(rows) - LIMIT} more links to this resource" in {str(o) for o in graph.objects(URIRef(more), RDFS.label)}
    assert {tuple(r.split(",")) for r in rows[:LIMIT]} == {(str(s), str(p)) for s, p in incoming(graph, klass)}


def test_the_page_says_how_many_more_and_links_to_them(site):
    country, total = busiest(site, f"{BASE}/id/country/")
    html = requests.get(local(site, country), headers={"Accept": "text/html"}, timeout=10).text
    assert f'rel="next">{total - LIMIT} more links to this resource</a>' in html
    assert html.count("more links to this resource</a>") == 1  # under the links, not again as a property
    french = requests.get(local(site, country) + "?lang=fr", headers={"Accept": "text/html"}, timeout=10).text
    assert f"{total - LIMIT} liens de plus" in french
