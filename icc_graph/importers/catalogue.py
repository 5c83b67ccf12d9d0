"""`icc-graph import catalogue FILE.tsv`: a table of ICC practices -> practice records in data/.

Columns: slug, title_en, title_other, city, country, year_or_period, topics, source_url, seen_on.
Rows that are the same practice (same slug, or same title in the same city) become one record;
the same practice stated twice with different facts is an error. Empty cells are unknowns,
recorded as icc:unknownField, never guessed. A practice seen on a topic's listing page (seen_on,
see listings.py) gets that topic as a derived fact, with the page it was derived from.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from rdflib.namespace import DCTERMS

from ..errors import ImportError_
from ..iris import SLUG_RE, slugify
from .languages import guess_language
from .listings import ListingPages
from .periods import Period, PeriodError, parse_period
from .places import Vocabularies, fold, match_key
from .records import NS, DerivedTopic, PracticeRecord, UncertainFact

ICC = NS["icc"]
COLUMNS = ("slug", "title_en", "title_other", "city", "country", "year_or_period", "topics",
           "source_url", "seen_on")

# Facts the table's own notes mark as uncertain (they are not visible in the cells themselves).
TITLES_FROM_SLUG = {
    "the-city-of-fuenlabrada-publishes-a-catalogue-of-anti-rumours-activities-to-fight-against-racism": "",
    "the-welcoming-communities-initiative": "",
    "-cultural-awareness-capability-": "",
    "participatory-mechanisms-and-initiatives-encouraging-all-camden-residents-to-engage-in-political-life-and-decision-making-processes": "",
    "camden-s-residents-and-the-authorities-building-together-a-safe-and-welcoming-borough": "",
    "planning-for-interculturality": " The French title was seen on the page.",
    "action-plan-for-inclusion-and-diversity": " The wording comes from a republication of the practice"
                                               " on another Council of Europe site.",
}
CITIES_FROM_SUMMARY = {"diversity in the workforce", "educa programme", "project prosperimo",
                       "a city international policy"}


@dataclass
class Row:
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def list(self, column: str, sep: str) -> list[str]:
        return [part.strip() for part in self.cells[column].split(sep) if part.strip()]


@dataclass
class Facts:
    """What one row states, matched to the vocabularies."""

    row: Row
    slug: str
    titles: dict[str, str]
    cities: list[str]
    country: str | None
    period: Period | None
    topics: list[str]
    source: str
    pages: list[str]
    lines: list[int] = field(default_factory=list)


def read_table(path: Path) -> list[Row]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            header = reader.fieldnames or []
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ImportError_(str(path), f"missing column(s): {', '.join(missing)}", line=1)
            rows = []
            for cells in reader:
                if None in cells or any(cells.get(c) is None for c in COLUMNS):
                    raise ImportError_(str(path), f"expected {len(header)} tab-separated fields", reader.line_num)
                rows.append(Row(reader.line_num, {c: (cells[c] or "").strip() for c in COLUMNS}))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportError_(str(path), f"cannot read the table ({exc})") from exc


def _is_practice_page(url: str) -> bool:
    """A practice page has /-/ in its path (or in the page a language switch redirects to)."""
    parts = urlsplit(url)
    target = parse_qs(parts.query).get("redirect", [""])[0]
    return "/-/" in parts.path or "/-/" in target


def _check_url(path: Path, row: Row, url: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise ImportError_(str(path), f"not a usable web address: {url!r}", row.line)
    return url


def row_facts(path: Path, row: Row, vocab: Vocabularies) -> Facts:
    """Match one row to the vocabularies; anything unusable is an error naming the line."""
    def fail(reason: str) -> ImportError_:
        return ImportError_(str(path), reason, row.line)

    pages = [_check_url(path, row, u) for u in row.list("seen_on", " ; ")]
    source = _check_url(path, row, row["source_url"]) if row["source_url"] else (pages[0] if pages else "")
    if not source:
        raise fail("no source_url and no seen_on page: a practice needs its source")
    titles: dict[str, str] = {}
    if row["title_en"]:
        titles["en"] = row["title_en"]
    for title in row.list("title_other", " | "):
        lang = guess_language(title, pages + [source])
        if lang in titles:
            raise fail(f"two titles in the same language ({lang}): {titles[lang]!r} and {title!r}")
        titles[lang] = title
    if not titles:
        raise fail("no title (title_en and title_other are both empty)")
    country = None
    if row["country"]:
        country = vocab.country(row["country"])
        if country is None:
            raise fail(f"unknown country {row['country']!r} (not in data/vocabularies/countries.ttl)")
    cities = []
    for name in row.list("city", ";"):
        if country is None:
            raise fail(f"city {name!r} has no country: a new city needs one")
        slug, problem = vocab.city(name, country)
        if problem:
            raise fail(problem)
        cities.append(slug)
    try:
        period = parse_period(row["year_or_period"])
    except PeriodError as exc:
        raise fail(f"impossible period {row['year_or_period']!r}: {exc}") from exc
    topics = []
    for label in row.list("topics", ";"):
        topic = vocab.topic(label)
        if topic is None:
            raise fail(f"unknown topic {label!r} (not in data/vocabularies/topics.ttl)")
        topics.append(topic)
    return Facts(row, row["slug"], titles, cities, country, period, topics, source, pages or [source], [row.line])


def _comparable(facts: Facts) -> dict[str, object]:
    return {
        "title": {lang: match_key(t) for lang, t in facts.titles.items()},
        "city": tuple(sorted(facts.cities)),
        "country": facts.country,
        "period": facts.period.printed if facts.period else None,
        "topics": tuple(sorted(facts.topics)),
    }


def _merge(path: Path, group: list[Facts]) -> Facts:
    """One practice from the rows that state it; two different non-empty values are an error."""
    first = group[0]
    merged = Facts(first.row, next((f.slug for f in group if f.slug), ""), dict(first.titles), list(first.cities),
                   first.country, first.period, list(first.topics), first.source, list(first.pages),
                   [f.row.line for f in group])
    for other in group[1:]:
        mine, theirs = _comparable(merged), _comparable(other)
        for lang, title in theirs["title"].items():
            if lang in mine["title"] and mine["title"][lang] != title:
                raise ImportError_(str(path), f"same practice as line {first.row.line} but title@{lang} differs: "
                                   f"{merged.titles[lang]!r} vs {other.titles[lang]!r}", other.row.line)
        for name in ("city", "country", "period", "topics"):
            if mine[name] and theirs[name] and mine[name] != theirs[name]:
                raise ImportError_(str(path), f"same practice as line {first.row.line} but {name} differs: "
                                   f"{mine[name]!r} vs {theirs[name]!r}", other.row.line)
        for lang, title in other.titles.items():
            merged.titles.setdefault(lang, title)
        merged.cities = merged.cities or other.cities
        merged.country = merged.country or other.country
        merged.period = merged.period or other.period
        merged.topics = merged.topics or other.topics
        merged.pages += [p for p in other.pages + [other.source] if p not in merged.pages]
    return merged


def group_rows(path: Path, facts: list[Facts]) -> list[list[Facts]]:
    """Rows that are the same practice: same slug, or a shared title in the same non-empty city."""
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple, int] = {}
    for i, f in enumerate(facts):
        keys = [("slug", f.slug)] if f.slug else []
        if f.cities:
            keys += [("title", match_key(t), tuple(sorted(f.cities))) for t in f.titles.values()]
        for key in keys:
            if key in seen:
                parent[find(i)] = find(seen[key])
            else:
                seen[key] = i
    groups: dict[int, list[Facts]] = {}
    for i, f in enumerate(facts):
        groups.setdefault(find(i), []).append(f)
    return [groups[k] for k in sorted(groups)]


def _iri_slug(facts: Facts, taken: set[str]) -> str:
    """The site's slug where it is a valid slug; otherwise one minted from it or from the title.

    A site slug with stray hyphens ("-cultural-awareness-capability-") loses them; the site's own
    form stays visible in dcterms:source, the page's address.
    """
    title = facts.titles.get("en") or next(iter(facts.titles.values()))
    base = slugify(facts.slug) if facts.slug else slugify(fold(title))
    base = base or "practice"
    candidates = [base] + ([f"{base}-{facts.cities[0]}"] if facts.cities and not facts.slug else [])
    candidates += [f"{base}-{n}" for n in range(2, 100)]
    slug = next(c for c in candidates if c not in taken)
    assert SLUG_RE.match(slug)
    return slug


def to_record(facts: Facts, slug: str, origin: str, listings: ListingPages | None = None) -> PracticeRecord:
    unknown = [name for name, value in (("city", facts.cities), ("country", facts.country)) if not value]
    record = PracticeRecord(
        slug=slug, identifier=slug, titles=facts.titles, source=facts.source,
        derived_from=sorted(set(facts.pages)), cities=facts.cities,
        countries=[facts.country] if facts.country else [], period=facts.period, topics=facts.topics,
        unknown=unknown,
    )
    if listings is not None:
        record.derived_topics = [DerivedTopic(topic, pages, topic in facts.topics)
                                 for topic, pages in listings.derived(facts.pages + [facts.source]).items()]
    if facts.slug in TITLES_FROM_SLUG and "en" in facts.titles:
        record.uncertain.append(UncertainFact(
            "title", DCTERMS.title, "The English title was never seen as text: it was rebuilt from the words of the "
            "page's URL slug." + TITLES_FROM_SLUG[facts.slug], facts.source))
    if facts.country and all(_is_practice_page(p) for p in facts.pages + [facts.source]):
        record.uncertain.append(UncertainFact(
            "country", ICC.country, "Practice pages print no country; it was inferred from the city.", facts.source))
    if facts.cities and any(match_key(t) in CITIES_FROM_SUMMARY for t in facts.titles.values()) \
            or facts.slug in {"project-prosperimo", "a-city-international-policy"}:
        record.uncertain.append(UncertainFact(
            "city", ICC.city, "The city was read from the practice's summary, not from its city line.", facts.source))
    lines = ", ".join(map(str, facts.lines))
    record.origin = f"{origin} line{'s' if len(facts.lines) > 1 else ''} {lines}"
    record.note = f"From {record.origin}."
    return record


@dataclass
class CatalogueImport:
    records: list[PracticeRecord]
    merged: list[list[int]]          # table lines that became one practice
    rows: int


def build_records(path: Path, vocab: Vocabularies, listings: ListingPages | None = None) -> CatalogueImport:
    """Every row of the table as practice records (nothing is written here); *listings* gives the
    topics of the listing pages the rows were seen on."""
    rows = read_table(path)
    facts = [row_facts(path, row, vocab) for row in rows]
    groups = group_rows(path, facts)
    merged = [_merge(path, group) for group in groups]
    # Site slugs first (they are the published names), then slugs minted from titles.
    slugs: dict[int, str] = {}
    taken: set[str] = set()
    for with_site_slug in (True, False):
        for i, m in enumerate(merged):
            if bool(m.slug) == with_site_slug:
                slugs[i] = _iri_slug(m, taken)
                taken.add(slugs[i])
    records = [to_record(m, slugs[i], path.name, listings) for i, m in enumerate(merged)]
    return CatalogueImport(records, [g_lines for g_lines in ([f.row.line for f in g] for g in groups)
                                     if len(g_lines) > 1], len(rows))
