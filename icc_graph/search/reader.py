"""Read a release's full-text index: ranked, filtered, highlighted hits.

A query's words must all match (each in a name or a summary, in English or French, stemmed);
the last word also matches as the prefix of a name's word, so a search box can answer while
someone types. Names weigh more than summaries. Filters (kind, topic, country, city, year)
narrow the hits without changing their scores.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from ..errors import StoreUnavailable
from .fields import LANGUAGES, WORD_RE, fold, normal, register_analyzers, words

FILTERS = ("kind", "topic", "country", "city", "year")
BOOSTS = {**{f"names_{lang}": 3.0 for lang in LANGUAGES}, **{f"summary_{lang}": 1.0 for lang in LANGUAGES}}
SNIPPET_CHARS = 200


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    filters: dict = field(default_factory=dict)  # name in FILTERS -> value (a slug, a kind, a year)
    limit: int = 20
    offset: int = 0
    prefix: bool = True  # the last word also matches as a prefix
    all_words: bool = True  # False: any word may match (more words matched, higher score)


@dataclass(frozen=True)
class Highlighted:
    """A text and the character ranges [start, end) the query matched in it."""
    text: str
    ranges: tuple[tuple[int, int], ...] = ()

    def segments(self) -> list[tuple[str, bool]]:
        """(piece, matched) in order: a page escapes each piece and marks the matched ones."""
        pieces, at = [], 0
        for start, end in self.ranges:
            if start > at:
                pieces.append((self.text[at:start], False))
            pieces.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            pieces.append((self.text[at:], False))
        return pieces


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    slug: str
    score: float
    labels: dict           # lang -> best name
    names: tuple[str, ...]  # every name, as compared (fields.normal)
    links: dict            # topic|country|city|year -> slugs
    title: Highlighted | None = None
    snippet: Highlighted | None = None

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or next((v for v in self.labels.values() if v), self.slug)


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]


class SearchIndex:
    """One release's index, open for reading (thread-safe; open once per release)."""

    def __init__(self, path: str | Path):
        try:
            self.index = tantivy.Index.open(str(path))
        except (ValueError, OSError) as exc:
            raise StoreUnavailable(f"the release has no search index at {path} (rebuild it: icc-graph build)") from exc
        register_analyzers(self.index)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self._labels: dict = {}

    def labels(self, kind: str, lang: str) -> dict[str, str]:
        """slug -> best name in *lang* of every thing of *kind* (read once per kind and language:
        the names of cities, countries and topics that candidates and filters show)."""
        key = (kind, lang)
        if key not in self._labels:
            every = self.search(SearchRequest("", {"kind": kind}, limit=self.searcher.num_docs, prefix=False))
            self._labels[key] = {hit.slug: hit.label(lang) for hit in every.hits}
        return self._labels[key]

    def get(self, iri: str) -> Hit | None:
        """The indexed thing *iri*, or None."""
        found = self.searcher.search(tantivy.Query.term_query(self.schema, "iri", iri), limit=1)
        return self._hit(self.searcher.doc(found.hits[0][1]), 0.0, None) if found.hits else None

    def slugs_named(self, kind: str, name: str) -> set[str]:
        """The slugs of the things of *kind* one of whose names is *name* (compared as fields.normal)."""
        query = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "folded", normal(name))),
            (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "kind", kind))])
        found = self.searcher.search(query, limit=50)
        return {self.searcher.doc(address).to_dict()["slug"][0] for _, address in found.hits}

    def search(self, request: SearchRequest, highlight: str | None = None) -> SearchResult:
        """The hits of *request*, best first; with *highlight* (a language), each hit's name and
        summary in that language with the matched words marked."""
        query = self.query(request)
        found = self.searcher.search(query, limit=max(request.limit, 0), offset=request.offset, count=True)
        typed = words(request.text)
        last = typed[-1] if typed and request.prefix else None
        highlighter = _Highlighter(self, query, highlight, last) if highlight else None
        hits = []
        for score, address in found.hits:
            doc = self.searcher.doc(address)
            hits.append(self._hit(doc, score, highlighter))
        return SearchResult(found.count, hits)

    def query(self, request: SearchRequest) -> tantivy.Query:
        clauses = []
        typed = words(request.text)
        for position, word in enumerate(typed):
            # one word at a time: the text never reaches the query language's syntax
            match = self.index.parse_query(word, list(BOOSTS), field_boosts=BOOSTS)
            if request.prefix and position == len(typed) - 1:
                match = tantivy.Query.boolean_query([
                    (tantivy.Occur.Should, match),
                    (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "prefix", fold(word))),
                ])
            clauses.append((tantivy.Occur.Must if request.all_words else tantivy.Occur.Should, match))
        if typed and not request.all_words:  # at least one of the words
            clauses = [(tantivy.Occur.Must, tantivy.Query.boolean_query(clauses))]
        for name, value in sorted(request.filters.items()):
            if value not in (None, ""):
                restrict = tantivy.Query.term_query(self.schema, name, str(value))
                clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(restrict, 0.0)))
        if not clauses:
            return tantivy.Query.all_query()
        if not typed:  # filters alone: every match scores the same, in IRI order
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    def _hit(self, doc: tantivy.Document, score: float, highlighter) -> Hit:
        values = doc.to_dict()

        def first(name):
            return (values.get(name) or [None])[0]
        title = snippet = None
        if highlighter is not None:
            title, snippet = highlighter.marks(doc, values)
        return Hit(first("iri"), first("kind"), first("slug"), float(score),
                   {lang: first(f"label_{lang}") for lang in LANGUAGES}, tuple(values.get("folded", [])),
                   {name: tuple(values.get(name, [])) for name in ("topic", "country", "city", "year")},
                   title, snippet)


class _Highlighter:
    """Marks a query's matches in a hit's name and summary, in one language (else the other)."""

    def __init__(self, index: SearchIndex, query: tantivy.Query, lang: str, prefix: str | None):
        self.prefix = prefix
        self.order = (lang, *(code for code in LANGUAGES if code != lang))
        self.generators = {}
        for code in LANGUAGES:
            for name in (f"names_{code}", f"summary_{code}"):
                generator = tantivy.SnippetGenerator.create(index.searcher, query, index.schema, name)
                generator.set_max_num_chars(SNIPPET_CHARS)
                self.generators[name] = generator

    def marks(self, doc: tantivy.Document, values: dict) -> tuple[Highlighted | None, Highlighted | None]:
        lang = next((code for code in self.order if values.get(f"names_{code}")), self.order[0])
        label = (values.get(f"label_{lang}") or [""])[0]
        title = _mark_within(label, self.generators[f"names_{lang}"].snippet_from_doc(doc), self.prefix)
        summary_lang = next((code for code in self.order if values.get(f"summary_{code}")), None)
        snippet = None
        if summary_lang:
            found = self.generators[f"summary_{summary_lang}"].snippet_from_doc(doc)
            text = found.fragment() or values[f"summary_{summary_lang}"][0][:SNIPPET_CHARS]
            snippet = Highlighted(text, _char_ranges(text, found.highlighted()) if found.fragment() else ())
        return title, snippet


def _char_ranges(text: str, ranges) -> tuple[tuple[int, int], ...]:
    """tantivy's byte offsets in *text* (UTF-8) as character offsets."""
    raw = text.encode("utf-8")
    return tuple((len(raw[:r.start].decode("utf-8", "ignore")), len(raw[:r.end].decode("utf-8", "ignore")))
                 for r in ranges)


def _mark_within(label: str, snippet, prefix: str | None) -> Highlighted:
    """The label with the words the query matched in it (the snippet may span every name), and
    the words that begin with the *prefix* typed last."""
    fragment = snippet.fragment()
    marked = {fold(fragment[start:end]) for start, end in _char_ranges(fragment, snippet.highlighted())}
    ranges = tuple(match.span() for match in WORD_RE.finditer(label)
                   if fold(match.group()) in marked or (prefix and fold(match.group()).startswith(prefix)))
    return Highlighted(label, ranges)
