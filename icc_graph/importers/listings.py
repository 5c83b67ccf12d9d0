"""Which topics an ICC listing page stands for: the ``foaf:page`` links of data/vocabularies/topics.ttl.

The ICC site gathered practices on topic pages (``.../interculturalcities/business``, ...). A
practice the table saw on such a page gets the topic as a *derived* fact (records.DerivedTopic):
published with the page it was derived from, until a curator confirms or rejects it. Which page
stands for which topic is data, not code: each topic names its listing pages with ``foaf:page``.

Pages are compared by :func:`page_key`: without scheme, ``www.``, the language segment (``/en/``,
``/fr/``, ...), query, fragment or trailing slash, and whatever their case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from rdflib.namespace import FOAF, SKOS

from .records import NS, parse_record_text

LANGUAGE_SEGMENT = re.compile(r"[a-z]{2}")  # /en/, /fr/, /sq/, ... as the first segment of a coe.int path


def page_key(url: str) -> str:
    """What two addresses of the same listing page have in common: host without ``www.`` and the
    path without its language segment, lowercased."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [segment for segment in parts.path.lower().split("/") if segment]
    if segments and LANGUAGE_SEGMENT.fullmatch(segments[0]):
        segments = segments[1:]
    return f"{host}/{'/'.join(segments)}"


@dataclass
class ListingPages:
    """Listing page (its key) -> the slugs of the topics it gathers practices of."""

    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def topics_of(self, url: str) -> tuple[str, ...]:
        return self.topics.get(page_key(url), ())

    def derived(self, pages: list[str]) -> dict[str, tuple[str, ...]]:
        """Topic slug -> the pages among *pages* that list practices of it (each page once, in order)."""
        found: dict[str, list[str]] = {}
        for page in pages:
            for topic in self.topics_of(page):
                if page not in found.setdefault(topic, []):
                    found[topic].append(page)
        return {topic: tuple(found[topic]) for topic in sorted(found)}


def load_listing_pages(data_dir: Path) -> ListingPages:
    """The listing pages the topic list names (none when there is no topic list)."""
    path = data_dir / "vocabularies" / "topics.ttl"
    listing = ListingPages()
    if not path.is_file():
        return listing
    graph = parse_record_text(path.read_text(encoding="utf-8"))
    prefix = str(NS["topic"])
    found: dict[str, set[str]] = {}
    for topic in graph.subjects(SKOS.inScheme, NS["scheme"].topics):
        if not str(topic).startswith(prefix):
            continue
        for page in graph.objects(topic, FOAF.page):
            found.setdefault(page_key(str(page)), set()).add(str(topic)[len(prefix):])
    listing.topics = {key: tuple(sorted(slugs)) for key, slugs in sorted(found.items())}
    return listing
