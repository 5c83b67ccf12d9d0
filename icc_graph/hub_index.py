"""The first incoming links of a release's hubs, picked once when the release is made.

A document holds at most *limit* incoming links of its thing, the first in
:func:`icc_graph.documents.incoming_order` (:mod:`icc_graph.documents`). Picking them reads every
incoming link: nothing for most things, but a topic or a country has thousands at 100k practices
and ``ontology#Practice`` 100,000 (a second in a server process, the first time it is asked).
The build (and ``serve --data``'s loader) writes instead, once per release, the file
``hubs.json`` (:data:`icc_graph.release.HUBS`), compact JSON with sorted keys::

    {"format": "icc-graph-hubs/1", "limit": 200,
     "hubs": {iri: {"total": n, "first": [[subject, predicate], ...]}}}

for every IRI with more than *limit* incoming links in the default graph (whose first links all
come from IRIs: a blank node has no name that lasts beyond its store). A store whose own limit is
the file's answers a hub from it; every other thing has at most *limit* incoming links, a short
read of the store.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph

from .documents import first_incoming

FORMAT = "icc-graph-hubs/1"


def compute(store: pyoxigraph.Store, limit: int) -> bytes:
    """The hub index of the release in *store* for documents of *limit* incoming links, as file bytes."""
    # Counted by the engine (4 s at 100k practices; a pass over every quad in Python takes 26 s).
    found = store.query(f"SELECT ?o WHERE {{ ?s ?p ?o }} GROUP BY ?o HAVING (COUNT(*) > {int(limit)})")
    linked = [row["o"] for row in found if isinstance(row["o"], pyoxigraph.NamedNode)]
    hubs = {}
    for node in sorted(linked, key=lambda node: node.value):
        links, total = first_incoming(store, node, limit)
        if all(isinstance(link.subject, pyoxigraph.NamedNode) for link in links):
            hubs[node.value] = {"total": total, "first": [[link.subject.value, link.predicate.value] for link in links]}
    index = {"format": FORMAT, "limit": limit, "hubs": hubs}
    return (json.dumps(index, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


class HubIndex:
    """A release's hub index, read: :meth:`first_incoming` of a hub, or None for any other thing."""

    def __init__(self, index: dict):
        if index.get("format") != FORMAT:
            raise ValueError(f"not a hub index of format {FORMAT}")
        self.limit = int(index["limit"])
        self._hubs: dict[str, dict] = index["hubs"]

    def first_incoming(self, node: pyoxigraph.NamedNode,
                       limit: int) -> tuple[list[pyoxigraph.Triple], int] | None:
        """(the first *limit* incoming links of *node*, how many it has) when *node* is a hub of
        this index and *limit* is the index's; None when the store has to be read."""
        hub = self._hubs.get(node.value) if limit == self.limit else None
        if hub is None:
            return None
        links = [pyoxigraph.Triple(pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(p), node) for s, p in hub["first"]]
        return links, int(hub["total"])

    def __len__(self) -> int:
        return len(self._hubs)


def read(path: str | os.PathLike) -> HubIndex:
    """The hub index in the file *path* (OSError or ValueError when it cannot be read)."""
    return HubIndex(json.loads(Path(path).read_bytes()))
