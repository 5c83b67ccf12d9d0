"""`icc-graph serve --build-if-needed`, the command `make serve` runs: it builds when the sources
changed, serves the release, and stops at once and cleanly."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from benchmarks import generate
from tests.live import stop_cleanly

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.live
def test_build_then_serve_then_stop_cleanly(tmp_path):
    generate.generate(12, tmp_path / "src", seed=3)
    src, log = tmp_path / "src", tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "icc_graph", "--data", str(src / "data"), "--ontology", str(src / "ontology"),
             "--shapes", str(src / "shapes"), "--dist", str(tmp_path / "dist"), "--base-iri", "http://127.0.0.1:8080",
             "serve", "--build-if-needed", "--port", "0", "--workers", "1"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not (found := re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text(errors="replace"))):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.1)
        url = found.group(1)
        answer = requests.get(url + "/sparql", params={"query": "ASK { ?s a ?type }"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200 and answer.json()["boolean"] is True
    finally:
        output = stop_cleanly(process, log)  # the build ran in a process of its own
    assert "release" in output
