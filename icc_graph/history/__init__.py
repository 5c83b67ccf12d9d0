"""A release's history (docs/history.md): what changed since the release before, the versions of
the dataset and of each document, and the change feed; all computed at build time, from files.

- :mod:`.diff` compares two releases' graphs: triples added and removed, per resource;
- :mod:`.versions` the chain of releases (ids, issue times) and the versions of each document;
- :mod:`.feed` the Activity Streams 2.0 change feed (IIIF Change Discovery 1.0, level 2);
- :mod:`.memento` which version of a document was current at a given time (RFC 7089);
- :mod:`.ontology` the ontology's ``owl:versionIRI`` and ``owl:priorVersion``;
- :mod:`.record` the build's step; :mod:`.published` the history as a server reads it.
"""

from . import ontology
from .record import Plan, plan

__all__ = ["Plan", "ontology", "plan"]
