"""The build: source -> graph -> validate -> publish a release (docs/release.md)."""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from . import metadata, publish
from .errors import PublishError, ValidationFailed
from .namespaces import bind_prefixes, normalise_base
from .sources import SourceGraph, read_dataset_info, read_sources, source_files
from .validation import ValidationReport, load_shapes, validate

DUMP_TTL = "icc-graph.ttl"
DUMP_JSONLD = "icc-graph.jsonld"
DUMP_NT_GZ = "icc-graph.nt.gz"
CONTEXT = "context.jsonld"
VOID = "void.ttl"
CATALOG = "catalog.ttl"
SUMS = "SHA256SUMS"
RELEASE_JSON = "release.json"
STORE_DIR = "store"


@dataclass(frozen=True)
class Paths:
    """Where a build reads from and writes to."""

    data: Path = Path("data")
    ontology: Path = Path("ontology")
    shapes: Path = Path("shapes")
    dist: Path = Path("dist")

    @classmethod
    def under(cls, root: Path) -> Paths:
        return cls(root / "data", root / "ontology", root / "shapes", root / "dist")


@dataclass(frozen=True)
class Release:
    path: Path
    id: str
    triples: int
    base_iri: str
    report: ValidationReport


def _say(progress: Callable[[str], None] | None, message: str) -> None:
    if progress:
        progress(message)


def sources_fingerprint(paths: Paths, base_iri: str) -> str:
    """A digest of everything a release is built from: the source files and the base IRI."""
    digest = hashlib.sha256(normalise_base(base_iri).encode("utf-8"))
    for root in (paths.ontology, paths.shapes, paths.data):
        for path in sorted(root.rglob("*.ttl")) if root.is_dir() else []:
            digest.update(str(path.relative_to(root.parent)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_up_to_date(paths: Paths, base_iri: str) -> bool:
    """True when dist/current was built from exactly the sources and base IRI there are now."""
    release_json = paths.dist / publish.CURRENT / RELEASE_JSON
    try:
        built_from = json.loads(release_json.read_text(encoding="utf-8")).get("sources")
    except (OSError, ValueError):
        return False
    return built_from == sources_fingerprint(paths, base_iri)


def load_graph(paths: Paths, base_iri: str) -> SourceGraph:
    """The knowledge graph as the sources state it: ontology + vocabularies + records."""
    return read_sources(source_files(paths.ontology, paths.data), base_iri)


def check(source: SourceGraph, paths: Paths, base_iri: str) -> ValidationReport:
    """Validate; a non-conforming graph raises ValidationFailed carrying the report."""
    report = validate(source.graph, load_shapes(paths.shapes, base_iri))
    if not report.conforms:
        raise ValidationFailed(report)
    return report


def build(paths: Paths, base_iri: str, progress: Callable[[str], None] | None = None) -> Release:
    """Read, validate and publish a release; switch it in only if every step succeeded."""
    base_iri = normalise_base(base_iri)
    started = time.perf_counter()
    _say(progress, f"reading sources under {paths.data} and {paths.ontology}")
    source = load_graph(paths, base_iri)
    _say(progress, f"read {len(source.files)} files, {len(source.graph)} triples; validating")
    report = check(source, paths, base_iri)
    _say(progress, f"valid ({len(report.warnings)} warnings); writing the release")
    release = publish_release(source.graph, paths, base_iri, report, read_dataset_info(paths.data, base_iri),
                              sources_fingerprint(paths, base_iri))
    _say(progress, f"release {release.id} in service at {paths.dist / publish.CURRENT} "
                   f"({release.triples} triples, {time.perf_counter() - started:.1f} s)")
    return release


def publish_release(graph: Graph, paths: Paths, base_iri: str, report: ValidationReport,
                    dataset_info: Graph, fingerprint: str = "") -> Release:
    graph = bind_prefixes(graph, base_iri)
    ntriples = publish.sorted_ntriples(graph)
    release_id = publish.sha256_hex(ntriples)[:16]
    dumps = {
        DUMP_TTL: publish.serialise_turtle(graph, base_iri, ntriples),
        DUMP_JSONLD: publish.serialise_jsonld(graph, base_iri),
        DUMP_NT_GZ: publish.gzip_bytes(ntriples),
        CONTEXT: (json.dumps(publish.jsonld_context(base_iri), indent=2) + "\n").encode("utf-8"),
    }
    described = [
        metadata.DistributionFile(DUMP_TTL, "text/turtle", len(dumps[DUMP_TTL]), publish.sha256_hex(dumps[DUMP_TTL])),
        metadata.DistributionFile(DUMP_JSONLD, "application/ld+json", len(dumps[DUMP_JSONLD]),
                                  publish.sha256_hex(dumps[DUMP_JSONLD])),
        metadata.DistributionFile(DUMP_NT_GZ, "application/n-triples", len(dumps[DUMP_NT_GZ]),
                                  publish.sha256_hex(dumps[DUMP_NT_GZ]), compression="application/gzip"),
    ]
    void_graph, catalog_graph = metadata.describe_release(graph, described, base_iri, dataset_info, release_id)
    files = {
        **dumps,
        VOID: publish.serialise_turtle(void_graph, base_iri),
        CATALOG: publish.serialise_turtle(catalog_graph, base_iri),
    }
    files[SUMS] = publish.sha256sums(files)
    files[RELEASE_JSON] = (json.dumps({
        "release": release_id,
        "base_iri": base_iri,
        "triples": len(graph),
        "sources": fingerprint,
        "files": {name: {"bytes": len(data), "sha256": publish.sha256_hex(data)}
                  for name, data in sorted(files.items()) if name != RELEASE_JSON},
    }, indent=2, sort_keys=True) + "\n").encode("utf-8")

    staging = publish.new_staging_dir(paths.dist)
    try:
        for name, data in files.items():
            publish.write_file(staging, name, data)
        load_store(staging / STORE_DIR, ntriples + publish.sorted_ntriples(void_graph + catalog_graph))
        target = publish.switch_in(paths.dist, staging, release_id)
    except BaseException as exc:
        publish.discard_staging(staging)
        if isinstance(exc, OSError):
            raise PublishError(f"could not write the release: {exc}") from exc
        raise
    return Release(target, release_id, len(graph), base_iri, report)


def load_store(path: Path, ntriples: bytes) -> None:
    """An on-disk Oxigraph store holding the release in its default graph."""
    store = pyoxigraph.Store(str(path))
    store.bulk_load(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    store.optimize()
    del store  # closes the database before the directory is renamed
