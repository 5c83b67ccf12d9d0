"""The labels of every IRI of a release, kept beside its store for the documents to name their links.

A document names every IRI it links to by its labels (:data:`icc_graph.labels.LABEL_PROPERTIES`).
Read from the store that is one index read per label property and IRI, and at 100k practices the
IRIs a document names are scattered over the whole store: a city's document names about 40
practices and councils, and each read that goes to a part of the store not read before costs
60-110 µs, most of it RocksDB finding and decoding the triple's terms. Like Wikibase's term store,
the labels are therefore also kept in a table made for that one lookup: the build (and
``serve --data``'s loader) writes, once per release, the SQLite file ``labels.sqlite``
(:data:`icc_graph.release.LABELS`) with

- ``meta(key, value)``: ``format`` (:data:`FORMAT`) and ``properties`` (the label properties, as a
  JSON list in their order), so a reader of other label properties refuses the file;
- ``labels(iri PRIMARY KEY, labels)``: for every IRI that is the subject of a label triple in the
  default graph, its label triples as a JSON list, in :func:`icc_graph.documents.label_triples`
  order, each ``[property, kind, value, language or datatype]`` (kind ``lang``, ``typed``, ``iri``
  or ``blank``).

A lookup there takes about 17 µs, whatever the IRI. The table holds exactly what the store
holds: a release's files never change, and the file is read immutable.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pyoxigraph

from .labels import LABEL_PROPERTIES

FORMAT = "icc-graph-labels/1"
_DEFAULT = pyoxigraph.DefaultGraph()
_PREDICATES = {prop: pyoxigraph.NamedNode(prop) for prop in LABEL_PROPERTIES}


def _entry(prop: str, node) -> list:
    """A label triple's property and object, as stored in a row."""
    if isinstance(node, pyoxigraph.Literal):
        if node.language:
            return [prop, "lang", node.value, node.language]
        return [prop, "typed", node.value, node.datatype.value]
    return [prop, "iri" if isinstance(node, pyoxigraph.NamedNode) else "blank", node.value, None]


def _object(kind: str, value: str, extra: str | None):
    """The object of a stored entry (:func:`_entry`, read back)."""
    if kind == "lang":
        return pyoxigraph.Literal(value, language=extra)
    if kind == "typed":
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(extra))
    return pyoxigraph.NamedNode(value) if kind == "iri" else pyoxigraph.BlankNode(value)


def compute(store: pyoxigraph.Store) -> bytes:
    """The label index of the release in *store*, as file bytes (the same bytes for the same store
    and SQLite version)."""
    rows: dict[str, list] = {}
    for prop in LABEL_PROPERTIES:
        # Every label triple is read once (7 s for 600,000 labels at 100k practices).
        for quad in store.quads_for_pattern(None, _PREDICATES[prop], None, _DEFAULT):
            if isinstance(quad.subject, pyoxigraph.NamedNode):
                rows.setdefault(quad.subject.value, []).append(_entry(prop, quad.object))
    with tempfile.TemporaryDirectory(prefix="icc-labels-") as tmp:
        path = Path(tmp) / "labels.sqlite"
        with closing(sqlite3.connect(path)) as db:
            db.executescript("""
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE labels (iri TEXT PRIMARY KEY, labels TEXT NOT NULL) WITHOUT ROWID;""")
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("format", FORMAT), ("properties", json.dumps(list(LABEL_PROPERTIES)))])
            db.executemany("INSERT INTO labels VALUES (?, ?)",
                           ((iri, json.dumps(rows[iri], ensure_ascii=False, separators=(",", ":")))
                            for iri in sorted(rows)))
            db.commit()
        return path.read_bytes()


class LabelIndex:
    """A release's label index: :meth:`reader` looks labels up in it."""

    def __init__(self, path: str | os.PathLike):
        self._uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            with closing(self._connect()) as db:
                meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
                db.execute("SELECT labels FROM labels LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise ValueError(f"not a label index: {exc}") from exc
        if meta.get("format") != FORMAT or json.loads(meta.get("properties", "null")) != list(LABEL_PROPERTIES):
            raise ValueError(f"not a label index of format {FORMAT} for these label properties")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._uri, uri=True)

    @contextmanager
    def reader(self, fallback: Callable[[object], list[pyoxigraph.Triple]]) -> Iterator:
        """A function node -> its label triples, for as long as the block runs; *fallback* (e.g. a
        read of the store) answers when the file cannot be read any more (a release pruned while a
        server still reads it). A connection of its own each time (50 µs): nothing is shared
        between threads or across a fork."""
        try:
            db = self._connect()
        except sqlite3.Error:
            yield fallback
            return
        with closing(db):
            def labels(node) -> list[pyoxigraph.Triple]:
                if not isinstance(node, pyoxigraph.NamedNode):
                    return []
                try:
                    row = db.execute("SELECT labels FROM labels WHERE iri = ?", (node.value,)).fetchone()
                except sqlite3.Error:
                    return fallback(node)
                if row is None:
                    return []
                return [pyoxigraph.Triple(node, _PREDICATES[prop], _object(kind, value, extra))
                        for prop, kind, value, extra in json.loads(row[0])]
            yield labels


def read(path: str | os.PathLike) -> LabelIndex:
    """The label index in the file *path* (ValueError when it cannot be read as one)."""
    if not Path(path).is_file():
        raise ValueError(f"no label index at {path}")
    return LabelIndex(path)
