"""The labels of every IRI (icc_graph/label_index.py): the table gives each IRI of the built release
the label triples the store gives it, labels of every kind survive the trip, the file is the same
bytes for the same release, and the embedded store's documents are named from it."""
from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing

import pyoxigraph
import pytest

from icc_graph import documents, label_index
from icc_graph.labels import LABEL_PROPERTIES
from icc_graph.release import LABELS, read_release
from icc_graph.store.embedded import EmbeddedStore
from tests.conftest import TEST_BASE_IRI as BASE

SKOS_PREF, RDFS_LABEL, DCT_TITLE = (pyoxigraph.NamedNode(iri) for iri in LABEL_PROPERTIES[:3])


def rows(path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT COUNT(*) FROM labels").fetchone()[0]


def test_every_node_of_the_release_has_the_labels_the_store_gives(opened_release):
    info, store = opened_release
    index = label_index.read(info.file(LABELS))
    nodes = {term for quad in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())
             for term in (quad.subject, quad.predicate, quad.object)}
    labelled = 0
    with index.reader(lambda node: pytest.fail("the file was readable")) as labels:
        for node in nodes:
            expected = documents.label_triples(store, node)
            assert labels(node) == expected, node
            labelled += bool(expected)
    assert labelled == rows(info.file(LABELS)) > 100  # and the table holds no IRI the store does not label


def test_labels_of_every_kind_come_back_as_they_were(tmp_path):
    store = pyoxigraph.Store()
    thing, blank = pyoxigraph.NamedNode(f"{BASE}/id/thing/a"), pyoxigraph.BlankNode()
    objects = [pyoxigraph.Literal("Ansan", language="en"), pyoxigraph.Literal("안산", language="ko"),
               pyoxigraph.Literal("plain"), pyoxigraph.Literal("12", datatype=pyoxigraph.NamedNode(
                   "http://www.w3.org/2001/XMLSchema#integer")), pyoxigraph.NamedNode(f"{BASE}/id/thing/b"), blank]
    for predicate, node in zip([RDFS_LABEL, SKOS_PREF, DCT_TITLE, RDFS_LABEL, SKOS_PREF, DCT_TITLE], objects):
        store.add(pyoxigraph.Quad(thing, predicate, node))
    store.add(pyoxigraph.Quad(blank, RDFS_LABEL, pyoxigraph.Literal("a blank node's label")))  # no IRI: not kept
    path = tmp_path / LABELS
    path.write_bytes(label_index.compute(store))
    index = label_index.read(path)
    with index.reader(lambda node: pytest.fail("the file was readable")) as labels:
        assert labels(thing) == documents.label_triples(store, thing)
        assert len(labels(thing)) == 6
        assert labels(blank) == labels(objects[0]) == labels(pyoxigraph.NamedNode(f"{BASE}/id/thing/b")) == []
    assert rows(path) == 1


def test_the_file_is_the_same_bytes_for_the_same_release(opened_release):
    info, store = opened_release
    written = info.file(LABELS).read_bytes()
    assert label_index.compute(store) == written
    assert info.files[LABELS]["bytes"] == len(written)


def test_the_embedded_store_names_links_from_the_file(opened_release, built_dist, tmp_path):
    """A copy of the release whose labels.sqlite renames Oslo: the documents that link to it say the
    new name, so they were named from the file; without the file (gone while the release is open,
    or never there), from the store."""
    info, store = opened_release
    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist, symlinks=True)
    copy = read_release(dist)
    oslo = f"{BASE}/id/city/oslo"
    tampered = copy.file(LABELS)
    content = tampered.read_bytes()
    tampered.unlink()  # a hard link to the built release's file, perhaps: never written through
    tampered.write_bytes(content)
    with closing(sqlite3.connect(tampered)) as db:
        db.execute("UPDATE labels SET labels = ? WHERE iri = ?",
                   (json.dumps([[LABEL_PROPERTIES[1], "lang", "Renamed in the index", "en"]]), oslo))
        db.commit()
    linking = next(quad.subject.value for quad in store.quads_for_pattern(None, None, pyoxigraph.NamedNode(oslo))
                   if isinstance(quad.subject, pyoxigraph.NamedNode))
    from_file = EmbeddedStore(dist)
    try:
        told = {t.object.value for t in from_file.document_triples(linking) if t.subject.value == oslo}
        assert "Renamed in the index" in told and "Oslo" not in told, told
        tampered.unlink()  # gone while the release is open (pruned): its documents are named from the store
        assert from_file.document_triples(oslo) == documents.document_triples(store, oslo, base=info.base_iri)
    finally:
        from_file.close()
    from_store = EmbeddedStore(dist)
    try:
        assert from_store.document_triples(linking) == documents.document_triples(
            store, linking, base=info.base_iri)
    finally:
        from_store.close()


@pytest.mark.parametrize("content", [b"not a database at all", None])
def test_a_file_that_is_not_a_label_index_is_refused(tmp_path, content):
    path = tmp_path / LABELS
    if content is not None:
        path.write_bytes(content)
    else:  # a database with other label properties
        with closing(sqlite3.connect(path)) as db:
            db.executescript("""CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
                                CREATE TABLE labels (iri TEXT PRIMARY KEY, labels TEXT);""")
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("format", label_index.FORMAT), ("properties", json.dumps(["http://example.org/name"]))])
            db.commit()
    with pytest.raises(ValueError, match="not a label index"):
        label_index.read(path)
    with pytest.raises(ValueError, match="no label index"):
        label_index.read(tmp_path / "missing.sqlite")
