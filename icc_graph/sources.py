"""Read the source files (ontology, vocabularies, records) into one rdflib graph.

Every file is Turtle with relative IRIs, parsed against the deployment's base
IRI. The reader remembers which file stated each subject, so that a SHACL
violation can name the record file a person has to edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import SourceError
from .namespaces import bind_prefixes, normalise_base

DATASET_INFO_FILE = "dataset.ttl"  # publisher's statements about the dataset: metadata, not data


@dataclass
class SourceGraph:
    """The merged graph and, per subject, the file(s) that describe it."""

    graph: Graph
    files: list[Path] = field(default_factory=list)
    subject_files: dict[URIRef, list[Path]] = field(default_factory=dict)

    def files_of(self, node) -> list[Path]:
        return self.subject_files.get(node, [])


def parse_turtle_file(path: Path, base_iri: str) -> Graph:
    """Parse one Turtle file against *base_iri*; a broken file raises SourceError naming it."""
    graph = Graph()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"cannot read the file ({exc})") from exc
    try:
        graph.parse(data=text, format="turtle", publicID=f"{normalise_base(base_iri)}/")
    except BadSyntax as exc:
        # BadSyntax.args = (uri, zero-based line, text, offset, reason)
        reason = exc.args[4] if len(exc.args) > 4 else str(exc)
        raise SourceError(str(path), f"Turtle syntax error: {reason}", line=exc.lines + 1) from exc
    except Exception as exc:  # rdflib raises assorted errors for bad IRIs, literals, prefixes
        raise SourceError(str(path), f"cannot parse as Turtle: {exc}") from exc
    return graph


def canonical_term(term):
    """RDF 1.1 has one simple literal: "x"^^xsd:string is "x". rdflib keeps them apart, so fold them."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def source_files(*roots: Path) -> list[Path]:
    """Every .ttl below the roots, in a stable order; data/dataset.ttl is metadata and is left out."""
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(p for p in sorted(root.rglob("*.ttl")) if p.name != DATASET_INFO_FILE)
    return found


def read_sources(paths: list[Path], base_iri: str) -> SourceGraph:
    """Parse and merge *paths* into one graph, remembering where each subject came from."""
    merged = bind_prefixes(Graph(), base_iri)
    source = SourceGraph(merged)
    for path in paths:
        part = parse_turtle_file(path, base_iri)
        for subject, predicate, obj in part:
            merged.add((subject, predicate, canonical_term(obj)))
        for subject in set(part.subjects()):
            source.subject_files.setdefault(subject, []).append(path)
        source.files.append(path)
    return source


def read_dataset_info(data_dir: Path, base_iri: str) -> Graph:
    """What the publisher states about the dataset (data/dataset.ttl), or an empty graph."""
    path = data_dir / DATASET_INFO_FILE
    return parse_turtle_file(path, base_iri) if path.exists() else Graph()
