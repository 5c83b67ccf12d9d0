"""The query mix: what the practice browser and the example queries ask, with random parameters.

Twelve kinds of request, each drawn with equal probability. The SPARQL is the practice browser's
own (``endpoint.facets`` writes it for a filter state) or an example query cut to a page, with
every IRI absolute, so any SPARQL endpoint answers the same text. Parameters (topic, country,
year, page, practice, word, size) are drawn per request from a seeded generator.
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import WORDS, filter_countries, vocabulary_slugs  # noqa: E402
from endpoint.facets import PAGE_SIZE, PREFIXES, Filters  # noqa: E402

SELECT_JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
YEARS = range(2015, 2025)


@dataclass(frozen=True)
class Request:
    name: str     # the kind of request, for the per-query table
    query: str
    accept: str


class Mix:
    """Draws requests for a graph of *practices* generated practices under *base*."""

    def __init__(self, practices: int, base: str = "http://127.0.0.1:8080", seed: int = 1):
        self.practices, self.base = practices, base.rstrip("/")
        data = ROOT / "data"
        self.topics = vocabulary_slugs(data, "topics.ttl", "topic")
        self.countries = filter_countries(data)
        self.rng = random.Random(seed)
        self.prefixes = PREFIXES.replace("<ontology#>", f"<{self.base}/ontology#>").replace(
            "<id/scheme/>", f"<{self.base}/id/scheme/>")
        self.kinds = [getattr(self, name) for name in sorted(dir(self)) if name.startswith("q_")]

    def draw(self) -> Request:
        return self.rng.choice(self.kinds)()

    def all_kinds(self) -> list[Request]:
        """One request of every kind (smoke tests, warm-up)."""
        return [kind() for kind in self.kinds]

    # -- parameters ------------------------------------------------------------------------
    def _filters(self, *dims: str, page: int = 1) -> Filters:
        values = {"topic": self.rng.choice(self.topics), "country": self.rng.choice(self.countries),
                  "year": self.rng.choice(YEARS)}
        return Filters(**{dim: values[dim] for dim in dims}, page=page)

    def _practice(self) -> str:
        return f"{self.base}/id/practice/synthetic-practice-{self.rng.randrange(self.practices):06d}"

    def _select(self, name: str, body: str) -> Request:
        return Request(name, self.prefixes + body, SELECT_JSON)

    # -- the browser's lists, facet counts and totals (endpoint.facets) ----------------------
    def _page(self, filters: Filters) -> str:
        # The browser's query (English titles), its grouping in a subquery and without COALESCE
        # over aggregates: Virtuoso 7 refuses both ORDER BY an aggregate's alias and that form.
        return f"""
        SELECT ?practice ?title ?year ?countries WHERE {{ {{
        SELECT ?practice (MIN(?t) AS ?title) (MIN(?y) AS ?year)
               (GROUP_CONCAT(DISTINCT STR(?country); separator=" ") AS ?countries)
        WHERE {{
          ?practice a icc:Practice . {filters.patterns(self.base)}
          OPTIONAL {{ ?practice dcterms:title ?t FILTER(LANG(?t) = "en") }}
          OPTIONAL {{ ?practice icc:year ?y }}
          OPTIONAL {{ ?practice icc:country ?country }}
        }}
        GROUP BY ?practice }} }}
        ORDER BY LCASE(STR(?title)) ?practice
        LIMIT {PAGE_SIZE} OFFSET {(filters.page - 1) * PAGE_SIZE}"""

    def _facets(self, filters: Filters) -> str:
        return f"""
        SELECT ?dim ?value (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?practice a icc:Practice . {filters.patterns(self.base)}
          {{ ?practice dcterms:subject ?value . ?value skos:inScheme scheme:topics . BIND("topic" AS ?dim) }}
          UNION {{ ?practice icc:country ?value . BIND("country" AS ?dim) }}
          UNION {{ ?practice icc:year ?value . BIND("year" AS ?dim) }}
        }} GROUP BY ?dim ?value"""

    def q_list_by_topic(self) -> Request:
        return self._select("list_topic", self._page(self._filters("topic")))

    def q_list_by_country(self) -> Request:
        return self._select("list_country", self._page(self._filters("country", page=self.rng.randint(1, 3))))

    def q_list_by_year_topic(self) -> Request:
        return self._select("list_year_topic", self._page(self._filters("year", "topic")))

    def q_count_by_country(self) -> Request:
        filters = self._filters("country")
        return self._select("count_country", f"""
        SELECT (COUNT(DISTINCT ?practice) AS ?n) WHERE {{ ?practice a icc:Practice . {filters.patterns(self.base)} }}""")

    def q_facets_all(self) -> Request:
        return self._select("facets_all", self._facets(Filters()))

    def q_facets_by_topic(self) -> Request:
        return self._select("facets_topic", self._facets(self._filters("topic")))

    def q_facets_by_country_year(self) -> Request:
        return self._select("facets_country_year", self._facets(self._filters("country", "year")))

    # -- one practice ----------------------------------------------------------------------
    def q_describe(self) -> Request:
        return Request("describe", f"DESCRIBE <{self._practice()}>", TURTLE)

    def q_construct(self) -> Request:
        practice = self._practice()
        return Request("construct", self.prefixes + f"""
        CONSTRUCT {{ <{practice}> ?p ?o . ?o ?q ?v }} WHERE {{
          <{practice}> ?p ?o .
          OPTIONAL {{ ?o ?q ?v FILTER(?p IN (icc:describes, dcterms:temporal)) }}
        }}""", TURTLE)

    # -- search and the example queries ----------------------------------------------------
    def q_title_search(self) -> Request:
        word = self.rng.choice(WORDS)
        return self._select("title_search", f"""
        SELECT ?practice ?title WHERE {{
          ?practice a icc:Practice ; dcterms:title ?title .
          FILTER(LANG(?title) = "en" && CONTAINS(LCASE(STR(?title)), "{word}"))
        }} ORDER BY ?title LIMIT {PAGE_SIZE}""")

    def q_councils_by_size(self) -> Request:
        size = self.rng.randint(15, 39)
        return self._select("councils_by_size", f"""
        SELECT ?council ?name ?members ?women ?city WHERE {{
          ?council a icc:Council ; skos:prefLabel ?name ; icc:memberCount ?members .
          FILTER(LANG(?name) = "en" && ?members > {size})
          OPTIONAL {{ ?council icc:womenMemberCount ?women }}
          OPTIONAL {{ ?practice icc:describes ?council ; icc:city ?city }}
        }} ORDER BY DESC(?members) ?name LIMIT 50""")

    def q_per_year_in_country(self) -> Request:
        filters = self._filters("country")
        return self._select("per_year_country", f"""
        SELECT ?year (COUNT(DISTINCT ?practice) AS ?practices) WHERE {{
          ?practice a icc:Practice ; icc:year ?year . {filters.patterns(self.base)}
        }} GROUP BY ?year ORDER BY ?year""")
