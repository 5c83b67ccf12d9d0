"""Deterministic serialisation and atomic release switching: nothing else writes into dist/.

A release is written in full into ``dist/.staging-*``, renamed to
``dist/releases/<id>`` and then ``dist/current`` is re-pointed with an atomic
``os.replace`` of a symlink, so readers see the old release or the new one,
never half of one. See docs/release.md.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from . import pids
from .errors import PublishError
from .namespaces import STANDARD_PREFIXES, icc_namespaces

RELEASES = "releases"
CURRENT = "current"
KEEP_RELEASES = 3  # older releases are pruned, never the one in service


def sorted_ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, sorted: the canonical bytes of a blank-node-free graph."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def jsonld_context(base_iri: str) -> dict:
    """The published @context: the project's prefixes (terms stay as compact IRIs)."""
    prefixes = {**STANDARD_PREFIXES, **icc_namespaces(base_iri)}
    return {"@context": {prefix: str(ns) for prefix, ns in sorted(prefixes.items())}}


def _sort_json(value):
    """Sort JSON-LD arrays and keys so the bytes do not depend on traversal order."""
    if isinstance(value, dict):
        return {key: (item if key == "@list" else _sort_json(item)) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sort_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _readable_order(line: str) -> tuple[str, bool, str]:
    """A subject's rdf:type first, then its other fields by name (lines are sorted N-Triples)."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate != RDF_TYPE, predicate + " " + rest


def serialise_turtle(graph: Graph, base_iri: str, ntriples: bytes | None = None) -> bytes:
    """Turtle with the project's prefixes, one block a subject in a fixed order (Oxigraph's writer).

    *ntriples* may pass the graph's sorted N-Triples when the caller has them already.
    """
    lines = (ntriples if ntriples is not None else sorted_ntriples(graph)).decode("utf-8").splitlines()
    ordered = "\n".join(sorted(lines, key=_readable_order)) + "\n"
    prefixes = {prefix: str(ns) for prefix, ns in sorted({**STANDARD_PREFIXES, **icc_namespaces(base_iri)}.items())}
    triples = pyoxigraph.parse(ordered.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)


def serialise_jsonld(graph: Graph, base_iri: str) -> bytes:
    """JSON-LD compacted with the project's context; every array sorted, so no input order shows."""
    context = jsonld_context(base_iri)["@context"]
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    document = _sort_json(json.loads(text))
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no name and mtime 0, so the same input gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as zipped:
        zipped.write(data)
    return buffer.getvalue()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256sums(files: dict[str, bytes]) -> bytes:
    """The SHA256SUMS file (sha256sum's format), sorted by file name."""
    return "".join(f"{sha256_hex(data)}  {name}\n" for name, data in sorted(files.items())).encode("ascii")


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
    return Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=dist_dir))


def remove_stale_staging(dist_dir: Path) -> None:
    """Remove staging dirs and temporary links whose build process is gone; a live build's stay."""
    for path in [*dist_dir.glob(".staging-*"), *dist_dir.glob(".current-*")]:
        pid = path.name.split("-")[-2 if path.name.startswith(".staging-") else -1]
        if pid.isdigit() and pids.alive(int(pid)):
            continue
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def switch_in(dist_dir: Path, staging: Path, release_id: str) -> Path:
    """Move a complete staging dir to releases/<id> and point dist/current at it, atomically."""
    releases = dist_dir / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    target = releases / release_id
    try:
        if target.exists():
            # The same data was released before: its files are byte-identical, keep the old copy.
            shutil.rmtree(staging)
        else:
            os.rename(staging, target)
        _fsync_dir(releases)
        link_tmp = dist_dir / f".current-{release_id}-{os.getpid()}"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        os.symlink(Path(RELEASES) / release_id, link_tmp)
        os.replace(link_tmp, dist_dir / CURRENT)
        _fsync_dir(dist_dir)
    except OSError as exc:
        raise PublishError(f"could not switch the release in: {exc}") from exc
    prune_releases(dist_dir, keep=KEEP_RELEASES)
    return target


def current_release(dist_dir: Path) -> Path | None:
    link = dist_dir / CURRENT
    return link.resolve() if link.exists() else None


def prune_releases(dist_dir: Path, keep: int) -> None:
    """Remove all but the newest *keep* releases; never the one in service."""
    releases = dist_dir / RELEASES
    current = current_release(dist_dir)
    candidates = sorted((p for p in releases.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in candidates[keep:]:
        if current is None or old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def discard_staging(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
