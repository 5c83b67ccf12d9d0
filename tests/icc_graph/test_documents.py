"""icc_graph.documents: what the document of an IRI holds, and its deterministic serialisation."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from icc_graph.documents import (
    LABEL_PREDICATES,
    SEE_ALSO,
    described_part,
    document_triples,
    more_link,
    label_triples,
    serialize,
    serialize_file,
    serialize_graph,
)
from icc_graph.formats import JSONLD, NTRIPLES, RDF_FORMATS, RDFXML, TURTLE
from icc_graph.namespaces import prefixes
from icc_graph.terms import graph_of

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8080"
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
P1 = f"{BASE}/id/practice/p1"
ONTOLOGY = f"{BASE}/ontology"

DATA = textwrap.dedent(f"""\
    @prefix icc: <{BASE}/ontology#> .
    @prefix practice: <{BASE}/id/practice/> .
    @prefix city: <{BASE}/id/city/> .
    @prefix country: <{BASE}/id/country/> .
    @prefix topic: <{BASE}/id/topic/> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .
    @prefix schema: <https://schema.org/> .
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

    # --- the thing, its parts and what it links to
    practice:p1 a icc:Practice ;
        skos:prefLabel "Practice one"@en, "Pratique un"@fr ;
        dcterms:description "What it did." ;
        icc:city city:oslo ;
        icc:topic topic:refugees ;
        icc:period practice:p1-period ;
        icc:membership practice:p1-membership-1 ;
        icc:contact [ schema:email "a@example.org" ] .
    practice:p1-period icc:start "2019"^^xsd:gYear ;
        icc:sub practice:p1-period-detail .
    practice:p1-period-detail icc:note "nested part" .
    practice:p1-membership-1 icc:member country:norway .
    practice:p1-orphan icc:note "extends the IRI but is not linked" .
    city:oslo skos:prefLabel "Oslo"@en ; rdfs:label "Oslo"@nb ; schema:name "Oslo kommune" ;
        icc:population 700000 ; icc:country country:norway .
    country:norway skos:prefLabel "Norway"@en ; dcterms:title "Noreg"@nn ; icc:iso "NO" .
    topic:refugees icc:note "no label at all" .

    # --- incoming links
    practice:p2 a icc:Practice ; skos:prefLabel "Practice two"@en ; icc:relatedTo practice:p1 ;
        icc:other "not in p1's document" .

    # --- the ontology and its hash terms
    <{ONTOLOGY}> a owl:Ontology ; rdfs:label "ICC ontology"@en .
    icc:Practice a owl:Class ; rdfs:label "Practice"@en ; rdfs:isDefinedBy <{ONTOLOGY}> .
    icc:city a owl:ObjectProperty ; rdfs:range icc:City ; rdfs:isDefinedBy <{ONTOLOGY}> .
    icc:City a owl:Class ; rdfs:label "City"@en ; rdfs:isDefinedBy <{ONTOLOGY}> .
    icc:Untyped rdfs:comment "a hash IRI the ontology does not link, nor it the ontology" .
    <{P1}#fragment> a icc:Thing .

    <{BASE}/graph/other> {{ practice:p1 icc:hidden "only in a named graph" . }}
    """)


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(DATA.encode(), format=pyoxigraph.RdfFormat.TRIG)
    return store


def _default_triples(store) -> set[pyoxigraph.Triple]:
    return {pyoxigraph.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())}


def _about(store, *subjects: str, predicates: tuple[str, ...] | None = None) -> set:
    return {t for t in _default_triples(store)
            if isinstance(t.subject, pyoxigraph.NamedNode) and t.subject.value in subjects
            and (predicates is None or t.predicate.value in predicates)}


LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
          "http://purl.org/dc/terms/title", "https://schema.org/name")


# --- document_triples -----------------------------------------------------------------------------

def test_the_document_of_a_thing_holds_exactly_what_the_module_promises(store):
    doc = document_triples(store, P1)
    blank_contact = next(t for t in doc if t.predicate.value.endswith("#contact"))
    expected = (
        # 1. the thing and its part nodes (nested ones too), not an unlinked IRI that extends it
        _about(store, P1, f"{P1}-period", f"{P1}-period-detail", f"{P1}-membership-1")
        # 2. the labels of the IRIs pointed to (every label property, not their other triples)
        #    (the objects of rdf:type included; a linked IRI without labels adds nothing)
        | _about(store, f"{BASE}/id/city/oslo", f"{BASE}/id/country/norway", f"{ONTOLOGY}#Practice",
                 f"{BASE}/id/topic/refugees", predicates=LABELS)
        # 3. incoming links and the labels of their subjects
        | {pyoxigraph.Triple(pyoxigraph.NamedNode(f"{BASE}/id/practice/p2"),
                             pyoxigraph.NamedNode(f"{BASE}/ontology#relatedTo"), pyoxigraph.NamedNode(P1))}
        | _about(store, f"{BASE}/id/practice/p2", predicates=LABELS)
    )
    assert set(doc) == expected
    assert len(doc) == len(set(doc))
    assert isinstance(blank_contact.object, pyoxigraph.BlankNode)
    values = {t.object.value for t in doc if isinstance(t.object, pyoxigraph.Literal)}
    assert {"Oslo kommune", "Noreg", "nested part", "Practice two"} <= values
    assert not values & {"extends the IRI but is not linked", "only in a named graph", "not in p1's document",
                         "a@example.org", "no label at all", "NO", "City"}
    assert not any(t.predicate.value.endswith("#population") for t in doc)
    assert not any(t.subject.value == f"{P1}#fragment" for t in doc)  # no hash lookup under /id/


def test_the_described_part_is_the_document_less_its_incoming_links(store):
    """What a page embeds: every statement of the thing and its parts and the labels of what they
    name; no link to the thing from elsewhere, nor the label of a subject only such a link names."""
    subjects = {q.subject.value for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())
                if isinstance(q.subject, pyoxigraph.NamedNode)}
    shrunk = 0
    for iri in sorted(subjects):
        document = document_triples(store, iri)
        part = described_part(document, iri)
        thing, parts = pyoxigraph.NamedNode(iri), (iri + "-", iri + "#")
        assert set(part) <= set(document) and len(part) == len(set(part))
        own = [t for t in document if t.subject == thing or t.subject.value.startswith(parts)]
        assert set(own) <= set(part), iri
        linked_from_elsewhere = [t for t in part if t.object == thing and t.subject not in {s.subject for s in own}]
        assert not linked_from_elsewhere, iri
        named = {t.object for t in part} | {t.subject for t in part if t.predicate not in LABEL_PREDICATES}
        assert {t for t in document if t.predicate in LABEL_PREDICATES and t.subject in named} <= set(part), iri
        assert all(t.subject in named for t in part if t.predicate in LABEL_PREDICATES), iri
        shrunk += len(part) < len(document)
    assert shrunk >= 3  # things that are linked to, whose pages embed less than their document


def test_the_document_is_sorted_by_n_triples_text(store):
    for iri in (P1, ONTOLOGY, f"{BASE}/id/city/oslo"):
        doc = document_triples(store, iri)
        assert doc and doc == sorted(doc, key=str)


def test_the_document_of_a_non_thing_iri_holds_the_hash_terms_linked_to_it(store):
    doc = document_triples(store, ONTOLOGY)
    subjects = {t.subject.value for t in doc}
    assert subjects == {ONTOLOGY, f"{ONTOLOGY}#Practice", f"{ONTOLOGY}#city", f"{ONTOLOGY}#City"}
    expected = _about(store, ONTOLOGY, f"{ONTOLOGY}#Practice", f"{ONTOLOGY}#city", f"{ONTOLOGY}#City")
    assert set(doc) == expected  # icc:Untyped is not linked to the ontology, so it is not one of its terms


def test_the_document_of_a_hash_iri_is_only_its_own(store):
    doc = document_triples(store, f"{ONTOLOGY}#city")
    assert set(doc) == (_about(store, f"{ONTOLOGY}#city") | _about(store, f"{ONTOLOGY}#City", predicates=LABELS)
                        | _about(store, ONTOLOGY, predicates=LABELS))  # the ontology it is defined by, named


def test_a_thing_that_is_only_linked_to_has_the_incoming_links(store):
    doc = document_triples(store, f"{BASE}/id/topic/refugees")
    assert {str(t.subject) for t in doc} >= {f"<{P1}>"}
    assert pyoxigraph.Triple(pyoxigraph.NamedNode(P1), pyoxigraph.NamedNode(f"{BASE}/ontology#topic"),
                             pyoxigraph.NamedNode(f"{BASE}/id/topic/refugees")) in doc
    assert any(t.object == pyoxigraph.Literal("Practice one", language="en") for t in doc)


def test_a_limit_keeps_the_first_incoming_links_by_subject_and_says_where_the_rest_are():
    hub = pyoxigraph.NamedNode(f"{BASE}/ontology#Hub")
    linked = pyoxigraph.Store()
    subjects = [pyoxigraph.NamedNode(f"{BASE}/id/practice/p{n}") for n in range(50)]
    linked.extend(pyoxigraph.Quad(s, RDF_TYPE, hub) for s in subjects)
    assert len(document_triples(linked, hub.value)) == 50
    cut = document_triples(linked, hub.value, limit=10)
    first = sorted(subjects, key=lambda s: s.value)[:10]  # p0, p1, p10, p11, ...: IRI text order
    assert {t.subject for t in cut} == set(first)
    assert cut == document_triples(linked, hub.value, limit=10)  # the same pick every time
    with_base = document_triples(linked, hub.value, limit=10, base=BASE)
    more = [t.object for t in with_base if t.subject == hub and t.predicate == SEE_ALSO]
    assert len(more) == 1 and more[0].value.startswith(f"{BASE}/sparql?query=SELECT")
    assert {t.object.value for t in with_base if t.subject == more[0]} == {
        "40 more links to this resource", "40 liens de plus vers cette ressource"}
    assert [t for t in with_base if t.object == hub] == cut
    # with every link in, nothing is said to be left out
    assert not [t for t in document_triples(linked, hub.value, base=BASE) if t.predicate == SEE_ALSO]


def test_the_rest_of_a_topic_country_or_year_is_its_page_in_the_practice_browser():
    assert more_link(BASE, f"{BASE}/id/country/france") == f"{BASE}/practices?country=france"
    assert more_link(BASE, f"{BASE}/id/topic/housing") == f"{BASE}/practices?topic=housing"
    assert more_link(BASE, f"{BASE}/id/city/lyon").startswith(f"{BASE}/sparql?query=")


@pytest.mark.parametrize("iri", [f"{BASE}/id/practice/unknown", f"{BASE}/nowhere", "http://example.org/x"])
def test_an_unknown_iri_has_an_empty_document(store, iri):
    assert document_triples(store, iri) == []


@pytest.mark.parametrize("iri", ["", "not an iri", f"{BASE}/id/practice/p 1", "<" + P1 + ">"])
def test_a_malformed_iri_has_an_empty_document(store, iri):
    assert document_triples(store, iri) == []


def test_a_labels_callable_replaces_the_store_lookups(store):
    asked = []
    label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")

    def labels(node):
        asked.append(node)
        if isinstance(node, pyoxigraph.NamedNode):
            return [pyoxigraph.Triple(node, label, pyoxigraph.Literal("remembered " + node.value))]
        return []

    doc = document_triples(store, P1, labels=labels)
    texts = {t.object.value for t in doc if isinstance(t.object, pyoxigraph.Literal)}
    assert f"remembered {BASE}/id/city/oslo" in texts
    assert f"remembered {BASE}/id/practice/p2" in texts  # the subjects of incoming links too
    assert not texts & {"Oslo", "Oslo kommune", "Norway", "Practice two"}  # the store's labels are not read
    assert pyoxigraph.NamedNode(f"{BASE}/id/city/oslo") in asked
    assert doc == sorted(doc, key=str)


def test_label_triples_of_a_blank_node_or_literal_are_none(store):
    assert label_triples(store, pyoxigraph.BlankNode()) == []
    assert label_triples(store, pyoxigraph.Literal("Oslo")) == []
    oslo = label_triples(store, pyoxigraph.NamedNode(f"{BASE}/id/city/oslo"))
    assert {t.object.value for t in oslo} == {"Oslo", "Oslo kommune"} and len(oslo) == 3


# --- serialize ------------------------------------------------------------------------------------

def _declared_prefixes(turtle: bytes) -> set[str]:
    return {line.split()[1].rstrip(":") for line in turtle.decode().splitlines() if line.startswith("@prefix")}


def test_turtle_declares_the_prefixes_the_triples_use_and_no_others(store):
    doc = document_triples(store, P1)
    turtle = serialize(doc, TURTLE, BASE)
    declared = _declared_prefixes(turtle)
    used_iris = {term.value for t in doc for term in (t.subject, t.predicate, t.object)
                 if isinstance(term, pyoxigraph.NamedNode)}
    used_iris |= {t.object.datatype.value for t in doc if isinstance(t.object, pyoxigraph.Literal)}
    should = {prefix for prefix, ns in prefixes(BASE).items() if any(iri.startswith(ns) for iri in used_iris)}
    assert declared == should
    assert {"practice", "city", "country", "topic", "icc", "skos", "dcterms", "schema", "rdfs", "xsd"} <= declared
    assert not declared & {"foaf", "year", "body", "owl", "void", "dcat"}


def test_a_document_without_project_iris_declares_no_project_prefix():
    triples = [pyoxigraph.Triple(pyoxigraph.NamedNode("http://example.org/s"),
                                 pyoxigraph.NamedNode("http://example.org/p"),
                                 pyoxigraph.NamedNode("http://example.org/o"))]
    turtle = serialize(triples, TURTLE, BASE)
    assert _declared_prefixes(turtle) == set()
    assert b"<http://example.org/s>" in turtle


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_serialize_parses_back_to_the_same_graph_and_is_byte_stable(store, fmt):
    doc = document_triples(store, P1)
    first = serialize(doc, fmt, BASE)
    assert serialize(doc, fmt, BASE) == first
    assert serialize(iter(doc), fmt, BASE) == first  # any iterable
    parsed = list(pyoxigraph.parse(first, format=fmt.oxigraph))
    assert isomorphic(graph_of(parsed, BASE), graph_of(doc, BASE))


def test_the_same_document_gives_the_same_bytes_in_another_process(store, tmp_path):
    path = tmp_path / "data.trig"
    path.write_text(DATA, encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys, pyoxigraph
        from icc_graph.documents import document_triples, serialize
        from icc_graph.formats import TURTLE, JSONLD
        store = pyoxigraph.Store()
        store.load(path={str(path)!r}, format=pyoxigraph.RdfFormat.TRIG)
        doc = document_triples(store, {P1!r})
        sys.stdout.buffer.write(serialize(doc, TURTLE, {BASE!r}) + serialize(doc, JSONLD, {BASE!r}))
        """)
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, check=True,
                              cwd=ROOT, timeout=60)
        outputs.append(done.stdout)
    doc = document_triples(store, P1)
    here = serialize(doc, TURTLE, BASE) + serialize(doc, JSONLD, BASE)
    # blank node labels differ between stores: compare what is not a blank node label
    assert outputs[0].count(b"\n") == outputs[1].count(b"\n") == here.count(b"\n")
    strip = [_without_blank_labels(out) for out in (*outputs, here)]
    assert strip[0] == strip[1] == strip[2]


def _without_blank_labels(data: bytes) -> bytes:
    return re.sub(rb"_:[A-Za-z0-9]+", b"_:b", data)


def _no_blank_triples(store):
    doc = document_triples(store, ONTOLOGY)
    assert not any(isinstance(term, pyoxigraph.BlankNode) for t in doc for term in (t.subject, t.object))
    return doc


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, RDFXML, NTRIPLES], ids=lambda f: f.name)
def test_serialize_graph_agrees_with_serialize(store, fmt):
    doc = document_triples(store, P1)  # holds a blank node: rdflib keeps its label through N-Triples
    graph = rdflib.Graph()
    for triple in sorted(graph_of(doc, BASE), reverse=True):  # another insertion order than the document's
        graph.add(triple)
    assert serialize_graph(graph, fmt, BASE) == serialize(doc, fmt, BASE)


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, RDFXML, NTRIPLES], ids=lambda f: f.name)
def test_serialize_file_agrees_with_serialize(store, tmp_path, fmt):
    doc = _no_blank_triples(store)
    path = tmp_path / "catalog.ttl"
    # the file is written in another order than the document's
    path.write_bytes(pyoxigraph.serialize(list(reversed(doc)), format=pyoxigraph.RdfFormat.TURTLE))
    assert serialize_file(path, fmt, BASE) == serialize(doc, fmt, BASE)
    assert serialize_file(str(path), fmt, BASE) == serialize(doc, fmt, BASE)


class _IndexOnly:
    """A store that answers pattern lookups and refuses SPARQL: a document must need no scan."""

    def __init__(self, store):
        self.store, self.lookups = store, 0

    def quads_for_pattern(self, *pattern):
        self.lookups += 1
        return self.store.quads_for_pattern(*pattern)

    def query(self, *args, **kwargs):
        raise AssertionError("a document read ran a query")


@pytest.mark.parametrize("iri", [f"{BASE}/ontology", f"{BASE}/dataset", "http://example.org/other/x",
                                 f"{BASE}/ID/practice/p", f"{BASE}/id/practice/p"])
def test_a_document_of_any_iri_is_a_few_index_lookups(iri):
    store = pyoxigraph.Store()
    store.load(f"""
        <{BASE}/ontology#Practice> a <http://www.w3.org/2002/07/owl#Class> ;
            <http://www.w3.org/2000/01/rdf-schema#isDefinedBy> <{BASE}/ontology> .
        <{BASE}/dataset> <http://rdfs.org/ns/void#classPartition> <{BASE}/dataset#class-p> .
        <{BASE}/dataset#class-p> <http://rdfs.org/ns/void#entities> 1 .
        """, format=pyoxigraph.RdfFormat.TURTLE)
    for n in range(2000):  # typed subjects a scan would have to look at
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"{BASE}/id/practice/p{n}#x"), RDF_TYPE,
                                  pyoxigraph.NamedNode(f"{BASE}/ontology#Practice")))
    index_only = _IndexOnly(store)
    triples = document_triples(index_only, iri)
    assert index_only.lookups < 20
    if iri.endswith("/ontology"):
        assert any(t.subject.value == f"{BASE}/ontology#Practice" for t in triples)
    if iri.endswith("/dataset"):
        assert any(t.subject.value == f"{BASE}/dataset#class-p" for t in triples)
