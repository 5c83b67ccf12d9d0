"""Shared fixtures: a real build of the repository's own data/, made once per session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from icc_graph.build.pipeline import Paths, build
from tests.small_release import make_release

ROOT = Path(__file__).resolve().parent.parent
TEST_BASE_IRI = "http://127.0.0.1:8080"


@pytest.fixture(scope="session")
def project_paths(tmp_path_factory) -> Paths:
    """The repository's sources, with a private dist/ so tests never touch the real one."""
    dist = tmp_path_factory.mktemp("dist")
    return Paths(ROOT / "data", ROOT / "ontology", ROOT / "shapes", dist)


@pytest.fixture(scope="session")
def built_release(project_paths):
    """The release built from the repository's data/ (session-wide: building takes seconds)."""
    return build(project_paths, TEST_BASE_IRI)


@pytest.fixture(scope="session")
def built_dist(built_release, project_paths) -> Path:
    """The dist/ directory holding that release as `current`."""
    return project_paths.dist


@pytest.fixture
def source_copy(tmp_path) -> Paths:
    """A private copy of the sources, for tests that break a record on purpose."""
    for name in ("data", "ontology", "shapes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Paths.under(tmp_path)


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory) -> Path:
    """A small release written without a build (tests/small_release.py), with filler triples."""
    dist = tmp_path_factory.mktemp("dist")
    make_release(dist, extra_triples=300)
    return dist
