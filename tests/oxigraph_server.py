"""An Oxigraph server (the `oxigraph` CLI from PyPI) on 127.0.0.1 for tests, stopped by its pid."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from icc_graph.store.remote_client import Endpoints


def oxigraph_binary() -> str | None:
    """The `oxigraph` command of this virtualenv (or of PATH); None when it is not installed."""
    return shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def endpoints(url: str, connect: float = 3.0, read: float = 10.0) -> Endpoints:
    """Oxigraph server's endpoints under *url* (http://host:port)."""
    url = url.rstrip("/")
    return Endpoints(f"{url}/query", f"{url}/update", f"{url}/store", connect, read)


class ServerProcess:
    """A store server we started (``self.process``): stopped by its pid, and can be frozen."""

    process: subprocess.Popen | None = None
    stop_wait = 10.0  # seconds it may take to shut down cleanly

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)  # in case a test paused it
            self.process.terminate()
            try:
                self.process.wait(self.stop_wait)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def pause(self) -> None:
        """Freeze the server: connections are accepted by the kernel but never answered."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)


class OxigraphServer(ServerProcess):
    """``oxigraph serve`` on a free loopback port, with its data in *location*."""

    endpoints = staticmethod(endpoints)

    def __init__(self, location: Path, port: int | None = None):
        self.binary = oxigraph_binary()
        if self.binary is None:
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        self.location, self.port = Path(location), port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> OxigraphServer:
        self.process = subprocess.Popen(
            [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the oxigraph server did not start on port {self.port}")
