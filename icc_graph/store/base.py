"""The Store interface and its value types: what the endpoint needs from any store.

This module imports no store implementation: the query processes (:mod:`icc_graph.runtime`)
import its value types, and the implementations (:mod:`icc_graph.store.embedded`,
:mod:`icc_graph.store.remote`, the caching wrapper :mod:`icc_graph.store.caching`) import it.
:func:`icc_graph.store.factory.open_store` picks one from the settings.

A store offers:

``base_iri``                 the deployment's base IRI (from ``release.json``)
``release_id()``             id of the release being served; seeds caches and ETags
``exists(iri)``              True when the graph says anything about *iri* (as a subject)
``document_triples(iri)``    the sorted triples of the *document* of *iri*
                             (:mod:`icc_graph.documents`); empty when the thing is unknown
``document(iri)``            the same as an rdflib Graph with the project's prefixes (for HTML)
``document_bytes(iri, fmt)`` the document serialised in an RDF :class:`~icc_graph.formats.Format`
``select(query)``            rows (dicts of variable name -> rdflib term) of a trusted, cheap
                             SELECT written by the project (page queries); runs in-process
``missing_graphs(names)``    the graph names among *names* under which the store holds no
                             triple: a query's dataset reads them as empty graphs (never fetched)
``query(request)``           a public SPARQL query (:class:`QueryRequest`), run with a timeout
                             and a row cap; returns a serialised :class:`QueryResult`
``close()``                  release processes and files
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import pyoxigraph
import rdflib

from .. import documents
from ..errors import NotAcceptableKind
from ..formats import Format
from ..terms import graph_of


@dataclass(frozen=True)
class QueryRequest:
    """A public SPARQL query and how its answer must be written.

    ``results_format`` is used for SELECT/ASK, ``rdf_format`` for CONSTRUCT/DESCRIBE; either may be
    None when the client accepts none of them (the query then fails with ``NotAcceptableKind``).
    ``describe_iri`` replaces the query by the document of that IRI (``DESCRIBE <x>``).
    """

    query: str
    results_format: Format | None
    rdf_format: Format | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    describe_iri: str | None = None


@dataclass(frozen=True)
class QueryResult:
    kind: str            # "solutions", "boolean" or "graph"
    format: Format
    body: bytes
    truncated: bool      # True when the row cap cut the answer


class Store(ABC):
    """What the endpoint needs from a store. See the module docstring."""

    base_iri: str

    @abstractmethod
    def release_id(self) -> str: ...

    @abstractmethod
    def exists(self, iri: str) -> bool: ...

    @abstractmethod
    def document_triples(self, iri: str) -> list[pyoxigraph.Triple]: ...

    @abstractmethod
    def select(self, query: str) -> list[dict[str, rdflib.term.Identifier]]: ...

    @abstractmethod
    def query(self, request: QueryRequest) -> QueryResult: ...

    @abstractmethod
    def missing_graphs(self, names: tuple[str, ...]) -> tuple[str, ...]: ...

    def close(self) -> None:
        """Free processes and files; the default holds none."""

    def document(self, iri: str) -> rdflib.Graph:
        return graph_of(self.document_triples(iri), self.base_iri)

    def document_bytes(self, iri: str, fmt: Format) -> bytes:
        return documents.serialize(self.document_triples(iri), fmt, self.base_iri)

    def describe(self, request: QueryRequest, row_limit: int) -> QueryResult:
        """The answer to ``DESCRIBE <x>`` (``request.describe_iri``): x's document, at most
        *row_limit* triples. A bounded read, so it never waits for a query process."""
        if request.rdf_format is None:
            raise NotAcceptableKind("graph")
        triples = self.document_triples(request.describe_iri)
        return QueryResult("graph", request.rdf_format,
                           documents.serialize(triples[:row_limit], request.rdf_format, self.base_iri),
                           len(triples) > row_limit)
