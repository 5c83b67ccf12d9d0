"""RDF terms as a page shows them: labels instead of IRIs, compact names, values grouped by
property. Pure functions of rdflib terms; no request, no store."""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from icc_graph.namespaces import prefixes

from .facets import Label
from .html import Linker
from .messages import standard_term_label, translate

# Shown as the page's prose rather than in the property table.
DESCRIPTION_PROPERTIES = (DCTERMS.abstract, DCTERMS.description, RDFS.comment, SKOS.definition)
# Datatypes a reader recognises from the value itself; others (gYear, duration, date) are named.
PLAIN_DATATYPES = (XSD.string, XSD.integer, XSD.nonNegativeInteger, XSD.decimal, XSD.double)


def compact(iri: str, base: str) -> str:
    """``dcterms:title`` for a well-known IRI, else the IRI."""
    for prefix, namespace in _longest_first(base):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@functools.lru_cache(maxsize=8)  # one entry per base IRI; a table of results compacts every cell
def _longest_first(base: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(prefixes(base).items(), key=lambda item: -len(item[1])))


@dataclass
class Value:
    """One RDF term as a page shows it."""

    text: str
    lang: str | None = None
    href: str | None = None
    iri: str | None = None           # set for IRIs: shown as a tooltip and in the code view
    datatype: str | None = None      # compact datatype of a typed literal
    parts: list = field(default_factory=list)  # (property Value, [Value]) of an inlined part node
    status: str | None = None        # "derived" or "confirmed": what a note of the record says of this value


def make_value(term, names: dict[str, Label], linker: Linker, lang: str) -> Value:
    if isinstance(term, Literal):
        if term.datatype == XSD.boolean:
            return Value(translate("yes" if term.toPython() is True else "no", lang))
        return _literal(term, linker.base)
    iri = str(term)
    label = names.get(iri)
    standard = standard_term_label(iri, lang)
    if label is None and standard:
        label = Label(standard, lang)
    text = label.text if label else compact(iri, linker.base)
    return Value(text, label.lang if label else None, linker.href(iri), iri)


def result_value(term, linker: Linker) -> Value:
    """A term as a table of query results shows it: what the query returned, not a label. An IRI
    in compact form, linked to its page here (or to itself); a literal as written, with its
    language or datatype; a blank node by its label."""
    if isinstance(term, Literal):
        return _literal(term, linker.base)
    if isinstance(term, BNode):
        return Value(f"_:{term}")
    iri = str(term)
    return Value(compact(iri, linker.base), href=linker.href(iri), iri=iri)


def _literal(term: Literal, base: str) -> Value:
    datatype = None
    if term.datatype and term.datatype not in PLAIN_DATATYPES:
        datatype = compact(str(term.datatype), base)
    return Value(str(term), term.language, datatype=datatype)


def language_first(literals, lang: str):
    """The literals in *lang*, else in English, else all of them."""
    for wanted in (lang, "en"):
        chosen = [lit for lit in literals if isinstance(lit, Literal) and lit.language == wanted]
        if chosen:
            return sorted(chosen)
    return sorted(literals, key=str)


def descriptions(literals, lang: str) -> list[Value]:
    """The prose of a page: the description literals in the reader's language first."""
    return [Value(str(d), d.language) for d in language_first(literals, lang)]


def fact_statuses(parts: dict, namespace: str) -> dict:
    """(property, value) -> "derived" or "confirmed", from a record's part nodes (IRI -> [(p, o)]):
    an ``icc:DerivedFact`` or ``icc:ConfirmedFact`` says which of its statements it is about, so a
    page shows a derived value apart from the values a curator confirmed or the source stated."""
    kinds = {URIRef(namespace + "DerivedFact"): "derived", URIRef(namespace + "ConfirmedFact"): "confirmed"}
    statuses = {}
    for pairs in parts.values():
        found = dict(pairs)
        kind = next((kinds[o] for p, o in pairs if p == RDF.type and o in kinds), None)
        if kind and RDF.predicate in found and RDF.object in found:
            statuses[(found[RDF.predicate], found[RDF.object])] = kind
    return statuses


def grouped(pairs, names, linker, lang, statuses=None) -> list[tuple[Value, list[Value]]]:
    """(property, [values]) rows in a stable order: by property label, values by text. *statuses*
    maps (property, value) to the status a page shows beside the value (see :func:`fact_statuses`)."""
    by_property = defaultdict(list)
    for prop, term in pairs:
        by_property[prop].append(term)
    rows = []
    for prop, terms in by_property.items():
        values = []
        for term in terms:
            value = make_value(term, names, linker, lang)
            value.status = (statuses or {}).get((prop, term))
            values.append(value)
        values.sort(key=lambda v: (v.lang not in (None, lang), v.text.casefold(), v.iri or ""))
        rows.append((make_value(prop, names, linker, lang), values))
    rows.sort(key=lambda row: (row[0].text.casefold(), row[0].iri or ""))
    return rows
