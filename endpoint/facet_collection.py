"""A facet page of the practice browser as Linked Data: a Hydra collection with TREE relations.

``/practices?topic=&country=&year=&page=`` in Turtle, JSON-LD (or N-Triples, RDF/XML) states:

- the filtered collection (its IRI is the page's address without ``page``): ``hydra:Collection``,
  ``hydra:totalItems``, a ``hydra:member`` for each practice of the page (with its title), the
  applied filter as ``hydra:manages`` blocks (every member has this property and value), and a
  ``hydra:search`` ``hydra:IriTemplate`` saying how to ask for another filter;
- the page itself, at its own address: ``hydra:PartialCollectionView`` with ``hydra:first``,
  ``hydra:previous``, ``hydra:next`` and ``hydra:last`` (what Comunica and other Hydra clients
  follow to reach every member), and also a ``tree:Node`` whose ``tree:relation``s are the facet
  values: a ``tree:EqualToRelation`` on the property (``tree:path``) and value (``tree:value``),
  to the collection with that filter added (``tree:node``), which holds ``tree:remainingItems``
  practices. A TREE client can follow them; the value's label comes with it.

The numbers are those of the HTML page (:func:`endpoint.facets.browse`), from the facet index.
"""
from __future__ import annotations

from collections.abc import Callable

import pyoxigraph

from icc_graph.iris import ontology_namespace, thing_iri

from .facets import BrowseResult, Filters

HYDRA = "http://www.w3.org/ns/hydra/core#"
TREE = "https://w3id.org/tree#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"hydra": HYDRA, "tree": TREE}  # besides the project's own (icc_graph.namespaces)


def facet_properties(base: str) -> dict[str, str]:
    """The property of each filter: what ``tree:path`` and the search template name."""
    return {"topic": DCTERMS + "subject", "country": ontology_namespace(base) + "country",
            "year": ontology_namespace(base) + "year"}


def collection_triples(base: str, result: BrowseResult, filters: Filters, page_url: str,
                       url: Callable[..., str], template: str) -> list[pyoxigraph.Triple]:
    """The triples of one facet page. *page_url* is the address the page was asked at; ``url(**changes)``
    the absolute address of this filter state with *changes*; *template* the RFC 6570 search template."""
    triples: list[pyoxigraph.Triple] = []

    def add(subject, predicate: str, obj) -> None:
        triples.append(pyoxigraph.Triple(subject, pyoxigraph.NamedNode(predicate), obj))

    def iri(value: str) -> pyoxigraph.NamedNode:
        return pyoxigraph.NamedNode(value)

    properties = facet_properties(base)
    collection, view = iri(url(page=1)), iri(page_url)
    add(collection, RDF_TYPE, iri(HYDRA + "Collection"))
    add(collection, HYDRA + "totalItems", pyoxigraph.Literal(str(result.total), datatype=iri(XSD + "integer")))
    add(collection, HYDRA + "view", view)
    add(collection, TREE + "view", view)
    for number, (prop, value) in enumerate(_applied(base, filters, properties)):
        block = pyoxigraph.BlankNode(f"filter{number}")
        add(collection, HYDRA + "manages", block)
        add(block, HYDRA + "property", iri(prop))
        add(block, HYDRA + "object", value)
    for row in result.rows:
        add(collection, HYDRA + "member", iri(row.iri))
        add(iri(row.iri), DCTERMS + "title", pyoxigraph.Literal(row.title, language=row.lang)
            if row.lang else pyoxigraph.Literal(row.title))
    search = pyoxigraph.BlankNode("search")
    add(collection, HYDRA + "search", search)
    add(search, RDF_TYPE, iri(HYDRA + "IriTemplate"))
    add(search, HYDRA + "template", pyoxigraph.Literal(template))
    add(search, HYDRA + "variableRepresentation", iri(HYDRA + "BasicRepresentation"))
    for name, prop in (*properties.items(), ("page", HYDRA + "pageIndex")):
        mapping = pyoxigraph.BlankNode(f"mapping-{name}")
        add(search, HYDRA + "mapping", mapping)
        add(mapping, RDF_TYPE, iri(HYDRA + "IriTemplateMapping"))
        add(mapping, HYDRA + "variable", pyoxigraph.Literal(name))
        add(mapping, HYDRA + "property", iri(prop))
        add(mapping, HYDRA + "required", pyoxigraph.Literal("false", datatype=iri(XSD + "boolean")))

    add(view, RDF_TYPE, iri(HYDRA + "PartialCollectionView"))
    add(view, RDF_TYPE, iri(TREE + "Node"))
    add(view, HYDRA + "first", iri(url(page=1)))
    add(view, HYDRA + "last", iri(url(page=result.pages)))
    if filters.page > 1:
        add(view, HYDRA + "previous", iri(url(page=min(filters.page, result.pages + 1) - 1)))
    if filters.page < result.pages:
        add(view, HYDRA + "next", iri(url(page=filters.page + 1)))
    for name, values in result.facets.items():
        for fv in values:
            if fv.selected:
                continue  # the collection itself
            relation = pyoxigraph.BlankNode(f"{name}-{fv.value}")
            value = _value(base, name, fv.value)
            add(view, TREE + "relation", relation)
            add(relation, RDF_TYPE, iri(TREE + "EqualToRelation"))
            add(relation, TREE + "path", iri(properties[name]))
            add(relation, TREE + "value", value)
            add(relation, TREE + "node", iri(url(**{name: int(fv.value) if name == "year" else fv.value, "page": 1})))
            add(relation, TREE + "remainingItems",
                pyoxigraph.Literal(str(fv.count), datatype=iri(XSD + "integer")))
            if isinstance(value, pyoxigraph.NamedNode):
                add(value, RDFS_LABEL, pyoxigraph.Literal(fv.label, language=fv.lang)
                    if fv.lang else pyoxigraph.Literal(fv.label))
    return triples


def _value(base: str, name: str, value: str):
    """A facet value as an RDF term: the topic's or country's IRI, or the year as xsd:gYear."""
    if name == "year":
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "gYear"))
    return pyoxigraph.NamedNode(thing_iri(base, name, value))


def _applied(base: str, filters: Filters, properties: dict[str, str]):
    """(property, value) of every member: a practice, and each filter in force."""
    yield RDF_TYPE, pyoxigraph.NamedNode(ontology_namespace(base) + "Practice")
    for name in ("topic", "country", "year"):
        value = getattr(filters, name)
        if value is not None:
            yield properties[name], _value(base, name, f"{value:04d}" if name == "year" else value)
