"""/id -> 303 -> /doc, negotiation of documents, ETags, the ontology and the topic scheme."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from .conftest import BASE
from .test_negotiation import CHROME, FIREFOX, RDFLIB_ANY, SAFARI

RDF_TYPES = {"ttl": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
             "rdf": ("application/rdf+xml", "xml"), "nt": ("application/n-triples", "nt")}


def test_thing_redirects_to_its_document(client):
    response = client.get("/id/practice/oslo-council")
    assert response.status_code == 303
    assert response.headers["Location"] == "/doc/practice/oslo-council"


@pytest.mark.parametrize("path", ["/id/practice/nowhere", "/doc/practice/nowhere", "/id/planet/earth",
                                  "/doc/city/Oslo", "/doc/city/oslo.pdf", "/id/city/oslo%2Fx"])
def test_unknown_things_are_404(client, path):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("extension", sorted(RDF_TYPES))
def test_suffix_accept_and_format_give_the_same_bytes(client, extension):
    media_type, _ = RDF_TYPES[extension]
    pinned = client.get(f"/doc/practice/oslo-council.{extension}")
    negotiated = client.get("/doc/practice/oslo-council", headers={"Accept": media_type})
    by_param = client.get("/doc/practice/oslo-council", query_string={"format": extension},
                          headers={"Accept": CHROME})
    assert pinned.status_code == negotiated.status_code == by_param.status_code == 200
    assert pinned.data == negotiated.data == by_param.data
    assert pinned.mimetype == negotiated.mimetype == media_type
    assert pinned.headers["ETag"] == negotiated.headers["ETag"]
    assert "Accept" in negotiated.headers["Vary"]
    assert negotiated.headers["Content-Location"] == f"/doc/practice/oslo-council.{extension}"


def test_every_rdf_format_is_the_same_graph(client):
    graphs = [rdflib.Graph().parse(data=client.get(f"/doc/practice/oslo-council.{ext}").data, format=parser)
              for ext, (_, parser) in RDF_TYPES.items()]
    assert all(isomorphic(graphs[0], other) for other in graphs[1:])
    practice = rdflib.URIRef(f"{BASE}/id/practice/oslo-council")
    topic = rdflib.URIRef(f"{BASE}/id/topic/participation")
    graph = graphs[0]
    assert (practice, rdflib.DCTERMS.subject, topic) in graph
    # the labels of linked things travel with the document
    assert (topic, rdflib.SKOS.prefLabel, rdflib.Literal("Participation", lang="en")) in graph


def test_incoming_links_are_part_of_the_document(client):
    graph = rdflib.Graph().parse(data=client.get("/doc/topic/participation.ttl").data, format="turtle")
    practice = rdflib.URIRef(f"{BASE}/id/practice/oslo-council")
    assert (practice, rdflib.DCTERMS.subject, rdflib.URIRef(f"{BASE}/id/topic/participation")) in graph
    assert (practice, rdflib.DCTERMS.identifier, None) not in graph  # only its label comes along


@pytest.mark.parametrize("accept", [CHROME, FIREFOX, SAFARI])
def test_browsers_get_html(client, accept):
    response = client.get("/doc/practice/oslo-council", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Vary"] == "Accept, Accept-Language"


@pytest.mark.parametrize(("accept", "media_type"), [(RDFLIB_ANY, "text/turtle"), ("*/*", "text/turtle"),
                                                    (None, "text/turtle")])
def test_rdf_clients_get_rdf(client, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    assert client.get("/doc/practice/oslo-council", headers=headers).mimetype == media_type


def test_nothing_acceptable_is_406(client):
    assert client.get("/doc/practice/oslo-council", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/doc/practice/oslo-council?format=csv").status_code == 406


def test_alternates_are_linked(client):
    link = client.get("/doc/city/oslo.ttl").headers["Link"]
    for extension in ("ttl", "jsonld", "rdf", "nt", "html"):
        assert f'</doc/city/oslo.{extension}>; rel="alternate"' in link


def test_etag_and_304(client):
    first = client.get("/doc/city/oslo", headers={"Accept": "text/turtle"})
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/doc/city/oslo", headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get("/doc/city/oslo", headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert other.status_code == 200
    assert other.headers["ETag"] != etag


def test_ontology_dereferences_with_its_terms(client):
    response = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    assert (rdflib.URIRef(f"{BASE}/ontology"), rdflib.RDF.type, rdflib.OWL.Ontology) in graph
    assert (rdflib.URIRef(f"{BASE}/ontology#Practice"), rdflib.RDF.type, rdflib.OWL.Class) in graph
    assert client.get("/ontology.nt").mimetype == "application/n-triples"
    assert client.get("/ontology", headers={"Accept": CHROME}).mimetype == "text/html"


def test_topic_scheme_dereferences(client):
    assert client.get("/id/scheme/topics").status_code == 303
    graph = rdflib.Graph().parse(data=client.get("/doc/scheme/topics.ttl").data, format="turtle")
    scheme = rdflib.URIRef(f"{BASE}/id/scheme/topics")
    assert len(list(graph.subjects(rdflib.SKOS.inScheme, scheme))) == 2


def test_jsonld_is_usable(client):
    response = client.get("/doc/city/oslo.jsonld")
    graph = rdflib.Graph().parse(data=response.data, format="json-ld")
    assert (rdflib.URIRef(f"{BASE}/id/city/oslo"), rdflib.RDFS.label, rdflib.Literal("Oslo", lang="en")) in graph
