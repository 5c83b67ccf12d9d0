"""Validate a record sent over HTTP against a release's shapes and vocabularies, in a process that
can be stopped: what ``POST /validate`` runs.

A validator process parses a release's ``shapes.ttl`` and ``vocabularies.ttl`` once (a new release
is read on its first job), then for each job parses the record (Oxigraph's parser: a syntax error
names its line and column), validates record + vocabularies exactly as the build does
(:func:`icc_graph.build.validation.validate`), and keeps the results about the record's own nodes.
Nothing is stored. Past the time limit the process is killed (503); a record with too many triples
is refused before it is validated (413).
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph
from rdflib import BNode, Graph

from ..errors import IccGraphError, SourceError
from ..formats import RDF_FORMATS, Format, by_name
from ..settings import Defaults
from ..terms import to_rdflib
from .process_pool import ProcessPool, answer_messages, call


class TooManyTriples(IccGraphError):
    """The record holds more triples than a validation may take."""


@dataclass(frozen=True)
class Finding:
    """One result about the record: what a person fixes."""

    severity: str         # "Violation", "Warning" or "Info"
    node: str             # the IRI (or blank node label) the result is about
    field: str | None     # the property, when the result is about one
    message: str
    value: str | None     # the offending value, as N-Triples text


@dataclass(frozen=True)
class RecordReport:
    triples: int
    findings: tuple[Finding, ...]
    report_turtle: bytes  # the same results as a sh:ValidationReport

    @property
    def conforms(self) -> bool:
        """Publishable: no violation (warnings are gaps a curator closes)."""
        return not any(finding.severity == "Violation" for finding in self.findings)


class RecordValidator:
    """A few validator processes; each validation limited to *timeout* seconds."""

    def __init__(self, size: int = 1, timeout: float = Defaults.VALIDATE_TIMEOUT,
                 max_triples: int = Defaults.VALIDATE_MAX_TRIPLES):
        self.timeout, self.max_triples = float(timeout), int(max_triples)
        self.pool = ProcessPool(_validator_main, "icc-record-validator", size, self.timeout)

    def validate(self, release_path: str, base_iri: str, data: bytes, fmt: Format, report_iri: str) -> RecordReport:
        reply = call(self.pool, (release_path, base_iri, data, fmt.name, self.max_triples, report_iri),
                     died="The record could not be validated: it is too large or too deeply nested.",
                     timed_out=f"Validating the record took longer than {self.timeout:g} s (the time limit).")
        status = reply[0]
        if status == "malformed":
            raise SourceError("record", reply[1], line=reply[2])
        if status == "too_many":
            raise TooManyTriples(f"The record holds {reply[1]} triples; at most {self.max_triples} are validated "
                                 "at once. Send one practice (with its parts) at a time.")
        _, triples, findings, turtle = reply
        return RecordReport(triples, tuple(Finding(**finding) for finding in findings), turtle)

    def close(self) -> None:
        self.pool.close()


# ---- inside a validator process -------------------------------------------------------------

def _validator_main(conn) -> None:
    releases: dict = {}  # release path -> (vocabularies graph, shapes graph): the newest only
    answer_messages(conn, lambda job: _answer(job, releases))


def _answer(job, releases: dict):
    # The build's validation (pyshacl) loads in validator processes only, not in the web server's.
    from ..build.quality import report_graph
    from ..build.validation import validate

    release_path, base, data, format_name, max_triples, report_iri = job
    if release_path not in releases:
        releases.clear()
        releases[release_path] = (Graph().parse(f"{release_path}/vocabularies.ttl", format="turtle"),
                                  Graph().parse(f"{release_path}/shapes.ttl", format="turtle"))
    vocabularies, shapes = releases[release_path]
    fmt = by_name(format_name, RDF_FORMATS)
    record, blank_nodes = Graph(), {}
    try:
        for triple in pyoxigraph.parse(data, format=fmt.oxigraph, base_iri=f"{base}/"):
            record.add(tuple(to_rdflib(term, blank_nodes) for term in (triple.subject, triple.predicate, triple.object)))
            if len(record) > max_triples:
                return ("too_many", f"more than {max_triples}")
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        reason = str(exc.msg if isinstance(exc, SyntaxError) and exc.msg else exc)
        return ("malformed", f"the record is not valid {fmt.label}: {reason}", line)
    own = set(record.subjects()) | {o for o in record.objects() if isinstance(o, BNode)}
    report = validate(vocabularies + record, shapes, workers=1)
    kept = [result for result in report.results if result.focus in own]
    report.results[:] = kept
    findings = [{"severity": str(r.severity).rpartition("#")[2], "node": str(r.focus),
                 "field": str(r.path) if r.path is not None and not isinstance(r.path, BNode) else None,
                 "message": r.message, "value": r.value.n3() if r.value is not None else None} for r in kept]
    turtle = report_graph(report, base, report_iri).serialize(format="turtle", encoding="utf-8")
    return ("ok", len(record), findings, turtle)
