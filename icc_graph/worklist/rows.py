"""What the worklist asks: one row per record and gap, and one per derived fact to confirm.

The sources are read and validated as a build reads and validates them (``build.pipeline``), and
the gaps are the quality report's (``build.quality``: the warnings of shapes/curation.ttl, grouped
into fields). Each field the worklist can take an answer for has a *key*; the gap of derived
topics to confirm becomes one row per derived topic (key ``confirm:{topic}``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from ..build import quality
from ..build.paths import Paths
from ..build.pipeline import check, load_graph
from ..build.validation import load_shapes
from ..iris import parse_thing
from ..namespaces import icc_namespaces
from .suggest import cities_from_titles, topics_from_titles, years_from_text
from .vocabulary import Vocabulary, read_vocabulary

# The columns of the sheet, in order. A curator fills "answer" (and "confirmed by", "note"); the
# import finds the columns by these names, so they may be moved but not renamed.
COLUMNS = ("record", "title", "field", "current", "suggestions", "answer", "confirmed by", "note", "key")

# Quality-report field -> the key of its rows (what an answer to it writes).
FIELD_KEYS = {
    "TopicField": "topic",
    "YearField": "year",
    "EnglishTitleField": "title@en",
    "FrenchTitleField": "title@fr",
    "CityField": "city",
    "SourceField": "source",
    "DerivedTopicField": "confirm",
}
CONFIRM_PREFIX = "confirm:"
VERDICTS = ("confirm", "reject")


@dataclass(frozen=True)
class Row:
    record: str           # the practice's slug
    title: str
    field: str            # the field's labels, English / French
    current: str          # what the record holds now, for the curator to read
    suggestions: str
    key: str              # what an answer writes: topic, year, title@en, title@fr, city, source, confirm:{topic}
    answer: str = ""
    confirmed_by: str = ""
    note: str = ""

    def cells(self) -> list[str]:
        return [self.record, self.title, self.field, self.current, self.suggestions, self.answer,
                self.confirmed_by, self.note, self.key]


@dataclass
class Worklist:
    rows: list[Row]
    vocab: Vocabulary
    unanswerable: dict[str, int] = field(default_factory=dict)  # field id -> gaps this worklist has no row for


def read_data(paths: Paths, base: str) -> tuple[Graph, Graph]:
    """The graph the build reads and its shapes, validated (ValidationFailed if it has violations)."""
    source = load_graph(paths, base)
    shapes = load_shapes(paths.shapes, base)
    return source.graph, shapes


def worklist(paths: Paths, base: str) -> Worklist:
    """The rows for the records under *paths*: gaps and derived facts to confirm, with suggestions."""
    graph, shapes = read_data(paths, base)
    report = check(graph, shapes)
    vocab = read_vocabulary(graph, base)
    fields = quality.fields(shapes)
    lacking = quality.gaps(report, fields)
    icc = icc_namespaces(base)["icc"]
    rows: list[Row] = []
    unanswerable: dict[str, int] = {}
    practices = sorted(p for p in lacking if (p, RDF.type, icc.Practice) in graph)
    for practice in practices:
        ref = parse_thing(base, str(practice))
        if ref is None:
            continue
        record = _Record(graph, practice, ref.slug, base, vocab)
        for found in fields:
            if found.id not in lacking[practice]:
                continue
            key = FIELD_KEYS.get(found.id)
            if key is None:
                unanswerable[found.id] = unanswerable.get(found.id, 0) + 1
                continue
            label = " / ".join(found.labels[lang] for lang in ("en", "fr") if lang in found.labels)
            if key == "confirm":
                rows += [record.row(label, f"{CONFIRM_PREFIX}{topic}") for topic in record.derived_topics()]
            else:
                rows.append(record.row(label, key))
    return Worklist(rows, vocab, unanswerable)


class _Record:
    """One practice as the worklist shows it."""

    def __init__(self, graph: Graph, practice: URIRef, slug: str, base: str, vocab: Vocabulary):
        self.graph, self.practice, self.slug, self.base, self.vocab = graph, practice, slug, base, vocab
        self.icc = icc_namespaces(base)["icc"]
        self.titles = {t.language or "": str(t) for t in sorted(graph.objects(practice, DCTERMS.title))
                       if isinstance(t, Literal)}

    def _slugs(self, prop, kind: str) -> list[str]:
        refs = [parse_thing(self.base, str(o)) for o in sorted(self.graph.objects(self.practice, prop))]
        return [ref.slug for ref in refs if ref is not None and ref.kind == kind]

    def derived_topics(self) -> dict[str, list[str]]:
        """Topic slug -> the pages it was derived from, for the record's icc:DerivedFact topics."""
        found = {}
        for node in self.graph.objects(self.practice, self.icc.uncertainFact):
            if (node, RDF.type, self.icc.DerivedFact) in self.graph \
                    and (node, RDF.predicate, DCTERMS.subject) in self.graph:
                ref = parse_thing(self.base, str(self.graph.value(node, RDF.object)))
                if ref is not None:
                    found[ref.slug] = sorted(str(p) for p in self.graph.objects(node, PROV.wasDerivedFrom))
        return dict(sorted(found.items()))

    def title(self) -> str:
        return self.titles.get("en") or self.titles.get("fr") or next(iter(self.titles.values()), "")

    def current(self, key: str) -> str:
        g, p, vocab = self.graph, self.practice, self.vocab
        if key == "topic":
            derived = self.derived_topics()
            return ", ".join(vocab.topic_name(t) + (" (derived)" if t in derived else "")
                             for t in self._slugs(DCTERMS.subject, "topic"))
        if key == "year":
            printed = [str(g.value(period, self.icc.printedPeriod)) for period in g.objects(p, DCTERMS.temporal)]
            return "; ".join(f"printed period: {text}" for text in printed)
        if key.startswith("title@"):
            return "; ".join(f"{lang}: {title}" for lang, title in sorted(self.titles.items()))
        if key == "city":
            return "; ".join(f"country: {vocab.country_name(c)}" for c in self._slugs(self.icc.country, "country"))
        if key == "source":
            return " ; ".join(str(page) for page in sorted(g.objects(p, PROV.wasDerivedFrom)))
        topic = key.removeprefix(CONFIRM_PREFIX)
        pages = self.derived_topics().get(topic, [])
        return f"{vocab.topic_name(topic)}, derived from {' ; '.join(pages)}"

    def suggestions(self, key: str) -> str:
        titles = list(self.titles.values())
        if key == "topic":
            have = set(self._slugs(DCTERMS.subject, "topic"))
            return "; ".join(self.vocab.topic_name(t) for t in topics_from_titles(titles, self.vocab) if t not in have)
        if key == "year":
            return "; ".join(year for period in self.graph.objects(self.practice, DCTERMS.temporal)
                             for year in years_from_text(str(self.graph.value(period, self.icc.printedPeriod) or "")))
        if key == "city":
            return "; ".join(self.vocab.city_name(c) for c in cities_from_titles(titles, self.vocab))
        if key == "source":
            return " ; ".join(str(page) for page in sorted(self.graph.objects(self.practice, PROV.wasDerivedFrom))
                              if "/-/" in str(page))
        if key.startswith(CONFIRM_PREFIX):
            topic = key.removeprefix(CONFIRM_PREFIX)
            return "confirm (the title names it too)" if topic in topics_from_titles(titles, self.vocab) else ""
        return ""

    def row(self, label: str, key: str) -> Row:
        return Row(self.slug, self.title(), label, self.current(key), self.suggestions(key), key)
