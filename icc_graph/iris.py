"""The one place the URI pattern lives: every IRI the project mints is made here, and parsed back.

- things: ``{base}/id/{kind}/{slug}``; their documents ``{base}/doc/{kind}/{slug}[.ext]``;
- vocabulary terms: ``{base}/ontology#Term``;
- the dataset ``{base}/dataset`` (its parts ``{base}/dataset#...``), the catalogue
  ``{base}/catalog`` (``#...``), the SPARQL endpoint ``{base}/sparql``, downloads ``{base}/dumps/{name}``;
- each release as a version ``{base}/releases/{id}`` (its files below it), the change feed ``{base}/changes``;
- graph names in a remote store: ``{base}/graph/meta`` and ``{base}/graph/release/{id}``.

Nothing here imports rdflib or pyoxigraph: IRIs are strings; callers wrap them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")  # \Z: "$" would also match before a final newline

# Kinds of things that get an IRI /id/{kind}/{slug}; the prefix for each is its kind name.
KINDS: tuple[str, ...] = (
    "practice", "city", "country", "topic", "year", "body", "instrument",
    "rule", "right", "group", "region", "recommendation", "scheme", "curator",
)


@dataclass(frozen=True)
class ThingRef:
    kind: str
    slug: str


def normalise_base(base: str) -> str:
    """The base IRI without a trailing slash: ``http://127.0.0.1:8080``."""
    return str(base).rstrip("/")


def slugify(text: str) -> str:
    """A stable ASCII, lowercase slug: accents dropped, runs of other characters become '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- things and their documents ---------------------------------------------------------------

def thing_iri(base: str, kind: str, slug: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return f"{normalise_base(base)}/id/{kind}/{slug}"


def kind_namespace(base: str, kind: str) -> str:
    """``{base}/id/{kind}/``: the namespace of a kind's things (its Turtle prefix)."""
    return f"{normalise_base(base)}/id/{kind}/"


def things_namespace(base: str) -> str:
    """``{base}/id/``: every thing's IRI starts with it (VoID's uriSpace)."""
    return f"{normalise_base(base)}/id/"


def doc_path(kind: str, slug: str, extension: str | None = None) -> str:
    """The site path of a thing's document: ``/doc/{kind}/{slug}`` (``.ttl`` pins a format)."""
    return f"/doc/{kind}/{slug}" + (f".{extension}" if extension else "")


def doc_url(base: str, kind: str, slug: str, extension: str | None = None) -> str:
    return normalise_base(base) + doc_path(kind, slug, extension)


def thing_path(ref: ThingRef) -> str:
    """The site path of a thing's IRI: ``/id/{kind}/{slug}``."""
    return f"/id/{ref.kind}/{ref.slug}"


def parse_thing(base: str, iri: str) -> ThingRef | None:
    """The (kind, slug) of a thing IRI minted under *base*, or None."""
    prefix = things_namespace(base)
    if not iri.startswith(prefix):
        return None
    kind, _, slug = iri[len(prefix):].partition("/")
    if kind in KINDS and SLUG_RE.match(slug):
        return ThingRef(kind, slug)
    return None


def is_valid_ref(kind: str, slug: str) -> bool:
    return kind in KINDS and bool(SLUG_RE.match(slug))


# --- the ontology ------------------------------------------------------------------------------

def ontology_iri(base: str) -> str:
    return f"{normalise_base(base)}/ontology"


def ontology_namespace(base: str) -> str:
    """``{base}/ontology#``: the namespace of the ``icc:`` terms."""
    return ontology_iri(base) + "#"


def is_ontology_term(base: str, iri: str) -> bool:
    """True for the ontology's own IRI and its terms."""
    ontology = ontology_iri(base)
    return iri == ontology or iri.startswith(ontology + "#")


# --- the dataset, its catalogue and its services -----------------------------------------------

def dataset_iri(base: str) -> str:
    return f"{normalise_base(base)}/dataset"


def dataset_part(base: str, fragment: str) -> str:
    """A part of the dataset's description (a VoID partition, a distribution): ``{base}/dataset#x``."""
    return f"{dataset_iri(base)}#{fragment}"


def catalog_iri(base: str) -> str:
    return f"{normalise_base(base)}/catalog"


def catalog_part(base: str, fragment: str) -> str:
    return f"{catalog_iri(base)}#{fragment}"


def sparql_iri(base: str) -> str:
    """The SPARQL endpoint; ``#...`` names the parts of its service description."""
    return f"{normalise_base(base)}/sparql"


def dump_url(base: str, name: str) -> str:
    """The download of one file of the release in service."""
    return f"{normalise_base(base)}/dumps/{name}"


def release_iri(base: str, release_id: str) -> str:
    """One release as a version of the dataset (``dcat:hasVersion``); its files are below it."""
    return f"{normalise_base(base)}/releases/{release_id}"


def release_file_url(base: str, release_id: str, name: str) -> str:
    """The immutable download of one file of one release: ``{base}/releases/{id}/{name}``."""
    return f"{release_iri(base, release_id)}/{name}"


def changes_iri(base: str) -> str:
    """The change feed (an Activity Streams OrderedCollection); its pages are ``/changes/page/{n}``."""
    return f"{normalise_base(base)}/changes"


def changes_page(base: str, number: int) -> str:
    return f"{changes_iri(base)}/page/{number}"


def shapes_iri(base: str) -> str:
    """The published SHACL shapes (``/shapes``); ``#Name`` is one shape (the ``shapes:`` prefix)."""
    return f"{normalise_base(base)}/shapes"


def shapes_namespace(base: str) -> str:
    return shapes_iri(base) + "#"


def quality_report_iri(base: str) -> str:
    """The release's quality report (``/curation``: a page for people, the SHACL report for
    machines); ``#result-...`` names one of its results."""
    return f"{normalise_base(base)}/curation"


def quality_graph(base: str) -> str:
    """The named graph of the release's store that holds the quality report."""
    return f"{normalise_base(base)}/graph/quality"


# --- graph names in a remote store ---------------------------------------------------------------

def meta_graph(base: str) -> str:
    """The graph holding the remote store's current-release pointer."""
    return f"{normalise_base(base)}/graph/meta"


def release_graph(base: str, release_id: str) -> str:
    """The default graph of release *release_id* in a remote store."""
    return f"{normalise_base(base)}/graph/release/{release_id}"
