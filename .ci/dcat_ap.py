"""Validate a release's catalog.ttl with the official DCAT-AP 3.0.1 SHACL shapes.

    python .ci/dcat_ap.py ../shared/conformance/dcat-ap dist/current/catalog.ttl

Uses the split files releases/3.0.1/html/shacl/shapes.ttl + range.ttl (cardinalities and class
ranges). The consolidated file refers to property shapes it never defines, which stops pyshacl,
so any sh:property pointing at an undefined shape is dropped first. Controlled vocabularies are
never loaded into the data graph: the shapes would then fire on the vocabularies themselves.
Prints every violation (focus node, path, message) and exits 1 if there is any.
Recommended properties (shapes_recommended.ttl) are reported as warnings and do not fail.
"""
from __future__ import annotations

import sys
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_DIR = "releases/3.0.1/html/shacl"
REQUIRED = ("shapes.ttl", "range.ttl")
RECOMMENDED = ("shapes_recommended.ttl",)


def load_shapes(root: Path, names: tuple[str, ...]) -> Graph:
    shapes = Graph()
    for name in names:
        shapes.parse(root / SHAPES_DIR / name, format="turtle")
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
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
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
    if not (root / SHAPES_DIR).is_dir():
        print(f"error: {root} has no {SHAPES_DIR}", file=sys.stderr)
        return 2
    try:
        data = Graph().parse(catalog, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        print(f"error: cannot read {catalog}: {exc}", file=sys.stderr)
        return 2

    required = results(data, load_shapes(root, REQUIRED))
    violations = [r for r in required if r[0] == "Violation"]
    warnings = sorted([r for r in required if r[0] != "Violation"] + results(data, load_shapes(root, RECOMMENDED)))
    for severity, focus, path, message in warnings:
        print(f"{severity.lower()}: {focus}  {path}  {message}")
    for _, focus, path, message in violations:
        print(f"VIOLATION: {focus}  {path}  {message}")
    print(f"DCAT-AP 3.0.1: {len(data)} triples, {len(violations)} violation(s), {len(warnings)} warning(s)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
