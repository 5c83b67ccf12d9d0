"""icc_graph.release: the release layout on disk and the atomic switch of ``current``."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from icc_graph import release
from icc_graph.errors import PublishError, StoreUnavailable

BASE = "http://127.0.0.1:8080"
DEAD_PID = 999999999


def _stage(dist: Path, release_id: str, content: str = "data", mtime: float | None = None) -> Path:
    staging = release.new_staging_dir(dist)
    release.write_meta(staging, {"release": release_id, "base_iri": BASE + "/", "triples": 7,
                                 "files": {"icc-graph.ttl": 4}})
    release.write_file(staging, release.DUMP_TTL, content.encode())
    (staging / release.STORE_DIR).mkdir()
    if mtime is not None:
        os.utime(staging, (mtime, mtime))
    return staging


def _publish(dist: Path, release_id: str, content: str = "data", mtime: float | None = None) -> Path:
    return release.publish_staged(dist, _stage(dist, release_id, content, mtime), release_id)


def _release_names(dist: Path) -> set[str]:
    return {p.name for p in release.releases_dir(dist).iterdir()}


# --- publishing -----------------------------------------------------------------------------------

def test_publish_staged_moves_the_staging_dir_and_points_current_at_it(tmp_path):
    dist = tmp_path / "dist"
    staging = _stage(dist, "r1")
    assert staging.name.startswith(f".staging-{os.getpid()}-") and staging.parent == dist
    target = release.publish_staged(dist, staging, "r1")
    assert target == dist / "releases" / "r1"
    assert not staging.exists()
    assert (target / release.DUMP_TTL).read_text() == "data"
    assert release.current_link(dist) == os.path.join("releases", "r1")  # relative: the dist dir can move
    assert release.current_release(dist) == target.resolve()
    info = release.read_release(dist)
    assert (info.id, info.base_iri, info.triples, info.files) == ("r1", BASE, 7, {"icc-graph.ttl": 4})
    assert info.path == target.resolve()
    assert info.store_path == target.resolve() / "store" and info.store_path.is_dir()
    assert info.file(release.DUMP_TTL).read_text() == "data"
    assert [p.name for p in dist.iterdir() if p.name.startswith(".")] == []  # no staging dir, no temporary link


def test_publishing_the_same_id_twice_keeps_the_old_copy(tmp_path):
    dist = tmp_path / "dist"
    _publish(dist, "r1", "first")
    _publish(dist, "r2", "second")
    assert release.read_release(dist).id == "r2"
    staging = _stage(dist, "r1", "would-be-identical")
    target = release.publish_staged(dist, staging, "r1")
    assert not staging.exists()
    assert (target / release.DUMP_TTL).read_text() == "first"
    assert release.read_release(dist).id == "r1"  # switched back to it


def test_a_release_that_cannot_be_moved_in_raises_publish_error_and_current_stays(tmp_path):
    dist = tmp_path / "dist"
    _publish(dist, "r1")
    with pytest.raises(PublishError):
        release.publish_staged(dist, dist / ".staging-gone", "r2")
    assert release.read_release(dist).id == "r1"
    assert "r2" not in _release_names(dist)


def test_publishing_prunes_to_the_newest_releases(tmp_path):
    dist = tmp_path / "dist"
    for i in range(5):
        _publish(dist, f"r{i}", mtime=1_000_000 + i)
    assert _release_names(dist) == {"r2", "r3", "r4"}
    assert release.KEEP_RELEASES == 3
    assert release.read_release(dist).id == "r4"


# --- pruning --------------------------------------------------------------------------------------

def _plain_releases(dist: Path, count: int) -> None:
    for i in range(count):
        path = release.releases_dir(dist) / f"r{i}"
        path.mkdir(parents=True)
        release.write_meta(path, {"release": f"r{i}", "base_iri": BASE})
        os.utime(path, (1_000_000 + i, 1_000_000 + i))


def test_prune_keeps_the_newest(tmp_path):
    dist = tmp_path / "dist"
    _plain_releases(dist, 5)
    release.switch_current(dist, "r4")
    release.prune_releases(dist, keep=2)
    assert _release_names(dist) == {"r3", "r4"}


def test_prune_never_removes_the_current_release(tmp_path):
    dist = tmp_path / "dist"
    _plain_releases(dist, 5)
    release.switch_current(dist, "r0")  # the oldest is in service
    release.prune_releases(dist, keep=2)
    assert _release_names(dist) == {"r0", "r3", "r4"}
    assert release.read_release(dist).id == "r0"


def test_prune_without_a_current_release_keeps_the_newest(tmp_path):
    dist = tmp_path / "dist"
    _plain_releases(dist, 4)
    release.prune_releases(dist, keep=1)
    assert _release_names(dist) == {"r3"}


# --- switching ------------------------------------------------------------------------------------

def test_switch_current_replaces_the_link(tmp_path):
    dist = tmp_path / "dist"
    _plain_releases(dist, 2)
    release.switch_current(dist, "r0")
    assert release.read_release(dist).id == "r0"
    release.switch_current(dist, "r1")
    assert release.read_release(dist).id == "r1"
    assert (dist / "current").is_symlink()
    assert sorted(p.name for p in dist.iterdir()) == ["current", "releases"]


def test_current_is_always_a_valid_release_while_another_thread_switches(tmp_path):
    dist = tmp_path / "dist"
    _plain_releases(dist, 2)
    release.switch_current(dist, "r0")
    stop = threading.Event()
    switches = []

    def switcher():
        while not stop.is_set():
            for name in ("r1", "r0"):
                release.switch_current(dist, name)
                switches.append(name)

    thread = threading.Thread(target=switcher)
    thread.start()
    seen = set()
    failures = []
    try:
        deadline = time.monotonic() + 0.7
        while time.monotonic() < deadline:
            try:
                seen.add(release.read_release(dist).id)
            except StoreUnavailable as exc:  # the link missing or dangling, even for an instant
                failures.append(exc)
            link = release.current_link(dist)
            if link not in (os.path.join("releases", "r0"), os.path.join("releases", "r1")):
                failures.append(link)
    finally:
        stop.set()
        thread.join(10)
    assert failures == []
    assert len(switches) > 20 and seen == {"r0", "r1"}


# --- reading --------------------------------------------------------------------------------------

def test_read_release_of_an_empty_dir_raises_store_unavailable(tmp_path):
    with pytest.raises(StoreUnavailable, match="no release"):
        release.read_release(tmp_path)
    assert release.current_link(tmp_path) is None
    assert release.current_release(tmp_path) is None


def test_read_release_of_a_dangling_or_broken_release_raises_store_unavailable(tmp_path):
    dist = tmp_path / "dist"
    _plain_releases(dist, 1)
    release.switch_current(dist, "missing")
    with pytest.raises(StoreUnavailable):
        release.read_release(dist)
    release.switch_current(dist, "r0")
    (release.releases_dir(dist) / "r0" / release.RELEASE_JSON).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreUnavailable):
        release.read_release(dist)


def test_read_meta_gives_release_json_as_written(tmp_path):
    meta = {"release": "r9", "base_iri": BASE, "triples": 3, "sources": ["a.ttl"]}
    release.write_meta(tmp_path, meta)
    assert release.read_meta(tmp_path) == meta
    assert json.loads((tmp_path / release.RELEASE_JSON).read_text(encoding="utf-8")) == meta
    info_dir = tmp_path / "dist" / "releases" / "r9"
    info_dir.mkdir(parents=True)
    release.write_meta(info_dir, {"release": "r9", "base_iri": BASE})
    release.switch_current(tmp_path / "dist", "r9")
    assert release.read_release(tmp_path / "dist").triples == 0


def test_checksums_parses_sha256sums(tmp_path):
    text_digest, binary_digest = "a" * 64, "b" * 64
    (tmp_path / release.SUMS).write_text(
        f"{text_digest}  icc-graph.ttl\n{binary_digest} *icc-graph.nt.gz\n\n", encoding="utf-8")
    assert release.checksums(tmp_path) == {"icc-graph.ttl": text_digest, "icc-graph.nt.gz": binary_digest}


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="no sha256sum here")
def test_checksums_reads_what_sha256sum_writes(tmp_path):
    files = {"icc-graph.ttl": b"turtle", "void.ttl": b"void", "icc-graph.nt.gz": b"\x1f\x8b"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run(["sha256sum", *sorted(files)], cwd=tmp_path, capture_output=True, check=True)
    (tmp_path / release.SUMS).write_bytes(done.stdout)
    assert release.checksums(tmp_path) == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def test_write_file_writes_the_bytes(tmp_path):
    path = release.write_file(tmp_path, "x.bin", b"\x00\x01")
    assert path == tmp_path / "x.bin" and path.read_bytes() == b"\x00\x01"


# --- leftovers of builds that died ------------------------------------------------------------------

def test_remove_stale_staging_removes_the_leftovers_of_dead_processes_only(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    mine = os.getpid()
    dead_dir = dist / f".staging-{DEAD_PID}-abc123"
    (dead_dir / "store").mkdir(parents=True)
    (dead_dir / "store" / "000001.sst").write_bytes(b"x")
    live_dir = dist / f".staging-{mine}-def456"
    live_dir.mkdir()
    dead_link = dist / f".current-r1-{DEAD_PID}"
    dead_link.symlink_to("releases/r1")
    live_link = dist / f".current-r1-{mine}"
    live_link.symlink_to("releases/r1")
    _plain_releases(dist, 1)

    release.remove_stale_staging(dist)

    assert not dead_dir.exists()
    assert not dead_link.is_symlink()
    assert live_dir.is_dir()
    assert live_link.is_symlink()
    assert _release_names(dist) == {"r0"}


def test_new_staging_dir_clears_dead_leftovers_and_is_kept_while_we_live(tmp_path):
    dist = tmp_path / "dist"
    dead_dir = dist / f".staging-{DEAD_PID}-abc"
    dead_dir.mkdir(parents=True)
    first = release.new_staging_dir(dist)
    second = release.new_staging_dir(dist)
    assert not dead_dir.exists()
    assert first != second and first.is_dir() and second.is_dir()
    release.discard_staging(first)
    assert not first.exists() and second.is_dir()
