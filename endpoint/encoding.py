"""Request text is UTF-8, read strictly: what is not UTF-8 gets a 400 that says so.

werkzeug reads every URL query string and form body as UTF-8, but keeps invalid bytes
percent-encoded: ``?query=%FF%FE`` reaches a view as the text ``%FF%FE``, a different query from
the one sent. So before any view runs, :func:`require_utf8` decodes the query string (every page's)
and a form body strictly, with the standard library's ``parse_qsl``; when that fails, or when a form
declares another charset, the request ends in 400 and nothing runs. Once it passes, werkzeug's
own parsing reads the same text. A direct query body (``application/sparql-query``, whose media
type registration fixes UTF-8) is decoded by :func:`query_body`, under the same rules.
"""
from __future__ import annotations

import codecs
from urllib.parse import parse_qsl

from flask import Flask, request
from werkzeug.exceptions import BadRequest

from icc_graph.formats import FORM, SPARQL_QUERY

UTF8 = "utf-8"


def require_utf8() -> None:
    """Refuse (400) a URL query string or a form body that is not valid UTF-8."""
    _check_parameters(request.query_string, "The URL's query string")
    if request.method == "POST" and request.mimetype == FORM:
        _check_charset("The form body", f"{FORM} bodies are read as UTF-8")
        _check_parameters(request.get_data(cache=True), "The form body")


def query_body() -> str:
    """The text of a direct POST (``application/sparql-query``): UTF-8, or 400 saying why."""
    _check_charset("The query body", f"{SPARQL_QUERY} is always UTF-8 (its media type registration says so)")
    try:
        return request.get_data(cache=True).decode(UTF8)
    except UnicodeDecodeError as exc:
        raise BadRequest(f"The query body is not valid UTF-8: {_bad_bytes(exc)}. "
                         "Send the query encoded in UTF-8.") from exc


def _check_parameters(raw: bytes, where: str) -> None:
    try:
        parse_qsl(raw.decode(UTF8), keep_blank_values=True, encoding=UTF8, errors="strict")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{where} is not valid UTF-8: {_bad_bytes(exc)}. Percent-encode the "
                         "text as UTF-8; nothing was run.") from exc


def _check_charset(what: str, rule: str) -> None:
    declared = request.mimetype_params.get("charset")
    if declared is None:
        return
    try:
        utf8 = codecs.lookup(declared).name == UTF8
    except LookupError:
        utf8 = False
    if not utf8:
        raise BadRequest(f"{what} declares charset={declared}, but {rule}. "
                         "Send it in UTF-8 (charset=utf-8, or no charset).")


def _bad_bytes(exc: UnicodeDecodeError) -> str:
    found = exc.object[exc.start:exc.end]
    return f"the byte{'s' if len(found) > 1 else ''} {' '.join(f'%{b:02X}' for b in found)} at position {exc.start}"


def register(app: Flask) -> None:
    app.before_request(require_utf8)
