"""A live server (gunicorn through `endpoint.serve`) on 127.0.0.1, and a watch on its sockets."""
from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
import requests

from tests.conftest import TEST_BASE_IRI

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def live_server(dist: Path, timeout: float = 1.0, env: dict | None = None, workers: int = 1, threads: int = 8):
    """Yield (base URL, server pid); the server's process group is stopped afterwards."""
    environment = {**os.environ, "ICC_BASE_IRI": TEST_BASE_IRI, **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "endpoint.serve", "--host", "127.0.0.1", "--port", "0", "--dist", str(dist),
         "--timeout", str(timeout), "--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT, env=environment, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        start_new_session=True)
    url = None
    deadline = time.monotonic() + 30
    while url is None and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
        url = match.group(1) if match else None
    threading.Thread(target=process.stderr.read, daemon=True).start()  # keep the pipe drained
    try:
        assert url, "the server did not start"
        for _ in range(100):
            try:
                requests.get(url + "/robots.txt", timeout=5)
                break
            except requests.RequestException:  # not listening yet, or slow to answer on a busy machine
                time.sleep(0.1)
        yield url, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the session we started: gunicorn and its workers
        process.wait(15)
        process.stderr.close()


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
