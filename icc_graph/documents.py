"""The document of a thing, and deterministic RDF output: one definition for ``/doc/...``,
``DESCRIBE <x>`` and the HTML pages.

The document of an IRI x holds:

1. every triple whose subject is x, or one of x's parts: the nodes whose IRI extends x's with a
   hyphen (``x-period``, ``x-membership-1``) or a hash (``x#term``: the ontology's terms, the
   dataset's partitions) and that x links to or that link to x, and their parts in turn;
2. the labels (:data:`icc_graph.labels.LABEL_PROPERTIES`) of every IRI those triples point to,
   so a client can name the links without another request;
3. the incoming links ``?s ?p x`` and the labels of their subjects: at most *limit*
   (:attr:`~icc_graph.settings.Defaults.DOCUMENT_INCOMING_LIMIT`), the first by (subject,
   predicate) IRI text, the order SPARQL's ``ORDER BY ?s ?p`` gives, so every store picks the same
   ones. When links were left out, the document says so in RDF a client can follow (with *base*)::

       <x> rdfs:seeAlso <more> .
       <more> rdfs:label "1,188 more links to this resource"@en, "1 188 liens de plus vers cette ressource"@fr .

   where *more* lists them all: the practice browser's page of a topic, country or year
   (``/practices?country=slug``, also a Hydra collection), else a ``SELECT`` on ``/sparql``.

Only the default graph is read. Triples are returned sorted (by their N-Triples text) and
serialised by pyoxigraph, so the same graph gives the same bytes in every process.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable
from urllib.parse import urlencode

import pyoxigraph
import rdflib

from .formats import Format
from .iris import parse_thing
from .labels import LABEL_PROPERTIES
from .namespaces import prefixes
from .settings import Defaults

LABEL_PREDICATES = tuple(pyoxigraph.NamedNode(iri) for iri in LABEL_PROPERTIES)
_DEFAULT = pyoxigraph.DefaultGraph()

RDFS_LABEL = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SEE_ALSO = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
# The kinds of thing the practice browser filters by, and their query parameter (/practices?country=)
BROWSE_PARAMETER = {"topic": "topic", "country": "country", "year": "year"}

Labels = Callable[[object], list]  # node -> its label triples
Incoming = Callable[[pyoxigraph.NamedNode], "tuple[list[pyoxigraph.Triple], int]"]  # -> (the first links, how many in all)


def _triples(store: pyoxigraph.Store, s=None, p=None, o=None) -> list[pyoxigraph.Triple]:
    return [quad.triple for quad in store.quads_for_pattern(s, p, o, _DEFAULT)]


def label_triples(store: pyoxigraph.Store, node) -> list[pyoxigraph.Triple]:
    """The label triples of *node* (none for a blank node or a literal)."""
    if not isinstance(node, pyoxigraph.NamedNode):
        return []
    return [t for predicate in LABEL_PREDICATES for t in _triples(store, node, predicate)]


def incoming_order(triple: pyoxigraph.Triple | pyoxigraph.Quad) -> tuple:
    """The order of incoming links: SPARQL's ``ORDER BY ?s ?p`` (blank nodes before IRIs)."""
    return isinstance(triple.subject, pyoxigraph.NamedNode), triple.subject.value, triple.predicate.value


def first_incoming(store: pyoxigraph.Store, thing: pyoxigraph.NamedNode,
                   limit: int) -> tuple[list[pyoxigraph.Triple], int]:
    """The first *limit* incoming links of *thing* in :func:`incoming_order`, and how many it has.
    It reads them all (an index range, no query: Oxigraph's ``ORDER BY ... LIMIT`` is only twice as
    fast) and keeps the first *limit* as it goes; the stores remember the answer per release, and
    the hubs' are picked once per release (:mod:`icc_graph.hub_index`)."""
    total = 0

    def counted():
        nonlocal total
        for quad in store.quads_for_pattern(None, None, thing, _DEFAULT):
            total += 1
            yield quad
    first = heapq.nsmallest(limit, counted(), key=incoming_order)
    return [quad.triple for quad in first], total


def more_link(base: str, iri: str) -> str:
    """Where every incoming link of *iri* is listed: the practice browser's page of a topic,
    country or year, else a SPARQL query of them."""
    ref = parse_thing(base, iri)
    if ref and ref.kind in BROWSE_PARAMETER:
        return f"{base}/practices?" + urlencode({BROWSE_PARAMETER[ref.kind]: ref.slug})
    query = f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?s ?p"
    return f"{base}/sparql?" + urlencode({"query": query})


def more_triples(base: str, iri: str, left_out: int) -> list[pyoxigraph.Triple]:
    """The statements that *left_out* incoming links of *iri* are not in its document, and where they are."""
    more = pyoxigraph.NamedNode(more_link(base, iri))
    return [pyoxigraph.Triple(pyoxigraph.NamedNode(iri), SEE_ALSO, more),
            pyoxigraph.Triple(more, RDFS_LABEL, pyoxigraph.Literal(
                f"{left_out:,} more links to this resource", language="en")),
            pyoxigraph.Triple(more, RDFS_LABEL, pyoxigraph.Literal(
                f"{left_out:,} liens de plus vers cette ressource".replace(",", "\u202f"), language="fr"))]


def document_triples(store: pyoxigraph.Store, iri: str, labels: Labels | None = None,
                     limit: int = Defaults.DOCUMENT_INCOMING_LIMIT, *, base: str | None = None,
                     incoming: Incoming | None = None) -> list[pyoxigraph.Triple]:
    """The document of *iri* (see the module docstring), sorted; empty for an unknown IRI.

    Every step is an index lookup, whatever the IRI's shape: a hash IRI ``x#term`` belongs to x's
    document when x's triples link to it (the dataset's partitions, the catalogue's service) or it
    links to x (the ontology's terms, ``rdfs:isDefinedBy``). *labels* (node -> its label triples,
    e.g. remembered per release) replaces the store lookups of labels, *incoming* (thing -> its
    first *limit* incoming links and their number, e.g. remembered per release or fetched from a
    remote store) :func:`first_incoming`. With *base*, a document that leaves links out says where
    they are (:func:`more_triples`)."""
    labels = labels or (lambda node: label_triples(store, node))
    incoming = incoming or (lambda node: first_incoming(store, node, limit))
    try:
        thing = pyoxigraph.NamedNode(iri)
    except ValueError:
        return []
    parts = (iri + "-", iri + "#")
    found: set[pyoxigraph.Triple] = set()
    links, total = incoming(thing)
    subjects = [thing] + [t.subject for t in links if _is_part(t.subject, parts)]
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
    for triple in links:
        found.add(triple)
        found.update(labels(triple.subject))
    if base is not None and total > len(links):
        found.update(more_triples(base, iri, total - len(links)))
    return sorted(found, key=str)


def described_part(triples: list[pyoxigraph.Triple], iri: str) -> list[pyoxigraph.Triple]:
    """What *iri*'s document (its *triples*) says about the thing itself: all but its incoming links
    and the labels of the subjects only they name. A page embeds this much as JSON-LD (a hub's
    document holds 200 links to it, and their names); the whole document is one link away."""
    thing, parts = pyoxigraph.NamedNode(iri), (iri + "-", iri + "#")
    statements = {t for t in triples if t.predicate not in LABEL_PREDICATES
                  and not (t.object == thing and t.subject != thing and not _is_part(t.subject, parts))}
    named = {thing} | {t.subject for t in statements} | {t.object for t in statements}
    return [t for t in triples if t in statements or (t.predicate in LABEL_PREDICATES and t.subject in named)]


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
