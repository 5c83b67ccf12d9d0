"""Validate a release's catalog.ttl with the official DCAT-AP 3.0.1 SHACL shapes.

    python .ci/dcat_ap.py ../shared/conformance/dcat-ap dist/current/catalog.ttl

Violations come from the canonical, consolidated shapes of the release: releases/3.0.1/shacl/
dcat-ap-SHACL.ttl (cardinalities, datatypes) with ranges.ttl (the classes of values). They refer
to five property shapes they never define, which stops pyshacl, so any sh:property pointing at an
undefined shape is dropped first (each is printed as a note). Validation runs with RDFS entailment:
ranges.ttl asks the values of dcat:endpointURL and dcat:endpointDescription to be of class
rdfs:Resource, which every IRI is under RDFS and none is in plain SHACL. The data graph holds no
vocabulary (controlled vocabularies are never loaded into it: the shapes would then fire on the
vocabularies themselves), so entailment adds nothing else a shape checks.
Warnings come from the release's sh:Warning shapes: the recommended properties
(html/shacl/shapes_recommended.ttl) and the deprecated URIs (html/shacl/deprecateduris.ttl); they
do not fail. Prints every result (focus node, path, message) and exits 1 if there is any violation.
"""
from __future__ import annotations

import sys
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
RELEASE = "releases/3.0.1"
REQUIRED = ("shacl/dcat-ap-SHACL.ttl", "shacl/ranges.ttl")
WARNINGS = ("html/shacl/shapes_recommended.ttl", "html/shacl/deprecateduris.ttl")
INFERENCE = "rdfs"


def load_shapes(root: Path, names: tuple[str, ...]) -> Graph:
    shapes = Graph()
    for name in names:
        shapes.parse(root / RELEASE / name, format="turtle")
    drop_dangling_properties(shapes)
    return shapes


def drop_dangling_properties(shapes: Graph) -> None:
    """Remove sh:property links to shapes that are declared nowhere in the shapes graph."""
    for shape, prop in list(shapes.subject_objects(SH.property)):
        if (prop, None, None) not in shapes:
            print(f"note: dropped dangling sh:property {prop} of {shape}", file=sys.stderr)
            shapes.remove((shape, SH.property, prop))


def results(data: Graph, shapes: Graph) -> list[tuple[str, str, str, str]]:
    """(severity, focus node, path, message) of every result, sorted."""
    _, report, _ = validate(data, shacl_graph=shapes, inference=INFERENCE, advanced=True)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        focus = str(report.value(result, SH.focusNode))
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        found.append((severity, focus, str(path) if path is not None else "-",
                      str(message) if message is not None else str(report.value(result, SH.sourceConstraintComponent))))
    return sorted(found)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python .ci/dcat_ap.py DCAT-AP-CHECKOUT CATALOG.ttl", file=sys.stderr)
        return 2
    root, catalog = Path(argv[1]), Path(argv[2])
    missing = [name for name in REQUIRED + WARNINGS if not (root / RELEASE / name).is_file()]
    if missing:
        print(f"error: {root / RELEASE} has no {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        data = Graph().parse(catalog, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        print(f"error: cannot read {catalog}: {exc}", file=sys.stderr)
        return 2

    required = results(data, load_shapes(root, REQUIRED))
    violations = [r for r in required if r[0] == "Violation"]
    warnings = sorted([r for r in required if r[0] != "Violation"] + results(data, load_shapes(root, WARNINGS)))
    for severity, focus, path, message in warnings:
        print(f"{severity.lower()}: {focus}  {path}  {message}")
    for _, focus, path, message in violations:
        print(f"VIOLATION: {focus}  {path}  {message}")
    print(f"DCAT-AP 3.0.1: {len(data)} triples, {len(violations)} violation(s), {len(warnings)} warning(s)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
