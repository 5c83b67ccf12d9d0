"""The names a curator may answer with: topics, cities (with their countries) and years, read from
the graph the build reads, and how an answer cell is matched to them.

A name matches whatever its case, accents or punctuation (``importers.places.match_key``), in
English or French, preferred or alternative label, or by slug. The drop-down lists of the
worklist offer the English preferred labels; a city is offered as ``City (Country)``.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..importers.places import match_key
from ..iris import parse_thing
from ..namespaces import icc_namespaces

FIRST_YEAR = 1949  # the Council of Europe's founding: no practice of its database is older (shapes/practice.ttl)
CITY_WITH_COUNTRY = re.compile(r"^(?P<city>.*?)\s*\((?P<country>[^()]*)\)\s*$")


def this_year() -> int:
    return datetime.date.today().year


@dataclass
class Vocabulary:
    topic_labels: dict[str, dict[str, str]] = field(default_factory=dict)     # slug -> language -> preferred label
    topic_alt: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # slug -> (language, alternative label)
    city_labels: dict[str, dict[str, str]] = field(default_factory=dict)      # slug -> language -> label
    city_country: dict[str, str] = field(default_factory=dict)                # city slug -> country slug
    country_labels: dict[str, dict[str, str]] = field(default_factory=dict)   # slug -> language -> label
    years: list[str] = field(default_factory=list)                            # the years scheme's labels

    # ---- names -> slugs

    def _find(self, labels: dict[str, dict[str, str]], extra: dict[str, list[tuple[str, str]]], text: str):
        key = match_key(text)
        for slug in sorted(labels):
            names = list(labels[slug].values()) + [name for _, name in extra.get(slug, [])] + [slug]
            if key and key in {match_key(name) for name in names}:
                return slug
        return None

    def topic(self, text: str) -> str | None:
        return self._find(self.topic_labels, self.topic_alt, text)

    def country(self, text: str) -> str | None:
        return self._find(self.country_labels, {}, text)

    def city(self, text: str) -> tuple[str | None, str | None]:
        """(city slug, country slug named in the text): ``Oslo (Norway)`` or ``Oslo``."""
        named_country = None
        match = CITY_WITH_COUNTRY.match(text)
        if match and self.country(match["country"]):
            text, named_country = match["city"], self.country(match["country"])
        key = match_key(text)
        found = [slug for slug in sorted(self.city_labels)
                 if key and key in {match_key(name) for name in [*self.city_labels[slug].values(), slug]}]
        if named_country:  # "Bergen (Spain)" is no city of the list, whatever Bergen there is
            found = [slug for slug in found if self.city_country.get(slug) == named_country]
        return (found[0] if len(found) == 1 else None), named_country

    # ---- slugs -> names

    def topic_name(self, slug: str, lang: str = "en") -> str:
        labels = self.topic_labels.get(slug, {})
        return labels.get(lang) or labels.get("en") or slug

    def country_name(self, slug: str, lang: str = "en") -> str:
        labels = self.country_labels.get(slug, {})
        return labels.get(lang) or labels.get("en") or slug

    def city_name(self, slug: str) -> str:
        """``Oslo (Norway)``: as the drop-down list offers it."""
        labels = self.city_labels.get(slug, {})
        name = labels.get("en") or next(iter(labels.values()), slug)
        country = self.city_country.get(slug)
        return f"{name} ({self.country_name(country)})" if country else name

    # ---- the drop-down lists

    def topic_list(self) -> list[str]:
        return sorted((self.topic_name(slug) for slug in self.topic_labels), key=str.casefold)

    def city_list(self) -> list[str]:
        return sorted((self.city_name(slug) for slug in self.city_labels), key=str.casefold)

    def year_list(self) -> list[str]:
        """Every year a practice may have, newest first (the years scheme's are among them)."""
        years = {str(year) for year in range(FIRST_YEAR, this_year() + 1)}
        years |= {year for year in self.years if year.isdigit() and FIRST_YEAR <= int(year) <= this_year()}
        return sorted(years, reverse=True)


def _labels(graph: Graph, node, props=(SKOS.prefLabel, RDFS.label)) -> dict[str, str]:
    labels: dict[str, str] = {}
    for prop in props:
        for label in sorted(graph.objects(node, prop)):
            if isinstance(label, Literal) and label.language:
                labels.setdefault(label.language, str(label))
    return labels


def _slug(base: str, iri, kind: str) -> str | None:
    ref = parse_thing(base, str(iri)) if isinstance(iri, URIRef) else None
    return ref.slug if ref is not None and ref.kind == kind else None


def read_vocabulary(graph: Graph, base: str) -> Vocabulary:
    """The topics, countries, cities and years of the graph the build reads (*base*: its base IRI)."""
    ns = icc_namespaces(base)
    vocab = Vocabulary()
    for topic in graph.subjects(SKOS.inScheme, ns["scheme"].topics):
        slug = _slug(base, topic, "topic")
        if slug:
            vocab.topic_labels[slug] = _labels(graph, topic)
            vocab.topic_alt[slug] = sorted((label.language or "", str(label)) for label in graph.objects(topic, SKOS.altLabel)
                                           if isinstance(label, Literal))
    for country in graph.subjects(RDF.type, ns["icc"].Country):
        slug = _slug(base, country, "country")
        if slug:
            vocab.country_labels[slug] = _labels(graph, country)
    for city in graph.subjects(RDF.type, ns["icc"].City):
        slug = _slug(base, city, "city")
        if slug:
            vocab.city_labels[slug] = _labels(graph, city, (RDFS.label, SKOS.prefLabel))
            country = _slug(base, graph.value(city, ns["icc"].country), "country")
            if country:
                vocab.city_country[slug] = country
    vocab.years = sorted({str(notation) for year in graph.subjects(SKOS.inScheme, ns["scheme"].years)
                          for notation in graph.objects(year, SKOS.notation)})
    return vocab
