"""The SPARQL behind the HTML pages: reading rows, picking labels, and the practice browser.

Every function takes a *store* and asks it SELECT queries only. :func:`select` is the one place
that knows how to talk to it, so adopting another store interface is a change here alone.
Relative IRIs in the queries (``<ontology#>``, ``<id/topic/>``) resolve against the base IRI, as
the Turtle files in ``data/`` do.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import pyoxigraph
from rdflib import Literal, URIRef

from icc_graph.facet_index import FacetIndex
from icc_graph.iris import SLUG_RE, normalise_base, parse_thing, thing_iri
from icc_graph.labels import LABEL_PROPERTIES, rank
from icc_graph.terms import rows_to_rdflib, sparql_iri

PREFIXES = """\
PREFIX icc: <ontology#>
PREFIX scheme: <id/scheme/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX schema: <https://schema.org/>
"""

PAGE_SIZE = 20


# --- talking to the store ---------------------------------------------------------------------

def select(store, base: str, query: str) -> list[dict]:
    """Run a page's SELECT; rows are dicts of variable name -> rdflib term (unbound ones left out).

    *store* is the endpoint's Store (:class:`icc_graph.store.base.Store`: its ``select`` resolves
    relative IRIs against its base), or a bare pyoxigraph Store (tests, scripts).
    """
    if not isinstance(store, pyoxigraph.Store):
        return store.select(PREFIXES + query)
    return rows_to_rdflib(store.query(PREFIXES + query, base_iri=normalise_base(base) + "/"))


# --- labels -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Label:
    text: str
    lang: str | None  # the language of the text, for the HTML lang attribute


def labels(store, base: str, iris, lang: str) -> dict[str, Label]:
    """The best label of each IRI: in *lang*, else English, else any; IRIs with none are left out."""
    wanted = sorted({str(iri) for iri in iris if isinstance(iri, URIRef) or isinstance(iri, str)})
    if not wanted:
        return {}
    # One block of (subject, property) pairs: two separate VALUES blocks make Oxigraph join
    # them late (110 ms at 10k practices instead of 2 ms).
    pairs = " ".join(f"({sparql_iri(iri)} {sparql_iri(prop)})" for iri in wanted for prop in LABEL_PROPERTIES)
    rows = select(store, base, f"""
        SELECT ?s ?p ?label WHERE {{
          VALUES (?s ?p) {{ {pairs} }}
          ?s ?p ?label FILTER(isLiteral(?label))
        }}""")
    return _best_labels(((row["s"], row["p"], row["label"]) for row in rows), lang)


def _best_labels(statements, lang: str) -> dict[str, Label]:
    """The best label of each subject of the (subject, label property, literal) *statements*."""
    best: dict[str, tuple] = {}
    for subject, prop, literal in statements:
        subject, order = str(subject), rank(str(prop), str(literal), literal.language, lang)
        if subject not in best or order < best[subject][0]:
            best[subject] = (order, literal)
    return {subject: Label(str(literal), literal.language) for subject, (_, literal) in best.items()}


@dataclass(frozen=True)
class DocumentNames:
    """The names a document already holds (:mod:`icc_graph.documents`): every IRI among its
    subjects and objects comes with all its labels, so only the others (its properties) are asked."""

    names: dict[str, Label]
    covered: frozenset[str]

    @classmethod
    def of(cls, triples, lang: str) -> "DocumentNames":
        """The names in a document's rdflib *triples*, for a page in *lang*."""
        properties = {URIRef(prop) for prop in LABEL_PROPERTIES}
        named = _best_labels(((s, p, o) for s, p, o in triples if p in properties and isinstance(o, Literal)), lang)
        covered = {str(term) for s, _, o in triples for term in (s, o) if isinstance(term, URIRef)}
        return cls(named, frozenset(covered))

    def labels(self, store, base: str, iris, lang: str) -> dict[str, Label]:
        """:func:`labels` of *iris*, asking the store only for those the document does not cover."""
        wanted = {str(iri) for iri in iris if isinstance(iri, (URIRef, str))}
        known = {iri: self.names[iri] for iri in wanted if iri in self.names}
        return known | labels(store, base, sorted(wanted - self.covered), lang)


# --- the practice browser ---------------------------------------------------------------------

class BadFilter(ValueError):
    """A browser parameter is malformed; the message says which and why."""


@dataclass(frozen=True)
class Filters:
    topic: str | None = None     # a topic slug
    country: str | None = None   # a country slug
    year: int | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Read and check ``topic``, ``country``, ``year`` and ``page`` from request arguments."""
        values = {}
        for name in ("topic", "country"):
            slug = (args.get(name) or "").strip()
            if slug and not SLUG_RE.match(slug):
                raise BadFilter(f"'{name}' must be a slug such as 'refugees' (lowercase letters, digits, hyphens)")
            values[name] = slug or None
        for name, low in (("year", 1000), ("page", 1)):
            text = (args.get(name) or "").strip()
            if text and not (text.isascii() and text.isdigit() and low <= int(text) <= 9999):
                raise BadFilter(f"'{name}' must be a number" + (" of four digits" if name == "year" else " from 1"))
            if text:
                values[name] = int(text)
        return cls(**values)

    def params(self, **changes) -> dict[str, str]:
        """The query parameters of this state (with *changes*), in a fixed order: a stable URL."""
        state = replace(self, **changes)
        pairs = (("topic", state.topic), ("country", state.country), ("year", state.year),
                 ("page", state.page if state.page > 1 else None))
        return {name: str(value) for name, value in pairs if value is not None}

    def chosen(self, base: str) -> dict[str, str]:
        """The filter as facet index keys: dimension -> IRI (topic, country) or year."""
        found = {name: thing_iri(base, name, getattr(self, name)) for name in ("topic", "country")
                 if getattr(self, name)}
        if self.year is not None:
            found["year"] = f"{self.year:04d}"
        return found

    def patterns(self, base: str) -> str:
        """SPARQL triple patterns that restrict ``?practice`` to this filter state."""
        lines = []
        if self.topic:
            lines.append(f"?practice dcterms:subject {sparql_iri(thing_iri(base, 'topic', self.topic))} .")
        if self.country:
            lines.append(f"?practice icc:country {sparql_iri(thing_iri(base, 'country', self.country))} .")
        if self.year is not None:
            lines.append(f'?practice icc:year "{self.year:04d}"^^xsd:gYear .')
        return "\n".join(lines)


@dataclass
class FacetValue:
    value: str           # slug (topic, country) or year
    label: str
    lang: str | None
    count: int
    selected: bool


@dataclass
class PracticeRow:
    iri: str
    title: str
    lang: str | None
    year: str | None
    countries: list[Label] = field(default_factory=list)


@dataclass
class BrowseResult:
    total: int
    pages: int
    rows: list[PracticeRow]
    facets: dict[str, list[FacetValue]]


def counts(store, base: str) -> dict[str, int]:
    """How many practices, cities, countries (with a practice), topics and bodies the release holds."""
    rows = select(store, base, """
        SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
          { ?x a icc:Practice BIND("practices" AS ?what) }
          UNION { ?x a icc:City BIND("cities" AS ?what) }
          UNION { ?practice a icc:Practice ; icc:country ?x BIND("countries" AS ?what) }
          UNION { ?x skos:inScheme scheme:topics BIND("topics" AS ?what) }
          UNION { ?x a ?class . ?class rdfs:subClassOf* icc:Body BIND("bodies" AS ?what) }
        } GROUP BY ?what""")
    found = {key: 0 for key in ("practices", "cities", "countries", "topics", "bodies")}
    found.update({str(row["what"]): int(row["n"]) for row in rows})
    return found


def count_practices(store, base: str, filters: Filters) -> int:
    rows = select(store, base, f"""
        SELECT (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?practice a icc:Practice . {filters.patterns(base)}
        }}""")
    return int(rows[0]["n"]) if rows else 0


def facet_counts(store, base: str, filters: Filters, lang: str) -> dict[str, list[FacetValue]]:
    """For each filter (topic, country, year), every value the filtered practices have and how many."""
    rows = select(store, base, f"""
        SELECT ?dim ?value (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?practice a icc:Practice . {filters.patterns(base)}
          {{ ?practice dcterms:subject ?value . ?value skos:inScheme scheme:topics . BIND("topic" AS ?dim) }}
          UNION {{ ?practice icc:country ?value . BIND("country" AS ?dim) }}
          UNION {{ ?practice icc:year ?value . BIND("year" AS ?dim) }}
        }} GROUP BY ?dim ?value""")
    found = [(str(row["dim"]), row["value"], int(row["n"])) for row in rows]
    return _facets(base, filters, found, labels(store, base, [value for _, value, _ in found
                                                              if isinstance(value, URIRef)], lang))


def indexed_facets(base: str, filters: Filters, lang: str, index: FacetIndex,
                   counts: dict) -> dict[str, list[FacetValue]]:
    """Facet values with their counts and labels from the release's facet index."""
    found = [(dim, Literal(value) if dim == "year" else URIRef(value), count)
             for dim, values in counts.items() for value, count in values.items()]
    return _facets(base, filters, found, indexed_labels(index, lang, counts["topic"].keys() | counts["country"].keys()))


def unfiltered_facets(store, base: str, lang: str, index: FacetIndex | None) -> dict[str, list[FacetValue]]:
    """Every facet value and its count over the whole release: from the facet index, else SPARQL."""
    if index is None:
        return facet_counts(store, base, Filters(), lang)
    return indexed_facets(base, Filters(), lang, index, index.select(lang, {}).counts)


def indexed_labels(index: FacetIndex, lang: str, iris) -> dict[str, Label]:
    """The labels the facet index keeps for these IRIs (those it has none for are left out)."""
    return {iri: Label(*found) for iri in iris if (found := index.label(lang, iri)) is not None}


def _facets(base: str, filters: Filters, rows, names: dict[str, Label]) -> dict[str, list[FacetValue]]:
    """(dimension, value, count) rows as the browser shows them: labelled, marked, sorted."""
    facets: dict[str, list[FacetValue]] = {"topic": [], "country": [], "year": []}
    for dim, value, count in rows:
        if dim == "year":
            key = str(value)
            facets[dim].append(FacetValue(key, key, None, count, filters.year is not None
                                          and key == f"{filters.year:04d}"))
            continue
        ref = parse_thing(base, str(value))
        if ref is None:
            continue
        label = names.get(str(value), Label(ref.slug, None))
        facets[dim].append(FacetValue(ref.slug, label.text, label.lang, count,
                                      ref.slug == getattr(filters, dim)))
    for dim, values in facets.items():
        if dim == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (v.label.casefold(), v.value))
    return facets


def practice_page(store, base: str, filters: Filters, lang: str, size: int = PAGE_SIZE) -> list[PracticeRow]:
    """One page of the filtered practices, ordered by their title in *lang* (else English, else any)."""
    return _practice_rows(store, base, lang, f"?practice a icc:Practice . {filters.patterns(base)}", f"""
        ORDER BY LCASE(STR(?title)) ?practice
        LIMIT {size} OFFSET {(filters.page - 1) * size}""")


def _practice_rows(store, base: str, lang: str, where: str, modifiers: str) -> list[PracticeRow]:
    """Title (in *lang*, else English, else any), year and countries of the practices *where* binds."""
    rows = select(store, base, f"""
        SELECT ?practice (COALESCE(MIN(?t1), MIN(?t2), MIN(?t3)) AS ?title) (MIN(?y) AS ?year)
               (GROUP_CONCAT(DISTINCT STR(?country); separator=" ") AS ?countries)
        WHERE {{
          {where}
          OPTIONAL {{ ?practice dcterms:title ?t1 FILTER(LANG(?t1) = "{lang}") }}
          OPTIONAL {{ ?practice dcterms:title ?t2 FILTER(LANG(?t2) = "en") }}
          OPTIONAL {{ ?practice dcterms:title ?t3 }}
          OPTIONAL {{ ?practice icc:year ?y }}
          OPTIONAL {{ ?practice icc:country ?country }}
        }}
        GROUP BY ?practice {modifiers}""")
    country_iris = {iri for row in rows for iri in str(row.get("countries", "")).split()}
    names = labels(store, base, country_iris, lang)
    result = []
    for row in rows:
        title = row.get("title")
        result.append(PracticeRow(
            iri=str(row["practice"]),
            title=str(title) if title is not None else str(row["practice"]).rsplit("/", 1)[-1],
            lang=getattr(title, "language", None),
            year=str(row["year"]) if "year" in row else None,
            countries=[names[iri] for iri in sorted(str(row.get("countries", "")).split()) if iri in names],
        ))
    return result


def browse(store, base: str, filters: Filters, lang: str, index: FacetIndex | None = None,
           size: int = PAGE_SIZE) -> BrowseResult:
    """One page of the browser. With the release's facet *index*, the total, the facet counts and
    the page's members are lookups in it; without (a remote store ahead of the release directory),
    SPARQL aggregates over the store."""
    if index is None:
        total = count_practices(store, base, filters)
        pages = max(1, -(-total // size))
        rows = practice_page(store, base, filters, lang, size) if filters.page <= pages else []
        return BrowseResult(total, pages, rows, facet_counts(store, base, filters, lang))
    selection = index.select(lang, filters.chosen(base))
    pages = max(1, -(-selection.total // size))
    members = index.page(lang, selection, (filters.page - 1) * size, size) if filters.page <= pages else []
    names = indexed_labels(index, lang, {country for member in members for country in member.countries})
    rows = [PracticeRow(member.iri, member.title or member.iri.rsplit("/", 1)[-1], member.title_lang, member.year,
                        [names[country] for country in member.countries if country in names])
            for member in members]
    return BrowseResult(selection.total, pages, rows, indexed_facets(base, filters, lang, index, selection.counts))
