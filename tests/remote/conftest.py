"""A private Oxigraph server per test module, and a release directory to load into it."""
from __future__ import annotations

import pytest

from .server import OxigraphServer, oxigraph_binary

collect_ignore = [] if oxigraph_binary() else ["test_remote.py"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
    yield running
    running.stop()
