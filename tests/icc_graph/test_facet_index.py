"""The facet index of the built release agrees with SPARQL over the same release: for several
filter combinations, the count, the members (in title order) and every facet value's count."""
from __future__ import annotations

import itertools
import json

import pyoxigraph
import pytest

from icc_graph import facet_index
from icc_graph.release import FACETS, read_release
from tests.conftest import TEST_BASE_IRI as BASE

PROPERTIES = {"topic": "<http://purl.org/dc/terms/subject>", "country": f"<{BASE}/ontology#country>",
              "year": f"<{BASE}/ontology#year>"}


@pytest.fixture(scope="module")
def release(built_dist):
    info = read_release(built_dist)
    store = pyoxigraph.Store.read_only(str(info.store_path))
    yield info, store, facet_index.read(info.file(FACETS))
    del store


def term(dimension: str, value: str) -> str:
    return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#gYear>' if dimension == "year" else f"<{value}>"


def patterns(chosen: dict[str, str]) -> str:
    return " ".join(f"?p {PROPERTIES[dim]} {term(dim, value)} ." for dim, value in chosen.items())


def sparql_members(store, chosen: dict[str, str], lang: str) -> list[str]:
    rows = store.query(f"""
        SELECT ?p (COALESCE(MIN(?t1), MIN(?t2), MIN(?t3)) AS ?title) WHERE {{
          ?p a <{BASE}/ontology#Practice> . {patterns(chosen)}
          OPTIONAL {{ ?p <http://purl.org/dc/terms/title> ?t1 FILTER(LANG(?t1) = "{lang}") }}
          OPTIONAL {{ ?p <http://purl.org/dc/terms/title> ?t2 FILTER(LANG(?t2) = "en") }}
          OPTIONAL {{ ?p <http://purl.org/dc/terms/title> ?t3 }}
        }} GROUP BY ?p ORDER BY LCASE(STR(?title)) ?p""")
    return [row["p"].value for row in rows]


def sparql_counts(store, chosen: dict[str, str]) -> dict[str, dict[str, int]]:
    rows = store.query(f"""
        SELECT ?dim ?value (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          ?p a <{BASE}/ontology#Practice> . {patterns(chosen)}
          {{ ?p <http://purl.org/dc/terms/subject> ?value .
             ?value <http://www.w3.org/2004/02/skos/core#inScheme> <{BASE}/id/scheme/topics> BIND("topic" AS ?dim) }}
          UNION {{ ?p {PROPERTIES["country"]} ?value BIND("country" AS ?dim) }}
          UNION {{ ?p {PROPERTIES["year"]} ?value BIND("year" AS ?dim) }}
        }} GROUP BY ?dim ?value""")
    counts: dict[str, dict[str, int]] = {"topic": {}, "country": {}, "year": {}}
    for row in rows:
        counts[row["dim"].value][row["value"].value] = int(row["n"].value)
    return counts


def busiest(index, dimension: str) -> str:
    counts = index.select("en", {}).counts[dimension]
    return max(counts, key=lambda value: (counts[value], value))


def combinations(index) -> list[dict[str, str]]:
    chosen = {dim: busiest(index, dim) for dim in ("topic", "country", "year")}
    found = [dict(pairs) for size in range(4) for pairs in itertools.combinations(chosen.items(), size)]
    return found + [{"topic": f"{BASE}/id/topic/no-such-topic"}]


def test_counts_and_members_equal_sparql(release):
    _, store, index = release
    cases = combinations(index)
    assert len(cases) == 9
    for chosen, lang in itertools.product(cases, ("en", "fr")):
        selection = index.select(lang, chosen)
        members = sparql_members(store, chosen, lang)
        assert selection.total == len(members), chosen
        assert [m.iri for m in index.page(lang, selection, 0, len(members) + 5)] == members, (chosen, lang)
        assert selection.counts == sparql_counts(store, chosen), chosen
    assert index.select("en", {}).total > 100  # the whole release, not a corner of it


def sparql_city_counts(store, chosen: dict[str, str]) -> dict[str, int]:
    rows = store.query(f"""
        SELECT ?city (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          ?p a <{BASE}/ontology#Practice> ; <{BASE}/ontology#city> ?city . {patterns(chosen)}
        }} GROUP BY ?city""")
    return {row["city"].value: int(row["n"].value) for row in rows}


def test_city_counts_and_points_equal_sparql(release):
    _, store, index = release
    assert index.has_cities
    for chosen, lang in itertools.product(combinations(index), ("en", "fr")):
        assert index.city_counts(lang, index.select(lang, chosen)) == sparql_city_counts(store, chosen), (chosen, lang)
    points = {row["city"].value: (float(row["lat"].value), float(row["long"].value)) for row in store.query(f"""
        SELECT ?city ?lat ?long WHERE {{
          ?p a <{BASE}/ontology#Practice> ; <{BASE}/ontology#city> ?city .
          ?city <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat ; <http://www.w3.org/2003/01/geo/wgs84_pos#long> ?long
        }}""")}
    cities = sparql_city_counts(store, {})
    assert len(points) > 40 and {iri: index.city_point(iri) for iri in cities if index.city_point(iri)} == points
    assert all(index.label("fr", iri) for iri in cities)


def test_an_index_written_without_its_cities_still_reads(release):
    info, _, _ = release
    written = json.loads(info.file(FACETS).read_bytes())
    del written["cities"]
    older = facet_index.FacetIndex(written)
    assert not older.has_cities and older.city_counts("en", older.select("en", {})) == {}
    assert older.select("en", {}).total > 100 and older.city_point(f"{BASE}/id/city/oslo") is None


def test_a_page_is_a_slice_of_the_order(release):
    _, store, index = release
    everything = index.select("fr", {})
    whole = index.page("fr", everything, 0, everything.total)
    assert len(whole) == everything.total
    for offset, size in ((0, 20), (20, 20), (everything.total - 3, 20), (everything.total, 20), (4090, 20)):
        assert index.page("fr", everything, offset, size) == whole[offset:offset + size]


def test_the_file_is_the_same_bytes_for_the_same_release(release):
    info, store, _ = release
    assert facet_index.compute(store, BASE) == info.file(FACETS).read_bytes()
    assert info.files[FACETS]["bytes"] == len(info.file(FACETS).read_bytes())


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / FACETS
    path.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a facet index"):
        facet_index.read(path)
