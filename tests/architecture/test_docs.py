"""What the docs name exists, and what exists is in the docs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from icc_graph import settings

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [name for name in settings.NAMES if name not in settings.INTERNAL])
def test_every_setting_is_in_the_readme(name):
    assert f"`ICC_{name}`" in README


def test_every_setting_the_readme_names_exists():
    named = set(re.findall(r"`ICC_([A-Z_]+)`", README))
    assert named <= set(settings.NAMES), named - set(settings.NAMES)


def test_every_module_the_architecture_page_names_exists():
    named = set(re.findall(r"`((?:icc_graph|endpoint)/[\w/]+\.py)`", ARCHITECTURE))
    assert named and not [path for path in named if not (ROOT / path).is_file()]
    for package in ("icc_graph/build", "icc_graph/store", "icc_graph/runtime", "icc_graph/importers", "endpoint"):
        assert f"`{package}/`" in ARCHITECTURE, package
