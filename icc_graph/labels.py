"""What names a thing: the one list of label properties, best first, and how to pick a label.

A page shows a thing by its best label in the reader's language (else English, else any); a
document (``/doc/...``, ``DESCRIBE``) carries the labels of everything it links to, so a client
can name the links without another request.
"""
from __future__ import annotations

LABEL_PROPERTIES: tuple[str, ...] = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "https://schema.org/name",
)


def rank(prop: str, text: str, language: str | None, lang: str) -> tuple:
    """Sort key of a label: in *lang* first, then English, then any; then by property; then text."""
    language = (language or "").lower()
    language_rank = 0 if language == lang else 1 if language == "en" else 2
    return (language_rank, LABEL_PROPERTIES.index(prop), text)
