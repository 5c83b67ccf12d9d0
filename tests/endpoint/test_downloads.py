"""/dumps/, /catalog, /.well-known/void, /sitemap.xml and /robots.txt."""
from __future__ import annotations

import gzip
import hashlib
import xml.etree.ElementTree as ET

import rdflib

from .conftest import BASE

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")


def test_dump_index_lists_files_and_checksums(client, dist_dir):
    listing = client.get("/dumps/").get_json()
    by_name = {f["name"]: f for f in listing["files"]}
    assert {"icc-graph.ttl", "icc-graph.nt.gz", "SHA256SUMS"} <= set(by_name)
    data = (dist_dir / "current" / "icc-graph.ttl").read_bytes()
    assert by_name["icc-graph.ttl"]["sha256"] == hashlib.sha256(data).hexdigest()
    html = client.get("/dumps/", headers={"Accept": "text/html"})
    assert html.mimetype == "text/html" and "icc-graph.nt.gz" in html.get_data(as_text=True)


def test_dump_file_with_etag_304_and_range(client, dist_dir):
    data = (dist_dir / "current" / "icc-graph.nt.gz").read_bytes()
    with client.get("/dumps/icc-graph.nt.gz") as response:  # file responses must be closed
        assert response.status_code == 200
        assert response.data == data
        assert response.headers["Accept-Ranges"] == "bytes"
        etag = response.headers["ETag"]
    assert gzip.decompress(data).startswith(b"<http")
    assert etag == f'"{hashlib.sha256(data).hexdigest()}"'
    with client.get("/dumps/icc-graph.nt.gz", headers={"If-None-Match": etag}) as unchanged:
        assert unchanged.status_code == 304
    with client.get("/dumps/icc-graph.nt.gz", headers={"Range": "bytes=10-19"}) as partial:
        assert partial.status_code == 206
        assert partial.data == data[10:20]
        assert partial.headers["Content-Range"] == f"bytes 10-19/{len(data)}"


def test_only_release_files_are_served(client):
    assert client.get("/dumps/release.json").status_code == 404
    assert client.get("/dumps/..%2Frelease.json").status_code == 404
    with client.get("/dumps/SHA256SUMS") as sums:
        assert sums.status_code == 200


def test_catalog_has_the_endpoint_as_a_data_service(client):
    for accept, parser in (("text/turtle", "turtle"), ("application/rdf+xml", "xml"),
                           ("application/ld+json", "json-ld")):
        response = client.get("/catalog", headers={"Accept": accept})
        assert response.mimetype == accept
        graph = rdflib.Graph().parse(data=response.data, format=parser)
        assert (rdflib.URIRef(f"{BASE}/sparql"), rdflib.RDF.type, DCAT.DataService) in graph
    first = client.get("/catalog")
    assert client.get("/catalog", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_void(client):
    graph = rdflib.Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    assert (None, rdflib.VOID.sparqlEndpoint, rdflib.URIRef(f"{BASE}/sparql")) in graph


def test_sitemap_lists_documents(client):
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    locations = [el.text for el in ET.fromstring(response.data).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{BASE}/doc/practice/oslo-council" in locations
    assert f"{BASE}/doc/scheme/topics" in locations


def test_robots(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert f"Sitemap: {BASE}/sitemap.xml" in text
