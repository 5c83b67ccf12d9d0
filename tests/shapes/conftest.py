"""Helpers for the shape tests: the shapes under a test base IRI, and the case files.

Each case in cases/ is a small Turtle file, validated together with cases/context.ttl (a valid
little world: topic, country, city, rights, the class hierarchy). A case lists every result it
expects in comment lines, using the file's prefixes:

    # expect: <focus node> <path or -> [Warning]

A focus node written ``[]`` stands for a blank node.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.namespace import SH

from icc_graph.build.sources import read_sources
from icc_graph.build.validation import ValidationReport, load_shapes, validate

ROOT = Path(__file__).resolve().parents[2]
SHAPES_DIR = ROOT / "shapes"
CASES_DIR = Path(__file__).resolve().parent / "cases"
CONTEXT = CASES_DIR / "context.ttl"
# Not the default base: the shapes must not depend on where the graph is served.
BASE = "http://shapes.test/icc"
BLANK = "[]"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return load_shapes(SHAPES_DIR, BASE)


def case_files(prefix: str) -> list[Path]:
    return sorted(CASES_DIR.glob(f"{prefix}-*.ttl"))


@dataclass(frozen=True)
class Expected:
    focus: str  # the focus node's IRI, or BLANK
    path: str | None
    severity: str  # "Violation" or "Warning"


def result_key(focus, path, severity) -> Expected:
    """The comparable form of a validation result."""
    return Expected(
        BLANK if isinstance(focus, BNode) else str(focus),
        None if path is None else str(path),
        str(severity).rsplit("#", 1)[-1],
    )


def load_case(path: Path) -> tuple[Graph, set[Expected]]:
    """The case merged with the shared context, and the results its comments expect."""
    graph = read_sources([CONTEXT, path], BASE).graph
    expand = graph.namespace_manager.expand_curie
    expected = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# expect:"):
            continue
        focus, path_name, *severity = line.removeprefix("# expect:").split()
        expected.add(Expected(
            BLANK if focus == BLANK else str(expand(focus)),
            None if path_name == "-" else str(expand(path_name)),
            severity[0] if severity else "Violation",
        ))
    return graph, expected


@lru_cache(maxsize=None)
def check_case(path: Path) -> tuple[ValidationReport, set[Expected], set[Expected]]:
    """Validate a case: (report, results expected, results found)."""
    graph, expected = load_case(path)
    report = validate(graph, shapes_graph())
    found = {result_key(r.focus, r.path, r.severity) for r in report.results}
    return report, expected, found


def is_warning(result: Expected) -> bool:
    return result.severity == str(SH.Warning).rsplit("#", 1)[-1]
