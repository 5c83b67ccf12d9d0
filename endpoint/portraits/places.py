"""Cities, countries and topics composed for people: their practices, bodies, figures and links.

The links to a place or topic come from its document (which holds the incoming links); the only
counts are per place or topic (its chart), read from the release's facet index, else counted over
its practices, never over the whole store."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from rdflib import OWL, RDFS
from rdflib.namespace import DCTERMS, SKOS

from icc_graph.terms import sparql_iri

from ..charts import Bar, bar_chart
from ..context import facet_index
from ..display import Value
from ..facets import select
from ..messages import translate
from .reading import Facts, Reader

GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SHOWN = 60  # practices (or cities) a page lists, by slug: a page stays light; the browser lists the rest
# Reference data sets a place is linked to: IRI start -> the name a reader knows.
REFERENCE_SETS = (("https://sws.geonames.org/", "GeoNames"), ("http://www.wikidata.org/entity/", "Wikidata"),
                  ("http://publications.europa.eu/resource/authority/country/", "EU Publications Office"))


@dataclass
class PlacePortrait:
    within: list[Value] = field(default_factory=list)      # a city's country and region
    cities: list[Value] = field(default_factory=list)      # a country's cities
    practices: list[Value] = field(default_factory=list)
    bodies: list[Value] = field(default_factory=list)      # bodies acting there / with its nationals
    links: list[tuple[str, str]] = field(default_factory=list)  # (data set, URL)
    coordinates: tuple[str, str] | None = None
    notes: list[Value] = field(default_factory=list)       # why a link is missing
    chart: Markup | None = None                            # practices per topic (country) or country (topic)
    definitions: list[Value] = field(default_factory=list)
    broader: list[Value] = field(default_factory=list)
    narrower: list[Value] = field(default_factory=list)
    related: list[Value] = field(default_factory=list)
    more: int = 0                                          # practices not listed here
    browse: str | None = None


def _of_kind(reader: Reader, iris, kind: str) -> list[str]:
    return [iri for iri in iris if reader.kind(iri) == kind]


def _links(doc: Facts, iri: str) -> list[tuple[str, str]]:
    found = set()
    for prop in (str(OWL.sameAs), str(SKOS.exactMatch)):
        for target in doc.iris(iri, prop):
            name = next((name for start, name in REFERENCE_SETS if target.startswith(start)), None)
            if name:
                found.add((name, target))
    return sorted(found)


def _counts(reader: Reader, among: tuple[str, str], counted: str, query: str) -> list[tuple[str, int]]:
    """How many of the practices with *among* (dimension, IRI) have each *counted* value (topic,
    country): from the release's facet index (a few bitset ANDs), else the aggregate *query*."""
    index = facet_index()
    if index is not None and index.has(*among):
        return sorted(index.select(reader.lang, dict([among])).counts[counted].items())
    return [(str(row["value"]), int(row["n"])) for row in select(reader.store, reader.base, query)]


def _chart(reader: Reader, counts, names, href, caption_id: str) -> Markup | None:
    bars = [Bar(names[value].text if value in names else value, n, href(value),
                names[value].lang if value in names and names[value].lang != reader.lang else None)
            for value, n in counts]
    bars.sort(key=lambda bar: (-bar.count, bar.label.casefold()))
    return bar_chart(bars, caption_id, translate("chart_unit", reader.lang)) if bars else None


def city_portrait(reader: Reader, iri: str, doc: Facts) -> PlacePortrait:
    icc = reader.icc
    found = _of_kind(reader, doc.subjects(icc("city"), iri), "practice")
    practices = found[:SHOWN]
    bodies = _of_kind(reader, doc.subjects(icc("jurisdiction"), iri), "body")[:SHOWN]
    within = doc.iris(iri, icc("country")) + doc.iris(iri, "https://schema.org/containedInPlace")
    names = reader.names(set(practices + bodies + within))
    lat, long = doc.first(iri, GEO + "lat"), doc.first(iri, GEO + "long")
    return PlacePortrait(
        within=reader.values(dict.fromkeys(within), names), practices=reader.values(practices, names),
        more=len(found) - len(practices),
        bodies=reader.values(bodies, names), links=_links(doc, iri),
        coordinates=(str(lat), str(long)) if lat is not None and long is not None else None,
        notes=[text for note in doc.iris(iri, icc("uncertainFact"))
               for text in reader.texts(doc.values(note, str(RDFS.comment)))[:1]],
    )


def country_portrait(reader: Reader, iri: str, doc: Facts) -> PlacePortrait:
    icc = reader.icc
    cities = _of_kind(reader, doc.subjects(icc("country"), iri), "city")[:SHOWN]
    found = _of_kind(reader, doc.subjects(icc("country"), iri), "practice")
    practices = found[:SHOWN]
    bodies = _of_kind(reader, doc.subjects(icc("representsNationality"), iri), "body")[:SHOWN]
    counts = _counts(reader, ("country", iri), "topic", f"""
        SELECT ?value (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?practice icc:country {sparql_iri(iri)} ; a icc:Practice ; dcterms:subject ?value .
          ?value skos:inScheme scheme:topics
        }} GROUP BY ?value""")
    names = reader.names(set(cities + practices + bodies) | {value for value, _ in counts})
    slug = iri.rsplit("/", 1)[-1]
    return PlacePortrait(
        cities=reader.values(cities, names), practices=reader.values(practices, names),
        more=len(found) - len(practices),
        bodies=reader.values(bodies, names), links=_links(doc, iri),
        chart=_chart(reader, counts, names, lambda topic: reader.linker.local(
            "/practices", {"topic": topic.rsplit("/", 1)[-1], "country": slug}), "chart-place"),
        browse=reader.linker.local("/practices", {"country": slug}) if practices else None,
    )


def topic_portrait(reader: Reader, iri: str, doc: Facts) -> PlacePortrait:
    practices = _of_kind(reader, doc.subjects(str(DCTERMS.subject), iri), "practice")
    narrower = doc.subjects(str(SKOS.broader), iri) + doc.iris(iri, str(SKOS.narrower))
    broader, related = doc.iris(iri, str(SKOS.broader)), doc.iris(iri, str(SKOS.related))
    counts = _counts(reader, ("topic", iri), "country", f"""
        SELECT ?value (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?practice dcterms:subject {sparql_iri(iri)} ; a icc:Practice ; icc:country ?value .
        }} GROUP BY ?value""")
    listed = practices[:SHOWN]
    names = reader.names(set(listed + narrower + broader + related) | {value for value, _ in counts})
    slug = iri.rsplit("/", 1)[-1]
    return PlacePortrait(
        practices=reader.values(listed, names), more=len(practices) - len(listed),
        definitions=reader.texts(doc.values(iri, str(SKOS.definition))),
        broader=reader.values(dict.fromkeys(broader), names), narrower=reader.values(dict.fromkeys(narrower), names),
        related=reader.values(dict.fromkeys(related), names),
        chart=_chart(reader, counts, names, lambda country: reader.linker.local(
            "/practices", {"topic": slug, "country": country.rsplit("/", 1)[-1]}), "chart-place"),
        browse=reader.linker.local("/practices", {"topic": slug}) if practices else None,
    )

