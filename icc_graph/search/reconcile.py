"""Reconciliation: which things of a release a name (and a few facts) in someone's table stands
for, scored, as the W3C Entity Reconciliation Community Group's API answers (docs/search.md).

Candidates come from the full-text index (any word of the name), then are scored 0-100: how alike
the name is to the candidate's closest name (difflib's ratio over folded words; 100 when equal),
+10 for each property that agrees (a practice's city, country, topic or year; a city's country),
-30 for each that disagrees (a candidate without the property is neither). A candidate is a
``match`` when its name is equal, no property disagrees, and no other candidate is the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from ..iris import parse_thing
from .reader import Hit, SearchIndex, SearchRequest
from .fields import normal

POOL = 25  # candidates read from the index per type, before scoring
AGREE, DISAGREE = 10.0, 30.0


@dataclass(frozen=True)
class MatchProperty:
    """A property a query may give: which link of a candidate it is compared with, and the kind
    of thing its values name (None: a literal, the year)."""
    id: str
    link: str
    kind: str | None
    name: dict  # lang -> name


MATCH_PROPERTIES = {prop.id: prop for prop in (
    MatchProperty("city", "city", "city", {"en": "City", "fr": "Ville"}),
    MatchProperty("country", "country", "country", {"en": "Country", "fr": "Pays"}),
    MatchProperty("topic", "topic", "topic", {"en": "Topic", "fr": "Thème"}),
    MatchProperty("year", "year", None, {"en": "Year", "fr": "Année"}),
)}


@dataclass(frozen=True)
class Query:
    text: str
    kinds: tuple[str, ...] = ()  # none: any kind the index holds
    limit: int = 5
    properties: tuple[tuple[str, tuple], ...] = ()  # (property id, values)


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    score: float
    match: bool
    features: tuple[tuple[str, object], ...]


def reconcile(index: SearchIndex, query: Query, base: str) -> list[Candidate]:
    """The candidates for *query*, best first (at most ``query.limit``)."""
    pool: dict[str, Hit] = {}
    for kind in query.kinds or (None,):
        found = index.search(SearchRequest(query.text, {"kind": kind} if kind else {}, limit=POOL,
                                           prefix=False, all_words=False))
        for hit in found.hits:
            pool.setdefault(hit.iri, hit)
    wanted = [(MATCH_PROPERTIES[pid], _slugs(index, MATCH_PROPERTIES[pid], values, base))
              for pid, values in query.properties if pid in MATCH_PROPERTIES]
    name = normal(query.text)
    scored = []
    for rank, hit in enumerate(pool.values()):
        similarity = max((1.0 if known == name else SequenceMatcher(None, name, known).ratio()
                          for known in hit.names), default=0.0)
        features, agree, disagree = [("name", round(similarity * 100, 2))], 0, 0
        for prop, slugs in wanted:
            have = set(hit.links.get(prop.link, ()))
            if have:
                agrees = bool(have & slugs)
                agree, disagree = agree + agrees, disagree + (not agrees)
                features.append((f"property_{prop.id}", agrees))
        score = min(100.0, max(0.0, similarity * 100 + AGREE * agree - DISAGREE * disagree))
        scored.append((score, -rank, hit, similarity == 1.0 and not disagree, tuple(features)))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    exact = [item for item in scored if item[3]]
    return [Candidate(hit, round(score, 2), bool(exact) and len(exact) == 1 and item_index == 0 and certain,
                      features)
            for item_index, (score, _, hit, certain, features) in enumerate(scored[:max(query.limit, 0)])]


def _slugs(index: SearchIndex, prop: MatchProperty, values, base: str) -> set[str]:
    """The slugs (or years) the values of a query's property stand for: an IRI or a slug of this
    release, an object {"id": ...}, or a name looked up among the things of the property's kind."""
    found = set()
    for value in values:
        if isinstance(value, dict):
            value = value.get("id", "")
        text = str(value).strip()
        if prop.kind is None:
            found.add(text[:4])
            continue
        ref = parse_thing(base, text)
        if ref is not None:
            found.add(ref.slug)
        else:
            found |= index.slugs_named(prop.kind, text) | ({text} if text in index.labels(prop.kind, "en") else set())
    return found
