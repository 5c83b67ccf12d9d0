"""The web services a deployment offers besides SPARQL, as the catalogue, VoID, the SPARQL
service description and the home page name them: one entry each, so they cannot disagree.

Each has an endpoint (``endpoint``), a document that describes it to programs (``described_by``)
and the standard it follows (``standard``). The endpoint/ modules implement them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import iris

OPENSEARCH_STANDARD = "http://a9.com/-/spec/opensearch/1.1/"
HYDRA_STANDARD = "http://www.w3.org/ns/hydra/core"  # the facet pages; their facet values follow TREE
RECONCILIATION_STANDARD = "https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/"


@dataclass(frozen=True)
class WebService:
    key: str                           # its part of the catalogue: {base}/catalog#{key}-service
    endpoint: Callable[[str], str]     # base -> the endpoint's IRI (icc_graph.iris)
    described_by: Callable[[str], str]  # base -> what describes it to programs
    standard: str                      # the specification it follows
    title: dict                        # lang -> text
    description: dict                  # lang -> text


SEARCH = WebService(
    "search", iris.search_iri, iris.opensearch_iri, OPENSEARCH_STANDARD,
    {"en": "ICC Graph search", "fr": "Recherche ICC Graph"},
    {"en": "Full-text search of practices, places, topics and bodies, in English and French "
           "(/search?q=words, HTML or JSON; filters kind, topic, country, year).",
     "fr": "Recherche plein texte des pratiques, lieux, thèmes et instances, en anglais et en français "
           "(/search?q=mots, HTML ou JSON ; filtres kind, topic, country, year)."})
RECONCILIATION = WebService(
    "reconcile", iris.reconcile_iri, iris.reconcile_iri, RECONCILIATION_STANDARD,
    {"en": "ICC Graph reconciliation service", "fr": "Service de réconciliation d'ICC Graph"},
    {"en": "Match names in a table (OpenRefine and other clients) to the IRIs of practices, cities, "
           "countries, topics and bodies; suggest, preview and data extension.",
     "fr": "Rapprocher les noms d'un tableau (OpenRefine et autres clients) des IRI des pratiques, villes, "
           "pays, thèmes et instances ; suggestions, aperçu et extension de données."})

FACETS = WebService(
    "facets", iris.facets_iri, iris.openapi_url, HYDRA_STANDARD,
    {"en": "ICC Graph practices by topic, country and year", "fr": "Pratiques d'ICC Graph par thème, pays et année"},
    {"en": "Facet pages of the practices (/practices?topic=&country=&year=&page=): HTML, or Turtle and JSON-LD "
           "as Hydra collections whose facet values are TREE relations with their counts.",
     "fr": "Pages à facettes des pratiques (/practices?topic=&country=&year=&page=) : HTML, ou Turtle et "
           "JSON-LD en collections Hydra dont les valeurs de facette sont des relations TREE avec leurs effectifs."})

SERVICES: tuple[WebService, ...] = (SEARCH, RECONCILIATION, FACETS)
