"""Deterministic serialisation: the same graph gives the same bytes, in every format a release
publishes (sorted N-Triples, Turtle, JSON-LD, gzip with no name and no time). See docs/release.md.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json

import pyoxigraph
from rdflib import Graph

from ..namespaces import prefixes


def sorted_ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, sorted: the canonical bytes of a blank-node-free graph."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def jsonld_context(base_iri: str) -> dict:
    """The published @context: the project's prefixes (terms stay as compact IRIs)."""
    return {"@context": dict(sorted(prefixes(base_iri).items()))}


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
    triples = pyoxigraph.parse(ordered.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE,
                                prefixes=dict(sorted(prefixes(base_iri).items())))


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
