"""Fixtures of the icc_graph tests."""
from __future__ import annotations

import pyoxigraph
import pytest

from icc_graph.release import read_release


@pytest.fixture(scope="module")
def opened_release(built_dist):
    """The built release and its store, opened read-only."""
    info = read_release(built_dist)
    store = pyoxigraph.Store.read_only(str(info.store_path))
    yield info, store
    del store
