"""The researcher's mix: what a researcher or journalist asks of the graph, not what the browser asks.

Ten kinds of request, each drawn with equal probability: whole-store aggregates (practices per
country and topic, per year, councils with most women, women's share per country), and questions
about one resource drawn over EVERY resource of the graph (a practice among all N, a city among
all N/20, a council, a period): so a result cache rarely sees the same request twice and the cost
of each is paid. The text match looks for one practice's own title number, also drawn among all N.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.mix import TURTLE, Mix, Request  # noqa: E402


class ResearchMix(Mix):
    """Draws a researcher's requests for a graph of *practices* generated practices."""

    def __init__(self, practices: int, base: str = "http://127.0.0.1:8080", seed: int = 1):
        super().__init__(practices, base, seed)
        self.cities = max(10, practices // 20)  # as benchmarks/generate.py makes them
        self.kinds = [getattr(self, name) for name in sorted(dir(self)) if name.startswith("r_")]

    def _number(self) -> int:
        return self.rng.randrange(self.practices)

    def _slug(self) -> str:
        return f"synthetic-practice-{self._number():06d}"

    def _resource(self) -> str:
        """Any resource of the graph: a practice, its council or its period, or a city."""
        kind = self.rng.randrange(4)
        if kind == 3:
            return f"{self.base}/id/city/city-{self.rng.randrange(self.cities):05d}"
        return f"{self.base}/id/" + ("practice/{}", "body/{}-council", "practice/{}-period")[kind].format(self._slug())

    # -- the whole store -----------------------------------------------------------------------
    def r_per_country_and_topic(self) -> Request:
        return self._select("country_x_topic", """
        SELECT ?country ?topic (COUNT(?practice) AS ?n) WHERE {
          ?practice a icc:Practice ; icc:country ?country ; dcterms:subject ?topic .
        } GROUP BY ?country ?topic ORDER BY DESC(?n) ?country ?topic LIMIT 100""")

    def r_years_with_most_practices(self) -> Request:
        return self._select("years_most", """
        SELECT ?year (COUNT(?practice) AS ?n) WHERE { ?practice a icc:Practice ; icc:year ?year }
        GROUP BY ?year ORDER BY DESC(?n) ?year""")

    def r_councils_with_most_women(self) -> Request:
        return self._select("councils_most_women", """
        SELECT ?council ?name ?women ?members WHERE {
          ?council a icc:Council ; icc:womenMemberCount ?women ; icc:memberCount ?members ; skos:prefLabel ?name .
          FILTER(LANG(?name) = "en")
        } ORDER BY DESC(?women) ?council LIMIT 20""")

    def r_women_share_per_country(self) -> Request:
        return self._select("women_share_country", """
        SELECT ?country (AVG(?share) AS ?average) (COUNT(?council) AS ?councils) WHERE {
          ?practice icc:country ?country ; icc:describes ?council . ?council icc:womenShare ?share .
        } GROUP BY ?country ORDER BY DESC(?average) ?country""")

    # -- one resource, drawn among all of them ----------------------------------------------------
    def r_practices_of_a_city(self) -> Request:
        city = f"{self.base}/id/city/city-{self.rng.randrange(self.cities):05d}"
        return self._select("city_practices", f"""
        SELECT ?practice ?title ?year WHERE {{
          ?practice icc:city <{city}> ; dcterms:title ?title ; icc:year ?year . FILTER(LANG(?title) = "en")
        }} ORDER BY ?year ?practice""")

    def r_bodies_of_a_practice(self) -> Request:
        practice = f"{self.base}/id/practice/{self._slug()}"
        return self._select("practice_bodies", f"""
        SELECT ?body ?name ?members ?women ?nationality ?jurisdiction WHERE {{
          <{practice}> icc:describes ?body . ?body skos:prefLabel ?name .
          OPTIONAL {{ ?body icc:memberCount ?members }} OPTIONAL {{ ?body icc:womenMemberCount ?women }}
          OPTIONAL {{ ?body icc:representsNationality ?nationality }} OPTIONAL {{ ?body icc:jurisdiction ?jurisdiction }}
        }}""")

    def r_period_of_a_practice(self) -> Request:
        practice = f"{self.base}/id/practice/{self._slug()}"
        return self._select("practice_period", f"""
        SELECT ?start ?end ?printed WHERE {{
          <{practice}> dcterms:temporal ?period . ?period dcat:startDate ?start .
          OPTIONAL {{ ?period dcat:endDate ?end }} OPTIONAL {{ ?period icc:printedPeriod ?printed }}
        }}""")

    def r_describe_any_resource(self) -> Request:
        return Request("describe_any", f"DESCRIBE <{self._resource()}>", TURTLE)

    def r_title_match(self) -> Request:
        return self._select("title_match", f"""
        SELECT ?practice ?title WHERE {{
          ?practice a icc:Practice ; dcterms:title ?title .
          FILTER(LANG(?title) = "en" && CONTAINS(?title, " no. {self._number()}"))
        }} ORDER BY ?practice LIMIT 20""")

    def r_same_city_other_practices(self) -> Request:
        practice = f"{self.base}/id/practice/{self._slug()}"
        return self._select("same_city", f"""
        SELECT ?other ?title WHERE {{
          <{practice}> icc:city ?city . ?other icc:city ?city ; dcterms:title ?title .
          FILTER(?other != <{practice}> && LANG(?title) = "en")
        }} ORDER BY ?other LIMIT 50""")


MIXES = {"browser": Mix, "research": ResearchMix}
