"""The engine cost alone: the query mix run in process, one client, no HTTP.

pyoxigraph in memory, pyoxigraph on disk (the store a release holds) and rdflib's own SPARQL
engine, each loading the same N-Triples file and answering the same requests for D seconds.
Answers are serialised (SPARQL JSON, Turtle) as an endpoint would.

    python benchmarks/engines.py /tmp/icc-10k.nt --practices 10000 --seconds 20 [--engine pyoxigraph-memory]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.driver import Stats, table  # noqa: E402
from benchmarks.mix import Mix  # noqa: E402

ENGINES = ("pyoxigraph-memory", "pyoxigraph-disk", "rdflib")


def _oxigraph(path: Path, directory: str | None):
    store = pyoxigraph.Store(directory) if directory else pyoxigraph.Store()
    store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    if directory:
        store.optimize()

    def answer(request) -> bytes:
        result = store.query(request.query)
        if isinstance(result, pyoxigraph.QuerySolutions):
            return result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
        return pyoxigraph.serialize(result, format=pyoxigraph.RdfFormat.TURTLE)
    return answer


def _rdflib(path: Path):
    import rdflib

    graph = rdflib.Graph()
    graph.parse(path, format="nt")

    def answer(request) -> bytes:
        result = graph.query(request.query)
        return result.serialize(format="json" if result.type == "SELECT" else "turtle")
    return answer


def load(engine: str, path: Path, directory: str | None = None):
    if engine == "rdflib":
        return _rdflib(path)
    return _oxigraph(path, directory if engine == "pyoxigraph-disk" else None)


def run(engine: str, path: Path, practices: int, seconds: float, base: str) -> tuple[Stats, float]:
    """(statistics of the run, seconds the load took)."""
    with tempfile.TemporaryDirectory(prefix="icc-bench-store-") as directory:
        start = time.perf_counter()
        answer = load(engine, path, directory)
        loaded = time.perf_counter() - start
        mix, stats = Mix(practices, base, seed=7), Stats()
        deadline = time.monotonic() + seconds
        begin = time.perf_counter()
        while time.monotonic() < deadline:
            request = mix.draw()
            t0 = time.perf_counter()
            answer(request)
            stats.latencies[request.name].append(time.perf_counter() - t0)
        stats.seconds = time.perf_counter() - begin
    return stats, loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ntriples", type=Path)
    parser.add_argument("--practices", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--engine", choices=ENGINES, action="append")
    parser.add_argument("--base-iri", default="http://127.0.0.1:8080")
    args = parser.parse_args(argv)
    for engine in args.engine or ENGINES:
        stats, loaded = run(engine, args.ntriples, args.practices, args.seconds, args.base_iri)
        print(table(stats.summary(), f"{engine} in process, 1 client (loaded in {loaded:.1f} s)"))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
