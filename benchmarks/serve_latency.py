"""Start-up time and sequential latency of the real server: `/doc` and a facet query.

Starts `icc-graph serve` on a free loopback port over an existing release, times how long
it takes to answer, then sends N sequential requests of each kind and prints p50/p95.

    python benchmarks/serve_latency.py [--dist dist] [--requests 200]
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACET_QUERY = """PREFIX icc: <{base}/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?country (COUNT(DISTINCT ?p) AS ?n) WHERE {{
  ?p a icc:Practice ; icc:country ?country ; dcterms:subject ?topic .
}} GROUP BY ?country ORDER BY DESC(?n)"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed_get(url: str, accept: str) -> float:
    request = urllib.request.Request(url, headers={"Accept": accept})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    return (time.perf_counter() - started) * 1000


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms over {len(ordered)} requests"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default="dist")
    parser.add_argument("--base-iri", default="http://127.0.0.1:8080")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--doc", default="/doc/practice/democratic-citizenship-in-ansan")
    args = parser.parse_args(argv)

    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "icc_graph", "--dist", args.dist, "--base-iri", args.base_iri,
                               "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while True:
            try:
                timed_get(f"{origin}{args.doc}", "text/turtle")
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 60:
                    raise SystemExit("the server did not start")
                time.sleep(0.05)
        print(f"start-up: {time.perf_counter() - started:.2f} s until the first /doc answer")
        doc = [timed_get(f"{origin}{args.doc}", "text/turtle") for _ in range(args.requests)]
        print(f"/doc (Turtle): {percentiles(doc)}")
        query = urllib.parse.urlencode({"query": FACET_QUERY.format(base=args.base_iri)})
        facet = [timed_get(f"{origin}/sparql?{query}", "application/sparql-results+json")
                 for _ in range(args.requests)]
        print(f"facet query (practices per country): {percentiles(facet)}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
