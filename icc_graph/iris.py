"""The one place the URI pattern lives: mint IRIs and parse them back.

Things are ``{base}/id/{kind}/{slug}``; their documents ``{base}/doc/{kind}/{slug}``;
vocabulary terms ``{base}/ontology#Term``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .namespaces import KINDS, normalise_base

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


@dataclass(frozen=True)
class ThingRef:
    kind: str
    slug: str


def slugify(text: str) -> str:
    """A stable ASCII, lowercase slug: accents dropped, runs of other characters become '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def thing_iri(base: str, kind: str, slug: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return f"{normalise_base(base)}/id/{kind}/{slug}"


def doc_url(base: str, kind: str, slug: str, extension: str | None = None) -> str:
    suffix = f".{extension}" if extension else ""
    return f"{normalise_base(base)}/doc/{kind}/{slug}{suffix}"


def ontology_iri(base: str) -> str:
    return f"{normalise_base(base)}/ontology"


def parse_thing(base: str, iri: str) -> ThingRef | None:
    """The (kind, slug) of a thing IRI minted under *base*, or None."""
    prefix = f"{normalise_base(base)}/id/"
    if not iri.startswith(prefix):
        return None
    kind, _, slug = iri[len(prefix):].partition("/")
    if kind in KINDS and SLUG_RE.match(slug):
        return ThingRef(kind, slug)
    return None


def is_valid_ref(kind: str, slug: str) -> bool:
    return kind in KINDS and bool(SLUG_RE.match(slug))
