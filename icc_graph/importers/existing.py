"""The practice records already in data/practices: who owns them, and what they state.

A record the importer drafted starts with GENERATED_MARK and is not marked icc:Curated; the
importer may rewrite it. Any other record is curated: the importer leaves it untouched and only
reports where the import disagrees with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..errors import ImportError_
from .confirmations import CuratorFact, facts_in
from .places import match_key
from .records import GENERATED_MARK, NS, PracticeRecord, parse_record_text

ICC = NS["icc"]


@dataclass
class ExistingRecord:
    path: Path
    slug: str
    identifier: str
    curated: bool
    titles: dict[str, str] = field(default_factory=dict)
    cities: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    year: str | None = None
    printed_period: str | None = None
    source: str | None = None
    curator_facts: list[CuratorFact] = field(default_factory=list)  # kept when the record is drafted again


def _slug(iri, kind: str) -> str:
    return str(iri)[len(str(NS[kind])):]


def _read(path: Path) -> list[ExistingRecord]:
    try:
        text = path.read_text(encoding="utf-8")
        g: Graph = parse_record_text(text)
    except Exception as exc:  # rdflib raises assorted errors; the file is what matters to the user
        raise ImportError_(str(path), f"existing record cannot be read ({exc})") from exc
    generated = text.startswith(GENERATED_MARK)
    found = []
    for p in g.subjects(RDF.type, ICC.Practice):
        if not str(p).startswith(str(NS["practice"])):
            continue
        period = g.value(p, DCTERMS.temporal)
        year = g.value(p, ICC.year)
        source = g.value(p, DCTERMS.source)
        found.append(ExistingRecord(
            path=path,
            slug=_slug(p, "practice"),
            identifier=str(g.value(p, DCTERMS.identifier) or _slug(p, "practice")),
            curated=not generated or (p, ICC.curationStatus, ICC.Curated) in g,
            titles={o.language or "": str(o) for o in g.objects(p, DCTERMS.title) if isinstance(o, Literal)},
            cities={_slug(o, "city") for o in g.objects(p, ICC.city)},
            countries={_slug(o, "country") for o in g.objects(p, ICC.country)},
            topics={_slug(o, "topic") for o in g.objects(p, DCTERMS.subject)},
            year=str(year) if year is not None else None,
            printed_period=str(g.value(period, ICC.printedPeriod)) if period is not None else None,
            source=str(source) if isinstance(source, URIRef) else None,
            curator_facts=facts_in(g, p),
        ))
    return found


class ExistingRecords:
    """Index of data/practices/*.ttl by slug, identifier and (title, city)."""

    def __init__(self, practices_dir: Path):
        self.records: list[ExistingRecord] = []
        if practices_dir.is_dir():
            for path in sorted(practices_dir.glob("*.ttl")):
                self.records.extend(_read(path))

    def find(self, record: PracticeRecord) -> ExistingRecord | None:
        """The existing record of the same practice: same slug or identifier, or same title and city."""
        for rec in self.records:
            if record.slug in (rec.slug, rec.identifier) or record.identifier in (rec.slug, rec.identifier):
                return rec
        titles = {match_key(t) for t in record.titles.values()}
        for rec in self.records:
            same_city = record.cities and set(record.cities) == rec.cities
            if same_city and titles & {match_key(t) for t in rec.titles.values()}:
                return rec
        return None


def conflicts(record: PracticeRecord, curated: ExistingRecord) -> list[str]:
    """Where the imported facts disagree with a curated record (which is kept as it is)."""
    found = []
    for lang, title in sorted(record.titles.items()):
        kept = curated.titles.get(lang)
        if kept is not None and match_key(kept) != match_key(title):
            found.append(f"dcterms:title@{lang}: import says {title!r}, curated record says {kept!r}")
    for name, new, kept in (("icc:city", set(record.cities), curated.cities),
                            ("icc:country", set(record.countries), curated.countries)):
        if new and kept and new != kept:
            found.append(f"{name}: import says {sorted(new)}, curated record says {sorted(kept)}")
    if record.year is not None and curated.year is not None and str(record.year) != curated.year:
        found.append(f"icc:year: import says {record.year}, curated record says {curated.year}")
    if record.period and curated.printed_period and record.period.printed != curated.printed_period:
        found.append(f"icc:printedPeriod: import says {record.period.printed!r}, "
                     f"curated record says {curated.printed_period!r}")
    guessed = any(fact.predicate == DCTERMS.source for fact in record.uncertain)
    if curated.source and record.source != curated.source and not guessed:
        found.append(f"dcterms:source: import says <{record.source}>, curated record says <{curated.source}>")
    missing = set(record.topics) - curated.topics
    if missing:
        found.append(f"dcterms:subject: import states {sorted(missing)}, not in the curated record")
    listed = {d.topic for d in record.derived_topics} - curated.topics - set(record.topics)
    if listed:
        found.append(f"dcterms:subject: listing pages suggest {sorted(listed)}, not in the curated record")
    return found
