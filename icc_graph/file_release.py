"""A release made from one RDF file, so ``icc-graph serve --data FILE`` serves any graph.

The file (N-Triples, Turtle, RDF/XML, JSON-LD, N-Quads, TriG; ``.gz`` too) is bulk-loaded into
an Oxigraph store laid out as a release directory (docs/release.md): ``releases/<id>/store``,
``release.json`` and a ``current`` link, so the endpoint reads it exactly as a built release.
It is not validated and carries no dumps: it serves data as given, e.g. for benchmarks.

The release id is a digest of the file's bytes, its format and the base IRI, so it changes
whenever what is served could. Loading is most of the start-up (bulk load, then ``optimize``,
which halves query times at 100k practices), so a loaded store may be kept in a cache directory
under that id and reused by the next start: it is loaded into a private temporary directory
and renamed into place only once complete, so an interrupted or failed load is never reused.
Each release directory gets hard links to the cached files (never written again), so evicting
an entry does not disturb a server that still reads it.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph

from . import pids
from .errors import StoreUnavailable

CACHE_KEEP = 2  # cached stores kept (the most recently used); one is ~1.5x the N-Triples file
_PARTIAL = ".partial-"  # prefix of a load in progress in the cache: "<prefix><pid>-<random>"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/icc-graph/data`` (``~/.cache/icc-graph/data`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "icc-graph" / "data"


def rdf_format(path: Path) -> pyoxigraph.RdfFormat:
    """The format the file name says (``x.ttl``, ``x.nt.gz``); StoreUnavailable if none."""
    name = path.name.removesuffix(".gz")
    extension = name.rpartition(".")[2].lower()
    fmt = pyoxigraph.RdfFormat.from_extension(extension) if extension else None
    if fmt is None:
        raise StoreUnavailable(f"{path}: cannot tell its RDF format from the name; use .nt, .ttl, .rdf, "
                               ".jsonld, .nq or .trig (optionally .gz)")
    return fmt


def release_id(source: Path, fmt: pyoxigraph.RdfFormat, base_iri: str) -> str:
    with source.open("rb") as handle:
        content = hashlib.file_digest(handle, "sha256").hexdigest()
    return hashlib.sha256(f"{content} {fmt.media_type} {base_iri}".encode()).hexdigest()[:16]


def release_from_file(data: str | os.PathLike, dist: str | os.PathLike, base_iri: str,
                      cache: str | os.PathLike | None = None) -> str:
    """Load *data* into a release under *dist* (an empty or new directory); returns its id.

    With *cache*, a store loaded earlier from the same bytes, format and base IRI is reused, and a
    new one is kept there (the :data:`CACHE_KEEP` most recently used are).
    """
    source, dist = Path(data), Path(dist)
    if not source.is_file():
        raise StoreUnavailable(f"{source}: no such file")
    fmt, base_iri = rdf_format(source), base_iri.rstrip("/")
    rid = release_id(source, fmt, base_iri)
    path = dist / "releases" / rid
    if cache is None:
        path.mkdir(parents=True)
        try:
            meta = _load(source, fmt, base_iri, path)
        except StoreUnavailable:
            shutil.rmtree(path, ignore_errors=True)
            raise
    else:
        entry = _cached(Path(cache), rid, source, fmt, base_iri)
        meta = json.loads((entry / "release.json").read_text(encoding="utf-8"))
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(entry / "store", path / "store", copy_function=_link_or_copy)
    meta = {**meta, "release": rid, "source": source.name}
    (path / "release.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    os.symlink(Path("releases") / rid, dist / "current")
    return rid


def _load(source: Path, fmt: pyoxigraph.RdfFormat, base_iri: str, path: Path) -> dict:
    """Bulk-load *source* into ``path/store``; the release metadata (without id and source)."""
    store = pyoxigraph.Store(str(path / "store"))
    try:
        if source.name.endswith(".gz"):
            with gzip.open(source, "rb") as handle:
                store.bulk_load(handle, format=fmt, base_iri=base_iri + "/")
        else:  # by path: Oxigraph reads the file itself, without a Python file object in between
            store.bulk_load(path=source, format=fmt, base_iri=base_iri + "/")
        store.optimize()
        triples = len(store)
    except (SyntaxError, ValueError, OSError, EOFError) as exc:
        raise StoreUnavailable(f"{source} cannot be loaded: {exc}") from exc
    finally:
        del store  # close the store before readers open it read-only
    return {"base_iri": base_iri, "triples": triples, "files": {}}


def _cached(cache: Path, rid: str, source: Path, fmt: pyoxigraph.RdfFormat, base_iri: str) -> Path:
    """The cache entry of release *rid*, loaded now if it is not there yet."""
    entry = cache / rid
    if (entry / "release.json").is_file():
        os.utime(entry)  # most recently used
        return entry
    try:
        cache.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(cache)
        partial = Path(tempfile.mkdtemp(prefix=f"{_PARTIAL}{os.getpid()}-", dir=cache))
    except OSError as exc:
        raise StoreUnavailable(f"cannot use the cache directory {cache} (ICC_DATA_CACHE): {exc}") from exc
    try:
        meta = _load(source, fmt, base_iri, partial)
        (partial / "release.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        partial.rename(entry)  # the commit: only a complete entry ever has this name
    except OSError as exc:
        if not (entry / "release.json").is_file():  # not merely beaten to it by another start
            raise StoreUnavailable(f"cannot keep the store of {source} in {cache}: {exc}") from exc
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    _evict(cache, keep=entry)
    return entry


def _remove_abandoned(cache: Path) -> None:
    """Remove partial loads whose process is gone (killed or crashed)."""
    for partial in cache.glob(f"{_PARTIAL}*"):
        pid = partial.name[len(_PARTIAL):].partition("-")[0]
        if pid.isdigit() and not pids.alive(int(pid)):
            shutil.rmtree(partial, ignore_errors=True)


def _evict(cache: Path, keep: Path) -> None:
    entries = [p for p in cache.iterdir() if not p.name.startswith(".") and p != keep]
    entries.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    for old in entries[CACHE_KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system: a copy
        shutil.copy2(src, dst)
