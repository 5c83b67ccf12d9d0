"""Fixtures: a scratch source tree (ontology, shapes, the project's vocabularies and places) whose
records come from a small table of our own, imported as `icc-graph import catalogue` does, plus one
curated record."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from icc_graph.build.paths import Paths
from icc_graph.importers import main_import

REPO = Path(__file__).resolve().parents[3]
BASE = "http://127.0.0.1:8080"
SITE = "https://www.coe.int/en/web/interculturalcities"
HEADER = "slug\ttitle_en\ttitle_other\tcity\tcountry\tyear_or_period\ttopics\tsource_url\tseen_on\n"
# Four practices: seen on a topic's listing page, on a combined listing page, on the page listing
# every practice (no topic), and one with nothing but a title.
TABLE = HEADER + "".join("\t".join(cells) + "\n" for cells in [
    ["oslo-business-club", "Oslo business club", "", "Oslo", "Norway", "2019", "", f"{SITE}/-/oslo-business-club",
     f"http://www.coe.int/en/web/interculturalcities/business ; {SITE}/-/oslo-business-club"],
    ["", "Don't feed the rumour", "", "", "", "", "", f"{SITE}/communication-and-anti-rumour",
     f"http://www.coe.int/fr/web/interculturalcities/communication-and-anti-rumour?delta=5"],
    ["schools-together", "Schools together", "Écoles ensemble", "Bergen", "Norway", "N/A", "",
     f"{SITE}/-/schools-together", f"{SITE}/good-practice?delta=20 ; {SITE}/-/schools-together"],
    ["", "Library of languages", "", "", "", "", "", f"{SITE}/good-practice?start=3", f"{SITE}/good-practice?start=3"],
])
CURATED = """# Curated by hand.
@prefix icc: <ontology#> . @prefix practice: <id/practice/> . @prefix city: <id/city/> .
@prefix country: <id/country/> . @prefix topic: <id/topic/> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
practice:hand-made a icc:Practice ; dcterms:identifier "hand-made" ;
    dcterms:title "A hand-made record"@en ; icc:city city:oslo ; icc:country country:norway ;
    icc:year "2020"^^xsd:gYear ; icc:curationStatus icc:Curated ; dcterms:subject topic:education ;
    dcterms:source <https://www.coe.int/en/web/interculturalcities/-/hand-made> .
"""


def make_tree(root: Path) -> Paths:
    """ontology/, shapes/ and data/ under *root*: the project's vocabularies and cities, our records."""
    for name in ("ontology", "shapes"):
        shutil.copytree(REPO / name, root / name)
    data = root / "data"
    shutil.copytree(REPO / "data" / "vocabularies", data / "vocabularies")
    shutil.copytree(REPO / "data" / "places", data / "places")
    shutil.copy(REPO / "data" / "dataset.ttl", data / "dataset.ttl")
    (data / "practices").mkdir()
    table = root / "table.tsv"
    table.write_text(TABLE, encoding="utf-8")
    assert main_import(["catalogue", str(table), "--data-dir", str(data)]) == 0
    (data / "practices" / "hand-made.ttl").write_text(CURATED, encoding="utf-8")
    return Paths(data, root / "ontology", root / "shapes", root / "dist")


@pytest.fixture(scope="session")
def tree_template(tmp_path_factory) -> Path:
    """The tree and its exported workbook, made once; each test gets a copy (``tree``, ``exported``)."""
    from icc_graph.worklist import export_worklist

    root = tmp_path_factory.mktemp("worklist-template")
    export_worklist(root / "worklist.xlsx", make_tree(root / "tree"), BASE)
    return root


@pytest.fixture
def tree(tree_template, tmp_path) -> Paths:
    shutil.copytree(tree_template / "tree", tmp_path / "tree")
    root = tmp_path / "tree"
    return Paths(root / "data", root / "ontology", root / "shapes", root / "dist")


@pytest.fixture
def exported(tree_template, tmp_path) -> Path:
    """The workbook exported from ``tree`` (before any answer)."""
    return Path(shutil.copy(tree_template / "worklist.xlsx", tmp_path / "worklist.xlsx"))


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}
