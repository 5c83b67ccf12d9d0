"""The home page and the browser read what the build counted (release.json's figures, the facet
index): no whole-store aggregate per request, and the same figures the aggregates give."""
from __future__ import annotations

import pytest

from endpoint import facets
from icc_graph import facet_index
from icc_graph.release import FACETS, read_release
from tests.conftest import TEST_BASE_IRI as BASE

from .conftest import app_over


@pytest.fixture(scope="module")
def app(built_dist):
    with app_over(built_dist, RESULT_CACHE_MB=0) as application:
        yield application


def test_the_counted_figures_equal_the_aggregates(app, built_dist):
    figures = read_release(built_dist).stats
    assert figures and figures["counts"]["practices"] > 100
    with app.test_request_context("/practices"):
        store = app.extensions["icc_store"]
        assert facets.counts(store, BASE) == figures["counts"]
        index = facet_index.read(read_release(built_dist).file(FACETS))
        for lang in ("en", "fr"):
            counted = facets.browse(store, BASE, facets.Filters(), lang, index)
            queried = facets.browse(store, BASE, facets.Filters(), lang)
            assert (counted.total, counted.facets, counted.rows) == (queried.total, queried.facets, queried.rows)
            for filters in (facets.Filters(page=2), facets.Filters(year=2016), facets.Filters(country="germany")):
                looked_up = facets.browse(store, BASE, filters, lang, index)
                assert looked_up.rows and looked_up == facets.browse(store, BASE, filters, lang), filters
            assert {dim: {v.value: v.count for v in values} for dim, values in counted.facets.items()} == {
                dim: {value.rsplit("/", 1)[-1]: n for value, n in values.items()}
                for dim, values in figures["facets"].items()}


def test_pages_about_the_whole_release_run_no_aggregate(app, monkeypatch):
    store = app.extensions["icc_store"]
    asked = []
    original = store.select
    monkeypatch.setattr(store, "select", lambda query: asked.append(query) or original(query))
    client = app.test_client()
    for path in ("/", "/practices", "/practices?lang=fr", "/practices?page=2", "/practices?topic=education",
                 "/practices?topic=education&year=2019&lang=fr"):
        assert client.get(path).status_code == 200, path
    # (the map of a filtered page still counts its cities by a query bounded by the filter: map_places)
    assert asked and not [query for query in asked
                          if ("COUNT(" in query or "ORDER BY LCASE" in query) and "GROUP BY ?city" not in query]


def test_a_release_without_figures_is_still_browsed(client, dist_dir):
    assert read_release(dist_dir).stats is None  # the small release is written without a build
    page = client.get("/practices")
    assert page.status_code == 200 and "practices" in page.get_data(as_text=True)
    assert client.get("/").status_code == 200
