"""A harvester keeps a copy in sync from the change feed alone (benchmarks/harvest.py), against a
real server while three builds are published: a practice added, one changed, one removed."""
from __future__ import annotations

import gzip

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from benchmarks.harvest import Harvester
from tests.history_chain import BASE, STEPS, publish
from tests.live import live_server

pytestmark = pytest.mark.live

# other practices, so that the dump is a dataset's and a change is a small part of it
OTHERS = "".join(f"""
practice:other-{n:03d} a icc:Practice ; dcterms:identifier "other-{n:03d}" ;
    dcterms:title "Another practice, number {n}"@en, "Une autre pratique, numéro {n}"@fr ;
    icc:city city:bergen ; dcterms:subject topic:education ; icc:year "20{n % 25:02d}"^^xsd:gYear .
""" for n in range(200))


def test_a_harvester_follows_the_feed_to_the_latest_dump(tmp_path):
    dist = tmp_path / "dist"
    (when, data), *later = STEPS
    publish(dist, data + OTHERS, when)
    with live_server(dist, workers=1, threads=2, base_iri=BASE) as (url, _):
        harvester = Harvester(url, BASE)
        assert harvester.sync() == 0  # the Refresh: the first release's dump
        assert harvester.documents == 0
        harvester.fetched = 0
        dumps = 0
        for when, data in later:
            release = publish(dist, data + OTHERS, when)
            assert harvester.sync() == 1
            dumps += (release.path / "icc-graph.nt.gz").stat().st_size
            latest = Graph().parse(data=gzip.decompress((release.path / "icc-graph.nt.gz").read_bytes()), format="nt")
            assert isomorphic(harvester.graph, latest), when
        assert harvester.sync() == 0  # nothing new: one small request
        # over HTTP, Memento: the version of a practice current on a day between two releases
        past = requests.get(f"{url}/doc/practice/oslo-council", timeout=10, headers={
            "Accept": "text/turtle", "Accept-Datetime": "Tue, 10 Feb 2026 08:30:00 GMT"})
        assert past.status_code == 200 and past.history[0].status_code == 302
        assert past.headers["Memento-Datetime"] == "Mon, 05 Jan 2026 10:00:00 GMT"
        assert "council of residents" in past.text
    assert harvester.documents == 2  # the added and the changed practice; the removed one is dropped
    print(f"harvester: {harvester.fetched} bytes fetched for 3 releases; their dumps: {dumps} bytes (gzip)")
    assert harvester.fetched < dumps / 2
