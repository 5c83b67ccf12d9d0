"""What a portrait reads: the statements of a few named things, and their names.

Every read is bounded by the page's own resource: its document (:mod:`icc_graph.documents`) and
one ``VALUES`` query over the things that document links to. No portrait reads the whole store.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from icc_graph.iris import ontology_namespace, parse_thing
from icc_graph.terms import sparql_iri

from ..display import Value, language_first, make_value
from ..facets import DocumentNames, Label, labels, select
from ..html import Linker

ORG = "http://www.w3.org/ns/org#"


@dataclass
class Facts:
    """Statements grouped by subject: subject IRI -> property IRI -> [rdflib terms]."""

    by_subject: dict[str, dict[str, list]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def add(self, s, p, o) -> None:
        self.by_subject[str(s)][str(p)].append(o)

    def values(self, subject: str, prop: str) -> list:
        return sorted(self.by_subject.get(subject, {}).get(prop, []), key=str)

    def first(self, subject: str, prop: str):
        found = self.values(subject, prop)
        return found[0] if found else None

    def iris(self, subject: str, prop: str) -> list[str]:
        return [str(term) for term in self.values(subject, prop) if isinstance(term, URIRef)]

    def subjects(self, prop: str, obj: str) -> list[str]:
        """The subjects that state (prop, obj): the links to *obj* a document holds."""
        return sorted(s for s, props in self.by_subject.items() if any(str(o) == obj for o in props.get(prop, [])))


@dataclass
class Reader:
    """The store and the reader's language, with the helpers every portrait uses."""

    store: object
    base: str
    lang: str
    linker: Linker
    known: DocumentNames | None = None  # the names the page's document already holds

    def icc(self, local: str) -> str:
        return ontology_namespace(self.base) + local

    def kind(self, iri: str) -> str | None:
        ref = parse_thing(self.base, iri)
        return ref.kind if ref else None

    def statements(self, iris) -> Facts:
        """Every statement whose subject is one of *iris* (one query, bounded by the list)."""
        facts = Facts()
        wanted = sorted({str(iri) for iri in iris})
        if wanted:
            values = " ".join(sparql_iri(iri) for iri in wanted)
            for row in select(self.store, self.base, f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}"):
                facts.add(row["s"], row["p"], row["o"])
        return facts

    def described(self, iris, also=()) -> tuple[Facts, dict[str, Label]]:
        """The statements of *iris* and of their memberships, and the names of all they mention
        and of *also*: three queries, whatever the number of things."""
        facts = self.statements(iris)
        memberships = [m for iri in iris for m in facts.iris(str(iri), ORG + "hasMembership")]
        for subject, props in self.statements(memberships).by_subject.items():
            for prop, objects in props.items():
                for obj in objects:
                    facts.add(subject, prop, obj)
        mentioned = {str(iri) for iri in iris} | {str(iri) for iri in also}
        mentioned |= {str(o) for props in facts.by_subject.values() for objects in props.values()
                      for o in objects if isinstance(o, URIRef)}
        return facts, self.names(mentioned)

    def names(self, iris) -> dict[str, Label]:
        if self.known is not None:
            return self.known.labels(self.store, self.base, iris, self.lang)
        return labels(self.store, self.base, [URIRef(iri) for iri in iris], self.lang)

    def value(self, iri, names: dict[str, Label]) -> Value:
        return make_value(URIRef(str(iri)) if not isinstance(iri, Literal) else iri, names, self.linker, self.lang)

    def values(self, iris, names: dict[str, Label]) -> list[Value]:
        """The things named, sorted by what a reader sees."""
        return sorted((self.value(iri, names) for iri in iris), key=lambda v: (v.text.casefold(), v.iri or ""))

    def text(self, literals) -> Value | None:
        """One literal in the reader's language, else English (marked by its language), else any."""
        chosen = language_first(literals, self.lang)
        return Value(str(chosen[0]), chosen[0].language) if chosen else None

    def texts(self, literals) -> list[Value]:
        return [Value(str(literal), literal.language) for literal in language_first(literals, self.lang)]


def number(term) -> int | None:
    """An integer literal's value (None when absent or not a number)."""
    try:
        return int(term.toPython()) if isinstance(term, Literal) else None
    except (TypeError, ValueError):
        return None


def boolean(term) -> bool | None:
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, bool) else None
