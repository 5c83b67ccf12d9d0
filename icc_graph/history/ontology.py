"""The ontology's version IRIs in a published release: ``owl:versionIRI`` names the release that
first published the ontology as it is (``{base}/releases/{id}/ontology``), ``owl:priorVersion``
the one before; both change only when the ontology's own triples change. The source files never
state them (they would have to be edited by hand at every change).

The release id is computed before these two triples are added (from the content without them
and the previous release), so they depend on nothing but the data and the history.
"""
from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from ..iris import ontology_iri, release_iri
from .diff import resource_of

VERSION_PROPERTIES = (OWL.versionIRI, OWL.priorVersion)


def version_iri(base: str, release: str) -> str:
    return f"{release_iri(base, release)}/ontology"


def ontology_digest(graph: Graph, base: str) -> str:
    """The sha256 of the ontology's own triples (its terms included), the version IRIs left out."""
    ontology = ontology_iri(base)
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph
                   if resource_of(str(s)) == ontology and p not in VERSION_PROPERTIES)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def add_versions(graph: Graph, base: str, release: str, previous: dict | None) -> dict:
    """State the ontology's version IRIs in *graph* (in place); returns what ``history.json``
    keeps of them for the next release: ``{"sha256", "version", "prior"}``. *previous*: the
    previous release's, or None."""
    ontology = URIRef(ontology_iri(base))
    digest = ontology_digest(graph, base)
    if previous and previous["sha256"] == digest:
        kept = dict(previous)
    else:
        kept = {"sha256": digest, "version": release, "prior": previous["version"] if previous else None}
    for prop in VERSION_PROPERTIES:
        graph.remove((ontology, prop, None))
    if (ontology, None, None) in graph:
        graph.add((ontology, OWL.versionIRI, URIRef(version_iri(base, kept["version"]))))
        if kept["prior"]:
            graph.add((ontology, OWL.priorVersion, URIRef(version_iri(base, kept["prior"]))))
    return kept
