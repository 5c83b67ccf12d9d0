"""A private Oxigraph server per test module (tests/oxigraph_server.py), for the remote store tests."""
from __future__ import annotations

import pytest

from tests.oxigraph_server import OxigraphServer, oxigraph_binary

collect_ignore = [] if oxigraph_binary() else ["test_remote.py"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
    yield running
    running.stop()
