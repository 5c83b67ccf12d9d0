"""A history of small releases, published by the build's own code (``publish_release``) from the
small release's data (tests/small_release.py): a practice added, one changed, one removed."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from icc_graph.build.paths import Paths
from icc_graph.build.pipeline import Release, publish_release
from icc_graph.build.sources import read_dataset_info
from icc_graph.build.validation import ValidationReport
from tests.small_release import BASE, DATA

ROOT = Path(__file__).resolve().parent.parent
TROMSO = """
practice:tromso-library a icc:Practice ; dcterms:identifier "tromso-library" ;
    dcterms:title "Tromsø library for all"@en ; icc:city city:oslo ; dcterms:subject topic:education .
"""
BERGEN = DATA[DATA.index("practice:bergen-school a"):]
CHANGED = DATA.replace("Oslo's council of residents", "Oslo's council of all residents") + TROMSO
# the data of each release, oldest first, and when it was issued: the first, a practice added,
# one changed, one removed
STEPS = (
    ("2026-01-05T10:00:00Z", DATA),
    ("2026-02-05T10:00:00Z", DATA + TROMSO),
    ("2026-03-05T10:00:00Z", CHANGED),
    ("2026-04-05T10:00:00Z", CHANGED.replace(BERGEN, "")),
)
PRACTICE = f"{BASE}/id/practice"


def paths(dist: Path) -> Paths:
    return Paths(ROOT / "data", ROOT / "ontology", ROOT / "shapes", dist)


def publish(dist: Path, data: str, when: str | None, keep: int = 10) -> Release:
    """Publish *data* as the next release of *dist*."""
    graph = Graph().parse(data=data, format="turtle", publicID=f"{BASE}/")
    return publish_release(graph, paths(dist), BASE, ValidationReport([], Graph()),
                           read_dataset_info(ROOT / "data", BASE), release_time=when, keep=keep)


def publish_chain(dist: Path, keep: int = 10, steps=STEPS) -> list[Release]:
    return [publish(dist, data, when, keep) for when, data in steps]
