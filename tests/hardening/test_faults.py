"""Faults: a build killed with SIGKILL at random points, and a release switch under load.

The killed build runs `icc-graph build` in a subprocess on a private copy of the sources (each
attempt changes one title, so each would publish a new release). After every kill the release
in service must be complete (its SHA256SUMS verify, its store opens), every directory a reader
can find under releases/ must be complete too, and the next build must succeed.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph
import pytest
import requests

from icc_graph.build.pipeline import Paths, build
from tests.conftest import TEST_BASE_IRI

from .conftest import ROOT, live_server

pytestmark = pytest.mark.live
ATTEMPTS = 4
SEED = int(os.environ.get("ICC_FAULT_SEED", random.randrange(1 << 30)))


def retitle(paths: Paths, title: str) -> None:
    """Change the English title of one practice record (so the next build is a new release)."""
    record = sorted((paths.data / "practices").glob("*.ttl"))[0]
    text = record.read_text(encoding="utf-8")
    text, count = re.subn(r'(dcterms:title\s+)"[^"]*"@en', rf'\1"{title}"@en', text, count=1)
    assert count == 1, record
    record.write_text(text, encoding="utf-8")


def run_build(paths: Paths) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "icc_graph", "--data", str(paths.data), "--ontology", str(paths.ontology),
         "--shapes", str(paths.shapes), "--dist", str(paths.dist), "--base-iri", TEST_BASE_IRI, "build"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for_staging(dist: Path, process: subprocess.Popen) -> None:
    """Return once the build has a staging directory (or has ended)."""
    while process.poll() is None and not any(dist.glob(".staging-*")):
        time.sleep(0.005)


def assert_complete(release: Path) -> None:
    """Every file SHA256SUMS names is there with its sum; release.json and the store read."""
    sums = (release / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    assert sums
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, f"{release.name}/{name}"
    meta = json.loads((release / "release.json").read_text(encoding="utf-8"))
    assert meta["release"] == release.name
    store = pyoxigraph.Store.read_only(str(release / "store"))
    assert len(store) >= meta["triples"]


def assert_readers_see_complete_releases(dist: Path) -> Path:
    current = (dist / "current").resolve(strict=True)
    assert current.parent == (dist / "releases").resolve()
    assert_complete(current)
    for release in (dist / "releases").iterdir():
        assert_complete(release)
    return current


def test_build_killed_at_random_points(source_copy):
    rng = random.Random(SEED)
    build(source_copy, TEST_BASE_IRI)
    served = assert_readers_see_complete_releases(source_copy.dist)
    for attempt in range(ATTEMPTS):
        retitle(source_copy, f"Killed build {attempt}")
        process = run_build(source_copy)
        if attempt % 2:  # every other attempt: kill it while it writes the release
            wait_for_staging(source_copy.dist, process)
            time.sleep(rng.uniform(0, 0.4))
        else:  # else anywhere in its first seconds (start-up, reading, validating)
            time.sleep(rng.uniform(0, 2.0))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        process.stderr.close()
        now = assert_readers_see_complete_releases(source_copy.dist)
        if now != served:
            # Killed after its atomic switch (while pruning or exiting): the release in service is
            # then this build's, complete (checked above) and holding the new title.
            dump = gzip.decompress((now / "icc-graph.nt.gz").read_bytes()).decode("utf-8")
            assert f"Killed build {attempt}" in dump, f"seed {SEED}: the release changed under a killed build"
        served = now
    retitle(source_copy, "After the kills")
    process = run_build(source_copy)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    current = assert_readers_see_complete_releases(source_copy.dist)
    assert current != served
    leftovers = [p.name for p in source_copy.dist.iterdir() if p.name not in ("current", "releases")]
    assert leftovers == [], f"seed {SEED}: the next build left {leftovers}"


def test_switch_under_load_fails_no_request(source_copy):
    build(source_copy, TEST_BASE_IRI)
    marker = "Switched in under load"
    ask = {"query": f'ASK {{ ?p <http://purl.org/dc/terms/title> "{marker}"@en }}'}
    failures, counts, stop = [], {"ok": 0}, threading.Event()

    def hammer(url: str, path: str, params=None, accept="text/turtle"):
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    response = session.get(url + path, params=params, headers={"Accept": accept}, timeout=10)
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code} {response.text[:100]}")
                    counts["ok"] += 1
                except requests.RequestException as exc:
                    failures.append(f"{path}: {exc}")
                stop.wait(0.02)  # steady load that leaves the build some CPU

    with live_server(source_copy.dist, timeout=5, workers=2, threads=4) as (url, _):
        threads = [threading.Thread(target=hammer, args=args) for args in (
            (url, "/doc/topic/education"), (url, "/sparql", ask, "application/sparql-results+json"),
            (url, "/dumps/SHA256SUMS", None, "*/*"), (url, "/catalog"))]
        for thread in threads:
            thread.start()
        try:
            assert requests.get(url + "/sparql", params=ask, timeout=10).json()["boolean"] is False
            retitle(source_copy, marker)
            process = run_build(source_copy)
            _, errors = process.communicate(timeout=120)
            assert process.returncode == 0, errors
            deadline = time.monotonic() + 10
            while not requests.get(url + "/sparql", params=ask, timeout=10).json()["boolean"]:
                assert time.monotonic() < deadline, "the server did not switch to the new release"
                time.sleep(0.1)
            time.sleep(0.5)  # keep the load on the new release a moment
        finally:
            stop.set()
            for thread in threads:
                thread.join(15)
    assert failures == []
    assert counts["ok"] > 20


def test_stale_staging_is_removed_but_a_live_build_keeps_its_own(tmp_path):
    from icc_graph.release import new_staging_dir

    live = tmp_path / f".staging-{os.getpid()}-building"
    dead = tmp_path / ".staging-999999999-killed"  # above any pid_max: no such process
    old_style = tmp_path / ".staging-x1y2z3"
    link = tmp_path / ".current-0123abcd-999999999"
    for directory in (live, dead, old_style):
        directory.mkdir()
        (directory / "icc-graph.ttl").write_text("partial")
    link.symlink_to("releases/0123abcd")
    fresh = new_staging_dir(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, fresh.name])
