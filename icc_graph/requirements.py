"""What the shapes ask of each kind of record, read from the shapes themselves.

A field is *required* when a shape that stops the build (severity Violation, the default) needs
at least one value (``sh:minCount`` or ``sh:qualifiedMinCount``), including the project's
"required unless noted" rules (a ``shapes:MissingUnlessNotedTarget``). It is *recommended* when
a warning asks for one (``shapes/curation.ttl``): the build goes on without it. The published
shapes page (``/shapes``) and the ontology page list both per class; nothing is written by hand.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from .namespaces import SH

MISSING_UNLESS_NOTED = "#MissingUnlessNotedTarget"  # the local name of the project's target type


@dataclass(frozen=True)
class Requirement:
    """One field a kind of record must or should have."""

    path: URIRef
    name: str           # the shape's sh:name (English, as the shapes state it)
    description: str    # the shape's sh:description
    shape: URIRef


@dataclass(frozen=True)
class ClassRequirements:
    target: URIRef
    required: tuple[Requirement, ...]
    recommended: tuple[Requirement, ...]


def requirements(shapes: Graph) -> dict[URIRef, ClassRequirements]:
    """Class -> what its records must and should have, each list sorted by field name."""
    found: dict[URIRef, tuple[dict, dict]] = {}
    for shape in set(shapes.subjects(SH.path, None)):
        path = shapes.value(shape, SH.path)
        if not isinstance(shape, URIRef) or not isinstance(path, URIRef) or not _asks_for_a_value(shapes, shape):
            continue
        warning = shapes.value(shape, SH.severity) == SH.Warning
        requirement = Requirement(path, str(shapes.value(shape, SH.name) or path),
                                  str(shapes.value(shape, SH.description) or ""), shape)
        for target in _targets(shapes, shape):
            required, recommended = found.setdefault(target, ({}, {}))
            (recommended if warning else required).setdefault((requirement.name, str(path)), requirement)
    return {target: ClassRequirements(target, tuple(v for _, v in sorted(req.items())),
                                      tuple(v for key, v in sorted(rec.items()) if key not in req))
            for target, (req, rec) in sorted(found.items())}


def _asks_for_a_value(shapes: Graph, shape) -> bool:
    for prop in (SH.minCount, SH.qualifiedMinCount):
        value = shapes.value(shape, prop)
        if isinstance(value, Literal) and int(value) >= 1:
            return True
    return False


def _targets(shapes: Graph, shape) -> set[URIRef]:
    """The classes whose records *shape* checks: its own target class, that of a node shape
    holding it, or the class a "required unless noted" target names."""
    targets = {t for t in shapes.objects(shape, SH.targetClass) if isinstance(t, URIRef)}
    for node in shapes.subjects(SH.property, shape):
        targets |= {t for t in shapes.objects(node, SH.targetClass) if isinstance(t, URIRef)}
    for target in shapes.objects(shape, SH.target):
        kind = shapes.value(target, RDF.type)
        if kind is not None and str(kind).endswith(MISSING_UNLESS_NOTED):
            targets |= {t for p, t in shapes.predicate_objects(target)
                        if str(p).endswith("#ofClass") and isinstance(t, URIRef)}
    return targets
