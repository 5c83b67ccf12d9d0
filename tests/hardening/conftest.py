"""A live server (gunicorn through `endpoint.serve`) on 127.0.0.1, and a watch on its sockets."""
from __future__ import annotations

import threading
from pathlib import Path

import psutil
import pytest

from tests.conftest import TEST_BASE_IRI
from tests.live import live_server as shared_live_server

ROOT = Path(__file__).resolve().parents[2]


def live_server(dist: Path, timeout: float = 1.0, env: dict | None = None, workers: int = 1, threads: int = 8):
    """The shared live server (tests/live.py) with this folder's defaults: a short timeout."""
    return shared_live_server(dist, timeout=timeout, env=env, workers=workers, threads=threads,
                              base_iri=TEST_BASE_IRI)


class SocketWatch:
    """Samples the server's process tree; records any inet socket that is not the listening one
    or a connection accepted on it (that is, any connection the server opened itself)."""

    def __init__(self, pid: int, port: int):
        self.root, self.port = psutil.Process(pid), port
        self.outgoing: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def scan(self) -> list[str]:
        found = []
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                connections = process.net_connections(kind="inet")
            except psutil.NoSuchProcess:
                continue
            for conn in connections:
                if conn.laddr and conn.laddr.port == self.port:
                    continue  # the listening socket, or a client it accepted
                found.append(f"pid {process.pid}: {conn.laddr} -> {conn.raddr} {conn.status}")
        self.outgoing.extend(found)
        return found

    def _run(self):
        while not self._stop.wait(0.02):
            try:
                self.scan()
            except psutil.Error:
                pass

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)


@pytest.fixture(scope="module")
def hardened_server(built_dist):
    """The repository's release, served with a 1 s query timeout; yields (url, pid)."""
    with live_server(built_dist, timeout=1.0) as server:
        yield server
