"""A private Oxigraph server (or Virtuoso: tests/remote_server.py) per test module, for the remote store tests."""
from __future__ import annotations

import pytest

from tests.remote_server import Server, installed

collect_ignore = [] if installed() else ["test_remote.py"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("store") / "db").start()
    yield running
    running.stop()
