"""The release layout on disk, and the one way a release is switched in (docs/release.md).

    dist/
      current -> releases/<id>     the release in service: a symlink, replaced atomically
      releases/<id>/               one complete release, never written again once in place
        release.json               what it is: id, base IRI, triples, sources, files, and the
                                   figures pages show about it (icc_graph.stats)
        store/                     its Oxigraph store
        facets.json                the facet index of the practice browser (icc_graph.facet_index)
        search/                    its full-text index (icc_graph.search), made from the store
        icc-graph.ttl, ...         dumps, SHA256SUMS, void.ttl, catalog.ttl (built releases)
      .staging-<pid>-*             a release being written; removed once its process is gone
      .current-*                   the new link, just before it replaces ``current``

Readers follow ``current`` on every request, so they see the old release or the new one, never
half of one. Builds, ``serve --data`` and the store readers all go through this module.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import pids
from .errors import PublishError, StoreUnavailable

CURRENT = "current"
RELEASES = "releases"
RELEASE_JSON = "release.json"
STORE_DIR = "store"
SUMS = "SHA256SUMS"
DUMP_TTL = "icc-graph.ttl"
DUMP_JSONLD = "icc-graph.jsonld"
DUMP_NT_GZ = "icc-graph.nt.gz"
CONTEXT = "context.jsonld"
VOID = "void.ttl"
CATALOG = "catalog.ttl"
VOCABULARIES = "vocabularies.ttl"  # the ontology, vocabularies and places: what a record is validated with
SHAPES = "shapes.ttl"          # the SHACL shapes the release was validated against, IRIs absolute
QUALITY = "quality.ttl"        # the SHACL report of the build (icc_graph.build.quality)
CURATION = "curation.json"     # its figures: completeness per field, place and record
FACETS = "facets.json"         # the practice browser's facet index (icc_graph.facet_index)
HUBS = "hubs.json"             # the first incoming links of the things most linked to (icc_graph.hub_index)
LABELS = "labels.sqlite"       # the labels of every IRI, for the documents (icc_graph.label_index)
INDEX_FILES = (FACETS, HUBS, LABELS)  # what the build and `serve --data` compute from the store, beside it
SEARCH_DIR = "search"          # the full-text index (icc_graph.search): made from the store, like it
                               # outside SHA256SUMS (tantivy names its files at random)
# the release's history (docs/history.md, icc_graph/history)
CHANGES_ADDED = "changes-added.nt.gz"      # triples added since the previous release, sorted N-Triples
CHANGES_REMOVED = "changes-removed.nt.gz"  # triples removed since the previous release
CHANGES = "changes.json"       # the summary: resources created, updated, deleted; triples per property
HISTORY = "history.json"       # every release of the chain, oldest first
VERSIONS = "versions.json"     # each resource's document digest and the releases that changed it
ACTIVITIES = "activities.jsonl"  # the change feed, one activity a line, oldest first
KEEP_RELEASES = 3  # older releases are pruned, never the one in service (the KEEP_RELEASES setting)
_STAGING = ".staging-"
_LINK = ".current-"


@dataclass(frozen=True)
class ReleaseInfo:
    """What ``release.json`` says about the release a directory holds."""

    path: Path
    id: str
    base_iri: str
    triples: int
    files: dict = field(default_factory=dict)
    stats: dict | None = None  # what pages show about the whole release (icc_graph.stats); None: not counted

    @property
    def store_path(self) -> Path:
        return self.path / STORE_DIR

    def file(self, name: str) -> Path:
        return self.path / name


def read_release(dist_dir: str | os.PathLike) -> ReleaseInfo:
    """The release ``dist_dir/current`` points to now; StoreUnavailable when there is none.
    Pages ask several times per request: the file is parsed again only when it changed."""
    path = Path(os.path.realpath(Path(dist_dir) / CURRENT))
    try:
        found = os.stat(path / RELEASE_JSON)
        return _parsed_release(path, found.st_mtime_ns, found.st_size)
    except (OSError, ValueError) as exc:
        raise StoreUnavailable(f"no release is available in {dist_dir} (run `icc-graph build`)") from exc


@functools.lru_cache(maxsize=4)
def _parsed_release(path: Path, mtime_ns: int, size: int) -> ReleaseInfo:
    meta = json.loads((path / RELEASE_JSON).read_text(encoding="utf-8"))
    return ReleaseInfo(path, meta["release"], meta["base_iri"].rstrip("/"), int(meta.get("triples", 0)),
                       meta.get("files", {}), meta.get("stats"))


def read_meta(release_dir: Path) -> dict:
    """The ``release.json`` of a release directory, as written."""
    return json.loads((release_dir / RELEASE_JSON).read_text(encoding="utf-8"))


def write_meta(release_dir: Path, meta: dict) -> None:
    (release_dir / RELEASE_JSON).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def current_link(dist_dir: str | os.PathLike) -> str | None:
    """Where ``current`` points (one readlink: cheap enough for every request), or None."""
    try:
        return os.readlink(Path(dist_dir) / CURRENT)
    except OSError:
        return None


def current_release(dist_dir: Path) -> Path | None:
    link = Path(dist_dir) / CURRENT
    return link.resolve() if link.exists() else None


def releases_dir(dist_dir: str | os.PathLike) -> Path:
    return Path(dist_dir) / RELEASES


def checksums(release_path: Path) -> dict[str, str]:
    """File name -> sha256, from the release's SHA256SUMS (sha256sum's format)."""
    sums = {}
    for line in (release_path / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition(" ")
        if name:
            sums[name.strip().lstrip("*")] = digest
    return sums


# --- writing a release -----------------------------------------------------------------------------

def write_file(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def new_staging_dir(dist_dir: Path) -> Path:
    """A fresh ``.staging-<pid>-*`` directory; first removes those of builds that died (kill -9)."""
    dist_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(dist_dir)
    return Path(tempfile.mkdtemp(prefix=f"{_STAGING}{os.getpid()}-", dir=dist_dir))


def remove_stale_staging(dist_dir: Path) -> None:
    """Remove staging dirs and temporary links whose build process is gone; a live build's stay."""
    for path in [*dist_dir.glob(f"{_STAGING}*"), *dist_dir.glob(f"{_LINK}*")]:
        pid = path.name.split("-")[-2 if path.name.startswith(_STAGING) else -1]
        if pid.isdigit() and pids.alive(int(pid)):
            continue
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)


def discard_staging(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def publish_staged(dist_dir: Path, staging: Path, release_id: str, keep: int = KEEP_RELEASES) -> Path:
    """Move a complete staging dir to releases/<id>, switch ``current`` to it, prune all but the
    newest *keep* releases."""
    releases = releases_dir(dist_dir)
    releases.mkdir(parents=True, exist_ok=True)
    target = releases / release_id
    try:
        if target.exists():
            # The same data was released before: its files are byte-identical, keep the old copy.
            shutil.rmtree(staging)
        else:
            os.rename(staging, target)
        _fsync_dir(releases)
        switch_current(dist_dir, release_id)
    except OSError as exc:
        raise PublishError(f"could not switch the release in: {exc}") from exc
    prune_releases(dist_dir, keep=keep)
    return target


def switch_current(dist_dir: str | os.PathLike, name: str) -> None:
    """Point ``current`` at ``releases/<name>`` with one atomic rename of a new symlink."""
    dist_dir = Path(dist_dir)
    link = dist_dir / f"{_LINK}{name}-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(Path(RELEASES) / name, link)
    os.replace(link, dist_dir / CURRENT)
    _fsync_dir(dist_dir)


def prune_releases(dist_dir: Path, keep: int) -> None:
    """Remove all but the newest *keep* releases; never the one in service."""
    releases = releases_dir(dist_dir)
    current = current_release(dist_dir)
    candidates = sorted((p for p in releases.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in candidates[keep:]:
        if current is None or old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
