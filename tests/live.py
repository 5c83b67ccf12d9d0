"""One way to run the real server in tests: gunicorn through `endpoint.serve`, on 127.0.0.1."""
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

import requests

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASE_IRI = "http://127.0.0.1:8080"


@contextlib.contextmanager
def live_server(dist: Path, *, timeout: float = 10.0, workers: int = 2, threads: int = 4,
                env: dict | None = None, base_iri: str = DEFAULT_BASE_IRI):
    """Yield (base URL, server pid) of a server on a free port; its process group is stopped after."""
    environment = {**os.environ, "ICC_BASE_IRI": base_iri, **(env or {})}
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
        for _ in range(100):  # until a worker answers
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


def stop_cleanly(process: subprocess.Popen, log: Path) -> str:
    """Stop a server started in its own session and check it stopped at once and cleanly; its log.

    A server worker forked from a process that had opened an Oxigraph store inherits RocksDB's
    thread pool without its threads, and crashed (SIGSEGV) or hung on exit until gunicorn's 10 s
    grace ran out. (A SIGTERM from this killpg may reach a worker first: gunicorn logs that one.)
    """
    os.killpg(process.pid, signal.SIGTERM)
    stopping = time.monotonic()
    process.wait(20)
    took = time.monotonic() - stopping
    output = log.read_text(errors="replace")
    assert took < 8, f"the server took {took:.1f} s to stop"
    assert not re.search(r"was sent SIG(?!TERM)", output) and "Traceback" not in output, output[-3000:]
    return output
