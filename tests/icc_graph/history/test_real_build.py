"""The repository's own data: a rebuild of the same data publishes nothing and changes nothing."""
from __future__ import annotations

import json

from rdflib import Graph, Namespace, URIRef

from icc_graph import cli
from icc_graph.build.pipeline import build
from icc_graph.release import ACTIVITIES, CATALOG, CURRENT, HISTORY
from tests.conftest import TEST_BASE_IRI

DCAT = Namespace("http://www.w3.org/ns/dcat#")


def test_rebuilding_the_same_data_gives_no_release_no_activity_and_an_empty_diff(built_dist, built_release,
                                                                                project_paths, capsys):
    current = built_dist / CURRENT
    before = {path.name: path.read_bytes() for path in current.iterdir() if path.is_file()}
    again = build(project_paths, TEST_BASE_IRI)
    assert again.id == built_release.id
    assert [p.name for p in (built_dist / "releases").iterdir()] == [built_release.id]
    assert {path.name: path.read_bytes() for path in current.iterdir() if path.is_file()} == before
    activities = [json.loads(line) for line in before[ACTIVITIES].decode().splitlines()]
    assert [a["type"] for a in activities] == ["Refresh"]
    assert json.loads(before[HISTORY])["releases"][0]["release"] == built_release.id
    assert cli.main(["--dist", str(built_dist), "diff", built_release.id, built_release.id]) == cli.EXIT_OK
    summary = json.loads(capsys.readouterr().out)
    assert summary["triples"] == {"added": 0, "removed": 0} and summary["changed"] == []
    catalog = Graph().parse(current / CATALOG)
    assert catalog.value(URIRef(f"{TEST_BASE_IRI}/dataset"), DCAT.hasCurrentVersion) == URIRef(
        f"{TEST_BASE_IRI}/releases/{built_release.id}")
