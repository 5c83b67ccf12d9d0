"""THE format table: one row per representation the project reads or writes.

Each row ties a media type to its file extension, its short name (``?format=``),
the rdflib plugin name and the pyoxigraph format. Publishing and the endpoint
both read this table; nothing else spells a media type.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph


@dataclass(frozen=True)
class Format:
    name: str            # short name, as in ?format=
    media_type: str
    extension: str       # without the dot
    label: str
    rdflib_name: str | None = None
    oxigraph: object | None = None  # pyoxigraph.RdfFormat or QueryResultsFormat
    aliases: tuple[str, ...] = ()  # other media types that mean the same

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text formats carry their charset)."""
        if self.media_type.startswith("text/") or self.media_type.endswith(("+xml", "+json", "/json")):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


TURTLE = Format("ttl", "text/turtle", "ttl", "Turtle", "turtle", pyoxigraph.RdfFormat.TURTLE,
                ("application/x-turtle",))
JSONLD = Format("jsonld", "application/ld+json", "jsonld", "JSON-LD", "json-ld", pyoxigraph.RdfFormat.JSON_LD)
RDFXML = Format("rdf", "application/rdf+xml", "rdf", "RDF/XML", "xml", pyoxigraph.RdfFormat.RDF_XML)
NTRIPLES = Format("nt", "application/n-triples", "nt", "N-Triples", "nt", pyoxigraph.RdfFormat.N_TRIPLES,
                  ("text/plain",))
HTML = Format("html", "text/html", "html", "HTML", aliases=("application/xhtml+xml",))

RDF_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, RDFXML, NTRIPLES)

RESULTS_JSON = Format("json", "application/sparql-results+json", "srj", "SPARQL JSON", "json",
                      pyoxigraph.QueryResultsFormat.JSON, ("application/json",))
RESULTS_XML = Format("xml", "application/sparql-results+xml", "srx", "SPARQL XML", "xml",
                     pyoxigraph.QueryResultsFormat.XML, ("application/xml",))
RESULTS_CSV = Format("csv", "text/csv", "csv", "CSV", "csv", pyoxigraph.QueryResultsFormat.CSV)
RESULTS_TSV = Format("tsv", "text/tab-separated-values", "tsv", "TSV", "tsv",
                     pyoxigraph.QueryResultsFormat.TSV)

RESULT_FORMATS: tuple[Format, ...] = (RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV)


def by_name(name: str, formats: tuple[Format, ...]) -> Format | None:
    """The format with this short name, extension or media type, among *formats*."""
    key = name.strip().lower()
    for fmt in formats:
        if key in (fmt.name, fmt.extension, fmt.media_type, *fmt.aliases):
            return fmt
    return None


def by_extension(extension: str) -> Format | None:
    """The RDF or HTML format that a document suffix (``.ttl``) pins."""
    return by_name(extension.lstrip("."), RDF_FORMATS + (HTML,))


# --- other media types the project reads or writes ------------------------------------------------

JSON = Format("json", "application/json", "json", "JSON")
TEXT = Format("txt", "text/plain", "txt", "plain text")
JAVASCRIPT = Format("js", "application/javascript", "js", "JavaScript")  # JSONP answers
OPENSEARCH = Format("opensearch", "application/opensearchdescription+xml", "xml", "OpenSearch description")
SUGGESTIONS = Format("suggestions", "application/x-suggestions+json", "json", "OpenSearch suggestions")
GZIP = "application/gzip"
SPARQL_QUERY = "application/sparql-query"   # a query as a POST body
SPARQL_UPDATE = "application/sparql-update"  # an update as a POST body (refused here)
FORM = "application/x-www-form-urlencoded"

# The Content-Type of each kind of file a release publishes, by the end of its name.
FILE_MEDIA_TYPES: tuple[tuple[str, str], ...] = (
    (".nt.gz", GZIP),
    (".ttl", TURTLE.content_type),
    (".jsonld", JSONLD.media_type),
    (".json", JSON.media_type),
    (".jsonl", "application/jsonl"),  # the change feed's activities, one JSON object a line
    (".sqlite", "application/vnd.sqlite3"),  # the labels of every IRI (icc_graph.label_index)
    ("SHA256SUMS", TEXT.content_type),
)


def file_media_type(name: str) -> str:
    """The Content-Type a release file is served with (``application/octet-stream`` if unknown)."""
    for ending, media_type in FILE_MEDIA_TYPES:
        if name.endswith(ending):
            return media_type
    return "application/octet-stream"
