"""What curators decided about a drafted record: facts they gave or confirmed, derived facts they rejected.

Each decision is a node of the record (no blank nodes), IRI ``practice:{slug}-{verdict}-{key}``:

    practice:x icc:confirmedFact practice:x-confirmed-year .
    practice:x-confirmed-year a icc:ConfirmedFact ;
        rdf:predicate icc:year ; rdf:object "2016"^^xsd:gYear ;
        prov:wasAttributedTo curator:ana-lopes ; prov:generatedAtTime "2026-12-01"^^xsd:date ;
        rdfs:comment "Given in worklist.xlsx, sheet Worklist, row 7."@en .

A rejected derived fact is an ``icc:RejectedFact`` (``icc:rejectedFact``) of the same form, and the
record no longer states it. A confirmed derived fact keeps the page it was derived from
(``prov:wasDerivedFrom``) and loses its ``icc:DerivedFact`` node.

:func:`apply` puts decisions into a record's graph. It is how the worklist writes answers into a
drafted record, and how ``icc-graph import catalogue`` keeps them when it drafts the record again
(:func:`drafted_text`): the same facts and decisions always give the same file.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from .records import NS, PracticeRecord, graph_text, parse_record_text, practice_graph, record_comments

ICC = NS["icc"]
CONFIRMED, REJECTED = "confirmed", "rejected"
LINKS = {CONFIRMED: (ICC.confirmedFact, ICC.ConfirmedFact), REJECTED: (ICC.rejectedFact, ICC.RejectedFact)}
# Properties a record states once (a title once per language): a confirmed value replaces another.
SINGLE_VALUED = (ICC.year, DCTERMS.source)
# Properties whose "unknown" note (icc:unknownField) a confirmed value lifts.
KEYED = {DCTERMS.subject: "topic", ICC.city: "city", ICC.country: "country"}


def fact_key(predicate: URIRef, value: Node) -> str:
    """The part of a decision's IRI that names the fact: ``topic-education``, ``year``, ``title-fr``..."""
    if predicate in KEYED:
        kind = KEYED[predicate]
        return f"{kind}-{str(value)[len(str(NS[kind])):]}"
    if predicate == DCTERMS.title:
        return f"title-{value.language}"
    if predicate == ICC.year:
        return "year"
    if predicate == DCTERMS.source:
        return "source"
    raise ValueError(f"no curator decisions on {predicate}")


@dataclass(frozen=True)
class CuratorFact:
    """One decision of a curator about one fact of a record."""

    verdict: str                          # CONFIRMED or REJECTED
    predicate: URIRef
    value: Node
    curator: str                          # the curator's slug (curator:{slug})
    date: str                             # the day of the decision, YYYY-MM-DD
    comment: str                          # how it reached the record (worklist file, sheet, row)
    derived_from: tuple[str, ...] = ()    # the pages a derived fact came from

    @property
    def key(self) -> str:
        return fact_key(self.predicate, self.value)

    def node(self, practice: URIRef) -> URIRef:
        return URIRef(f"{practice}-{self.verdict}-{self.key}")


def decision_nodes(g: Graph, practice: URIRef) -> dict[URIRef, str]:
    """The record's decision nodes -> their verdict."""
    return {node: verdict for verdict, (link, _) in LINKS.items() for node in g.objects(practice, link)}


def facts_in(g: Graph, practice: URIRef) -> list[CuratorFact]:
    """The decisions a record holds (to keep them when the record is drafted again)."""
    found = []
    curator_prefix = str(NS["curator"])
    for node, verdict in sorted(decision_nodes(g, practice).items()):
        curator = g.value(node, PROV.wasAttributedTo)
        comment = g.value(node, RDFS.comment)
        found.append(CuratorFact(
            verdict=verdict, predicate=g.value(node, RDF.predicate), value=g.value(node, RDF.object),
            curator=str(curator)[len(curator_prefix):] if curator is not None else "",
            date=str(g.value(node, PROV.generatedAtTime)), comment=str(comment) if comment is not None else "",
            derived_from=tuple(sorted(str(page) for page in g.objects(node, PROV.wasDerivedFrom))),
        ))
    return found


def derived_nodes(g: Graph, practice: URIRef, predicate: URIRef, value: Node) -> list[URIRef]:
    """The record's icc:DerivedFact nodes for (predicate, value)."""
    return sorted(node for node in g.objects(practice, ICC.uncertainFact)
                  if (node, RDF.type, ICC.DerivedFact) in g and (node, RDF.predicate, predicate) in g
                  and (node, RDF.object, value) in g)


def _same_slot(predicate: URIRef, old: Node, new: Node) -> bool:
    if predicate == DCTERMS.title:
        return isinstance(old, Literal) and isinstance(new, Literal) and old.language == new.language
    return predicate in SINGLE_VALUED


def apply(g: Graph, practice: URIRef, facts: list[CuratorFact]) -> list[str]:
    """Put *facts* into the record graph *g*; the notes say which imported values a confirmed one replaced.

    A confirmed fact is stated (a single value replaces the imported one), its "unknown" note goes,
    and so does its icc:DerivedFact node; a rejected fact is no longer stated. Then the status: a
    record with a confirmed topic no longer awaits curation; one left with no topic does.
    """
    notes = []
    for fact in sorted(facts, key=lambda f: str(f.node(practice))):
        for derived in derived_nodes(g, practice, fact.predicate, fact.value):
            g.remove((practice, ICC.uncertainFact, derived))
            g.remove((derived, None, None))
        if fact.verdict == CONFIRMED:
            for old in sorted(g.objects(practice, fact.predicate)):
                if old != fact.value and _same_slot(fact.predicate, old, fact.value):
                    g.remove((practice, fact.predicate, old))
                    notes.append(f"{fact.predicate.n3(g.namespace_manager)}: the imported {old.n3(g.namespace_manager)} "
                                 f"gave way to {fact.value.n3(g.namespace_manager)}, confirmed by curator:{fact.curator} "
                                 f"on {fact.date}")
            g.add((practice, fact.predicate, fact.value))
            g.remove((practice, ICC.unknownField, fact.predicate))
        else:
            g.remove((practice, fact.predicate, fact.value))
        link, cls = LINKS[fact.verdict]
        node = fact.node(practice)
        g.remove((node, None, None))  # a decision node says one thing
        g.add((practice, link, node))
        g.add((node, RDF.type, cls))
        g.add((node, RDF.predicate, fact.predicate))
        g.add((node, RDF.object, fact.value))
        g.add((node, PROV.wasAttributedTo, NS["curator"][fact.curator]))
        g.add((node, PROV.generatedAtTime, Literal(fact.date, datatype=XSD.date)))
        g.add((node, RDFS.comment, Literal(fact.comment, lang="en")))
        for page in fact.derived_from:
            g.add((node, PROV.wasDerivedFrom, URIRef(page)))
    if any(f.verdict == CONFIRMED and f.predicate == DCTERMS.subject for f in facts):
        g.remove((practice, ICC.curationStatus, ICC.AwaitingCuration))
    elif (practice, DCTERMS.subject, None) not in g and (practice, ICC.curationStatus, None) not in g:
        g.add((practice, ICC.curationStatus, ICC.AwaitingCuration))
    return notes


def drafted_text(record: PracticeRecord, origin: str, facts: list[CuratorFact]) -> tuple[str, list[str]]:
    """The file of a drafted record with the curators' decisions kept (and the notes of :func:`apply`)."""
    g = practice_graph(record)
    practice = NS["practice"][record.slug]
    notes = apply(g, practice, facts) if facts else []
    return graph_text(g, practice, record_comments(record, origin)), notes


def rewritten_text(text: str, comments: list[str], practice: URIRef, facts: list[CuratorFact]) -> str:
    """A drafted record's file *text* with *facts* applied, in the records' canonical form."""
    g = parse_record_text(text)
    apply(g, practice, facts)
    return graph_text(g, practice, comments)
