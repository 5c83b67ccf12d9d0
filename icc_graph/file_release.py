"""A release made from one RDF file, so ``icc-graph serve --data FILE`` serves any graph.

The file (N-Triples, Turtle, RDF/XML, JSON-LD, N-Quads, TriG; ``.gz`` too) is bulk-loaded into
an Oxigraph store laid out as a release directory (docs/release.md): ``releases/<id>/store``,
``release.json`` and a ``current`` link, so the endpoint reads it exactly as a built release.
It is not validated and carries no dumps: it serves data as given, e.g. for benchmarks.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pyoxigraph

from .errors import StoreUnavailable

CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def rdf_format(path: Path) -> pyoxigraph.RdfFormat:
    """The format the file name says (``x.ttl``, ``x.nt.gz``); StoreUnavailable if none."""
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    extension = name.rpartition(".")[2].lower()
    fmt = pyoxigraph.RdfFormat.from_extension(extension) if extension else None
    if fmt is None:
        raise StoreUnavailable(f"{path}: cannot tell its RDF format from the name; use .nt, .ttl, .rdf, "
                               ".jsonld, .nq or .trig (optionally .gz)")
    return fmt


def release_from_file(data: str | os.PathLike, dist: str | os.PathLike, base_iri: str) -> str:
    """Load *data* into a release under *dist* (an empty or new directory); returns its id."""
    source, dist = Path(data), Path(dist)
    if not source.is_file():
        raise StoreUnavailable(f"{source}: no such file")
    fmt = rdf_format(source)
    release_id = file_digest(source)[:16]
    path = dist / "releases" / release_id
    path.mkdir(parents=True)
    store = pyoxigraph.Store(str(path / "store"))
    try:
        with (gzip.open(source, "rb") if source.name.endswith(".gz") else source.open("rb")) as handle:
            store.bulk_load(handle, format=fmt, base_iri=base_iri.rstrip("/") + "/")
        store.optimize()
        triples = len(store)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreUnavailable(f"{source} cannot be loaded: {exc}") from exc
    finally:
        del store  # close the store before readers open it read-only
    meta = {"release": release_id, "base_iri": base_iri.rstrip("/"), "triples": triples, "files": {},
            "source": source.name}
    (path / "release.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    os.symlink(Path("releases") / release_id, dist / "current")
    return release_id
