"""A practice composed for people: summary, where and when, topics, the bodies as cards, the
rights table, the laws, the source page, and how sure each fact is. Everything comes from the
graph; a practice with only a title and a city still gives a short, whole page."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV

from ..display import Value, fact_statuses
from .bodies import BodyCard, body_cards
from .reading import Facts, Reader, boolean
from .rules import RuleRow, rule_rows


@dataclass
class Law:
    law: Value
    kinds: list[Value]
    jurisdictions: list[Value]


@dataclass
class Note:
    """What the record says of how sure one of its facts is."""

    kind: str                     # "derived", "uncertain" or "confirmed"
    field: Value | None           # the property the note is about
    value: Value | None           # the value it is about, when it names one
    comment: Value | None
    by: list[Value] = field(default_factory=list)
    on: str | None = None


@dataclass
class PracticePortrait:
    summary: list[Value]
    cities: list[Value]
    countries: list[Value]
    period: Value | None
    ongoing: bool
    year: str | None
    topics: list[Value]
    cards: list[BodyCard]
    rules: list[RuleRow]
    laws: list[Law]
    recommendations: list[tuple[Value, Value | None]]
    sources: list[str]
    status: str | None            # "curated", "awaiting" or None when the record says nothing
    notes: list[Note]
    unknown: list[Value]
    uncertain: set[str] = field(default_factory=set)  # local names of the fields a note doubts: city, year, ...
    sent_by: list[Value] = field(default_factory=list)  # who sent it through /submit (its public name)
    sent_on: str | None = None                          # when (prov:generatedAtTime)


def practice_portrait(reader: Reader, iri: str, doc: Facts) -> PracticePortrait:
    """The practice *iri* from its document *doc*, and what it reports on (three more queries)."""
    icc = reader.icc
    described = doc.iris(iri, icc("describes"))
    by_kind: dict[str, list[str]] = {}
    for thing in described:
        by_kind.setdefault(reader.kind(thing) or "other", []).append(thing)
    notes_iris = doc.iris(iri, icc("uncertainFact")) + doc.iris(iri, icc("confirmedFact"))
    mentioned = set(doc.iris(iri, icc("city")) + doc.iris(iri, icc("country")) + doc.iris(iri, str(DCTERMS.subject)))
    mentioned |= set(doc.iris(iri, icc("unknownField")))
    mentioned |= {o for note in notes_iris for p in (str(RDF.predicate), str(RDF.object), str(PROV.wasAttributedTo))
                  for o in doc.iris(note, p)}
    facts, names = reader.described(described, also=mentioned)  # everything the practice reports on, at once

    parts = {s: [(URIRef(p), o) for p, objects in props.items() for o in objects]
             for s, props in doc.by_subject.items() if s.startswith(iri + "-")}
    statuses = fact_statuses(parts, icc(""))
    topics = []
    for topic in doc.values(iri, str(DCTERMS.subject)):
        value = reader.value(topic, names)
        value.status = statuses.get((DCTERMS.subject, topic))
        topics.append(value)
    topics.sort(key=lambda v: v.text.casefold())

    period_iri = next(iter(doc.iris(iri, str(DCTERMS.temporal))), None)
    period, ongoing = None, False
    if period_iri:
        period = reader.text(doc.values(period_iri, icc("printedPeriod")))
        if period is None:
            ends = [str(doc.first(period_iri, str(p)) or "") for p in (DCAT.startDate, DCAT.endDate)]
            period = Value("–".join(e for e in ends if e)) if any(ends) else None
        ongoing = boolean(doc.first(period_iri, icc("ongoing"))) is True
    year = doc.first(iri, icc("year"))
    status = doc.first(iri, icc("curationStatus"))
    senders = doc.iris(iri, str(PROV.wasAttributedTo))
    sent_on = doc.first(iri, str(PROV.generatedAtTime))
    return PracticePortrait(
        summary=reader.texts(doc.values(iri, str(DCTERMS.abstract)) or doc.values(iri, str(DCTERMS.description))),
        cities=reader.values(doc.iris(iri, icc("city")), names),
        countries=reader.values(doc.iris(iri, icc("country")), names),
        period=period, ongoing=ongoing, year=str(year) if year is not None else None,
        topics=topics,
        cards=body_cards(reader, by_kind.get("body", []), facts, names),
        rules=rule_rows(reader, by_kind.get("rule", []), facts, names),
        laws=[Law(reader.value(law, names),
                  reader.values([t for t in facts.iris(law, str(RDF.type)) if t.startswith(icc(""))], names),
                  reader.values(facts.iris(law, "https://schema.org/legislationJurisdiction"), names))
              for law in sorted(by_kind.get("instrument", []))],
        recommendations=[(reader.value(rec, names), reader.text(facts.values(rec, str(RDFS.comment))))
                         for rec in sorted(by_kind.get("recommendation", []))],
        # only web pages become links: a javascript: or data: source stays text under All statements
        sources=[str(s) for s in doc.iris(iri, str(DCTERMS.source)) if str(s).startswith(("http://", "https://"))],
        status={icc("Curated"): "curated", icc("AwaitingCuration"): "awaiting"}.get(str(status)) if status else None,
        notes=_notes(reader, doc, notes_iris, names),
        unknown=reader.values(doc.iris(iri, icc("unknownField")), names),
        uncertain={str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for note in doc.iris(iri, icc("uncertainFact"))
                   if icc("DerivedFact") not in doc.iris(note, str(RDF.type))
                   for p in doc.iris(note, str(RDF.predicate))},
        sent_by=[v for v in (reader.text(doc.values(a, str(RDFS.label))) for a in senders) if v is not None],
        sent_on=str(sent_on) if sent_on is not None and senders else None,
    )


def _notes(reader: Reader, doc: Facts, notes: list[str], names) -> list[Note]:
    """The record's notes on its facts: derived (awaiting a curator), uncertain, or confirmed."""
    icc = reader.icc
    found = []
    for note in notes:
        types = set(doc.iris(note, str(RDF.type)))
        kind = ("confirmed" if icc("ConfirmedFact") in types else "derived" if icc("DerivedFact") in types
                else "uncertain")
        field_iri = next(iter(doc.iris(note, str(RDF.predicate))), None)
        obj = doc.first(note, str(RDF.object))
        on = doc.first(note, str(PROV.generatedAtTime))
        found.append(Note(kind, reader.value(field_iri, names) if field_iri else None,
                          reader.value(obj, names) if obj is not None else None,
                          reader.text(doc.values(note, str(RDFS.comment))),
                          reader.values(doc.iris(note, str(PROV.wasAttributedTo)), names),
                          str(on) if on is not None else None))
    found.sort(key=lambda n: ({"derived": 0, "uncertain": 1, "confirmed": 2}[n.kind], n.field.text if n.field else ""))
    return found
