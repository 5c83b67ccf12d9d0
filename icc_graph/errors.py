"""The project's error tree: every error it raises on purpose, each meaning one thing.

The endpoint answers each with one HTTP status (``endpoint/errors.py``); the command line with one
exit code (``icc_graph/cli.py``).

    IccGraphError
     ├── SourceError          a source file cannot be read (file, line, reason)       exit 1
     │    ├── ImportError_    an import source is unusable; nothing written          exit 1
     │    └── WorklistError   worklist cells are unusable (sheet, row, column each); nothing written  exit 1
     ├── ValidationFailed     the graph does not conform to the shapes (the report)   exit 1
     ├── ShapesError          the shapes or the ontology themselves are broken        exit 1
     ├── PublishError         a release could not be written (the previous one stays) exit 3
     ├── SubmissionError      a submission cannot be taken or decided (nothing written)  exit 1
     │    ├── UnknownSubmission  no submission has that id (or it was decided)         404
     │    ├── SubmissionConflict the record claims an IRI that is taken                  409
     │    └── InboxFull        the inbox holds its most pending submissions             503
     └── StoreError           the query store failed                                  500
          ├── QueryMalformed   the parser rejected the query (the parser's message)   400
          ├── QueryRefused     valid, but not allowed here (update, SERVICE, ...)     403
          ├── NotAcceptableKind  the result's kind has no format the client accepts   406
          ├── QueryTimeout     evaluation ran past the configured time limit          503
          └── StoreUnavailable the store cannot answer now (down, busy, no release)   503
"""
from __future__ import annotations


class IccGraphError(Exception):
    """Base of every error this project raises on purpose."""


class SourceError(IccGraphError):
    """A source file cannot be read; names the file and, where known, the line."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = str(path), reason, line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class ImportError_(SourceError):  # noqa: N801 - avoid shadowing the builtin ImportError
    """An import source is unusable; nothing was written."""


class WorklistError(SourceError):
    """Cells of a curators' worklist cannot be used; ``problems`` names each (sheet, row, column,
    reason). Nothing was written."""

    def __init__(self, path: str, problems: list[str]):
        self.problems = list(problems)
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        super().__init__(path, f"{count}, nothing was written:\n" + "\n".join(self.problems))


class ValidationFailed(IccGraphError):
    """The data does not conform; ``report`` holds the violations."""

    def __init__(self, report):  # report: icc_graph.build.validation.ValidationReport
        self.report = report
        super().__init__(report.text())


class ShapesError(IccGraphError):
    """The shapes graph or the ontology is broken (not the data)."""


class PublishError(IccGraphError):
    """A release could not be written; the release in service is untouched."""


class SubmissionError(IccGraphError):
    """A submission cannot be taken into the inbox, or a curator's decision cannot be applied."""


class UnknownSubmission(SubmissionError):
    """No submission has this id, or none that is still waiting for a decision."""


class SubmissionConflict(SubmissionError):
    """The record claims an IRI that another practice (published, pending or in data/) holds."""


class InboxFull(SubmissionError):
    """The inbox holds as many pending submissions as it may; a curator must decide some first."""


class StoreError(IccGraphError):
    """The query store failed."""


class QueryMalformed(StoreError):
    """The SPARQL parser rejected the query; the message is the parser's."""


class QueryRefused(StoreError):
    """The query is well formed but not allowed on this read-only endpoint."""


class NotAcceptableKind(StoreError):
    """The query's result kind (solutions, boolean or graph) has no format the client accepts."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(f"no acceptable format for a {kind} result")


class QueryTimeout(StoreError):
    """Evaluation was stopped after the configured timeout."""


class StoreUnavailable(StoreError):
    """The store cannot answer now: unreachable, out of query processes, or holding no release."""
