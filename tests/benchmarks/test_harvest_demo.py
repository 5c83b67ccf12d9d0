"""benchmarks/harvest_demo.py runs at a few practices: the harvester's copy ends isomorphic."""
from __future__ import annotations

import pytest

from benchmarks import harvest_demo

pytestmark = pytest.mark.live


def test_the_demo_keeps_a_copy_in_sync(capsys):
    assert harvest_demo.main(["--practices", "4"]) == 0
    out = capsys.readouterr().out
    assert out.count("| a practice added |") == 1 and "isomorphic to every release's dump" in out
