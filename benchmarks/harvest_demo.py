"""What a harvester saves: the repository's data published as four releases (the first, then a
practice added, one changed, one removed), served on 127.0.0.1, followed by benchmarks/harvest.py.

    python benchmarks/harvest_demo.py [--data data] [--practices N]

Prints, per release, the bytes the harvester fetched (feed pages and documents) next to the size of
that release's dump, and checks the copy is isomorphic to the latest dump. ``--practices N`` keeps
only N practices of the data (the smoke test runs it small).
"""
from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.harvest import Harvester  # noqa: E402
from icc_graph.build.paths import Paths  # noqa: E402
from icc_graph.build.pipeline import load_graph, publish_release  # noqa: E402
from icc_graph.build.sources import read_dataset_info  # noqa: E402
from icc_graph.build.validation import ValidationReport  # noqa: E402
from tests.live import live_server  # noqa: E402

BASE = "http://127.0.0.1:8080"
PRACTICE = URIRef(f"{BASE}/ontology#Practice")


def owned(graph: Graph, resource: URIRef):
    return [t for t in graph if str(t[0]).partition("#")[0] == str(resource)]


def steps(graph: Graph) -> list[Graph]:
    """The four graphs: as read, a practice added (a copy of one), one changed, one removed."""
    practices = sorted(graph.subjects(RDF.type, PRACTICE))
    added, changed, removed = Graph() + graph, None, None
    copy = URIRef(str(practices[0]) + "-copy")
    for _, p, o in owned(graph, practices[0]):
        added.add((copy, p, o))
    changed = Graph() + added
    title = changed.value(practices[1], DCTERMS.title)
    changed.remove((practices[1], DCTERMS.title, title))
    changed.add((practices[1], DCTERMS.title, Literal(f"{title} (revised)", lang=title.language)))
    removed = Graph() + changed
    for triple in [*owned(removed, practices[2]), *removed.triples((None, None, practices[2]))]:
        removed.remove(triple)
    return [graph, added, changed, removed]


def keep_practices(graph: Graph, count: int) -> Graph:
    for practice in sorted(graph.subjects(RDF.type, PRACTICE))[count:]:
        for triple in [*owned(graph, practice), *graph.triples((None, None, practice))]:
            graph.remove(triple)
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--practices", type=int, default=None, help="keep only N practices")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        dist = Path(scratch) / "dist"
        paths = Paths(args.data, ROOT / "ontology", ROOT / "shapes", dist)
        graph = load_graph(paths, BASE).graph
        if args.practices is not None:
            graph = keep_practices(graph, args.practices)
        info = read_dataset_info(args.data, BASE)
        graphs = steps(graph)
        months = iter(f"2026-{month:02d}-01T00:00:00Z" for month in range(1, 13))

        def publish(version: Graph):
            return publish_release(version, paths, BASE, ValidationReport([], Graph()), info,
                                   release_time=next(months), keep=10)
        publish(graphs[0])
        with live_server(dist, workers=1, threads=2, base_iri=BASE) as (url, _):
            harvester = Harvester(url, BASE)
            harvester.sync()
            print(f"start: the first release's dump, {harvester.fetched} bytes", flush=True)
            print("| release | change | bytes fetched | documents | dump (nt.gz) | fetched / dump |")
            print("|---|---|---|---|---|---|")
            for name, version in zip(("a practice added", "one changed", "one removed"), graphs[1:]):
                release = publish(version)
                before, documents = harvester.fetched, harvester.documents
                harvester.sync()
                dump = (release.path / "icc-graph.nt.gz").stat().st_size
                fetched = harvester.fetched - before
                print(f"| {release.id} | {name} | {fetched} | {harvester.documents - documents} | {dump} | "
                      f"{fetched / dump:.3f} |")
                latest = Graph().parse(data=gzip.decompress((release.path / "icc-graph.nt.gz").read_bytes()),
                                       format="nt")
                if not isomorphic(harvester.graph, latest):
                    print(f"the copy differs from release {release.id}", file=sys.stderr)
                    return 1
    print("the copy is isomorphic to every release's dump")
    return 0


if __name__ == "__main__":
    sys.exit(main())
