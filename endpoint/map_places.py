"""Which places the pages' maps show, and how many practices each has: the data behind
:mod:`endpoint.maps`.

Counts never come from an aggregate over the whole store per request: with no filter they are
what the build counted (``release.json``'s ``stats.places``, :mod:`icc_graph.stats`); a filter
counts the practices it keeps per city in the release's facet index (:mod:`icc_graph.facet_index`),
which also holds each city's point and labels; a city counts only its own practices. Without an
index (a release made before it held the cities, a remote store ahead of the release directory)
a filter's counts and the places are asked of the store. :func:`city_counts` is the one place that
chooses, so moving to another index is a change here alone.

A map shows at most :data:`MAP_LIMIT` places, those with the most practices (at 100k practices
the home page's map would otherwise draw and list 5,000 cities); the page says how many it left out.
"""
from __future__ import annotations

import heapq
from operator import itemgetter

from icc_graph.facet_index import FacetIndex
from icc_graph.iris import parse_thing
from icc_graph.namespaces import GEO
from icc_graph.terms import sparql_iri

from .facets import Filters, Label, indexed_labels, labels, select
from .html import Linker
from .maps import Place

MAP_LIMIT = 200  # places a map draws and lists at most


def city_counts(store, base: str, filters: Filters, figures: dict | None, index: FacetIndex | None = None,
                lang: str = "en") -> dict[str, int]:
    """Practices per city (IRI -> count) among the practices *filters* selects."""
    if not filters.patterns(base) and figures and "places" in figures:
        return dict(figures["places"]["city"])
    if index is not None and index.has_cities:
        return index.city_counts(lang, index.select(lang, filters.chosen(base)))
    return _counted(store, base, filters.patterns(base))


def most_practices(counts: dict[str, int], limit: int | None = None) -> dict[str, int]:
    """The *limit* (:data:`MAP_LIMIT`) cities of *counts* with the most practices (ties: by IRI, so
    every request agrees)."""
    limit = MAP_LIMIT if limit is None else limit
    if len(counts) <= limit:
        return counts
    return dict(heapq.nlargest(limit, sorted(counts.items()), key=itemgetter(1)))  # stable: ties in IRI order


def counts_of_city(store, base: str, city: str) -> dict[str, int]:
    """The practices of one city, as :func:`city_counts` gives them."""
    return _counted(store, base, f"?practice icc:city {sparql_iri(city)} .")


def _counted(store, base: str, patterns: str) -> dict[str, int]:
    rows = select(store, base, f"""
        SELECT ?city (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?practice a icc:Practice ; icc:city ?city . {patterns}
        }} GROUP BY ?city""")
    return {str(row["city"]): int(row["n"]) for row in rows}


def city_places(store, base: str, counts: dict[str, int], lang: str, index: FacetIndex | None = None) -> list[Place]:
    """The cities of *counts* as a map shows them: label, count, page, coordinates (from *index*
    when it holds the cities, else from the store)."""
    if not counts:
        return []
    if index is not None and index.has_cities:
        points = {iri: point for iri in counts if (point := index.city_point(iri)) is not None}
        names = indexed_labels(index, lang, counts)
        missing = [iri for iri in counts if iri not in names]
        names.update(labels(store, base, missing, lang) if missing else {})
    else:
        values = " ".join(sparql_iri(iri) for iri in sorted(counts))
        rows = select(store, base, f"""
            SELECT ?city ?lat ?long WHERE {{
              VALUES ?city {{ {values} }}
              ?city {sparql_iri(str(GEO.lat))} ?lat ; {sparql_iri(str(GEO.long))} ?long .
            }}""")
        points = {str(row["city"]): (float(row["lat"]), float(row["long"])) for row in rows}
        names = labels(store, base, counts, lang)
    linker = Linker.for_request(base, lang)
    places = []
    for iri, count in counts.items():
        ref = parse_thing(base, iri)
        label = names.get(iri, Label(ref.slug if ref else iri, None))
        lat, long = points.get(iri, (None, None))
        places.append(Place(label=label.text, lang=label.lang, count=count, href=linker.href(iri), lat=lat, long=long))
    return places
