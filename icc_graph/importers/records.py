"""Practice records: from importer facts to an rdflib graph, and from a graph to a Turtle file.

Records are written the way docs/model.md asks: relative IRIs under the project prefixes, no
blank nodes, subjects and values in a fixed order so that the same facts give the same bytes.
The graph is built against a placeholder base and the text is checked by parsing it back.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import GEO, GEOSPARQL, bind_prefixes, icc_namespaces
from .periods import Period

# Files are written with relative IRIs; this base only exists while a graph is in memory.
PLACEHOLDER_BASE = "http://icc-graph.invalid"
NS = icc_namespaces(PLACEHOLDER_BASE)
ICC = NS["icc"]

HEADER = """\
@prefix icc: <ontology#> .
@prefix practice: <id/practice/> .   @prefix city: <id/city/> .     @prefix country: <id/country/> .
@prefix topic: <id/topic/> .         @prefix year: <id/year/> .     @prefix body: <id/body/> .
@prefix instrument: <id/instrument/> . @prefix rule: <id/rule/> .   @prefix right: <id/right/> .
@prefix group: <id/group/> .         @prefix region: <id/region/> . @prefix recommendation: <id/recommendation/> .
@prefix scheme: <id/scheme/> .

@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
"""

# The first line of every record the importer writes. A record without it, or one an editor has
# marked icc:Curated, belongs to the editors: the importer never rewrites it.
GENERATED_MARK = "# Drafted by `icc-graph import`"

# Prefixes of the project's kinds that HEADER leaves out: declared only in the files that use them
# (so adding a kind does not rewrite every record).
EXTRA_PREFIXES = ("curator",)

# Properties in the order a reader expects them; anything else follows, sorted.
PREDICATE_ORDER = [
    RDF.type, DCTERMS.identifier, DCTERMS.title, ICC.city, ICC.country, ICC.year, DCTERMS.temporal,
    DCTERMS.subject, ICC.curationStatus, ICC.unknownField, DCTERMS.source, PROV.wasDerivedFrom,
    ICC.uncertainFact, ICC.confirmedFact, ICC.rejectedFact, ICC.printedPeriod, DCAT.startDate, DCAT.endDate,
    ICC.ongoing, ICC.permanent, ICC.normalised, RDF.predicate, RDF.object, PROV.wasAttributedTo,
    PROV.generatedAtTime, RDFS.comment,
    OWL.sameAs, SKOS.exactMatch, GEO.lat, GEO.long, GEOSPARQL.hasGeometry, GEOSPARQL.asWKT, DCAT.centroid,
    DCAT.bbox, RDFS.seeAlso,
]

# How a topic derived from a listing page came about (rdfs:comment of its icc:DerivedFact).
DERIVED_TOPIC_COMMENT = ("The ICC site listed the practice on a page that gathers the practices of this topic (the "
                         "topic's foaf:page in data/vocabularies/topics.ttl): derived by `icc-graph import catalogue`, "
                         "not confirmed by a curator.")
DERIVED_TOPIC_STATED = " The table states this topic as well."


@dataclass(frozen=True)
class UncertainFact:
    field: str            # short name used in the node's IRI: "title", "country", "city"
    predicate: URIRef     # the property whose value is uncertain
    comment: str          # why, in the project's words
    derived_from: str     # the page the value came from


@dataclass(frozen=True)
class DerivedTopic:
    topic: str                # topic slug
    pages: tuple[str, ...]    # the listing pages of the topic the practice was seen on
    stated: bool = False      # the table states the topic too


@dataclass
class PracticeRecord:
    slug: str                                   # the IRI slug
    identifier: str                             # the site's slug when known, else the IRI slug
    titles: dict[str, str]                      # language tag -> title
    source: str
    derived_from: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)      # city slugs
    countries: list[str] = field(default_factory=list)   # country slugs
    period: Period | None = None
    topics: list[str] = field(default_factory=list)      # topic slugs
    unknown: list[str] = field(default_factory=list)     # "city", "country", "year"
    uncertain: list[UncertainFact] = field(default_factory=list)
    derived_topics: list[DerivedTopic] = field(default_factory=list)  # topics derived from listing pages
    note: str = ""                                       # one comment line for the file header
    origin: str = ""                                     # where the facts were read, for messages

    @property
    def year(self) -> int | None:
        """The filter year: the year the practice started, when the period states it."""
        year = self.period.start_year if self.period else None
        return year if year is not None and 1949 <= year <= datetime.date.today().year else None

    @property
    def unknown_fields(self) -> list[str]:
        fields = list(self.unknown)
        if self.year is None and "year" not in fields:
            fields.append("year")
        return fields


def _date_literal(iso: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(iso), XSD.date)
    return Literal(iso, datatype=datatype)


def practice_graph(record: PracticeRecord) -> Graph:
    """The triples of one practice record, IRIs under the placeholder base."""
    g = bind_prefixes(Graph(), PLACEHOLDER_BASE)
    p = NS["practice"][record.slug]
    g.add((p, RDF.type, ICC.Practice))
    g.add((p, DCTERMS.identifier, Literal(record.identifier)))
    for lang, title in record.titles.items():
        g.add((p, DCTERMS.title, Literal(title, lang=lang)))
    for slug in record.cities:
        g.add((p, ICC.city, NS["city"][slug]))
    for slug in record.countries:
        g.add((p, ICC.country, NS["country"][slug]))
    if record.year is not None:
        g.add((p, ICC.year, Literal(str(record.year), datatype=XSD.gYear)))
    if record.period is not None:
        _add_period(g, p, record)
    for slug in record.topics:
        g.add((p, DCTERMS.subject, NS["topic"][slug]))
    if not record.topics:  # topics derived from listing pages are no curated topics
        g.add((p, ICC.curationStatus, ICC.AwaitingCuration))
    for name in record.unknown_fields:
        g.add((p, ICC.unknownField, ICC[name]))
    g.add((p, DCTERMS.source, URIRef(record.source)))
    for page in record.derived_from:
        g.add((p, PROV.wasDerivedFrom, URIRef(page)))
    for fact in record.uncertain:
        node = NS["practice"][f"{record.slug}-uncertain-{fact.field}"]
        g.add((p, ICC.uncertainFact, node))
        g.add((node, RDF.type, ICC.UncertainFact))
        g.add((node, RDF.predicate, fact.predicate))
        g.add((node, PROV.wasDerivedFrom, URIRef(fact.derived_from)))
        g.add((node, RDFS.comment, Literal(fact.comment, lang="en")))
    for derived in record.derived_topics:
        _add_derived_topic(g, p, record.slug, derived)
    return g


def _add_derived_topic(g: Graph, p: URIRef, slug: str, derived: DerivedTopic) -> None:
    """The topic as a statement of the practice, and the icc:DerivedFact node saying how it came about."""
    topic = NS["topic"][derived.topic]
    node = NS["practice"][f"{slug}-derived-topic-{derived.topic}"]
    g.add((p, DCTERMS.subject, topic))
    g.add((p, ICC.uncertainFact, node))
    g.add((node, RDF.type, ICC.DerivedFact))
    g.add((node, RDF.predicate, DCTERMS.subject))
    g.add((node, RDF.object, topic))
    for page in derived.pages:
        g.add((node, PROV.wasDerivedFrom, URIRef(page)))
    comment = DERIVED_TOPIC_COMMENT + (DERIVED_TOPIC_STATED if derived.stated else "")
    g.add((node, RDFS.comment, Literal(comment, lang="en")))


def _add_period(g: Graph, p: URIRef, record: PracticeRecord) -> None:
    period = record.period
    node = NS["practice"][f"{record.slug}-period"]
    g.add((p, DCTERMS.temporal, node))
    g.add((node, RDF.type, ICC.Period))
    g.add((node, ICC.printedPeriod, Literal(period.printed)))
    if period.start:
        g.add((node, DCAT.startDate, _date_literal(period.start)))
    if period.end:
        g.add((node, DCAT.endDate, _date_literal(period.end)))
    if period.ongoing is not None:
        g.add((node, ICC.ongoing, Literal(period.ongoing)))
    if period.permanent is not None:
        g.add((node, ICC.permanent, Literal(period.permanent)))
    g.add((node, ICC.normalised, Literal(period.normalised)))


def _term(g: Graph, term) -> str:
    if isinstance(term, Literal) and term.datatype == XSD.boolean:
        return "true" if term.toPython() else "false"
    return term.n3(g.namespace_manager)


def header(extra: tuple[str, ...] = ()) -> str:
    """HEADER, plus the prefixes of the kinds *extra* names (of EXTRA_PREFIXES)."""
    lines = "".join(f"@prefix {kind}: <id/{kind}/> .\n" for kind in EXTRA_PREFIXES if kind in extra)
    return HEADER.replace("@prefix scheme: <id/scheme/> .\n", "@prefix scheme: <id/scheme/> .\n" + lines, 1)


def used_extra_prefixes(g: Graph) -> tuple[str, ...]:
    """The kinds of EXTRA_PREFIXES whose IRIs *g* uses."""
    used = {str(term) for triple in g for term in triple if isinstance(term, URIRef)}
    return tuple(kind for kind in EXTRA_PREFIXES if any(iri.startswith(str(NS[kind])) for iri in used))


def turtle_blocks(g: Graph, first: URIRef | None = None) -> str:
    """The subjects of *g* as Turtle blocks (no prefixes): *first*, then the others by IRI; properties
    in PREDICATE_ORDER, then by IRI; values sorted. The same graph gives the same text."""
    order = {pred: i for i, pred in enumerate(PREDICATE_ORDER)}
    subjects = sorted(set(g.subjects()), key=lambda s: (s != first, str(s)))
    blocks = []
    for subject in subjects:
        preds = sorted(set(g.predicates(subject)), key=lambda pr: (order.get(pr, len(order)), str(pr)))
        lines = []
        for pred in preds:
            objects = sorted(_term(g, o) for o in g.objects(subject, pred))
            name = "a" if pred == RDF.type else _term(g, pred)
            lines.append(f"{name} " + " ,\n        ".join(objects))
        blocks.append(f"{_term(g, subject)} " + " ;\n    ".join(lines) + " .\n")
    return "\n".join(blocks)


def to_turtle(g: Graph, first: URIRef, comments: list[str]) -> str:
    """Turtle text of *g*: header comments, the project prefixes, *first* then the other subjects."""
    text = "\n".join(comments) + "\n" + header(used_extra_prefixes(g)) + "\n" + turtle_blocks(g, first)
    if PLACEHOLDER_BASE in text:  # an IRI under the base with no prefix: not allowed in a record
        raise ValueError("record has an IRI outside the project prefixes")
    return text


def parse_record_text(text: str) -> Graph:
    """Parse record Turtle against the placeholder base (how the importer reads records back)."""
    return bind_prefixes(Graph(), PLACEHOLDER_BASE).parse(data=text, format="turtle",
                                                           publicID=f"{PLACEHOLDER_BASE}/")


def record_comments(record: PracticeRecord, origin: str) -> list[str]:
    """The comment lines a drafted record starts with; *origin* names what it was drafted from."""
    comments = [f"{GENERATED_MARK} from {origin}.",
                "# To curate it: edit the facts, set icc:curationStatus icc:Curated and remove these lines."]
    if record.note:
        comments.append(f"# {record.note}")
    return comments


def file_comments(text: str) -> list[str]:
    """The comment lines a record file starts with (kept when the file is rewritten)."""
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line)
    return comments


def graph_text(g: Graph, first: URIRef, comments: list[str]) -> str:
    """The record file of *g* (see to_turtle), checked by reading it back."""
    text = to_turtle(g, first, comments)
    if set(parse_record_text(text)) != set(g):  # no blank nodes, so equal graphs are equal sets
        raise ValueError(f"record {first} does not read back as written")
    return text


def write_text(path: Path, text: str) -> bool:
    """Write *text* to *path* atomically; False when the file already holds exactly that text."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
