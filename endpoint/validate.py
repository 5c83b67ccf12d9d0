"""``/validate``: check a record before sending it, with the shapes and vocabularies of the release.

``POST /validate`` takes a record in Turtle, JSON-LD or N-Triples: as the request body (its
Content-Type says the format) or as a form field ``record`` (text or file upload; ``format``
names the format, else the file name's extension does). The answer is the report the build would
give about the record's nodes: HTML for people, JSON for programs (``{"conforms", "triples",
"results": [{"severity", "node", "field", "message", "value"}]}``), or the
``sh:ValidationReport`` in RDF. Nothing is stored. ``GET /validate`` is the form.
"""
from __future__ import annotations

import pyoxigraph
from flask import Blueprint, Response, current_app, json, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from icc_graph import documents
from icc_graph.errors import SourceError
from icc_graph.formats import (
    FORM,
    HTML,
    JSON,
    JSONLD,
    NTRIPLES,
    RDF_FORMATS,
    TURTLE,
    Format,
    by_extension,
    by_name,
)
from icc_graph.iris import normalise_base
from icc_graph.release import SHAPES, VOCABULARIES
from icc_graph.runtime.record_validation import (
    RecordReport,
    RecordValidator,
    TooManyTriples,
)

from .context import config, current_release
from .html import render
from .messages import translate
from .negotiation import format_param, language, negotiate

bp = Blueprint("validate", __name__)

INPUT_FORMATS = (TURTLE, JSONLD, NTRIPLES)
ANSWERS = (JSON, HTML, *RDF_FORMATS)  # JSON first: a program that accepts anything gets the findings
MULTIPART = "multipart/form-data"


@bp.get("/validate")
def form():
    """The form: paste or upload a record."""
    lang = language()
    release = current_release()
    return render("validate.html", release.base_iri, lang, translate("validate_title", lang),
                  formats=INPUT_FORMATS, report=None, record="", chosen=TURTLE), 200, {"Vary": "Accept-Language"}


@bp.post("/validate")
def validate():
    """The report about the record sent, in the negotiated format."""
    # A form's own field "format" names the record's format: only the URL's ?format= names the answer's.
    form_post = request.mimetype in (FORM, MULTIPART)
    answer = negotiate(ANSWERS, (request.args.get("format", "").strip() or None) if form_post else format_param())
    data, fmt = record_from_request()
    release = current_release()
    report = check_record(data, fmt)
    if answer is HTML:
        lang = language()
        body = render("validate.html", release.base_iri, lang, translate("validate_title", lang), formats=INPUT_FORMATS,
                      report=report, record=data.decode("utf-8", "replace"), chosen=fmt)
        return Response(body, content_type=HTML.content_type)
    if answer is JSON:
        return Response(json.dumps(as_json(report)), content_type=JSON.content_type)
    return Response(_as_rdf(report, answer, release.base_iri), content_type=answer.content_type)


def check_record(data: bytes, fmt: Format) -> RecordReport:
    """The build's verdict on one record, with the shapes and vocabularies of the release in service:
    400 when it does not parse (the line), 413 past the triple limit, 503 past the time limit."""
    release = current_release()
    if not (release.file(SHAPES).is_file() and release.file(VOCABULARIES).is_file()):
        raise BadRequest("This release publishes no shapes to validate with.")
    report_iri = f"{normalise_base(release.base_iri)}/validate"
    try:
        return validator().validate(str(release.path), release.base_iri, data, fmt, report_iri)
    except TooManyTriples as exc:
        raise RequestEntityTooLarge(str(exc)) from exc
    except SourceError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise BadRequest(f"{where}{exc.reason}") from exc


def record_from_request() -> tuple[bytes, Format]:
    """The record's bytes and format, from the body or the form."""
    if request.mimetype in (FORM, MULTIPART):
        upload = request.files.get("record")
        data = upload.read() if upload and upload.filename else request.form.get("record", "").encode("utf-8")
        named = request.form.get("format", "").strip()
        fmt = by_name(named, INPUT_FORMATS) if named else None
        if fmt is None and upload and upload.filename:
            fmt = by_extension(upload.filename.rpartition(".")[2])
        fmt = fmt or (TURTLE if not named else None)
    else:
        data, fmt = request.get_data(), by_name(request.mimetype, INPUT_FORMATS)
        if fmt is None:
            raise UnsupportedMediaType(f"Send the record as {', '.join(f.media_type for f in INPUT_FORMATS)}, "
                                       f"or as a form field 'record'; not {request.mimetype or 'no Content-Type'}.")
    if fmt is None or fmt not in INPUT_FORMATS:
        raise BadRequest(f"Unknown record format; use one of {', '.join(f.name for f in INPUT_FORMATS)}.")
    if not data.strip():
        raise BadRequest("The record is empty.")
    return data, fmt


def validator() -> RecordValidator:
    """The application's validator processes (made on first use)."""
    running = current_app.extensions.get("icc_record_validator")
    if running is None:
        running = current_app.extensions.setdefault("icc_record_validator", RecordValidator(
            timeout=float(config("VALIDATE_TIMEOUT")), max_triples=int(config("VALIDATE_MAX_TRIPLES"))))
    return running


def as_json(report: RecordReport) -> dict:
    return {"conforms": report.conforms, "triples": report.triples,
            "results": [finding.__dict__ for finding in report.findings]}


def _as_rdf(report: RecordReport, fmt: Format, base: str) -> bytes:
    triples = sorted(pyoxigraph.parse(report.report_turtle, format=pyoxigraph.RdfFormat.TURTLE), key=str)
    return documents.serialize(triples, fmt, base)
