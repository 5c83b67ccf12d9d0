"""What each record lacks, per release: the SHACL warnings as a quality report.

The shapes say which gaps count (``shapes/curation.ttl``): every warning shape there belongs to a
*field*, an ``sh:PropertyGroup`` labelled in English and French. From the build's validation
report this module derives, deterministically:

- :func:`report_graph`: the report as RDF (``quality.ttl`` in the release, and the named graph
  ``{base}/graph/quality`` of its store), with IRIs instead of pyshacl's blank nodes;
- :func:`summarise`: the figures people read (``curation.json``, the ``/curation`` page, the
  catalogue's DQV measurements, the worklist): per field how many records lack it, per country
  and per city the same for their practices, and per record what it lacks.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ..iris import quality_report_iri
from ..namespaces import SH, bind_prefixes, icc_namespaces
from .validation import ValidationReport

NO_PLACE = ""  # the key of practices that name no country (or no city)


@dataclass(frozen=True)
class Field:
    """A kind of gap: a property group of the shapes, and the class whose records it counts."""

    id: str                    # the group's local name: "TopicField"
    iri: URIRef
    labels: dict[str, str]     # language -> label
    order: int
    target: URIRef             # the class of the records it applies to
    shapes: frozenset


def fields(shapes: Graph) -> list[Field]:
    """Every field the shapes define, in their ``sh:order``."""
    found = []
    for group in set(shapes.subjects(RDF.type, SH.PropertyGroup)):
        members = frozenset(shape for shape in shapes.subjects(SH.group, group)
                            if shapes.value(shape, SH.severity) == SH.Warning)
        targets = {cls for shape in members for cls in _target_classes(shapes, shape)}
        if not members or len(targets) != 1:
            continue  # a group that counts nothing, or whose records are of several kinds
        labels = {label.language: str(label) for label in shapes.objects(group, RDFS.label)
                  if isinstance(label, Literal) and label.language}
        order = shapes.value(group, SH.order)
        found.append(Field(str(group).rpartition("#")[2], group, labels, int(order) if order is not None else 0,
                           targets.pop(), members))
    return sorted(found, key=lambda field: (field.order, field.id))


def _target_classes(shapes: Graph, shape) -> set:
    """The class a property shape applies to: its own target, or that of the node shape holding it."""
    classes = set(shapes.objects(shape, SH.targetClass))
    for node in shapes.subjects(SH.property, shape):
        classes |= set(shapes.objects(node, SH.targetClass))
    return classes


def gaps(report: ValidationReport, found: list[Field]) -> dict[URIRef, set[str]]:
    """Record -> the ids of the fields it lacks (from the report's warnings)."""
    field_of = {shape: field.id for field in found for shape in field.shapes}
    lacking: dict[URIRef, set[str]] = defaultdict(set)
    for result in report.warnings:
        field = field_of.get(result.source_shape)
        if field is not None and isinstance(result.focus, URIRef):
            lacking[result.focus].add(field)
    return lacking


def summarise(graph: Graph, report: ValidationReport, shapes: Graph, base: str) -> dict:
    """The release's completeness figures (see the module docstring); plain, sorted JSON data."""
    found = fields(shapes)
    lacking = gaps(report, found)
    icc = icc_namespaces(base)["icc"]
    practice_fields = [field.id for field in found if field.target == icc.Practice]
    practices = sorted(set(graph.subjects(RDF.type, icc.Practice)))
    by_country = _by_place(graph, practices, lacking, practice_fields, icc.country)
    by_city = _by_place(graph, practices, lacking, practice_fields, icc.city)
    return {
        "fields": [{
            "id": field.id, "iri": str(field.iri), "label": field.labels, "class": str(field.target),
            "total": len(set(graph.subjects(RDF.type, field.target))),
            "missing": sum(1 for record, ids in lacking.items() if field.id in ids
                           and (record, RDF.type, field.target) in graph),
        } for field in found],
        "countries": [_place_entry(graph, iri, counts) for iri, counts in sorted(by_country.items())],
        "cities": [{**_place_entry(graph, iri, counts), "country": _first(graph, iri, icc.country)}
                   for iri, counts in sorted(by_city.items())],
        "records": [{"iri": str(record), "title": _title(graph, record),
                     "missing": [field.id for field in found if field.id in lacking[record]]}
                    for record in sorted(lacking) if lacking[record]],
    }


def _by_place(graph: Graph, practices, lacking, field_ids, prop) -> dict[str, dict]:
    """Place IRI (or NO_PLACE) -> {"practices": n, "missing": {field: n}} over its practices."""
    places: dict[str, dict] = {}
    for practice in practices:
        for place in sorted(graph.objects(practice, prop)) or [NO_PLACE]:
            entry = places.setdefault(str(place), {"practices": 0, "missing": dict.fromkeys(field_ids, 0)})
            entry["practices"] += 1
            for field in lacking.get(practice, ()):
                if field in entry["missing"]:
                    entry["missing"][field] += 1
    return places


def _place_entry(graph: Graph, iri: str, counts: dict) -> dict:
    labels = {} if iri == NO_PLACE else {label.language: str(label) for label in graph.objects(URIRef(iri), RDFS.label)
                                          if isinstance(label, Literal) and label.language}
    return {"iri": iri, "label": labels, **counts}


def _first(graph: Graph, node: str, prop) -> str:
    values = sorted(graph.objects(URIRef(node), prop)) if node else []
    return str(values[0]) if values else NO_PLACE


def _title(graph: Graph, record: URIRef) -> dict[str, str]:
    """Language -> title of a record (``dcterms:title``, else ``rdfs:label``)."""
    for prop in (DCTERMS.title, RDFS.label):
        titles = {label.language or "": str(label) for label in sorted(graph.objects(record, prop))
                  if isinstance(label, Literal)}
        if titles:
            return titles
    return {}


def report_graph(report: ValidationReport, base: str, iri: str | None = None) -> Graph:
    """The validation report as RDF with an IRI for every result (``{iri}#result-{hash}``; *iri*
    is the release's quality report unless given), the same for the same data."""
    quality = bind_prefixes(Graph(), base)
    node = URIRef(iri or quality_report_iri(base))
    quality.add((node, RDF.type, SH.ValidationReport))
    quality.add((node, SH.conforms, Literal(report.conforms)))
    for result in report.results:
        key = "\n".join(_n3(part) for part in (result.focus, result.path, result.source_shape, result.value,
                                               result.severity)) + "\n" + result.message
        item = URIRef(f"{node}#result-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}")
        quality.add((node, SH.result, item))
        quality.add((item, RDF.type, SH.ValidationResult))
        quality.add((item, SH.resultSeverity, result.severity))
        quality.add((item, SH.resultMessage, Literal(result.message)))
        for prop, value in ((SH.focusNode, result.focus), (SH.resultPath, result.path),
                            (SH.sourceShape, result.source_shape), (SH.value, result.value)):
            if isinstance(value, (URIRef, Literal)):  # blank nodes (complex paths, inline shapes) have no name
                quality.add((item, prop, value))
    return quality


def _n3(node) -> str:
    return "" if node is None else node.n3()
