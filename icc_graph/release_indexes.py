"""What the build and ``serve --data``'s loader compute from a release's store and write beside it,
so that no page or document reads the whole store per request: the facet index
(:mod:`icc_graph.facet_index`, ``facets.json``), the hubs' first incoming links
(:mod:`icc_graph.hub_index`, ``hubs.json``) and the labels of every IRI
(:mod:`icc_graph.label_index`, ``labels.sqlite``)."""
from __future__ import annotations

import pyoxigraph

from . import facet_index, hub_index, label_index
from .release import FACETS, HUBS, LABELS
from .settings import Defaults


def compute(store: pyoxigraph.Store, base_iri: str) -> dict[str, bytes]:
    """File name (:data:`icc_graph.release.INDEX_FILES`) -> its bytes, for the release in *store*."""
    return {FACETS: facet_index.compute(store, base_iri),
            HUBS: hub_index.compute(store, Defaults.DOCUMENT_INCOMING_LIMIT),
            LABELS: label_index.compute(store)}
