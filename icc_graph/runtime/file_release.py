"""A release made from one RDF file, so ``icc-graph serve --data FILE`` serves any graph.

The file (N-Triples, Turtle, RDF/XML, JSON-LD, N-Quads, TriG; ``.gz`` too) is bulk-loaded into
an Oxigraph store laid out as a release directory (docs/release.md): ``releases/<id>/store``,
``release.json`` and a ``current`` link, so the endpoint reads it exactly as a built release.
It is not validated and carries no dumps: it serves data as given, e.g. for benchmarks.

The release id is a digest of the file's bytes, its format and the base IRI, so it changes
whenever what is served could. Loading is most of the start-up (bulk load, then ``optimize``,
which halves query times at 100k practices), so a loaded store may be kept in a cache directory
under that id and reused by the next start: an entry is written under a temporary name and
renamed into place only once complete, so an interrupted or failed load is never reused.
Each release directory gets hard links to the cached files (never written again), so evicting
an entry does not disturb a server that still reads it.

``optimize`` may also wait: with ``optimize=False`` the store is served as loaded, and
:func:`optimize_current` (run by ``icc-graph serve``'s loader process after it has answered, see
:func:`serve_file`) optimises a copy (its SST files hard links, since RocksDB never
rewrites one), switches ``current`` to it as a build would, and keeps it in the cache. The
answers do not change, so the release id does not either; the server only gets faster.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import signal
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph

from .. import pids, release_indexes, stats
from ..errors import SourceError, StoreUnavailable
from ..search.writer import write_index
from ..release import (
    INDEX_FILES,
    RELEASE_JSON,
    SEARCH_DIR,
    STORE_DIR,
    current_link,
    current_release,
    read_meta,
    releases_dir,
    switch_current,
    write_meta,
)

CACHE_KEEP = 2  # cached stores kept (the most recently used); one is ~1.5x the N-Triples file
_PARTIAL = ".partial-"  # prefix of a load in progress in the cache: "<prefix><pid>-<random>"


def rdf_format(path: Path) -> pyoxigraph.RdfFormat:
    """The format the file name says (``x.ttl``, ``x.nt.gz``); SourceError if none."""
    name = path.name.removesuffix(".gz")
    extension = name.rpartition(".")[2].lower()
    fmt = pyoxigraph.RdfFormat.from_extension(extension) if extension else None
    if fmt is None:
        raise SourceError(str(path), "cannot tell its RDF format from the name; use .nt, .ttl, .rdf, "
                          ".jsonld, .nq or .trig (optionally .gz)")
    return fmt


def release_id(source: Path, fmt: pyoxigraph.RdfFormat, base_iri: str) -> str:
    with source.open("rb") as handle:
        content = hashlib.file_digest(handle, "sha256").hexdigest()
    return hashlib.sha256(f"{content} {fmt.media_type} {base_iri}".encode()).hexdigest()[:16]


def release_from_file(data: str | os.PathLike, dist: str | os.PathLike, base_iri: str,
                      cache: str | os.PathLike | None = None, *, optimize: bool = True) -> str:
    """Load *data* into a release under *dist* (an empty or new directory); returns its id.

    With *cache*, a store loaded earlier from the same bytes, format and base IRI is reused, and a
    new optimised one is kept there (the :data:`CACHE_KEEP` most recently used are). With
    ``optimize=False`` a store loaded now is served as loaded, marked ``"optimized": false`` in
    release.json, until :func:`optimize_current` replaces it.
    """
    source, dist = Path(data), Path(dist)
    if not source.is_file():
        raise SourceError(str(source), "no such file")
    fmt, base_iri = rdf_format(source), base_iri.rstrip("/")
    releases = releases_dir(dist)
    # without a cache the id is only a name: the file is hashed while Oxigraph loads it
    rid = release_id(source, fmt, base_iri) if cache is not None else None
    entry = _cache_entry(Path(cache), rid) if cache is not None else None
    releases.mkdir(parents=True, exist_ok=True)
    if entry is not None:
        meta = read_meta(entry)
        shutil.copytree(entry / STORE_DIR, releases / rid / STORE_DIR, copy_function=_link_or_copy)
        for name in INDEX_FILES:
            _link_or_copy(str(entry / name), str(releases / rid / name))
        _copy_index(entry, releases / rid, meta["base_iri"])
    else:
        loading = Path(tempfile.mkdtemp(prefix=".loading-", dir=releases))
        try:
            with ThreadPoolExecutor(1) as hasher:
                digest = hasher.submit(release_id, source, fmt, base_iri) if rid is None else None
                meta = _load(source, fmt, base_iri, loading, optimize)
                rid = rid or digest.result()
            loading.rename(releases / rid)
        except OSError as exc:  # unreadable while hashing, or the directory cannot be named
            raise SourceError(str(source), f"cannot be loaded: {exc}") from exc
        finally:
            shutil.rmtree(loading, ignore_errors=True)
        if cache is not None and optimize:
            _keep(Path(cache), rid, releases / rid, meta)
        if not optimize:
            meta["optimized"] = False
    write_meta(releases / rid, {**meta, "release": rid, "source": source.name})
    switch_current(dist, rid)
    return rid


def _load(source: Path, fmt: pyoxigraph.RdfFormat, base_iri: str, path: Path, optimize: bool) -> dict:
    """Bulk-load *source* into ``path/store``; the release metadata (without id and source)."""
    store = pyoxigraph.Store(str(path / STORE_DIR))
    try:
        if source.name.endswith(".gz"):
            with gzip.open(source, "rb") as handle:
                store.bulk_load(handle, format=fmt, base_iri=base_iri + "/")
        else:  # by path: Oxigraph reads the file itself, without a Python file object in between
            store.bulk_load(path=source, format=fmt, base_iri=base_iri + "/")
        if optimize:
            store.optimize()
        triples = len(store)
        figures = stats.compute(store, base_iri)
        for name, content in release_indexes.compute(store, base_iri).items():
            _write_new(path / name, content)
        write_index(store, base_iri, path / SEARCH_DIR)
    except (SyntaxError, ValueError, OSError, EOFError) as exc:
        raise SourceError(str(source), f"cannot be loaded: {exc}") from exc
    finally:
        del store  # close the store before readers open it read-only
    return {"base_iri": base_iri, "triples": triples, "files": {}, "stats": figures}


# --- optimising later -------------------------------------------------------------------------

def optimize_current(dist: str | os.PathLike, cache: str | os.PathLike | None = None) -> bool:
    """Optimise the store of *dist*'s current release if it was served as loaded (False if not):
    a copy is optimised, ``current`` switched to it, and the copy kept in *cache*."""
    dist = Path(dist)
    release = current_release(dist)
    meta = read_meta(release)
    if meta.pop("optimized", True):
        return False
    staging = Path(tempfile.mkdtemp(prefix=".optimizing-", dir=release.parent))
    try:
        shutil.copytree(release / STORE_DIR, staging / STORE_DIR, copy_function=_link_sst_copy_rest)
        for name in INDEX_FILES:
            _link_or_copy(str(release / name), str(staging / name))
        shutil.copytree(release / SEARCH_DIR, staging / SEARCH_DIR, copy_function=_link_or_copy)
        store = pyoxigraph.Store(str(staging / STORE_DIR))
        store.optimize()
        del store
        write_meta(staging, meta)
        optimized = release.with_name(f"{meta['release']}.optimized")
        staging.rename(optimized)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    switch_current(dist, optimized.name)  # readers follow it on their next request
    if cache is not None:
        _keep(Path(cache), meta["release"], optimized,
              {key: meta[key] for key in ("base_iri", "triples", "files", "stats") if key in meta})
    return True


def serve_file(data: str | os.PathLike, dist: str | os.PathLike, base_iri: str,
               cache: str | os.PathLike | None, *, optimize_first: bool = False) -> pids.WatchedProcess:
    """:func:`release_from_file` in a new process, which then runs :func:`optimize_current`.

    Returns once the release is in place (SourceError or StoreUnavailable if it cannot be), with the process,
    still optimising in the background: the caller kills it when serving ends (a kill leaves only
    a staging directory or an abandoned cache entry, both removed later). A process, not this
    one: ``icc-graph serve`` then forks its workers, and a fork of a process that has opened a
    store inherits RocksDB's thread pool without its threads (the worker crashes when it exits).
    """
    argv = [sys.executable, "-m", __name__, str(data), str(dist), base_iri,
            str(cache) if cache is not None else "", "first" if optimize_first else "later"]
    reply, child_stdout = os.pipe()
    try:
        pid = os.posix_spawn(sys.executable, argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, child_stdout, 1)])
    finally:
        os.close(child_stdout)
    process = pids.WatchedProcess(pid)
    try:
        with os.fdopen(reply, "rb") as answer:  # "ready ID", "invalid REASON" or "error MESSAGE", then EOF
            status, _, detail = answer.read().decode("utf-8", "replace").partition(" ")
        if status == "invalid":
            raise SourceError(str(data), detail.strip())
        if status != "ready":
            raise StoreUnavailable(detail.strip() if status == "error" else f"loading {data} stopped before the end")
    except BaseException:  # a failed load, or a Ctrl-C while waiting: the loader goes too
        process.end()
        raise
    return process


def _link_sst_copy_rest(src: str, dst: str) -> None:
    """A copy RocksDB may open for writing: SST files are never rewritten, so they are linked;
    the others (MANIFEST, CURRENT, OPTIONS, logs) are written to, so they are copied."""
    if src.endswith(".sst"):
        _link_or_copy(src, dst)
    else:
        shutil.copy2(src, dst)


# --- the cache --------------------------------------------------------------------------------

def _cache_entry(cache: Path, rid: str) -> Path | None:
    """The cache entry of release *rid* (marked as used now), or None; the cache is made usable."""
    entry = cache / rid
    if (entry / RELEASE_JSON).is_file() and all((entry / name).is_file() for name in INDEX_FILES):
        os.utime(entry)  # most recently used
        return entry
    if entry.is_dir():  # kept by a version without some index: loaded again
        shutil.rmtree(entry, ignore_errors=True)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(cache)
    except OSError as exc:
        raise StoreUnavailable(f"cannot use the cache directory {cache} (ICC_DATA_CACHE): {exc}") from exc
    return None


def _keep(cache: Path, rid: str, release: Path, meta: dict) -> None:
    """Keep the store and facet index of *release* (linked) as the cache entry of release *rid*,
    then evict the oldest."""
    entry = cache / rid
    partial = None
    try:
        partial = Path(tempfile.mkdtemp(prefix=f"{_PARTIAL}{os.getpid()}-", dir=cache))
        shutil.copytree(release / STORE_DIR, partial / STORE_DIR, copy_function=_link_or_copy)
        for name in INDEX_FILES:
            _link_or_copy(str(release / name), str(partial / name))
        shutil.copytree(release / SEARCH_DIR, partial / SEARCH_DIR, copy_function=_link_or_copy)
        write_meta(partial, meta)
        partial.rename(entry)  # the commit: only a complete entry ever has this name
    except OSError as exc:
        if not (entry / RELEASE_JSON).is_file():  # not merely beaten to it by another start
            raise StoreUnavailable(f"cannot keep the store of release {rid} in {cache}: {exc}") from exc
    finally:
        if partial is not None:
            shutil.rmtree(partial, ignore_errors=True)
    _evict(cache, keep=entry)


def _copy_index(entry: Path, release: Path, base_iri: str) -> None:
    """The cached entry's search index into *release* (linked); an entry kept before releases had
    one gets it made from its store now."""
    if (entry / SEARCH_DIR).is_dir():
        shutil.copytree(entry / SEARCH_DIR, release / SEARCH_DIR, copy_function=_link_or_copy)
        return
    store = pyoxigraph.Store.read_only(str(release / STORE_DIR))
    try:
        write_index(store, base_iri, release / SEARCH_DIR)
    finally:
        del store


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


def _write_new(path: Path, data: bytes) -> None:
    """A file of a release being loaded (its directory is renamed into place only once complete)."""
    with open(path, "wb") as handle:
        handle.write(data)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system: a copy
        shutil.copy2(src, dst)


def _main(argv: list[str]) -> int:
    """``python -m icc_graph.runtime.file_release DATA DIST BASE_IRI CACHE first|later``: see serve_file."""
    data, dist, base_iri, cache, when = argv
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the server's; it stops this process
    try:
        rid = release_from_file(data, dist, base_iri, cache or None, optimize=when == "first")
    except SourceError as exc:
        _reply(f"invalid {exc.reason}")
        return 2
    except StoreUnavailable as exc:
        _reply(f"error {exc}")
        return 2
    _reply(f"ready {rid}")
    try:
        if optimize_current(dist, cache or None):
            print(f"icc-graph serve: store optimised; now serving {current_link(dist)}",
                  file=sys.stderr)
    except (StoreUnavailable, OSError) as exc:  # the store as loaded stays in service
        print(f"icc-graph serve: the store could not be optimised ({exc}); serving it as loaded",
              file=sys.stderr)
        return 1
    return 0


def _reply(message: str) -> None:
    sys.stdout.write(message)
    sys.stdout.flush()
    os.dup2(2, 1)  # closes the pipe: the end of file tells serve_file the reply is complete


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
