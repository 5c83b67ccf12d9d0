"""RDF terms between the two libraries, and inside SPARQL text: the one owner of conversions.

pyoxigraph answers queries and parses; rdflib builds and validates graphs and renders pages. A
simple literal is the same in both (RDF 1.1: ``"x"`` and ``"x"^^xsd:string`` are one literal), and
comes out of :func:`to_rdflib` without a datatype, as rdflib writes it.
"""
from __future__ import annotations

import pyoxigraph
import rdflib

from .namespaces import bind_prefixes

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NOT_IN_IRI = set('<>"{}|^`\\ \n\r\t')


def to_rdflib(term, blank_nodes: dict | None = None) -> rdflib.term.Identifier:
    """The rdflib twin of a pyoxigraph term. *blank_nodes* (label -> rdflib BNode) gives blank
    nodes fresh rdflib identities, shared within one mapping (one file) and never across two."""
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        if blank_nodes is not None:
            return blank_nodes.setdefault(term.value, rdflib.BNode())
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if datatype == XSD_STRING else rdflib.URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def rows_to_rdflib(solutions) -> list[dict[str, rdflib.term.Identifier]]:
    """The rows of pyoxigraph QuerySolutions as dicts of variable name -> rdflib term (bound only)."""
    names = [variable.value for variable in solutions.variables]
    return [{name: to_rdflib(row[name]) for name in names if row[name] is not None} for row in solutions]


def graph_of(triples, base: str) -> rdflib.Graph:
    """An rdflib Graph of pyoxigraph *triples* with the project's prefixes bound."""


    graph = bind_prefixes(rdflib.Graph(), base)
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def sparql_iri(iri: str) -> str:
    """*iri* as a SPARQL IRI term ``<...>``; refuses characters that could break out of it."""
    if any(char in _NOT_IN_IRI for char in str(iri)):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def sparql_string(text: str) -> str:
    """*text* as a SPARQL string literal (escaped by pyoxigraph)."""
    return str(pyoxigraph.Literal(text))
