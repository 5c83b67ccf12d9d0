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
    NotAcceptableKind,
    QueryMalformed,
    QueryRefused,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
)
from icc_graph.formats import JSON, TEXT

STATUS = (  # one status per error of icc_graph.errors (see its tree); most specific first
    (QueryMalformed, 400, "Malformed query"),
    (QueryRefused, 403, "Query refused"),
    (NotAcceptableKind, 406, "Not Acceptable"),
    (QueryTimeout, 503, "Query timeout"),
    (StoreUnavailable, 503, "Service unavailable"),
    (StoreError, 500, "Store error"),
)


def error_response(status: int, title: str, message: str) -> Response:
    if request.accept_mimetypes.best_match([TEXT.media_type, JSON.media_type]) == JSON.media_type:
        body = json.dumps({"status": status, "error": title, "message": message})
        response = Response(body, status, content_type=JSON.media_type)
    else:
        response = Response(f"{status} {title}\n\n{message}\n", status, content_type=TEXT.content_type)
    if status == 503:
        response.headers["Retry-After"] = "5"
    return response


def _store_error(error: StoreError):
    for cls, status, title in STATUS:
        if isinstance(error, cls):
            if status == 500:
                return _internal(error)
            return error_response(status, title, str(error))
    return _internal(error)


def _http_error(error: HTTPException):
    response = error_response(error.code or 500, error.name, error.description or "")
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value  # e.g. Allow on 405
    return response


def _internal(error: Exception):
    incident = uuid.uuid4().hex[:12]
    current_app.logger.error("incident %s on %s %s", incident, request.method, request.path, exc_info=error)
    return error_response(500, "Internal Server Error",
                          f"Something went wrong on our side. Incident id: {incident}.")


def register(app: Flask) -> None:
    app.register_error_handler(StoreError, _store_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _internal)
