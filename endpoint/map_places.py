"""Which places the pages' maps show, and how many practices each has: the data behind
:mod:`endpoint.maps`.

Counts never come from an aggregate over the whole store per request: with no filter they are
what the build counted (``release.json``'s ``stats.places``, :mod:`icc_graph.stats`); a filter,
a country or a city counts only its own practices. :func:`city_counts` is the one place that
chooses, so moving to another index is a change here alone.
"""
from __future__ import annotations

from icc_graph.iris import parse_thing
from icc_graph.namespaces import GEO
from icc_graph.terms import sparql_iri

from .facets import Filters, Label, labels, select
from .html import Linker
from .maps import Place


def city_counts(store, base: str, filters: Filters, figures: dict | None) -> dict[str, int]:
    """Practices per city (IRI -> count) among the practices *filters* selects."""
    if not filters.patterns(base) and figures and "places" in figures:
        return dict(figures["places"]["city"])
    return _counted(store, base, filters.patterns(base))


def counts_of_city(store, base: str, city: str) -> dict[str, int]:
    """The practices of one city, as :func:`city_counts` gives them."""
    return _counted(store, base, f"?practice icc:city {sparql_iri(city)} .")


def _counted(store, base: str, patterns: str) -> dict[str, int]:
    rows = select(store, base, f"""
        SELECT ?city (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?practice a icc:Practice ; icc:city ?city . {patterns}
        }} GROUP BY ?city""")
    return {str(row["city"]): int(row["n"]) for row in rows}


def city_places(store, base: str, counts: dict[str, int], lang: str) -> list[Place]:
    """The cities of *counts* as a map shows them: label, count, page, coordinates."""
    if not counts:
        return []
    values = " ".join(sparql_iri(iri) for iri in sorted(counts))
    rows = select(store, base, f"""
        SELECT ?city ?lat ?long WHERE {{
          VALUES ?city {{ {values} }}
          ?city {sparql_iri(str(GEO.lat))} ?lat ; {sparql_iri(str(GEO.long))} ?long .
        }}""")
    found = {str(row["city"]): row for row in rows}
    names = labels(store, base, counts, lang)
    linker = Linker.for_request(base, lang)
    places = []
    for iri, count in counts.items():
        ref = parse_thing(base, iri)
        row = found.get(iri, {})
        label = names.get(iri, Label(ref.slug if ref else iri, None))
        located = "lat" in row and "long" in row
        places.append(Place(label=label.text, lang=label.lang, count=count, href=linker.href(iri),
                            lat=float(row["lat"]) if located else None,
                            long=float(row["long"]) if located else None))
    return places
