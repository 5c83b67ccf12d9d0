"""A small release of our own (docs/release.md layout), written without a build: the fixture of
the store, runtime and endpoint tests (``dist_dir`` in tests/conftest.py)."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pyoxigraph

from icc_graph.release import SEARCH_DIR
from icc_graph.search.writer import write_index

BASE = "http://127.0.0.1:8080"
EXTRA_GRAPH = f"{BASE}/graph/extra"

DATA = """
@prefix icc: <ontology#> . @prefix practice: <id/practice/> . @prefix city: <id/city/> .
@prefix country: <id/country/> . @prefix topic: <id/topic/> . @prefix scheme: <id/scheme/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<ontology> a owl:Ontology ; rdfs:label "ICC ontology"@en .
icc:Practice a owl:Class ; rdfs:label "Practice"@en ; rdfs:isDefinedBy <ontology> .
icc:city a owl:ObjectProperty ; rdfs:label "city"@en .

scheme:topics a skos:ConceptScheme ; skos:prefLabel "Topics"@en .
topic:participation a skos:Concept ; skos:inScheme scheme:topics ;
    skos:prefLabel "Participation"@en, "Participation"@fr .
topic:education a skos:Concept ; skos:inScheme scheme:topics ; skos:prefLabel "Education"@en .

country:no a icc:Country ; rdfs:label "Norway"@en, "Norvège"@fr ; icc:isoAlpha2 "NO" ;
    skos:exactMatch <http://publications.europa.eu/resource/authority/country/NOR> .
city:oslo a icc:City ; rdfs:label "Oslo"@en ; icc:country country:no .
city:bergen a icc:City ; rdfs:label "Bergen"@en ; icc:country country:no .

practice:oslo-council a icc:Practice ; dcterms:identifier "oslo-council" ;
    dcterms:title "Oslo's council of residents <& \\"friends\\">"@en, "Conseil d'Oslo"@fr ;
    icc:city city:oslo ; icc:country country:no ; dcterms:subject topic:participation ;
    icc:year "2019"^^xsd:gYear ; dcterms:source <https://www.coe.int/en/web/interculturalcities/-/oslo> .
practice:bergen-school a icc:Practice ; dcterms:identifier "bergen-school" ;
    dcterms:title "Bergen school project"@en ; icc:city city:bergen ; dcterms:subject topic:education .
"""

CATALOG = f"""
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<{BASE}/catalog> a dcat:Catalog ; dcterms:title "ICC Graph catalogue"@en ;
    dcat:dataset <{BASE}/dataset> ; dcat:service <{BASE}/sparql> .
<{BASE}/dataset> a dcat:Dataset ; dcterms:title "ICC Graph"@en ;
    dcat:distribution <{BASE}/dumps/icc-graph.ttl> .
<{BASE}/dumps/icc-graph.ttl> a dcat:Distribution ; dcat:downloadURL <{BASE}/dumps/icc-graph.ttl> .
<{BASE}/sparql> a dcat:DataService ; dcat:endpointURL <{BASE}/sparql> ; dcat:servesDataset <{BASE}/dataset> .
"""

VOID = f"""
@prefix void: <http://rdfs.org/ns/void#> .
<{BASE}/dataset> a void:Dataset ; void:sparqlEndpoint <{BASE}/sparql> ; void:triples 30 .
"""


def make_release(dist: Path, data: str = DATA, extra_triples: int = 0) -> Path:
    """Write a release of *data* into *dist* and point dist/current at it."""
    graph = pyoxigraph.Store()  # in memory, to write the dumps
    graph.load(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=f"{BASE}/")
    for n in range(extra_triples):  # filler, for the row cap and the slow query
        graph.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"{BASE}/id/group/filler-{n:04d}"),
                                  pyoxigraph.NamedNode(f"{BASE}/ontology#rank"), pyoxigraph.Literal(n)))
    nt_lines = sorted(str(quad.triple) + " .\n" for quad in graph)
    nt = "".join(nt_lines).encode("utf-8")
    release_id = hashlib.sha256(nt).hexdigest()[:16]
    path = dist / "releases" / release_id
    path.mkdir(parents=True)
    (path / "icc-graph.nt.gz").write_bytes(gzip.compress(nt, mtime=0))
    (path / "icc-graph.ttl").write_bytes(pyoxigraph.serialize(
        (quad.triple for quad in graph), format=pyoxigraph.RdfFormat.TURTLE))
    (path / "catalog.ttl").write_text(CATALOG, encoding="utf-8")
    (path / "void.ttl").write_text(VOID, encoding="utf-8")
    files = ["catalog.ttl", "icc-graph.nt.gz", "icc-graph.ttl", "void.ttl"]
    sums = {name: hashlib.sha256((path / name).read_bytes()).hexdigest() for name in files}
    (path / "SHA256SUMS").write_text("".join(f"{sums[n]}  {n}\n" for n in files), encoding="utf-8")
    (path / "release.json").write_text(json.dumps(
        {"release": release_id, "base_iri": BASE, "triples": len(nt_lines), "files": sums}), encoding="utf-8")
    store = pyoxigraph.Store(str(path / "store"))
    store.extend(graph)
    store.load(CATALOG, format=pyoxigraph.RdfFormat.TURTLE)
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"{BASE}/id/city/oslo"),
                              pyoxigraph.NamedNode(f"{BASE}/ontology#note"),
                              pyoxigraph.Literal("only in the extra graph"), pyoxigraph.NamedNode(EXTRA_GRAPH)))
    store.flush()
    write_index(store, BASE, path / SEARCH_DIR)
    del store
    link = dist / "current"
    tmp = dist / ".current-new"
    os.symlink(path.relative_to(dist), tmp)
    os.replace(tmp, link)
    return path
