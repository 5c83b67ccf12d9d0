"""Content negotiation: the one place that turns a request into a format.

Offers come from :mod:`icc_graph.formats`. A pinned format (a ``.ttl`` suffix, ``?format=``)
wins over ``Accept``; otherwise werkzeug's Accept parser picks the offer with the highest
quality, the more specific media range first, and the server's order breaks ties (so ``*/*``,
as curl sends, gets the first offer). ``q=0`` excludes a type. No ``Accept`` header means any.
"""
from __future__ import annotations

from collections.abc import Sequence

from flask import request
from werkzeug.exceptions import NotAcceptable

from icc_graph.formats import Format, by_name

LANGUAGES = ("en", "fr")


def choose(offers: Sequence[Format], pinned: str | None = None) -> Format | None:
    """The offer the request asks for, or None when none fits."""
    if pinned is not None:
        return by_name(pinned, tuple(offers)) or _by_rdflib_name(pinned, offers)
    accept = request.accept_mimetypes
    if not accept:
        return offers[0]
    named = {value.lower() for value, quality in accept if quality > 0}
    by_type: dict[str, Format] = {}
    for fmt in offers:  # an alias counts only when the client names it, so wildcards and q=0 stay exact
        for media_type in (fmt.media_type, *(alias for alias in fmt.aliases if alias in named)):
            by_type.setdefault(media_type, fmt)
    best = accept.best_match(list(by_type))
    return by_type.get(best) if best else None


def _by_rdflib_name(name: str, offers: Sequence[Format]) -> Format | None:
    """Clients such as SPARQLWrapper send rdflib-style names (``format=turtle``, ``json-ld``,
    ``xml``; ``n3``, of which Turtle is a subset)."""
    key = {"n3": "turtle"}.get(name.strip().lower(), name.strip().lower())
    return next((fmt for fmt in offers if fmt.rdflib_name == key), None)


def negotiate(offers: Sequence[Format], pinned: str | None = None) -> Format:
    """Like :func:`choose`, but 406 Not Acceptable when nothing fits."""
    fmt = choose(offers, pinned)
    if fmt is None:
        raise NotAcceptable(not_acceptable_message(offers, pinned))
    return fmt


def format_param() -> str | None:
    """The ``format`` query parameter, when given and not blank."""
    value = request.values.get("format", "").strip()
    return value or None


def not_acceptable_message(offers: Sequence[Format], pinned: str | None = None) -> str:
    available = ", ".join(f"{fmt.media_type} (format={fmt.name})" for fmt in offers)
    asked = f"format={pinned!r}" if pinned else f"Accept: {request.headers.get('Accept', '')!r}"
    return f"No representation matches {asked}. Available: {available}."


def language() -> str:
    """The page language: ``?lang=`` when supported, else Accept-Language, else English."""
    asked = request.args.get("lang", "").strip().lower()
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default=LANGUAGES[0])
