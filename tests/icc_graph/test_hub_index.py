"""The hubs' first incoming links (icc_graph/hub_index.py) over the built release: the hubs are
exactly the IRIs a SPARQL count finds above the limit, each hub's links are what the store gives,
and the embedded store answers a hub's document from the file."""
from __future__ import annotations

import json
import shutil

import pyoxigraph
import pytest

from icc_graph import documents, hub_index
from icc_graph.release import HUBS, read_release
from icc_graph.store.embedded import EmbeddedStore
from tests.conftest import TEST_BASE_IRI as BASE


def sparql_hubs(store, limit: int) -> dict[str, int]:
    rows = store.query(f"""
        SELECT ?o (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(isIRI(?o)) }}
        GROUP BY ?o HAVING (COUNT(*) > {limit})""")
    return {row["o"].value: int(row["n"].value) for row in rows}


@pytest.mark.parametrize("limit", [3, 40])
def test_the_hubs_and_their_first_links_equal_the_store(opened_release, limit):
    _, store = opened_release
    index = hub_index.HubIndex(json.loads(hub_index.compute(store, limit)))
    expected = sparql_hubs(store, limit)
    assert len(index) == len(expected) >= 5
    for iri, total in expected.items():
        node = pyoxigraph.NamedNode(iri)
        assert index.first_incoming(node, limit) == documents.first_incoming(store, node, limit), iri
        assert index.first_incoming(node, limit)[1] == total
        assert index.first_incoming(node, limit + 1) is None  # another limit: the store decides
    assert index.first_incoming(pyoxigraph.NamedNode(f"{BASE}/id/practice/no-such-thing"), limit) is None


def test_the_file_is_the_same_bytes_for_the_same_release(opened_release):
    info, store = opened_release
    written = info.file(HUBS).read_bytes()
    assert hub_index.compute(store, hub_index.HubIndex(json.loads(written)).limit) == written
    assert info.files[HUBS]["bytes"] == len(written)


def test_the_embedded_store_answers_a_hub_from_the_file(opened_release, built_dist, tmp_path):
    """A copy of the release whose hubs.json, for a limit of 3, says every hub has 999,999 links:
    the documents say so, so they were read from the file; with another limit they are not."""
    info, store = opened_release
    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist, symlinks=True)
    copy = read_release(dist)
    index = json.loads(hub_index.compute(store, 3))
    hub = max(index["hubs"], key=lambda iri: index["hubs"][iri]["total"])
    for entry in index["hubs"].values():
        entry["total"] = 999_999
    copy.file(HUBS).unlink()  # a hard link to the built release's file, perhaps: never written through
    copy.file(HUBS).write_text(json.dumps(index), encoding="utf-8")
    from_file = EmbeddedStore(dist, incoming_limit=3)
    from_store = EmbeddedStore(dist, incoming_limit=4)
    try:
        told = {t.object.value for t in from_file.document_triples(hub) if t.predicate == documents.RDFS_LABEL}
        assert any(text.startswith("999,996 more links") for text in told), told
        expected = documents.document_triples(store, hub, limit=4, base=info.base_iri)
        assert from_store.document_triples(hub) == expected
    finally:
        from_file.close()
        from_store.close()


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / HUBS
    path.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a hub index"):
        hub_index.read(path)
