"""Fixtures: a scratch data/ directory holding the project's real vocabularies and places."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from icc_graph.importers import main_import
from icc_graph.importers.places import GENERATED_CITIES_MARK

REPO = Path(__file__).resolve().parents[3]
HEADER = "slug\ttitle_en\ttitle_other\tcity\tcountry\tyear_or_period\ttopics\tsource_url\tseen_on\n"
SITE = "https://www.coe.int/en/web/interculturalcities"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The project's vocabularies and its curated cities only: no imported cities, no practices."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "vocabularies", data / "vocabularies")
    cities = (REPO / "data" / "places" / "cities.ttl").read_text(encoding="utf-8")
    (data / "places").mkdir()
    (data / "places" / "cities.ttl").write_text(cities.split(GENERATED_CITIES_MARK)[0], encoding="utf-8")
    (data / "practices").mkdir()
    return data


def row(slug="", title_en="", title_other="", city="", country="", period="", topics="",
        source="", seen_on="") -> str:
    """One table line; the source defaults to the practice page (or a listing page without a slug)."""
    source = source or (f"{SITE}/-/{slug}" if slug else f"{SITE}/good-practice?delta=3")
    return "\t".join([slug, title_en, title_other, city, country, period, topics, source, seen_on or source]) + "\n"


def write_table(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def run_import(*argv: str, data_dir: Path) -> int:
    return main_import([*argv, "--data-dir", str(data_dir)])


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}
