"""The document of a thing, and deterministic RDF output: one definition for ``/doc/...``,
``DESCRIBE <x>`` and the HTML pages.

The document of an IRI x holds:

1. every triple whose subject is x, or one of x's parts: the nodes whose IRI extends x's with a
   hyphen (``x-period``, ``x-membership-1``) or a hash (``x#term``: the ontology's terms, the
   dataset's partitions) and that x links to or that link to x, and their parts in turn;
2. the labels (:data:`icc_graph.labels.LABEL_PROPERTIES`) of every IRI those triples point to,
   so a client can name the links without another request;
3. the incoming links ``?s ?p x`` and the labels of their subjects; with a *limit* (the stores
   pass their row cap), at most that many, the first in the store's index order, so a class or a
   country linked from every practice still costs a bounded read.

Only the default graph is read. Triples are returned sorted (by their N-Triples text) and
serialised by pyoxigraph, so the same graph gives the same bytes in every process.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable

import pyoxigraph
import rdflib

from .formats import Format
from .labels import LABEL_PROPERTIES
from .namespaces import prefixes

LABEL_PREDICATES = tuple(pyoxigraph.NamedNode(iri) for iri in LABEL_PROPERTIES)
_DEFAULT = pyoxigraph.DefaultGraph()

Labels = Callable[[object], list]  # node -> its label triples


def _triples(store: pyoxigraph.Store, s=None, p=None, o=None):
    for quad in store.quads_for_pattern(s, p, o, _DEFAULT):
        yield pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)


def label_triples(store: pyoxigraph.Store, node) -> list[pyoxigraph.Triple]:
    """The label triples of *node* (none for a blank node or a literal)."""
    if not isinstance(node, pyoxigraph.NamedNode):
        return []
    return [t for predicate in LABEL_PREDICATES for t in _triples(store, node, predicate)]


def document_triples(store: pyoxigraph.Store, iri: str, labels: Labels | None = None,
                     limit: int | None = None) -> list[pyoxigraph.Triple]:
    """The document of *iri* (see the module docstring), sorted; empty for an unknown IRI.

    Every step is an index lookup, whatever the IRI's shape: a hash IRI ``x#term`` belongs to x's
    document when x's triples link to it (the dataset's partitions, the catalogue's service) or it
    links to x (the ontology's terms, ``rdfs:isDefinedBy``). *labels* (node -> its label triples,
    e.g. remembered per release) replaces the store lookups of labels."""
    labels = labels or (lambda node: label_triples(store, node))
    try:
        thing = pyoxigraph.NamedNode(iri)
    except ValueError:
        return []
    parts = (iri + "-", iri + "#")
    found: set[pyoxigraph.Triple] = set()
    incoming = list(itertools.islice(_triples(store, o=thing), limit))
    subjects = [thing] + [t.subject for t in incoming if _is_part(t.subject, parts)]
    seen = set()
    while subjects:
        subject = subjects.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for triple in _triples(store, subject):
            found.add(triple)
            found.update(labels(triple.object))
            if _is_part(triple.object, parts) and triple.object not in seen:
                subjects.append(triple.object)
    for triple in incoming:
        found.add(triple)
        found.update(labels(triple.subject))
    return sorted(found, key=str)


def _is_part(node, prefixes: tuple[str, str]) -> bool:
    """A part node (``x-period``) or a hash term (``x#term``) of the document of x."""
    return isinstance(node, pyoxigraph.NamedNode) and node.value.startswith(prefixes)


def serialize(triples, fmt: Format, base: str, extra_prefixes: dict[str, str] | None = None) -> bytes:
    """*triples* in the RDF format *fmt* (Turtle and RDF/XML declare the project's prefixes, and
    *extra_prefixes*, that the triples use)."""
    triples = list(triples)
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
            if isinstance(term, pyoxigraph.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, pyoxigraph.Literal)}
    lines = "\n" + "\n".join(iris)  # an IRI holds no newline: "\n" + ns in lines = an IRI starts with ns
    used = {prefix: ns for prefix, ns in {**prefixes(base), **(extra_prefixes or {})}.items() if "\n" + ns in lines}
    return pyoxigraph.serialize(triples, format=fmt.oxigraph, prefixes=used)


def serialize_graph(graph: rdflib.Graph, fmt: Format, base: str) -> bytes:
    """An rdflib graph written like a document: sorted triples through pyoxigraph."""
    nt = graph.serialize(format="nt", encoding="utf-8")
    triples = sorted(pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES), key=str)
    return serialize(triples, fmt, base)


def serialize_file(path, fmt: Format, base: str) -> bytes:
    """A Turtle file of the release (the catalogue, the VoID description) written like a document."""
    triples = sorted(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE), key=str)
    return serialize(triples, fmt, base)
