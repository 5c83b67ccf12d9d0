"""The endpoint over the release built from the repository's own data/."""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.conftest import TEST_BASE_IRI as BASE

from .conftest import app_over

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt"}


@pytest.fixture(scope="module")
def real_client(built_dist):
    with app_over(built_dist) as app:
        yield app.test_client()


@pytest.fixture(scope="module")
def documents(real_client):
    locations = [el.text for el in ET.fromstring(real_client.get("/sitemap.xml").data)
                 .iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return [loc[len(BASE):] for loc in locations if "/doc/" in loc]


def test_a_document_of_each_kind_answers_in_every_format_with_the_same_graph(real_client, documents):
    assert len(documents) > 20
    kinds = {path.split("/")[2] for path in documents}
    assert {"practice", "city", "country", "topic", "scheme"} <= kinds
    one_per_kind = {path.split("/")[2]: path for path in reversed(documents)}
    for path in one_per_kind.values():
        graphs = []
        for extension, parser in PARSERS.items():
            response = real_client.get(f"{path}.{extension}")
            assert response.status_code == 200, path
            graphs.append(rdflib.Graph().parse(data=response.data, format=parser))
        assert all(isomorphic(graphs[0], other) for other in graphs[1:]), path
        assert (rdflib.URIRef(BASE + path.replace("/doc/", "/id/")), None, None) in graphs[0]


def test_describe_equals_the_document_for_a_practice(real_client, documents):
    practice = next(path for path in documents if path.startswith("/doc/practice/"))
    iri = BASE + practice.replace("/doc/", "/id/")
    described = real_client.get("/sparql", query_string={"query": f"DESCRIBE <{iri}>", "format": "ttl"})
    document = rdflib.Graph().parse(data=real_client.get(f"{practice}.ttl").data, format="turtle")
    # the document also says when it last changed (docs/history.md); DESCRIBE tells of the thing only
    dated = (rdflib.URIRef(BASE + practice), rdflib.namespace.DCTERMS.modified, None)
    assert len(list(document.triples(dated))) == 1
    document.remove(dated)
    assert isomorphic(rdflib.Graph().parse(data=described.data, format="turtle"), document)


def test_catalog_describes_the_endpoint(real_client):
    graph = rdflib.Graph().parse(data=real_client.get("/catalog").data, format="turtle")
    services = set(graph.subjects(rdflib.RDF.type, DCAT.DataService))
    assert any((service, DCAT.endpointURL, rdflib.URIRef(f"{BASE}/sparql")) in graph for service in services)


def test_dumps_match_their_checksums(real_client):
    listing = real_client.get("/dumps/").get_json()
    for entry in listing["files"]:
        if entry["sha256"]:
            with real_client.get(entry["url"]) as response:
                assert hashlib.sha256(response.data).hexdigest() == entry["sha256"], entry["name"]


def test_ontology_and_void(real_client):
    assert real_client.get("/ontology", headers={"Accept": "text/turtle"}).status_code == 200
    void = rdflib.Graph().parse(data=real_client.get("/.well-known/void").data, format="turtle")
    assert len(void) > 10
