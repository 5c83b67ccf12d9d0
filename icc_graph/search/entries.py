"""What of a release is indexed: one entry per named thing of the kinds people look for.

Read from the release's Oxigraph store with a few index patterns (no SPARQL), so the build and
``serve --data``'s loader index exactly what they serve. An entry's names are its labels
(:data:`icc_graph.labels.LABEL_PROPERTIES`) and alternative labels; its summary is its abstract
or definition; its links (city, country, topics, year) are what the filters and the
reconciliation's properties compare.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph

from ..iris import ontology_namespace, parse_thing
from ..labels import LABEL_PROPERTIES, rank
from .fields import LANGUAGES

# The kinds a search or a reconciliation looks for (iris.KINDS less years, schemes and curators).
SEARCH_KINDS = ("practice", "city", "country", "topic", "body", "region", "group", "instrument", "right",
                "rule", "recommendation")
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
SUMMARY_PROPERTIES = ("http://purl.org/dc/terms/abstract", "http://www.w3.org/2004/02/skos/core#definition")
SUBJECT = "http://purl.org/dc/terms/subject"
_DEFAULT = pyoxigraph.DefaultGraph()


@dataclass
class Entry:
    iri: str
    kind: str
    slug: str
    labels: dict = field(default_factory=lambda: defaultdict(list))     # lang -> names, best first
    summaries: dict = field(default_factory=lambda: defaultdict(list))  # lang -> texts
    links: dict = field(default_factory=lambda: defaultdict(set))       # topic|country|city|year -> slugs

    def label(self, lang: str) -> str:
        """The best name in *lang*, else in the other language."""
        for code in (lang, *LANGUAGES):
            if self.labels.get(code):
                return self.labels[code][0]
        return self.slug


def language_of(literal) -> str:
    """The index language of a literal: French for ``fr*``, English for the rest (and no tag)."""
    tag = getattr(literal, "language", None) or ""
    return "fr" if tag.lower().startswith("fr") else "en"


def read_entries(store: pyoxigraph.Store, base: str) -> list[Entry]:
    """Every searchable thing of *store* (IRIs minted under *base*), sorted by IRI."""
    entries: dict[str, Entry] = {}

    def objects(prop: str):
        for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(prop), None, _DEFAULT):
            if isinstance(quad.subject, pyoxigraph.NamedNode):
                yield quad.subject.value, quad.object

    names = defaultdict(list)  # iri -> (rank, lang, text)
    for prop in (*LABEL_PROPERTIES, ALT_LABEL):
        for iri, value in objects(prop):
            if isinstance(value, pyoxigraph.Literal):
                lang = language_of(value)
                order = rank(prop, value.value, lang, lang) if prop != ALT_LABEL else (9, 0, value.value)
                names[iri].append((order, lang, value.value))
    for iri in sorted(names):
        ref = parse_thing(base, iri)
        if ref is None or ref.kind not in SEARCH_KINDS:
            continue
        entry = entries[iri] = Entry(iri, ref.kind, ref.slug)
        for _, lang, text in sorted(names[iri]):
            if text not in entry.labels[lang]:
                entry.labels[lang].append(text)
    for prop in SUMMARY_PROPERTIES:
        for iri, value in objects(prop):
            if iri in entries and isinstance(value, pyoxigraph.Literal):
                entries[iri].summaries[language_of(value)].append(value.value)
    icc = ontology_namespace(base)
    for name, prop in (("city", icc + "city"), ("country", icc + "country"), ("topic", SUBJECT),
                       ("year", icc + "year")):
        for iri, value in objects(prop):
            if iri not in entries:
                continue
            if name == "year":
                entries[iri].links[name].add(value.value[:4])
            elif isinstance(value, pyoxigraph.NamedNode) and (ref := parse_thing(base, value.value)):
                entries[iri].links[name].add(ref.slug)
    return [entries[iri] for iri in sorted(entries)]
