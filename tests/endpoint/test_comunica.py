"""A generic Linked Data client nobody here wrote walks a facet page: Comunica (npm
``@comunica/query-sparql`` 4.x, installed by ``make install``), given one filtered page of the
practice browser of a live server as its only source, follows the Hydra paging links and finds
every member of the filtered collection: the same practices as SPARQL over the release.

Skipped when node or the npm module is missing, unless ``ICC_REQUIRE_COMUNICA`` is set (``.ci/run``
sets it, so CI cannot skip it)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from icc_graph import facet_index
from icc_graph.release import FACETS, read_release
from tests.conftest import TEST_BASE_IRI as BASE
from tests.live import ROOT, live_server

COMUNICA = ROOT / "node_modules" / ".bin" / "comunica-sparql"
HYDRA_MEMBER = "http://www.w3.org/ns/hydra/core#member"

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def comunica() -> Path:
    if shutil.which("node") is None or not COMUNICA.exists():
        if os.environ.get("ICC_REQUIRE_COMUNICA"):
            pytest.fail(f"node and {COMUNICA} are needed (run `make install`)")
        pytest.skip("node or @comunica/query-sparql is not installed (make install)")
    return COMUNICA


@pytest.fixture(scope="module")
def server(built_dist):
    with live_server(built_dist, base_iri=BASE, workers=1) as (url, _):
        yield url


PROPERTIES = {"topic": "<http://purl.org/dc/terms/subject>", "country": f"<{BASE}/ontology#country>",
              "year": f"<{BASE}/ontology#year>"}


def busiest(built_dist, dimension: str, chosen: dict[str, str]) -> str:
    """The value of *dimension* that most of the practices *chosen* keeps have."""
    index = facet_index.read(read_release(built_dist).file(FACETS))
    counts = index.select("en", chosen).counts[dimension]
    return max(counts, key=lambda value: (counts[value], value))


def parameter(value: str) -> str:
    """A facet value as the browser's query parameter takes it: a slug, or a year."""
    return value.rsplit("/", 1)[-1]


def pattern(chosen: dict[str, str]) -> str:
    return " ".join(f"?p {PROPERTIES[dim]} " + (f'"{value}"^^<http://www.w3.org/2001/XMLSchema#gYear>'
                                                if dim == "year" else f"<{value}>") + " ."
                    for dim, value in chosen.items())


def sparql_members(server: str, where: str) -> set[str]:
    client = SPARQLWrapper(server + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(f"SELECT ?p WHERE {{ ?p a <{BASE}/ontology#Practice> . {where} }}")
    return {row["p"]["value"] for row in client.queryAndConvert()["results"]["bindings"]}


def comunica_members(comunica: Path, source: str, collection: str) -> set[str]:
    answer = subprocess.run(
        [str(comunica), source, "-t", "application/sparql-results+json",
         f"SELECT ?m WHERE {{ <{collection}> <{HYDRA_MEMBER}> ?m }}"],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert answer.returncode == 0, answer.stderr[-2000:]
    return {row["m"]["value"] for row in json.loads(answer.stdout)["results"]["bindings"]}


def walk(comunica: Path, server: str, chosen: dict[str, str]) -> tuple[set[str], set[str]]:
    """(what Comunica finds from the collection's first page, what SPARQL selects)."""
    query = "&".join(f"{dim}={parameter(chosen[dim])}" for dim in PROPERTIES if dim in chosen)  # the canonical order
    collection = f"{server}/practices?{query}"
    return comunica_members(comunica, collection, collection), sparql_members(server, pattern(chosen))


def test_comunica_reaches_every_member_of_a_filtered_collection(comunica, server, built_dist):
    chosen = {"year": busiest(built_dist, "year", {})}
    found, expected = walk(comunica, server, chosen)
    assert len(expected) > 20  # more than a page: the client must follow hydra:next
    assert found == expected


def test_comunica_walks_a_combined_filter(comunica, server, built_dist):
    chosen = {"year": busiest(built_dist, "year", {})}
    chosen["country"] = busiest(built_dist, "country", chosen)
    found, expected = walk(comunica, server, chosen)
    assert expected and found == expected
