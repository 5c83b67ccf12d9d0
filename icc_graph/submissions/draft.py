"""A practice sent through the submission form, as a draft record in the importers' modelling.

The sender's public attribution (``sent_by``) becomes the practice's ``prov:wasAttributedTo``, a
``prov:Agent`` node ``practice:{slug}-sender`` of the record itself (like its period): its name is
published with the practice. The sender's contact stays in the inbox, never in a triple.

The form's fields become triples as they were sent, right or wrong: the published shapes, not this
module, judge them (an unknown city is a city IRI that is no ``icc:City``, "abc" members an
ill-typed ``xsd:nonNegativeInteger``), so the form and ``POST /validate`` give the same verdict.
:func:`form_field` maps each finding back to the form field it concerns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from ..importers.periods import Period
from ..importers.records import ICC, NS, PLACEHOLDER_BASE, PracticeRecord, graph_text, practice_graph
from ..iris import normalise_base, slugify

YEAR_RE = re.compile(r"^\d{4}$")
COUNT_RE = re.compile(r"^\d{1,9}$")
KIND_RE = re.compile(r"^[A-Z][A-Za-z]{0,60}$")  # the local name of a class of bodies in the ontology
MAX_SLUG = 80
GENERATED_MARK = "# Drafted by `icc-graph submissions`"  # first line of a record sent through /submit

# Which form field a finding about the practice concerns, by the property it names.
PRACTICE_FIELDS = {
    DCTERMS.title: "title", DCTERMS.identifier: "title", DCTERMS.abstract: "summary", ICC.city: "city",
    ICC.country: "country", ICC.year: "period", DCTERMS.temporal: "period", DCTERMS.subject: "topics",
    DCTERMS.source: "source", ICC.describes: "bodies", PROV.wasAttributedTo: "sent_by",
}
BODY_FIELDS = {
    SKOS.prefLabel: "name", RDFS.label: "name", ICC.memberCount: "members", ICC.womenMemberCount: "women",
    ICC.womenShare: "women", ICC.representsNationality: "nationalities",
}


@dataclass(frozen=True)
class SubmittedBody:
    name: str = ""
    kind: str = "Body"                       # the local name of icc:Body or one of its subclasses
    members: str = ""
    women: str = ""
    nationalities: tuple[str, ...] = ()      # country slugs

    @property
    def empty(self) -> bool:
        return not (self.name or self.members or self.women or self.nationalities)


@dataclass(frozen=True)
class Submission:
    """What the sender typed, trimmed; nothing checked yet."""

    title: str = ""
    lang: str = "en"                         # the language the sender writes in
    city: str = ""                           # a city slug (or the text typed, slugified)
    country: str = ""                        # a country slug
    start: str = ""                          # the year the practice started
    end: str = ""                            # the year it ended, if it did
    topics: tuple[str, ...] = ()             # topic slugs
    summary: str = ""
    source: str = ""                         # the page that describes the practice
    sent_by: str = ""                        # the public attribution: a name or organisation, published
    contact: str = ""                        # kept in the inbox, never published
    bodies: tuple[SubmittedBody, ...] = field(default_factory=tuple)


def mint_slug(title: str, taken) -> str:
    """A practice slug from *title* that *taken* (slug -> bool) does not refuse."""
    stem = slugify(title)[:MAX_SLUG].strip("-") or "practice"
    slug, n = stem, 1
    while taken(slug):
        n += 1
        slug = f"{stem}-{n}"
    return slug


def draft_graph(sub: Submission, slug: str, sent: str) -> Graph:
    """The triples of the submission as practice *slug*, sent at *sent* (ISO date-time, UTC)."""
    period = _period(sub)
    record = PracticeRecord(slug=slug, identifier=slug, titles={sub.lang: sub.title} if sub.title else {},
                            source="urn:x-none", cities=[s for s in [slugify(sub.city)] if s],
                            countries=[s for s in [slugify(sub.country)] if s], period=period,
                            topics=[s for s in map(slugify, sub.topics) if s])
    g = practice_graph(record)
    p = NS["practice"][slug]
    # What the importers derive from a table does not apply: the sender's own facts replace it.
    for pred in (DCTERMS.source, ICC.unknownField, ICC.year):
        g.remove((p, pred, None))
    g.set((p, ICC.curationStatus, ICC.AwaitingCuration))
    if sub.start:
        g.add((p, ICC.year, _typed(sub.start, XSD.gYear, YEAR_RE)))
    if sub.source:
        is_web = re.match(r"^https?://[^\s<>\"{}|\\^`]+$", sub.source)
        g.add((p, DCTERMS.source, URIRef(sub.source) if is_web else Literal(sub.source)))
    if sub.summary:
        g.add((p, DCTERMS.abstract, Literal(sub.summary, lang=sub.lang)))
    g.add((p, PROV.generatedAtTime, Literal(sent, datatype=XSD.dateTime)))
    _add_sender(g, p, sender_iri(slug), sub.sent_by)
    for n, body in enumerate(sub.bodies, 1):
        if not body.empty:
            _add_body(g, p, NS["body"][f"{slug}-{n}"], body)
    return g


def _period(sub: Submission) -> Period | None:
    if not (sub.start or sub.end):
        return None
    printed = f"{sub.start}–{sub.end}" if sub.start and sub.end else sub.start or f"–{sub.end}"
    start = sub.start if YEAR_RE.match(sub.start) else None
    end = sub.end if YEAR_RE.match(sub.end) else None
    return Period(printed, start=start, end=end, normalised=(start or "") == sub.start and (end or "") == sub.end)


def sender_iri(slug: str) -> URIRef:
    """The node of who sent practice *slug*, described in the practice's own record (as its period)."""
    return NS["practice"][f"{slug}-sender"]


def _add_sender(g: Graph, practice: URIRef, node: URIRef, name: str) -> None:
    """Who sent it, as typed: an empty name leaves the agent nameless, which the shapes refuse."""
    g.add((practice, PROV.wasAttributedTo, node))
    g.add((node, RDF.type, PROV.Agent))
    if name:
        g.add((node, FOAF.name, Literal(name)))
        g.add((node, RDFS.label, Literal(name)))


def _add_body(g: Graph, practice: URIRef, node: URIRef, body: SubmittedBody) -> None:
    g.add((practice, ICC.describes, node))
    g.add((node, RDF.type, ICC[body.kind if KIND_RE.match(body.kind) else "Body"]))
    if body.name:
        g.add((node, SKOS.prefLabel, Literal(body.name, lang="en")))  # the form asks for the English name
    if body.members:
        g.add((node, ICC.memberCount, _typed(body.members, XSD.nonNegativeInteger, COUNT_RE)))
    if body.women:
        g.add((node, ICC.womenMemberCount, _typed(body.women, XSD.nonNegativeInteger, COUNT_RE)))
    for country in filter(None, map(slugify, body.nationalities)):
        g.add((node, ICC.representsNationality, NS["country"][country]))


def _typed(text: str, datatype: URIRef, form: re.Pattern) -> Literal:
    """*text* as a *datatype* value when it reads as one; else as a plain string, which the shapes'
    ``sh:datatype`` refuses with their own message (rdflib would log an ill-typed literal)."""
    return Literal(text, datatype=datatype) if form.match(text) else Literal(text)


def draft_text(g: Graph, slug: str, comments: list[str]) -> str:
    """The record's Turtle (records' canonical text, checked by reading it back), under *comments*."""
    return graph_text(g, NS["practice"][slug], comments)


def draft_comments(submission_id: str, sent: str) -> list[str]:
    return [f"{GENERATED_MARK} from submission {submission_id}, sent through /submit at {sent}.",
            "# Awaiting curation: check the facts, set icc:curationStatus icc:Curated and remove these lines."]


def form_field(base: str, slug: str, node: str, path: str | None) -> str:
    """The form field a finding about *node* and *path* concerns ("" when none: shown above the form)."""
    ids = f"{normalise_base(base)}/id"
    # The tables name the project's terms under the placeholder base the records are written against.
    predicate = URIRef(path.replace(normalise_base(base), PLACEHOLDER_BASE, 1)) if path else None
    if node == f"{ids}/practice/{slug}":
        return PRACTICE_FIELDS.get(predicate, "")
    if node == f"{ids}/practice/{slug}-period":
        return "period"
    if node == f"{ids}/practice/{slug}-sender":
        return "sent_by"
    match = re.fullmatch(re.escape(f"{ids}/body/{slug}-") + r"(\d+)", node)
    if match:
        return f"body-{match.group(1)}-{BODY_FIELDS.get(predicate, 'name')}"
    return ""
