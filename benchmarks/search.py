"""The full-text index at N practices: how long writing it takes, its size, and the latency of
searches as ``/search`` runs them (highlights included), measured in process.

    .venv/bin/python benchmarks/search.py --practices 100000 --out /tmp/icc-100k [--queries 2000]

The source tree is generate.py's (made unless ``--out`` already holds one); its Turtle files are
bulk-loaded into an on-disk Oxigraph store and indexed with the code the build runs
(``icc_graph.search.writer``). The query mix, drawn from a seeded generator: one word, a prefix of
3 letters (type-ahead), two words, a word with a filter (country, year, kind), filters alone.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from icc_graph.search.reader import SearchIndex, SearchRequest  # noqa: E402
from icc_graph.search.writer import write_index  # noqa: E402

BASE = "http://127.0.0.1:8080"


def load(out: Path, store_path: Path) -> pyoxigraph.Store:
    """The generated tree's Turtle files in an on-disk store (what the build's store holds of them)."""
    store = pyoxigraph.Store(str(store_path))
    for path in sorted([*(out / "ontology").rglob("*.ttl"), *(out / "data").rglob("*.ttl")]):
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE, base_iri=BASE + "/")
    return store


def mix(rng: random.Random, count: int, countries: list[str]) -> list[tuple[str, SearchRequest]]:
    words = generate.WORDS
    kinds = ("word", "prefix", "two words", "word + filter", "filters alone")
    requests = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        word = rng.choice(words)
        if kind == "word":
            request = SearchRequest(word)
        elif kind == "prefix":
            request = SearchRequest(word[:3])
        elif kind == "two words":
            request = SearchRequest(f"{word} {rng.choice(words)}")
        elif kind == "word + filter":
            request = SearchRequest(word, rng.choice([{"country": rng.choice(countries)},
                                                      {"year": str(rng.randint(2015, 2024))}, {"kind": "practice"}]))
        else:
            request = SearchRequest("", {"country": rng.choice(countries), "year": str(rng.randint(2015, 2024))})
        requests.append((kind, request))
    return requests


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="generated source tree (made if missing)")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if not (args.out / "data" / "practices").is_dir():
        generate.generate(args.practices, args.out, args.seed)
    with tempfile.TemporaryDirectory(prefix="icc-search-") as work:
        store = load(args.out, Path(work) / "store")
        started, cpu = time.perf_counter(), time.process_time()
        documents = write_index(store, BASE, Path(work) / "search")
        took, took_cpu = time.perf_counter() - started, time.process_time() - cpu
        size = sum(f.stat().st_size for f in (Path(work) / "search").iterdir())
        index = SearchIndex(Path(work) / "search")
        countries = generate.filter_countries(ROOT / "data")
        requests = mix(random.Random(args.seed), args.queries, countries)
        for _, request in requests[:50]:  # warm-up
            index.search(request, highlight="en")
        times: dict[str, list[tuple[float, float]]] = {}
        for kind, request in requests:
            start, cpu = time.perf_counter(), time.thread_time()
            index.search(request, highlight="en")
            times.setdefault(kind, []).append(((time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000))
    every = [t for values in times.values() for t in values]
    print(f"{args.practices} practices: {documents} documents indexed in {took:.1f} s ({took_cpu:.1f} s of CPU), "
          f"index {size / 1e6:.1f} MB")
    print("| searches | n | p50 (ms) | p95 (ms) | CPU p50 (ms) | CPU p95 (ms) |\n|---|---:|---:|---:|---:|---:|")
    for kind, values in [*times.items(), ("all", every)]:
        wall, cpu_ms = [v[0] for v in values], [v[1] for v in values]
        print(f"| {kind} | {len(values)} | {statistics.median(wall):.2f} | {percentile(wall, 0.95):.2f} | "
              f"{statistics.median(cpu_ms):.2f} | {percentile(cpu_ms, 0.95):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
