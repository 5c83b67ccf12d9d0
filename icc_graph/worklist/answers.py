"""`icc-graph worklist import FILE`: the curators' answers into the records, or nothing at all.

1. Every answer cell is checked first: the record exists, the key is one the worklist writes, the
   value is allowed for it (a topic, city or verdict of the lists, a four-digit year from 1949 to
   this year, a one-line title, a web address), a curator is named, no two rows contradict each
   other. Any bad cell -> WorklistError naming sheet, row and column of each; nothing is written.
2. Each answer becomes a decision (``importers.confirmations.CuratorFact``) with who (the row's
   "confirmed by", else ``--curator``) and when (``--date``, else today). An answer the record
   already holds with the same decision changes nothing: importing a sheet twice writes nothing the
   second time. An answer that disagrees with what the record states now, or with an earlier
   decision, is reported as a conflict and not written.
3. A curated record (no GENERATED_MARK, or icc:Curated) is never rewritten: each answer for it is
   reported as a conflict for an editor to apply by hand.
4. The drafted records are rewritten with the decisions (``confirmations.rewritten_text``: the
   records' canonical form), new curators are appended to data/agents/curators.ttl, the result is
   validated as a build would validate it, and only then are the files written.
"""
from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from rdflib.term import Node

from ..build.paths import Paths
from ..build.pipeline import check, load_graph
from ..build.validation import load_shapes
from ..errors import WorklistError
from ..importers.confirmations import CONFIRMED, REJECTED, CuratorFact, derived_nodes
from ..importers.confirmations import rewritten_text as apply_to_text
from ..importers.curators import CURATORS_FILE, curator_slug, curators_text, known_curators
from ..importers.existing import ExistingRecord, ExistingRecords
from ..importers.records import NS, file_comments, parse_record_text, write_text
from ..iris import parse_thing
from ..namespaces import icc_namespaces
from .rows import CONFIRM_PREFIX
from .sheets import Sheet, SheetRow, read_sheet
from .vocabulary import FIRST_YEAR, Vocabulary, read_vocabulary, this_year

ICC = NS["icc"]
URL_RE = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
TITLE_KEY = re.compile(r"title@([a-z]{2,3})")
VERDICT_WORDS = {"confirm": CONFIRMED, "confirmer": CONFIRMED, "reject": REJECTED, "rejeter": REJECTED}
MAX_TITLE = 500


@dataclass(frozen=True)
class Answer:
    """A checked answer cell: what it states about which record, from which row."""

    record: str
    key: str
    verdict: str
    predicate: URIRef
    value: Node
    curator: str                      # the curator's name as given
    row: int
    note: str
    country: URIRef | None = None     # a city answer: the city's country


@dataclass
class ImportResult:
    answers: int = 0
    written: list[Path] = field(default_factory=list)
    decisions: int = 0                 # decisions written
    unchanged: int = 0                 # answers the records already held
    conflicts: list[str] = field(default_factory=list)
    new_curators: list[str] = field(default_factory=list)


def parse_date(text: str | None) -> str:
    """``--date``: a day no later than today (default today), as YYYY-MM-DD; ValueError otherwise."""
    if text is None:
        return datetime.date.today().isoformat()
    day = datetime.date.fromisoformat(text)
    if day > datetime.date.today():
        raise ValueError(f"{text} is in the future")
    return day.isoformat()


class _Checker:
    """Checks the cells of a sheet against the vocabularies and the records in data/."""

    def __init__(self, sheet: Sheet, vocab: Vocabulary, records: dict[str, ExistingRecord],
                 countries: dict[str, set[str]], curator: str | None):
        self.sheet, self.vocab, self.records, self.countries, self.curator = sheet, vocab, records, countries, curator
        self.problems: list[str] = []
        self.answers: list[Answer] = []

    def bad(self, row: SheetRow, column: str, reason: str) -> None:
        self.problems.append(f"{self.sheet.where(row.number, column)}: {reason}")

    def check(self) -> None:
        for row in self.sheet.rows:
            if row.cells.get("answer", ""):
                self._check_row(row)
        self._check_agreement()

    def _check_row(self, row: SheetRow) -> None:
        slug, key, text = row.cells["record"], row.cells["key"], row.cells["answer"]
        problems = len(self.problems)
        if slug not in self.records:
            self.bad(row, "record", f"no record {slug!r} in data/practices")
        curator = row.cells.get("confirmed by", "") or self.curator or ""
        if not curator_slug(curator):
            self.bad(row, "confirmed by", "who gives this answer? Write a name here, or give one with --curator")
        parsed = self._value(row, key, text)
        if parsed is None or len(self.problems) > problems:
            return
        verdict, predicate, value, country = parsed
        self.answers.append(Answer(slug, key, verdict, predicate, value, curator, row.number,
                                   row.cells.get("note", ""), country))

    def _value(self, row: SheetRow, key: str, text: str):
        """(verdict, predicate, value, country) of an answer, or None after reporting why not."""
        if key == "topic":
            topic = self.vocab.topic(text)
            if topic is None:
                return self.bad(row, "answer", f"{text!r} is not a topic of the topic list (data/vocabularies/topics.ttl)")
            return CONFIRMED, DCTERMS.subject, NS["topic"][topic], None
        if key == "year":
            if not (re.fullmatch(r"\d{4}", text) and FIRST_YEAR <= int(text) <= this_year()):
                return self.bad(row, "answer", f"{text!r} is not a year: four digits, from {FIRST_YEAR} to {this_year()}")
            return CONFIRMED, ICC.year, Literal(text, datatype=XSD.gYear), None
        title = TITLE_KEY.fullmatch(key)
        if title:
            if "\n" in text or "\r" in text:
                return self.bad(row, "answer", "a title is one line of text")
            if len(text) > MAX_TITLE:
                return self.bad(row, "answer", f"a title of {len(text)} characters is too long (at most {MAX_TITLE})")
            return CONFIRMED, DCTERMS.title, Literal(" ".join(text.split()), lang=title[1]), None
        if key == "city":
            return self._city(row, text)
        if key == "source":
            if not URL_RE.fullmatch(text):
                return self.bad(row, "answer", f"{text!r} is not a web address (http:// or https://)")
            return CONFIRMED, DCTERMS.source, URIRef(text), None
        if key.startswith(CONFIRM_PREFIX):
            topic = key.removeprefix(CONFIRM_PREFIX)
            if topic not in self.vocab.topic_labels:
                return self.bad(row, "key", f"{key!r}: {topic!r} is not a topic of the topic list")
            verdict = VERDICT_WORDS.get(text.strip().lower())
            if verdict is None:
                return self.bad(row, "answer", f"{text!r}: answer 'confirm' or 'reject'")
            return verdict, DCTERMS.subject, NS["topic"][topic], None
        return self.bad(row, "key", f"{key!r} is not a key the worklist writes (topic, year, title@en, title@fr, "
                                    f"city, source, confirm:TOPIC)")

    def _city(self, row: SheetRow, text: str):
        city, named_country = self.vocab.city(text)
        if city is None:
            return self.bad(row, "answer", f"{text!r} is not a city of the city list (data/places/cities.ttl); "
                                           "a new city is added there first")
        country = self.vocab.city_country.get(city)
        record_countries = self.countries.get(row.cells["record"], set())
        if record_countries and country not in record_countries:
            return self.bad(row, "answer", f"{self.vocab.city_name(city)} is not in the record's country "
                                           f"({', '.join(self.vocab.country_name(c) for c in sorted(record_countries))})")
        return CONFIRMED, ICC.city, NS["city"][city], NS["country"][country] if country else None

    def _check_agreement(self) -> None:
        """Two rows may not say different things of a field a record has once, nor decide a fact both ways."""
        seen: dict[tuple, Answer] = {}
        for answer in self.answers:
            single = answer.predicate in (ICC.year, DCTERMS.source) or answer.predicate == DCTERMS.title
            slot = (answer.record, answer.predicate, answer.value.language if answer.predicate == DCTERMS.title else "") \
                if single else (answer.record, answer.predicate, answer.value)
            earlier = seen.setdefault(slot, answer)
            if earlier is not answer and (earlier.value, earlier.verdict) != (answer.value, answer.verdict):
                self.problems.append(f"{self.sheet.where(answer.row, 'answer')}: row {earlier.row} already answers "
                                     f"this for record {answer.record!r} otherwise")


def _comment(answer: Answer, sheet: Sheet, path: Path, how: str) -> str:
    comment = f"{how} in the worklist {path.name}, sheet {sheet.name}, row {answer.row}."
    return comment + (f" Note: {' '.join(answer.note.split())}" if answer.note else "")


class _Decider:
    """Turns checked answers into decisions for each record, or conflicts."""

    def __init__(self, sheet: Sheet, path: Path, date: str, result: ImportResult):
        self.sheet, self.path, self.date, self.result = sheet, path, date, result

    def decide(self, record: ExistingRecord, g: Graph, answers: list[Answer]) -> list[CuratorFact]:
        practice = NS["practice"][record.slug]
        facts: list[CuratorFact] = []
        for answer in answers:
            fact = self._fact(answer, practice, g)
            if fact is None:
                continue
            if any(f.node(practice) == fact.node(practice) for f in facts):  # the same answer on two rows
                self.result.unchanged += 1
                continue
            facts.append(fact)
            if answer.country is not None and answer.country not in set(g.objects(practice, ICC.country)):
                facts.append(CuratorFact(CONFIRMED, ICC.country, answer.country, curator_slug(answer.curator),
                                         self.date, _comment(answer, self.sheet, self.path, "The country of the city given")))
        return facts

    def conflict(self, answer: Answer, reason: str) -> None:
        self.result.conflicts.append(f"{self.sheet.where(answer.row, 'answer')}: record {answer.record!r}: {reason}; "
                                     "not written")

    def _fact(self, answer: Answer, practice: URIRef, g: Graph) -> CuratorFact | None:
        curator = curator_slug(answer.curator)
        other = REJECTED if answer.verdict == CONFIRMED else CONFIRMED
        probe = CuratorFact(answer.verdict, answer.predicate, answer.value, curator, self.date, "")
        node, opposite = probe.node(practice), CuratorFact(other, answer.predicate, answer.value, curator, "", "")
        show = answer.value.n3(g.namespace_manager)
        if (node, RDF.object, answer.value) in g:
            self.result.unchanged += 1
            return None
        if answer.verdict == CONFIRMED and answer.predicate in (ICC.year, DCTERMS.source, DCTERMS.title):
            for current in g.objects(practice, answer.predicate):
                same_slot = answer.predicate != DCTERMS.title or current.language == answer.value.language
                if same_slot and current != answer.value:
                    self.conflict(answer, f"it states {current.n3(g.namespace_manager)}, not {show}")
                    return None
        if (node, None, None) in g or (opposite.node(practice), None, None) in g:
            earlier = node if (node, None, None) in g else opposite.node(practice)
            self.conflict(answer, f"{earlier.n3(g.namespace_manager)} already records another decision on this "
                                  f"fact (by {g.value(earlier, PROV.wasAttributedTo).n3(g.namespace_manager)}, "
                                  f"{g.value(earlier, PROV.generatedAtTime)}); edit the record to change it")
            return None
        derived = derived_nodes(g, practice, answer.predicate, answer.value)
        pages = tuple(sorted({str(p) for n in derived for p in g.objects(n, PROV.wasDerivedFrom)}))
        if answer.key.startswith(CONFIRM_PREFIX) and not derived:
            self.conflict(answer, f"it has no derived topic {show} (any more) to {answer.verdict.removesuffix('ed')}")
            return None
        stated = (practice, answer.predicate, answer.value) in g
        how = {REJECTED: "Rejected", CONFIRMED: "Confirmed" if stated else "Given"}[answer.verdict]
        return CuratorFact(answer.verdict, answer.predicate, answer.value, curator, self.date,
                           _comment(answer, self.sheet, self.path, how), pages)


def import_worklist(path: Path, paths: Paths, base: str, curator: str | None = None,
                    date: str | None = None) -> ImportResult:
    """Write the answers of the worklist *path* into the records under *paths* (see the module docstring)."""
    day = parse_date(date)
    sheet = read_sheet(path)
    source = load_graph(paths, base)
    vocab = read_vocabulary(source.graph, base)
    existing = ExistingRecords(paths.data / "practices")
    records = {record.slug: record for record in existing.records}
    icc = icc_namespaces(base)["icc"]
    countries: dict[str, set[str]] = {}
    for practice in source.graph.subjects(RDF.type, icc.Practice):
        ref = parse_thing(base, str(practice))
        if ref is not None:
            countries[ref.slug] = {c.slug for c in (parse_thing(base, str(o))
                                                    for o in source.graph.objects(practice, icc.country)) if c}
    checker = _Checker(sheet, vocab, records, countries, curator)
    checker.check()
    if checker.problems:
        raise WorklistError(str(path), checker.problems)

    result = ImportResult(answers=len(checker.answers))
    decider = _Decider(sheet, path, day, result)
    by_record: dict[str, list[Answer]] = defaultdict(list)
    for answer in checker.answers:
        by_record[answer.record].append(answer)
    texts: dict[Path, str] = {}
    names = {curator_slug(a.curator): " ".join(a.curator.split()) for a in reversed(checker.answers)}
    curators: dict[str, str] = {}
    for slug, answers in sorted(by_record.items()):
        record = records[slug]
        if record.curated:
            for answer in answers:
                decider.conflict(answer, f"curated ({record.path}): an editor applies "
                                         f"{answer.key} = {answer.value} by hand")
            continue
        text = record.path.read_text(encoding="utf-8")
        g = parse_record_text(text)
        facts = decider.decide(record, g, answers)
        if not facts:
            continue
        texts[record.path] = apply_to_text(text, file_comments(text), NS["practice"][slug], facts)
        result.decisions += len(facts)
        curators.update({fact.curator: names[fact.curator] for fact in facts})
    curators_path = paths.data / CURATORS_FILE
    if texts:
        old = curators_path.read_text(encoding="utf-8") if curators_path.exists() else ""
        new = curators_text(old, curators)
        if new != old:
            texts[curators_path] = new
            result.new_curators = sorted(set(curators) - set(known_curators(old)))
        _validate(paths, base, texts)
    for target, text in sorted(texts.items()):
        if write_text(target, text) and target != curators_path:
            result.written.append(target)
    return result


def _validate(paths: Paths, base: str, texts: dict[Path, str]) -> None:
    """Validate data/ as it would be with *texts* written (ValidationFailed if not): nothing invalid is written."""
    with tempfile.TemporaryDirectory(prefix="icc-worklist-") as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(paths.data, data)
        for target, text in texts.items():
            copy = data / target.resolve().relative_to(paths.data.resolve())
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text, encoding="utf-8")
        scratch_paths = Paths(data, paths.ontology, paths.shapes, paths.dist)
        check(load_graph(scratch_paths, base).graph, load_shapes(paths.shapes, base))
