"""`icc-graph load`: put the current release into a remote SPARQL store and switch readers to it.

1. upload: the release's default graph goes into its own named graph ``{base}/graph/release/{id}``
   with a Graph Store Protocol ``PUT`` (its named graphs, if any, under their own names), and the
   triple count is checked; readers are still on the previous release all along;
2. switch: one SPARQL UPDATE moves the pointer in ``{base}/graph/meta`` (see :mod:`icc_graph.store.remote`);
3. optionally drop older release graphs (``--keep N``, ``--drop-old``), after a grace period that
   lets front ends that cached the old pointer finish with it.

A release already in the store (same id, complete) is not uploaded again: re-putting a graph that
readers may be reading is exactly what the scheme avoids.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone

import pyoxigraph

from .. import settings
from ..errors import StoreError
from ..iris import meta_graph, release_graph
from ..release import ReleaseInfo, read_release
from .remote import (
    DCT,
    RemoteRelease,
    forget_update,
    loaded_releases,
    read_pointer,
    switch_update,
)
from .remote_client import Endpoints, StoreClient

UPLOAD_READ_TIMEOUT = 600.0  # seconds the store may take to take in one graph


def release_parts(client: StoreClient, base: str, graph: str) -> list[str]:
    """The named graphs the meta graph lists for a release graph."""
    rows = client.select(f"SELECT ?part WHERE {{ GRAPH <{meta_graph(base)}> {{ <{graph}> <{DCT}hasPart> ?part }} }} "
                         "ORDER BY ?part")
    return [row["part"].value for row in rows]


def graph_size(client: StoreClient, graph: str) -> int:
    rows = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"].value) if rows else 0


def _dump(source: pyoxigraph.Store, graph) -> tuple[str, int]:
    """The graph as an N-Triples temporary file (path, triple count)."""
    handle, path = tempfile.mkstemp(suffix=".nt", prefix="icc-load-")
    with os.fdopen(handle, "wb") as out:
        source.dump(out, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
    with open(path, "rb") as counted:
        return path, sum(1 for line in counted if line.strip())


def _put(client: StoreClient, source: pyoxigraph.Store, graph, name: str) -> int:
    path, count = _dump(source, graph)
    try:
        with open(path, "rb") as body:
            client.put_graph(name, body, os.path.getsize(path), UPLOAD_READ_TIMEOUT)
    finally:
        os.unlink(path)
    return count


def upload(client: StoreClient, info: ReleaseInfo, progress: Callable[[str], None] = lambda _: None) -> tuple[int, list[str]]:
    """Put the release into the store; (triples in its release graph, its named graphs)."""
    source = pyoxigraph.Store.read_only(str(info.store_path))
    named = sorted(g.value for g in source.named_graphs())
    target = release_graph(info.base_iri, info.id)
    progress(f"uploading release {info.id} into <{target}>")
    expected = _put(client, source, pyoxigraph.DefaultGraph(), target)
    for name in named:
        progress(f"uploading named graph <{name}>")
        _put(client, source, pyoxigraph.NamedNode(name), name)
    stored = graph_size(client, target)
    if stored != expected:
        raise StoreError(f"The store holds {stored} triples in <{target}>, {expected} were sent; "
                         "readers stay on the previous release.")
    return expected, named


def load(client: StoreClient, dist_dir, *, keep: int | None = None, grace: float = settings.Defaults.LOAD_GRACE,
         progress: Callable[[str], None] = lambda _: None) -> RemoteRelease:
    """Upload ``dist_dir/current`` (unless already there), switch readers to it, drop old ones."""
    info = read_release(dist_dir)
    base, target = info.base_iri, release_graph(info.base_iri, info.id)
    known = dict(loaded_releases(client, base))
    if target in known and graph_size(client, target) > 0:
        progress(f"release {info.id} is already in the store")
        triples, named = graph_size(client, target), release_parts(client, base, target)
    else:
        triples, named = upload(client, info, progress)
    issued = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    client.update(switch_update(base, info.id, triples, named, issued))
    pointer = read_pointer(client, base)
    if pointer is None or pointer.graph != target:
        # the store took the update but did not apply it as SPARQL 1.1 says: say so, keep the graph
        raise StoreError(f"The store accepted the switch to <{target}> but its meta graph <{meta_graph(base)}> "
                         f"names {f'<{pointer.graph}>' if pointer else 'no release'}; readers stay where they "
                         "were. Check that the update endpoint may write that graph.")
    progress(f"readers now see release {info.id} ({triples} triples)")
    if keep is not None:
        drop_old(client, base, keep, grace, progress)
    return pointer


def drop_old(client: StoreClient, base: str, keep: int, grace: float,
             progress: Callable[[str], None] = lambda _: None) -> list[str]:
    """Drop all but the *keep* newest release graphs (never the current one)."""
    current = read_pointer(client, base)
    graphs = [graph for graph, _ in loaded_releases(client, base)]
    kept = graphs[:max(1, keep)]
    old = [g for g in graphs if g not in kept and (current is None or g != current.graph)]
    if not old:
        return []
    if grace > 0:
        progress(f"waiting {grace:g} s before dropping {len(old)} old release graph(s)")
        time.sleep(grace)
    for graph in old:
        client.update(forget_update(base, graph))  # first forget it, so no reader is pointed at it
        client.drop_graph(graph)
        progress(f"dropped <{graph}>")
    return old


# ---- the command ----------------------------------------------------------------------------

def run(args: argparse.Namespace, progress: Callable[[str], None]) -> int:
    config = settings.load({"STORE": args.store, "STORE_UPDATE": args.store_update, "STORE_GSP": args.store_gsp})
    missing = [f"--{name.lower().replace('_', '-')} / ICC_{name}" for name in ("STORE", "STORE_UPDATE", "STORE_GSP")
               if not config[name]]
    if missing:
        print(f"error: `load` needs the remote store's endpoints: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.keep is not None and args.keep < 1:
        print("error: --keep must be at least 1", file=sys.stderr)
        return 2
    release = load(StoreClient(Endpoints.from_config(config)), args.dist, keep=args.keep, grace=args.grace,
                   progress=progress)
    print(f"release {release.id} is live in {config['STORE']} ({release.triples} triples, graph <{release.graph}>)")
    return 0
