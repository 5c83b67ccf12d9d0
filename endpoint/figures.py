"""The figures of the home page and the practice browser: practices per topic, per year and per
country, drawn by :mod:`endpoint.charts` from the browser's facet counts (for the whole release,
what the build counted in ``release.json``; never an aggregate over every practice per request).

Each bar links to the list it counts, and "In numbers" on the home page links each number to the
list behind it.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from icc_graph.iris import normalise_base

from .charts import Bar, bar_chart, column_chart
from .facets import FacetValue
from .html import Linker
from .messages import translate

CHARTS = (("topic", "chart_topics"), ("year", "chart_years"), ("country", "chart_countries"))
# The lists behind the numbers the browser cannot filter: a query link opens its answer as a table.
LIST_QUERIES = {
    "cities": """PREFIX icc: <ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?city ?name ?country WHERE {
  ?city a icc:City ; icc:country ?country .
  OPTIONAL { ?city rdfs:label ?name FILTER(LANG(?name) = "en") }
} ORDER BY ?name""",
    "bodies": """PREFIX icc: <ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?body ?name ?kind WHERE {
  ?body a ?kind . ?kind rdfs:subClassOf* icc:Body .
  OPTIONAL { ?body rdfs:label ?name FILTER(LANG(?name) = "en") }
} ORDER BY ?name""",
}


@dataclass(frozen=True)
class Figure:
    key: str            # topic, year or country
    caption: str
    chart: Markup

    @property
    def caption_id(self) -> str:
        return f"chart-{self.key}"


def facet_figures(facets: dict[str, list[FacetValue]], href, lang: str) -> list[Figure]:
    """A chart per facet that has values; *href(name, value)* is the list a bar leads to."""
    unit = translate("chart_unit", lang)
    figures = []
    for key, caption in CHARTS:
        values = facets.get(key) or []
        if not values:
            continue
        bars = [Bar(v.label, v.count, href(key, v.value), v.lang if v.lang and v.lang != lang else None)
                for v in values]
        if key == "year":
            bars.sort(key=lambda bar: bar.label)
            chart = column_chart(bars, f"chart-{key}", unit)
        else:
            bars.sort(key=lambda bar: (-bar.count, bar.label.casefold()))
            chart = bar_chart(bars, f"chart-{key}", unit)
        figures.append(Figure(key, translate(caption, lang), chart))
    return figures


def count_links(linker: Linker, base: str) -> dict[str, str]:
    """Where each number of "In numbers" leads: the browser, the schemes, a listing query, the dumps."""
    def query(name: str) -> str:
        return linker.local("/sparql", {"query": f"BASE <{normalise_base(base)}/>\n" + LIST_QUERIES[name]})
    return {
        "practices": linker.local("/practices"),
        "cities": query("cities"),
        "countries": linker.local("/doc/scheme/countries"),
        "topics": linker.local("/doc/scheme/topics"),
        "bodies": query("bodies"),
        "triples": linker.local("/dumps"),
    }
