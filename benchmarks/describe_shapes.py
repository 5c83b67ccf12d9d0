"""What ``DESCRIBE <x>`` costs for IRIs of every shape, embedded and (with ``--store``) remote.

Loads the N-Triples file as ``icc-graph serve --data`` does, then times the document of IRIs of
each shape (``Store.query`` with a ``DESCRIBE``, the path the endpoint takes): things under
``/id/`` drawn among all of them (practice, council, period part, city), the vocabularies' hubs
(a country, a topic, linked from thousands of practices), hash IRIs (an ontology class, linked by
every practice's ``rdf:type``, and a property), the ontology and the dataset, IRIs nobody states
(under ``/id/``, elsewhere on the site, another site's) and a very long one. Sequential, in
process: the store's own cost, without HTTP. p50 and p95 per shape.

    python benchmarks/describe_shapes.py /tmp/icc-100k.nt --practices 100000
    python benchmarks/describe_shapes.py /tmp/icc-10k.nt --practices 10000 --dist /tmp/d --store http://127.0.0.1:8890/sparql
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from icc_graph.formats import TURTLE  # noqa: E402
from icc_graph.runtime.file_release import release_from_file  # noqa: E402
from icc_graph.store.base import QueryRequest  # noqa: E402

BASE = "http://127.0.0.1:8080"


def shapes(practices: int, rng: random.Random) -> dict[str, callable]:
    """Shape name -> a function drawing one IRI of that shape."""
    cities = max(10, practices // 20)
    practice = lambda: f"synthetic-practice-{rng.randrange(practices):06d}"  # noqa: E731
    return {
        "practice (/id/)": lambda: f"{BASE}/id/practice/{practice()}",
        "council (/id/body)": lambda: f"{BASE}/id/body/{practice()}-council",
        "period (a part)": lambda: f"{BASE}/id/practice/{practice()}-period",
        "city": lambda: f"{BASE}/id/city/city-{rng.randrange(cities):05d}",
        "country (a hub)": lambda: f"{BASE}/id/country/" + rng.choice(["france", "germany", "italy", "spain", "norway"]),
        "topic (a hub)": lambda: f"{BASE}/id/topic/" + rng.choice(["education", "multilingualism", "roma", "neighbourhood"]),
        "class (hash, every practice's type)": lambda: f"{BASE}/ontology#Practice",
        "property (hash)": lambda: f"{BASE}/ontology#" + rng.choice(["city", "year", "describes"]),
        "the ontology": lambda: f"{BASE}/ontology",
        "the dataset": lambda: f"{BASE}/dataset",
        "unknown under /id/": lambda: f"{BASE}/id/practice/nothing-{rng.randrange(10**9)}",
        "unknown elsewhere on the site": lambda: f"{BASE}/somewhere/{rng.randrange(10**9)}#x",
        "another site's": lambda: f"https://example.org/practice/{practice()}",
        "very long (8,000 characters)": lambda: f"{BASE}/id/practice/" + "x" * 8000 + str(rng.randrange(10**9)),
    }


def measure(store, practices: int, repeats: int, seed: int = 5,
            first_reads: dict | None = None) -> list[tuple[str, float, float, int, float]]:
    """Per shape: p50 and p95 ms, the largest answer, and the slowest first read of an IRI in
    this process (*first_reads*, IRI -> ms, shared between calls: a store may remember a hub's
    links per release, so its first read is the cold cost)."""
    rng = random.Random(seed)
    first_reads = {} if first_reads is None else first_reads
    rows = []
    for name, draw in shapes(practices, rng).items():
        times, size, firsts = [], 0, []
        for _ in range(repeats):
            iri = draw()
            request = QueryRequest(f"DESCRIBE <{iri}>", None, TURTLE, describe_iri=iri)
            started = time.perf_counter()
            result = store.query(request)
            times.append(time.perf_counter() - started)
            if iri not in first_reads:
                first_reads[iri] = times[-1] * 1000
            firsts.append(first_reads[iri])
            size = max(size, len(result.body))
        times.sort()
        rows.append((name, statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000, size,
                     max(firsts)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ntriples", type=Path)
    parser.add_argument("--practices", type=int, required=True)
    parser.add_argument("--repeats", type=int, default=50, help="IRIs drawn per shape")
    parser.add_argument("--dist", type=Path, help="keep the loaded release here (default: a temporary directory)")
    parser.add_argument("--store", help="a remote store's query endpoint holding the same release (ICC_STORE)")
    args = parser.parse_args(argv)
    from icc_graph.store.factory import open_store

    with tempfile.TemporaryDirectory(prefix="icc-describe-") as tmp:
        dist = args.dist or Path(tmp)
        if not (dist / "current").exists():
            release_from_file(args.ntriples, dist, BASE)
        config = {"DIST_DIR": str(dist), "BASE_IRI": BASE, "QUERY_WORKERS": 1, "RESULT_CACHE_MB": 0}
        if args.store:
            config["STORE"] = args.store
        store = open_store(config)
        try:
            first_reads: dict = {}
            measure(store, args.practices, 3, first_reads=first_reads)  # open the store, fill the label cache's first entries
            rows = measure(store, args.practices, args.repeats, first_reads=first_reads)
        finally:
            store.close()
    where = "remote" if args.store else "embedded"
    print(f"**DESCRIBE by IRI shape, {args.practices} practices, {where}, {args.repeats} IRIs each**\n")
    print("| IRI shape | p50 ms | p95 ms | largest answer (bytes) | slowest first read of an IRI, ms |\n"
          "|---|---:|---:|---:|---:|")
    for name, p50, p95, size, first in rows:
        print(f"| {name} | {p50:.2f} | {p95:.2f} | {size:,} | {first:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
