"""The practice browser's facet index: any filter's count, facet counts and page, by a lookup.

A facet page (``/practices?topic=&country=&year=&page=``, in HTML or as a Hydra collection) needs
the number of practices a filter keeps, how many of them have each topic, country and year, and
one page of them in title order. As SPARQL these are aggregates over every practice (seconds at
100k). The build (and ``serve --data``'s loader) writes instead, once per release, the file
``facets.json`` (:data:`icc_graph.release.FACETS`), compact JSON with sorted keys (the same
release gives the same bytes)::

    {"format": "icc-graph-facet-index/2",
     "practices": [iri, ...],                  # id = position: the practices in English title order
     "orders": {"fr": [id, ...]},              # another language's title order, when it differs
     "postings": {"topic": {iri: [id, ...]}, "country": {iri: [...]}, "year": {"2020": [...]}},
     "titles": {"en": [[text, lang], ...],     # the title a page shows, by id (lang null: none)
                "fr": {"id": [text, lang]}},   # where it differs from the English page's
     "labels": {"en": {iri: [text, lang]}, "fr": {...}},  # of every topic, country and city
     "cities": {"iris": [iri, ...],            # the practices' cities (icc:city), sorted
                "at": [[lat, long] or null, ...],   # each city's WGS84 point, by position in iris
                "of": [[city, ...], ...]}}     # each practice's cities (positions in iris), by id

A practice's title in a language is its title in that language, else in English, else any (the
smallest text of those); the order is by that title (case folded), then by IRI. Posting lists are
sorted ids. A label is the best of :mod:`icc_graph.labels` in the page's language.

Read back (:func:`read`), each posting list becomes a bitset (a Python int, one bit a practice
in a language's title order): a filter is an ``&`` of at most three of them, a count is
``int.bit_count``, and a page is the set bits from an offset; none costs more than a pass over
N bits (12.5 kB at 100k practices), whatever the filter. A page's rows (title, year, countries)
and the facet values' labels are in the index too: a facet page reads nothing else. So are the
practices' cities, their points and labels: the map beside a facet page counts the practices a
filter keeps per city with a pass over the kept ones, and reads nothing else either. (An index
written before the cities were added has no ``cities``; its maps are counted with SPARQL.)
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from .iris import ontology_namespace
from .labels import LABEL_PROPERTIES, rank
from .stats import practice_facets

FORMAT = "icc-graph-facet-index/2"
DIMENSIONS = ("topic", "country", "year")
TITLE_LANGUAGES = ("en", "fr")  # the languages the pages are written in; English first (the ids)
TITLE = pyoxigraph.NamedNode("http://purl.org/dc/terms/title")
LAT = pyoxigraph.NamedNode("http://www.w3.org/2003/01/geo/wgs84_pos#lat")
LONG = pyoxigraph.NamedNode("http://www.w3.org/2003/01/geo/wgs84_pos#long")
_DEFAULT = pyoxigraph.DefaultGraph()
_BLOCK = 4096  # bits looked at together when walking to a page


# --- writing ---------------------------------------------------------------------------------------

def compute(store: pyoxigraph.Store, base: str) -> bytes:
    """The facet index of the release in *store* (see the module docstring), as file bytes."""
    practices, _, pairs = practice_facets(store, base)
    titles: dict = {practice: [] for practice in practices}
    for quad in store.quads_for_pattern(None, TITLE, None, _DEFAULT):
        if quad.subject in titles and isinstance(quad.object, pyoxigraph.Literal):
            titles[quad.subject].append(quad.object)
    shown = {lang: {p: _title(titles[p], lang) for p in practices} for lang in TITLE_LANGUAGES}
    orders = {lang: sorted(practices, key=lambda p: (shown[lang][p][0].casefold(), p.value))
              for lang in TITLE_LANGUAGES}
    english = orders[TITLE_LANGUAGES[0]]
    ids = {practice: number for number, practice in enumerate(english)}
    postings: dict[str, dict[str, list[int]]] = {}
    for dimension in DIMENSIONS:
        lists: dict[str, list[int]] = {}
        for practice, value in pairs[dimension]:
            lists.setdefault(value.value, []).append(ids[practice])
        postings[dimension] = {value: sorted(found) for value, found in sorted(lists.items())}
    cities = _cities(store, base, english)
    named = sorted({value for dim in ("topic", "country") for value in postings[dim]} | set(cities["iris"]))
    first = shown[TITLE_LANGUAGES[0]]
    index = {
        "format": FORMAT,
        "practices": [practice.value for practice in english],
        "orders": {lang: [ids[p] for p in order] for lang, order in orders.items() if order != english},
        "postings": postings,
        "titles": {TITLE_LANGUAGES[0]: [list(first[p]) for p in english],
                   **{lang: {str(ids[p]): list(shown[lang][p]) for p in english if shown[lang][p] != first[p]}
                      for lang in TITLE_LANGUAGES[1:]}},
        "labels": {lang: _labels(store, named, lang) for lang in TITLE_LANGUAGES},
        "cities": cities,
    }
    return (json.dumps(index, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


def _cities(store: pyoxigraph.Store, base: str, practices: list) -> dict:
    """The practices' cities, each city's point, and each practice's cities (the ``cities`` section)."""
    city_of = pyoxigraph.NamedNode(ontology_namespace(base) + "city")
    of = [sorted({quad.object.value for quad in store.quads_for_pattern(practice, city_of, None, _DEFAULT)
                  if isinstance(quad.object, pyoxigraph.NamedNode)}) for practice in practices]
    iris = sorted({city for found in of for city in found})
    position = {iri: number for number, iri in enumerate(iris)}
    return {"iris": iris, "at": [_point(store, pyoxigraph.NamedNode(iri)) for iri in iris],
            "of": [[position[city] for city in found] for found in of]}


def _point(store: pyoxigraph.Store, city: pyoxigraph.NamedNode) -> list[float] | None:
    """[lat, long] of *city* when it has one decimal of each, else None."""
    values = []
    for prop in (LAT, LONG):
        found = [quad.object.value for quad in store.quads_for_pattern(city, prop, None, _DEFAULT)
                 if isinstance(quad.object, pyoxigraph.Literal)]
        try:
            values.append(float(found[0]) if len(found) == 1 else None)
        except ValueError:
            values.append(None)
    return None if None in values else values


def _title(titles: list, lang: str) -> tuple[str, str | None]:
    """(text, language) of the title a page in *lang* shows: in *lang*, else English, else any
    (the smallest text of those); ("", None) when the practice has none."""
    for wanted in (lang, "en", None):
        chosen = sorted((t.value, t.language) for t in titles if wanted is None or t.language == wanted)
        if chosen:
            return chosen[0]
    return "", None


def _labels(store: pyoxigraph.Store, iris: list[str], lang: str) -> dict[str, list]:
    """IRI -> [text, language] of the best label in *lang* (:func:`icc_graph.labels.rank`)."""
    found = {}
    for iri in iris:
        candidates = [(rank(prop, quad.object.value, quad.object.language, lang), quad.object)
                      for prop in LABEL_PROPERTIES
                      for quad in store.quads_for_pattern(pyoxigraph.NamedNode(iri), pyoxigraph.NamedNode(prop),
                                                          None, _DEFAULT)
                      if isinstance(quad.object, pyoxigraph.Literal)]
        if candidates:
            best = min(candidates, key=lambda pair: pair[0])[1]
            found[iri] = [best.value, best.language]
    return found


# --- reading ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """What a filter keeps: how many practices, and per facet value how many of those have it."""

    total: int
    counts: dict[str, dict[str, int]]  # dimension -> value (IRI or year) -> count, zeros left out
    members: int                       # the bitset of the practices kept, in the language's order


@dataclass(frozen=True)
class Member:
    """A practice as a facet page lists it."""

    iri: str
    title: str            # "" when it has none
    title_lang: str | None
    year: str | None      # the first of its years
    countries: tuple[str, ...]  # IRIs, sorted


class FacetIndex:
    """A release's facet index, read: :meth:`select` a filter, then :meth:`page` it."""

    def __init__(self, index: dict):
        if index.get("format") != FORMAT:
            raise ValueError(f"not a facet index of format {FORMAT}")
        self.practices: list[str] = index["practices"]
        self.size = len(self.practices)
        self._all = (1 << self.size) - 1
        self._orders: dict[str, list[int]] = {}   # language -> ids in its title order
        self._bits: dict[str, dict[str, dict[str, int]]] = {}  # language -> dimension -> value -> bitset
        english = TITLE_LANGUAGES[0]
        self._titles: dict[str, list] = {english: index["titles"][english]}
        for lang in TITLE_LANGUAGES[1:]:
            differing = index["titles"].get(lang, {})
            self._titles[lang] = [differing.get(str(number), title)
                                  for number, title in enumerate(self._titles[english])] if differing \
                else self._titles[english]
        self._labels: dict[str, dict[str, list]] = index["labels"]
        cities = index.get("cities")
        self.has_cities = cities is not None
        self._city_iris: list[str] = cities["iris"] if cities else []
        self._city_points: dict[str, tuple[float, float]] = {
            iri: (point[0], point[1]) for iri, point in zip(self._city_iris, cities["at"] if cities else ()) if point}
        # Per language, by position in its title order: the practice's first city (-1: none), and
        # its other cities where it has several: a filter's counts are then one C-level tally.
        self._first_city: dict[str, list[int]] = {}
        self._more_cities: dict[str, dict[int, list[int]]] = {}
        of: list[list[int]] = cities["of"] if cities else []
        self._years: list[str | None] = [None] * self.size
        self._countries: list[list[str]] = [[] for _ in range(self.size)]
        for year, members in sorted(index["postings"]["year"].items(), reverse=True):  # the first one wins
            for number in members:
                self._years[number] = year
        for country, members in sorted(index["postings"]["country"].items()):
            for number in members:
                self._countries[number].append(country)
        self._orders[english] = list(range(self.size))
        self._bits[english] = {dim: {value: _bitset(ids, self.size) for value, ids in values.items()}
                               for dim, values in index["postings"].items()}
        for lang in TITLE_LANGUAGES[1:]:
            order = index.get("orders", {}).get(lang)
            if order is None:  # the same order as English: share its bitsets
                self._orders[lang], self._bits[lang] = self._orders[english], self._bits[english]
                continue
            position = [0] * self.size
            for place, number in enumerate(order):
                position[number] = place
            self._orders[lang] = order
            self._bits[lang] = {dim: {value: _bitset((position[i] for i in ids), self.size)
                                      for value, ids in values.items()}
                                for dim, values in index["postings"].items()}
        for lang, order in self._orders.items() if of else ():
            if order is self._orders[english] and english in self._first_city:  # the same order: share
                self._first_city[lang], self._more_cities[lang] = self._first_city[english], self._more_cities[english]
                continue
            self._first_city[lang] = [(of[number] or (-1,))[0] for number in order]
            self._more_cities[lang] = {place: of[number][1:] for place, number in enumerate(order)
                                       if len(of[number]) > 1}

    def has(self, dimension: str, value: str) -> bool:
        """Whether some practice has *value* (an IRI or a year) in *dimension*."""
        return value in self._bits[TITLE_LANGUAGES[0]][dimension]

    def select(self, lang: str, chosen: dict[str, str]) -> Selection:
        """The practices with every value in *chosen* (dimension -> IRI or year), with the counts
        of each facet value among them. An unknown value keeps no practice."""
        bits = self._bits.get(lang, self._bits[TITLE_LANGUAGES[0]])
        members = self._all
        for dim, value in chosen.items():
            members &= bits[dim].get(value, 0)
        counts = {}
        for dim, values in bits.items():
            found = {value: (members & bitset).bit_count() for value, bitset in values.items()}
            counts[dim] = {value: n for value, n in found.items() if n}
        return Selection(members.bit_count(), counts, members)

    def page(self, lang: str, selection: Selection, offset: int, size: int) -> list[Member]:
        """The practices *selection* keeps, from *offset* on (at most *size*), in title order for
        *lang*, with what a page shows of each."""
        lang = lang if lang in self._orders else TITLE_LANGUAGES[0]
        order, titles = self._orders[lang], self._titles[lang]
        members = []
        for place in _set_bits(selection.members, offset, size):
            number = order[place]
            text, title_lang = titles[number]
            members.append(Member(self.practices[number], text, title_lang, self._years[number],
                                  tuple(self._countries[number])))
        return members

    def city_counts(self, lang: str, selection: Selection) -> dict[str, int]:
        """City IRI -> how many of the practices *selection* keeps are in it (zeros left out).
        Empty for an index written without its cities (``has_cities``)."""
        if not self.has_cities:
            return {}
        lang = lang if lang in self._orders else TITLE_LANGUAGES[0]
        first, more = self._first_city[lang], self._more_cities[lang]
        places = [found.start() for found in re.finditer("1", format(selection.members, "b")[::-1])]
        tally = Counter(map(first.__getitem__, places))
        for place in more.keys() & set(places):
            tally.update(more[place])
        return {self._city_iris[city]: n for city, n in sorted(tally.items()) if city >= 0}

    def city_point(self, iri: str) -> tuple[float, float] | None:
        """(lat, long) of a practice's city, or None when it has none (or the index has no cities)."""
        return self._city_points.get(iri)

    def label(self, lang: str, iri: str) -> tuple[str, str | None] | None:
        """(text, language) of the best label of a topic, country or city for a page in *lang*, or None."""
        found = self._labels.get(lang, self._labels[TITLE_LANGUAGES[0]]).get(iri)
        return (found[0], found[1]) if found else None


def _bitset(ids, size: int) -> int:
    """The int whose bit *i* is set for each *i* in *ids* (built through bytes: linear time)."""
    buffer = bytearray((size + 7) // 8)
    for number in ids:
        buffer[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(buffer, "little")


def _set_bits(bits: int, offset: int, size: int) -> list[int]:
    """The positions of the set bits of *bits*, lowest first, skipping *offset*, at most *size*."""
    found: list[int] = []
    start = 0
    block_mask = (1 << _BLOCK) - 1
    while bits and len(found) < size:
        block = bits & block_mask
        count = block.bit_count()
        if count <= offset:  # the whole block is before the page
            offset -= count
        else:
            while block and len(found) < size:
                lowest = block & -block
                if offset:
                    offset -= 1
                else:
                    found.append(start + lowest.bit_length() - 1)
                block ^= lowest
        bits >>= _BLOCK
        start += _BLOCK
    return found


def read(path: str | os.PathLike) -> FacetIndex:
    """The facet index in the file *path* (OSError or ValueError when it cannot be read)."""
    return FacetIndex(json.loads(Path(path).read_bytes()))
