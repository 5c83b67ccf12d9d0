"""Errors as HTTP answers: a status and a short message, never a traceback.

Domain errors (icc_graph.errors) map to one status each; werkzeug's HTTP errors keep theirs.
The body is plain text, or JSON (``{"status": ..., "error": ..., "message": ...}``) when the
client prefers JSON. An unexpected error is logged with an id, and the 500 answer shows the id.
"""
from __future__ import annotations

import uuid

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException

from icc_graph.errors import (
    InboxFull,
    NotAcceptableKind,
    QueryMalformed,
    QueryRefused,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
    SubmissionConflict,
    SubmissionError,
    UnknownSubmission,
)
from icc_graph.formats import JSON, TEXT

STATUS = (  # one status per error of icc_graph.errors (see its tree); most specific first
    (QueryMalformed, 400, "Malformed query"),
    (QueryRefused, 403, "Query refused"),
    (NotAcceptableKind, 406, "Not Acceptable"),
    (QueryTimeout, 503, "Query timeout"),
    (StoreUnavailable, 503, "Service unavailable"),
    (StoreError, 500, "Store error"),
    (UnknownSubmission, 404, "Not Found"),
    (SubmissionConflict, 409, "Conflict"),
    (InboxFull, 503, "Service unavailable"),
)

RETRY_AFTER_503 = "5"  # seconds, on every 503 (a timeout, a store that cannot answer now)


def client_error(error: Exception) -> tuple[int, str, str, dict[str, str]] | None:
    """(status, title, message, headers) of an error the client gets told about; None when it is
    ours (an internal error: a 500 with an incident id)."""
    if isinstance(error, HTTPException):
        headers = {name: value for name, value in error.get_headers()
                   if name.lower() not in ("content-type", "content-length")}  # e.g. Allow, Retry-After
        status, title, message = error.code or 500, error.name, error.description or ""
    elif isinstance(error, (StoreError, SubmissionError)):
        status, title = next((status, title) for cls, status, title in STATUS if isinstance(error, cls))
        if status == 500:
            return None
        headers, message = {}, str(error)
    else:
        return None
    if status == 503:
        headers.setdefault("Retry-After", RETRY_AFTER_503)
    return status, title, message, headers


def error_response(status: int, title: str, message: str, headers: dict[str, str] | None = None) -> Response:
    if request.accept_mimetypes.best_match([TEXT.media_type, JSON.media_type]) == JSON.media_type:
        body = json.dumps({"status": status, "error": title, "message": message})
        response = Response(body, status, content_type=JSON.media_type)
    else:
        response = Response(f"{status} {title}\n\n{message}\n", status, content_type=TEXT.content_type)
    response.headers.update(headers or {})
    return response


def _client_error(error: Exception):
    told = client_error(error)
    return error_response(*told) if told else _internal(error)


def _internal(error: Exception):
    incident = uuid.uuid4().hex[:12]
    current_app.logger.error("incident %s on %s %s", incident, request.method, request.path, exc_info=error)
    return error_response(500, "Internal Server Error",
                          f"Something went wrong on our side. Incident id: {incident}.")


def register(app: Flask) -> None:
    app.register_error_handler(StoreError, _client_error)
    app.register_error_handler(SubmissionError, _client_error)
    app.register_error_handler(HTTPException, _client_error)
    app.register_error_handler(Exception, _internal)
