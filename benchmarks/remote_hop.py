"""The cost of the remote hop: the same requests through the embedded store and through a remote
Oxigraph server (`oxigraph serve` on loopback), p50/p95 of each.

Requests go through the Flask app in-process (no HTTP server in front), so the difference is the
store alone: SPARQL protocol round trips, JSON/N-Triples parsing, the document's CONSTRUCTs.

    python benchmarks/remote_hop.py [--dist dist] [--requests 200]
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from endpoint import create_app
from icc_graph.store.load import load
from icc_graph.store.remote_client import Endpoints, StoreClient
from icc_graph.release import read_release

FACET_QUERY = """PREFIX icc: <{base}/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?country (COUNT(DISTINCT ?p) AS ?n) WHERE {{
  ?p a icc:Practice ; icc:country ?country ; dcterms:subject ?topic .
}} GROUP BY ?country ORDER BY DESC(?n)"""
REQUESTS = [  # (label, path, query string, Accept)
    ("/doc Turtle", "/doc/practice/democratic-citizenship-in-ansan", None, "text/turtle"),
    ("/doc HTML page", "/doc/practice/democratic-citizenship-in-ansan", None, "text/html"),
    ("/practices (facets)", "/practices", None, "text/html"),
    ("facet SPARQL query", "/sparql", "facet", "application/sparql-results+json"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(app, base: str, count: int, name: str) -> dict[str, list[float]]:
    client = app.test_client()
    out = {}
    for label, path, query, accept in REQUESTS:
        args = {"query": FACET_QUERY.format(base=base)} if query else None
        client.get(path, query_string=args, headers={"Accept": accept})  # warm up
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            response = client.get(path, query_string=args, headers={"Accept": accept})
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name} {label}: HTTP {response.status_code} {response.get_data(as_text=True)[:300]}")
        out[label] = sorted(samples)
    return out


def p(samples: list[float], q: float) -> float:
    """The q-quantile of sorted *samples* (the median for 0.5)."""
    return statistics.median(samples) if q == 0.5 else samples[min(len(samples) - 1, int(len(samples) * q))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default="dist")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    base = read_release(args.dist).base_iri
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("the oxigraph server is not installed (pip install oxigraph)")
    location, port = tempfile.mkdtemp(prefix="icc-hop-"), free_port()
    server = subprocess.Popen([binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        ends = Endpoints(f"{url}/query", f"{url}/update", f"{url}/store")
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        load(StoreClient(ends), args.dist, grace=0)
        common = {"DIST_DIR": args.dist, "BASE_IRI": base, "QUERY_WORKERS": 2}
        embedded = create_app({**common, "STORE": ""})  # whatever ICC_STORE says
        remote = create_app({**common, "STORE": ends.query, "STORE_UPDATE": ends.update, "STORE_GSP": ends.gsp})
        try:
            near = measure(embedded, base, args.requests, "embedded")
            far = measure(remote, base, args.requests, "remote")
        finally:
            embedded.extensions["icc_store"].close()
        print(f"{args.requests} sequential requests each, in-process; Oxigraph server on loopback\n")
        print("| request | embedded p50 / p95 (ms) | remote p50 / p95 (ms) | hop cost at p50 |")
        print("|---|---|---|---|")
        for label in near:
            a, b = near[label], far[label]
            print(f"| {label} | {p(a, .5):.1f} / {p(a, .95):.1f} | {p(b, .5):.1f} / {p(b, .95):.1f} "
                  f"| {p(b, .5) - p(a, .5):+.1f} ms |")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(location, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
