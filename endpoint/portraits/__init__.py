"""Pages composed for people, above a resource's table of all its statements.

A practice, a city, a country, a topic and a body each have a portrait: what a reader came for,
composed from the graph (never written per record). :func:`portrait` picks the one of a thing's
kind and gives the template that shows it; other things keep the plain table.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..display import Value
from ..facets import DocumentNames
from ..html import Linker
from .bodies import BodyCard, body_cards
from .places import city_portrait, country_portrait, topic_portrait
from .practice import practice_portrait
from .reading import Facts, Reader
from .rules import RuleRow, rule_rows


@dataclass
class BodyPortrait:
    card: BodyCard | None
    practices: list[Value]
    rules: list[RuleRow] = field(default_factory=list)


def body_portrait(reader: Reader, iri: str, doc: Facts) -> BodyPortrait:
    practices = [p for p in doc.subjects(reader.icc("describes"), iri) if reader.kind(p) == "practice"]
    rules = [r for r in doc.subjects(reader.icc("exercisedThrough"), iri) if reader.kind(r) == "rule"]
    facts, names = reader.described([iri] + rules, also=practices)
    cards = body_cards(reader, [iri], facts, names)
    return BodyPortrait(cards[0] if cards else None, reader.values(practices, names),
                        rule_rows(reader, rules, facts, names))


# kind -> (template, composer)
PORTRAITS = {
    "practice": ("portraits/practice.html", practice_portrait),
    "city": ("portraits/city.html", city_portrait),
    "country": ("portraits/country.html", country_portrait),
    "topic": ("portraits/topic.html", topic_portrait),
    "body": ("portraits/body.html", body_portrait),
}


def portrait(store, base: str, kind: str | None, iri: str, triples, lang: str, linker: Linker,
             known: DocumentNames | None = None):
    """(template, portrait) of a thing from its document's *triples* (rdflib), or None for a kind
    without a portrait; *known*: the names the document holds."""
    if kind not in PORTRAITS:
        return None
    template, compose = PORTRAITS[kind]
    doc = Facts()
    for s, p, o in triples:
        doc.add(s, p, o)
    return template, compose(Reader(store, base, lang, linker, known), iri, doc)
