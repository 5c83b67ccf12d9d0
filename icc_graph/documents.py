"""The document of a thing, and deterministic RDF output.

The document of an IRI x (served at ``/doc/...`` and returned by ``DESCRIBE <x>``) holds:

1. every triple whose subject is x, one of x's hash IRIs (``x#term``: the ontology's terms
   belong to the ontology document) or one of the part nodes x links to (``x-period``,
   ``x-membership-1``: IRIs that extend x's with a hyphen);
2. the labels (``rdfs:label``, ``skos:prefLabel``, ``dcterms:title``) of every IRI those triples
   point to, so a client can name the links without another request;
3. the incoming links ``?s ?p x`` and the labels of their subjects.

Only the default graph is read. Triples are returned sorted (by their N-Triples text) and
serialised by pyoxigraph, so the same graph gives the same bytes in every process.
"""
from __future__ import annotations

import pyoxigraph
import rdflib

from .formats import Format
from .namespaces import STANDARD_PREFIXES, bind_prefixes, icc_namespaces

RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LABEL_PREDICATES = tuple(pyoxigraph.NamedNode(iri) for iri in (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
))
_DEFAULT = pyoxigraph.DefaultGraph()
_HASH_IRIS = "SELECT DISTINCT ?h ?prefix WHERE { ?h a ?type FILTER(STRSTARTS(STR(?h), ?prefix)) }"


def _triples(store: pyoxigraph.Store, s=None, p=None, o=None):
    for quad in store.quads_for_pattern(s, p, o, _DEFAULT):
        yield pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)


def _labels(store: pyoxigraph.Store, node) -> list[pyoxigraph.Triple]:
    if not isinstance(node, pyoxigraph.NamedNode):
        return []
    return [t for predicate in LABEL_PREDICATES for t in _triples(store, node, predicate)]


class LabelCache:
    """The label triples of IRIs in one store, remembered: documents keep naming the same few
    things (types, topics, countries, cities), and each lookup is three reads of the store.

    Bound to one store (a release never changes); holds at most *max_entries* IRIs, and starts
    afresh when full (simpler than an LRU, and the hot entries come back at once)."""

    def __init__(self, store: pyoxigraph.Store, max_entries: int = 20_000):
        self.store, self.max_entries = store, max_entries
        self._entries: dict[pyoxigraph.NamedNode, list[pyoxigraph.Triple]] = {}

    def __call__(self, node) -> list[pyoxigraph.Triple]:
        if not isinstance(node, pyoxigraph.NamedNode):
            return []
        found = self._entries.get(node)
        if found is None:
            if len(self._entries) >= self.max_entries:
                self._entries = {}
            found = self._entries[node] = _labels(self.store, node)
        return found


def document_triples(store: pyoxigraph.Store, iri: str, labels=None) -> list[pyoxigraph.Triple]:
    """The document of *iri* (see the module docstring), sorted; empty for an unknown IRI.

    *labels* (node -> its label triples, e.g. a :class:`LabelCache` of *store*) replaces the
    store lookups of labels."""
    labels = labels or (lambda node: _labels(store, node))
    try:
        thing = pyoxigraph.NamedNode(iri)
    except ValueError:
        return []
    subjects = [thing]
    # Only the ontology, the dataset and the catalogue have hash terms; things under /id/ never
    # do (the project mints none), and looking for them scans every typed subject (48 ms at 10k).
    if "#" not in iri and "/id/" not in iri:
        rows = store.query(_HASH_IRIS, substitutions={pyoxigraph.Variable("prefix"): pyoxigraph.Literal(iri + "#")})
        subjects += [row["h"] for row in rows]
    found: set[pyoxigraph.Triple] = set()
    seen = set()
    while subjects:
        subject = subjects.pop()
        seen.add(subject)
        for triple in _triples(store, subject):
            found.add(triple)
            found.update(labels(triple.object))
            part = triple.object
            if isinstance(part, pyoxigraph.NamedNode) and part.value.startswith(iri + "-") and part not in seen:
                subjects.append(part)
    for triple in _triples(store, o=thing):
        found.add(triple)
        found.update(labels(triple.subject))
    return sorted(found, key=str)


def prefixes(base: str) -> dict[str, str]:
    """Prefix -> namespace IRI for every prefix the project binds, in a fixed order."""
    spaces = {**STANDARD_PREFIXES, **icc_namespaces(base)}
    return {prefix: str(namespace) for prefix, namespace in spaces.items()}


def serialize(triples, fmt: Format, base: str) -> bytes:
    """*triples* in the RDF format *fmt* (Turtle and RDF/XML declare the project's prefixes
    that the triples use)."""
    triples = list(triples)
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
            if isinstance(term, pyoxigraph.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, pyoxigraph.Literal)}
    lines = "\n" + "\n".join(iris)  # an IRI holds no newline: "\n" + ns in lines = an IRI starts with ns
    used = {prefix: ns for prefix, ns in prefixes(base).items() if "\n" + ns in lines}
    return pyoxigraph.serialize(triples, format=fmt.oxigraph, prefixes=used)


def serialize_graph(graph: rdflib.Graph, fmt: Format, base: str) -> bytes:
    """An rdflib graph written like a document: sorted triples through pyoxigraph."""
    nt = graph.serialize(format="nt", encoding="utf-8")
    triples = sorted(pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES), key=str)
    return serialize(triples, fmt, base)


def to_rdflib_term(term) -> rdflib.term.Identifier:
    """The rdflib twin of a pyoxigraph term (plain literals stay plain)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if datatype == XSD_STRING else rdflib.URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def to_rdflib(triples, base: str) -> rdflib.Graph:
    """An rdflib Graph of *triples* with the project's prefixes bound."""
    graph = bind_prefixes(rdflib.Graph(), base)
    for triple in triples:
        graph.add((to_rdflib_term(triple.subject), to_rdflib_term(triple.predicate),
                   to_rdflib_term(triple.object)))
    return graph
