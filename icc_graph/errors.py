"""The project's error tree. Domain errors only; the endpoint maps each to one HTTP status.

    IccGraphError
     ├── SourceError          a record file in data/ cannot be read (file, line, reason)
     ├── ValidationFailed     the graph does not conform to the shapes (carries the report)
     ├── ShapesError          the shapes or the ontology themselves are broken
     ├── PublishError         a release could not be written (the previous one is untouched)
     ├── ImportError_         an import source is unusable (file, line, reason); nothing written
     └── StoreError           the query store failed
          ├── QueryMalformed  the parser rejected the query (message is the parser's)
          ├── QueryRefused    the query is valid but not allowed here (update, SERVICE, ...)
          ├── QueryTimeout    evaluation ran past the configured timeout
          └── StoreUnavailable  the store cannot be reached (remote store down, no release)
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


class ValidationFailed(IccGraphError):
    """The data does not conform; ``report`` holds the violations."""

    def __init__(self, report):  # report: icc_graph.validation.ValidationReport
        self.report = report
        super().__init__(report.text())


class ShapesError(IccGraphError):
    """The shapes graph or the ontology is broken (not the data)."""


class PublishError(IccGraphError):
    """A release could not be written; the release in service is untouched."""


class ImportError_(IccGraphError):  # noqa: N801 - avoid shadowing the builtin ImportError
    """An import source is unusable; nothing was written."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = str(path), reason, line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class StoreError(IccGraphError):
    """The query store failed."""


class QueryMalformed(StoreError):
    """The SPARQL parser rejected the query; the message is the parser's."""


class QueryRefused(StoreError):
    """The query is well formed but not allowed on this read-only endpoint."""


class QueryTimeout(StoreError):
    """Evaluation was stopped after the configured timeout."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or holds no release."""
