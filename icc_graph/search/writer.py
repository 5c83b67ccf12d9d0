"""Write the full-text index of a release (``release.SEARCH_DIR``) from its store.

Documents go in sorted by IRI through one indexing thread, so document numbers and scores are
the same on every build; the files' bytes are not (tantivy names segments with random ids),
which is why the index stays out of ``SHA256SUMS`` and the release id (docs/search.md).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph
import tantivy

from .entries import Entry, read_entries
from .fields import LANGUAGES, normal, prefixes, register_analyzers, schema

WRITER_HEAP = 64 * 1024 * 1024  # bytes of the indexing buffer: 100k practices in one segment or two


def write_index(store: pyoxigraph.Store, base: str, target: Path) -> int:
    """Index *store*'s searchable things into the new directory *target*; returns how many.
    Written into a temporary directory beside it, then renamed: never half an index."""
    target = Path(target)
    entries = read_entries(store, base)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        index = tantivy.Index(schema(), path=str(work))
        register_analyzers(index)
        writer = index.writer(WRITER_HEAP, 1)
        for entry in entries:
            writer.add_document(document(entry))
        writer.commit()
        writer.wait_merging_threads()
        del writer, index
        for lock in work.glob(".tantivy-*.lock"):
            lock.unlink()
        os.rename(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return len(entries)


def document(entry: Entry) -> tantivy.Document:
    doc = tantivy.Document(iri=entry.iri, kind=entry.kind, slug=entry.slug)
    every_name = [name for lang in LANGUAGES for name in entry.labels.get(lang, [])]
    for lang in LANGUAGES:
        doc.add_text(f"label_{lang}", entry.label(lang))
        for name in entry.labels.get(lang, []):
            doc.add_text(f"names_{lang}", name)
        for text in entry.summaries.get(lang, []):
            doc.add_text(f"summary_{lang}", text)
    for value in prefixes(every_name):
        doc.add_text("prefix", value)
    for value in sorted({normal(name) for name in every_name}):
        doc.add_text("folded", value)
    for name in ("topic", "country", "city", "year"):
        for value in sorted(entry.links.get(name, ())):
            doc.add_text(name, value)
    return doc
