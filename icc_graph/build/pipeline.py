"""The build: source -> graph -> validate -> publish a release (docs/release.md)."""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from .. import history
from .. import release as layout
from .. import release_indexes, stats
from ..errors import PublishError, ValidationFailed
from ..formats import GZIP, JSONLD, NTRIPLES, TURTLE
from ..iris import dataset_iri, normalise_base
from ..iris import quality_graph as quality_graph_iri
from ..namespaces import bind_prefixes
from ..search.writer import write_index
from ..release import (
    CATALOG,
    CONTEXT,
    CURATION,
    DUMP_JSONLD,
    DUMP_NT_GZ,
    DUMP_TTL,
    QUALITY,
    RELEASE_JSON,
    SEARCH_DIR,
    SHAPES,
    STORE_DIR,
    SUMS,
    VOCABULARIES,
    VOID,
)
from . import metadata, quality, serialise
from .paths import Paths, sources_fingerprint
from .sources import (
    SourceGraph,
    read_dataset_info,
    read_sources,
    source_files,
    vocabulary_files,
)
from .validation import ValidationReport, load_shapes, validate


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


def load_graph(paths: Paths, base_iri: str) -> SourceGraph:
    """The knowledge graph as the sources state it: ontology + vocabularies + records."""
    return read_sources(source_files(paths.ontology, paths.data), base_iri)


def check(graph: Graph, shapes: Graph) -> ValidationReport:
    """Validate; a non-conforming graph raises ValidationFailed carrying the report."""
    report = validate(graph, shapes)
    if not report.conforms:
        raise ValidationFailed(report)
    return report


def build(paths: Paths, base_iri: str, progress: Callable[[str], None] | None = None,
          release_time: str | None = None, keep: int = layout.KEEP_RELEASES) -> Release:
    """Read, validate and publish a release; switch it in only if every step succeeded.
    *release_time* and *keep*: the RELEASE_TIME and KEEP_RELEASES settings (docs/history.md)."""
    base_iri = normalise_base(base_iri)
    started = time.perf_counter()
    _say(progress, f"reading sources under {paths.data} and {paths.ontology}")
    source = load_graph(paths, base_iri)
    _say(progress, f"read {len(source.files)} files, {len(source.graph)} triples; validating")
    shapes = load_shapes(paths.shapes, base_iri)
    report = check(source.graph, shapes)
    _say(progress, f"valid ({len(report.warnings)} warnings); writing the release")
    vocabularies = read_sources(vocabulary_files(paths.ontology, paths.data), base_iri).graph
    release = publish_release(source.graph, paths, base_iri, report, read_dataset_info(paths.data, base_iri),
                              sources_fingerprint(paths, base_iri), shapes, vocabularies,
                              release_time=release_time, keep=keep)
    _say(progress, f"release {release.id} in service at {paths.dist / layout.CURRENT} "
                   f"({release.triples} triples, {time.perf_counter() - started:.1f} s)")
    return release


def publish_release(graph: Graph, paths: Paths, base_iri: str, report: ValidationReport,
                    dataset_info: Graph, fingerprint: str = "", shapes: Graph | None = None,
                    vocabularies: Graph | None = None, release_time: str | None = None,
                    keep: int = layout.KEEP_RELEASES) -> Release:
    """Write the release of *graph* and switch it in. With *shapes*, the release also carries its
    quality report (``quality.ttl``, ``curation.json``, DQV in the catalogue) and the shapes; with
    *vocabularies*, what a record is validated with (``vocabularies.ttl``, for ``/validate``).
    Every release is a version of the one in service (:mod:`icc_graph.history`); content equal to
    the release in service publishes nothing."""
    graph = bind_prefixes(graph, base_iri)
    ntriples = serialise.sorted_ntriples(graph)
    quality_graph = quality.report_graph(report, base_iri)
    summary = quality.summarise(graph, report, shapes, base_iri) if shapes is not None else None
    quality_ntriples = serialise.sorted_ntriples(quality_graph)
    # blank nodes (lists, inline targets) get labels that depend on the shapes only
    shapes_graph = to_canonical_graph(shapes) if shapes is not None else Graph()
    shapes_ntriples = serialise.sorted_ntriples(shapes_graph)
    # the report and the shapes are published too
    content = serialise.sha256_hex(ntriples + quality_ntriples + shapes_ntriples)
    modified = metadata.latest_modified(graph, dataset_info, URIRef(dataset_iri(base_iri)))
    plan = history.plan(paths.dist, content, release_time, str(modified) if modified is not None else None)
    if plan.unchanged:
        return Release(plan.previous, plan.previous.name, len(graph), base_iri, report)
    release_id = plan.release
    # the ontology's owl:versionIRI and owl:priorVersion come from the history, on a copy of the graph
    graph = bind_prefixes(graph + Graph(), base_iri)
    ontology_versions = history.ontology.add_versions(graph, base_iri, release_id, plan.previous_ontology)
    ntriples = serialise.sorted_ntriples(graph)
    dumps = {
        DUMP_TTL: serialise.serialise_turtle(graph, base_iri, ntriples),
        DUMP_JSONLD: serialise.serialise_jsonld(graph, base_iri),
        DUMP_NT_GZ: serialise.gzip_bytes(ntriples),
        CONTEXT: (json.dumps(serialise.jsonld_context(base_iri), indent=2) + "\n").encode("utf-8"),
    }
    described = [
        metadata.DistributionFile(DUMP_TTL, TURTLE.media_type, len(dumps[DUMP_TTL]), serialise.sha256_hex(dumps[DUMP_TTL])),
        metadata.DistributionFile(DUMP_JSONLD, JSONLD.media_type, len(dumps[DUMP_JSONLD]),
                                  serialise.sha256_hex(dumps[DUMP_JSONLD])),
        metadata.DistributionFile(DUMP_NT_GZ, NTRIPLES.media_type, len(dumps[DUMP_NT_GZ]),
                                  serialise.sha256_hex(dumps[DUMP_NT_GZ]), compression=GZIP),
    ]
    chain = plan.history(ntriples, ontology_versions, {file.name: {"media_type": file.media_type, "byte_size": file.byte_size,
                                                "sha256": file.sha256, "compression": file.compression}
                                    for file in described}, metadata.coverage(graph, base_iri))
    void_graph, catalog_graph = metadata.describe_release(graph, described, base_iri, dataset_info, release_id,
                                                          summary, chain)
    files = {
        **dumps,
        VOID: serialise.serialise_turtle(void_graph, base_iri),
        CATALOG: serialise.serialise_turtle(catalog_graph, base_iri),
        QUALITY: serialise.serialise_turtle(quality_graph, base_iri, quality_ntriples),
    }
    if shapes is not None:
        files[SHAPES] = serialise.serialise_turtle(shapes_graph, base_iri, shapes_ntriples)
    if vocabularies is not None:  # a part of the graph: no new content, so the id stays the data's
        files[VOCABULARIES] = serialise.serialise_turtle(bind_prefixes(vocabularies, base_iri), base_iri)
    if summary is not None:
        files[CURATION] = (json.dumps(summary, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    staging = layout.new_staging_dir(paths.dist)
    try:
        # the store first: the figures pages show about the whole release are counted in it
        figures, indexes = load_store(staging / STORE_DIR,
                                      ntriples + serialise.sorted_ntriples(void_graph + catalog_graph),
                                      base_iri, {quality_graph_iri(base_iri): quality_ntriples},
                                      search=staging / SEARCH_DIR)
        files.update(indexes)
        files.update(plan.files(base_iri, ntriples, staging / STORE_DIR, chain))
        files[SUMS] = serialise.sha256sums(files)
        files[RELEASE_JSON] = (json.dumps({
            "release": release_id,
            "content": content,
            "issued": plan.issued,
            "previous": plan.previous_id,
            "base_iri": base_iri,
            "triples": len(graph),
            "sources": fingerprint,
            "stats": figures,
            "files": {name: {"bytes": len(data), "sha256": serialise.sha256_hex(data)}
                      for name, data in sorted(files.items()) if name != RELEASE_JSON},
        }, indent=2, sort_keys=True) + "\n").encode("utf-8")
        for name, data in files.items():
            layout.write_file(staging, name, data)
        target = layout.publish_staged(paths.dist, staging, release_id, keep)
    except BaseException as exc:
        layout.discard_staging(staging)
        if isinstance(exc, OSError):
            raise PublishError(f"could not write the release: {exc}") from exc
        raise
    return Release(target, release_id, len(graph), base_iri, report)


def load_store(path: Path, ntriples: bytes, base_iri: str, named: dict[str, bytes] | None = None,
               search: Path | None = None) -> tuple[dict, dict[str, bytes]]:
    """An on-disk Oxigraph store holding the release in its default graph (and *named* graphs:
    name -> N-Triples); returns the release's figures (:mod:`icc_graph.stats`) and the files of
    its indexes (:mod:`icc_graph.release_indexes`). With *search*, also the full-text index of the store
    there (:mod:`icc_graph.search`)."""
    store = pyoxigraph.Store(str(path))
    store.bulk_load(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
    for name, content in sorted((named or {}).items()):
        store.bulk_load(content, pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.NamedNode(name))
    store.flush()
    store.optimize()
    figures, indexes = stats.compute(store, base_iri), release_indexes.compute(store, base_iri)
    if search is not None:
        write_index(store, base_iri, search)
    del store  # closes the database before the directory is renamed
    return figures, indexes
