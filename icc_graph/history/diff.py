"""What changed between two releases' graphs: the triples added and removed, per resource.

A triple belongs to the resource of its subject: the subject's IRI without its fragment, so the
ontology's terms (``{base}/ontology#Practice``) belong to ``{base}/ontology`` and every other
subject (a practice, its ``-period`` part, a city) is a resource of its own, fetched at its
``/doc/`` address. Triples are compared as RDF terms, not as bytes: the order of the lines, the
prefixes or the serialiser's spelling of a literal change nothing. The data graph holds no blank
node (the shapes ask every node for an IRI); should one appear, the graph is first canonically
labelled (rdflib's ``to_canonical_graph``) so that the same graph gives the same labels.

Each build writes ``changes-added.nt.gz`` and ``changes-removed.nt.gz`` (sorted N-Triples, gzip
with no name and no time) and ``changes.json`` (the summary: resources created, updated, deleted
per class; triples added and removed per property). ``icc-graph diff A B`` prints the same.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import pyoxigraph
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from ..build.serialise import gzip_bytes
from ..release import CHANGES_ADDED, CHANGES_REMOVED

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CREATED, UPDATED, DELETED = "created", "updated", "deleted"
NO_CLASS = "(no class)"


def resource_of(subject: str) -> str:
    """The resource a triple of *subject* belongs to: the IRI without its fragment."""
    return subject.partition("#")[0]


def triples(ntriples: bytes) -> dict[str, pyoxigraph.Triple]:
    """The triples of an N-Triples text, keyed by their canonical N-Triples line."""
    parsed = list(pyoxigraph.parse(ntriples, pyoxigraph.RdfFormat.N_TRIPLES))
    if any(isinstance(term, pyoxigraph.BlankNode) for t in parsed for term in (t.subject, t.object)):
        canonical = to_canonical_graph(Graph().parse(data=ntriples, format="nt"))
        parsed = list(pyoxigraph.parse(canonical.serialize(format="nt", encoding="utf-8"),
                                       pyoxigraph.RdfFormat.N_TRIPLES))
    return {f"{t} .": t for t in parsed}


@dataclass(frozen=True)
class Diff:
    """The triples only in the new graph (*added*) and only in the old one (*removed*), as sorted
    N-Triples lines; the classes of every resource before and after."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changes: dict  # resource -> CREATED | UPDATED | DELETED
    classes: dict  # resource -> sorted class IRIs (after, or before for a deleted one)
    properties: dict  # property IRI -> {"added": n, "removed": n}

    @property
    def empty(self) -> bool:
        return not self.added and not self.removed

    def files(self) -> dict[str, bytes]:
        """``changes-added.nt.gz`` and ``changes-removed.nt.gz``: deterministic bytes."""
        return {CHANGES_ADDED: gzip_bytes(_text(self.added)), CHANGES_REMOVED: gzip_bytes(_text(self.removed))}

    def summary(self, release: str | None = None, previous: str | None = None) -> dict:
        """What ``changes.json`` holds (and ``icc-graph diff`` prints)."""
        per_class: dict[str, Counter] = {CREATED: Counter(), UPDATED: Counter(), DELETED: Counter()}
        for resource, change in self.changes.items():
            for cls in self.classes.get(resource) or [NO_CLASS]:
                per_class[change][cls] += 1
        return {
            "release": release,
            "previous": previous,
            "triples": {"added": len(self.added), "removed": len(self.removed)},
            "resources": {change: dict(sorted(counts.items())) for change, counts in per_class.items()},
            "properties": dict(sorted(self.properties.items())),
            "changed": [{"resource": resource, "change": change, "classes": self.classes.get(resource, [])}
                        for resource, change in sorted(self.changes.items())],
        }


def _text(lines) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


def compare(old: bytes, new: bytes) -> Diff:
    """The diff from the graph *old* to the graph *new* (both N-Triples)."""
    before, after = triples(old), triples(new)
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    properties: dict[str, dict] = defaultdict(lambda: {"added": 0, "removed": 0})
    touched = set()
    for lines, index, key in ((added, after, "added"), (removed, before, "removed")):
        for line in lines:
            triple = index[line]
            properties[triple.predicate.value][key] += 1
            touched.add(resource_of(_subject(triple)))
    had, has = _resources(before.values()), _resources(after.values())
    changes = {r: CREATED if r not in had else DELETED if r not in has else UPDATED for r in touched}
    types_before, types_after = _types(before.values()), _types(after.values())
    classes = {r: sorted((types_after if r in has else types_before).get(r, ())) for r in touched}
    return Diff(tuple(added), tuple(removed), changes, classes, dict(properties))


def _subject(triple: pyoxigraph.Triple) -> str:
    subject = triple.subject
    return subject.value if isinstance(subject, pyoxigraph.NamedNode) else f"_:{subject.value}"


def _resources(found) -> set[str]:
    return {resource_of(_subject(t)) for t in found}


def _types(found) -> dict[str, set[str]]:
    """Subject -> its classes (the rdf:type of the resource's own IRI, not of its fragments)."""
    types: dict[str, set[str]] = defaultdict(set)
    for t in found:
        if t.predicate.value == RDF_TYPE and isinstance(t.object, pyoxigraph.NamedNode):
            types[_subject(t)].add(t.object.value)
    return types
