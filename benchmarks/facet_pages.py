"""Cold facet pages: the home page and the practice browser, HTML and RDF, from the first request.

Starts ``icc-graph serve`` (``--data FILE``, or ``--dist DIR`` for a release made beforehand) with
no result reuse (``--result-cache-mb 0``), times the start-up until it answers, then asks, one
request at a time, the home page first (then ``--home`` more times, no answer is reused), then
``--pages`` distinct facet pages (no filter, one,
two or three filters; random pages; HTML, Turtle and JSON-LD in turn), each URL once. Prints
p50/p95/max per kind. With ``--dist``, it also times what the facet index costs that release:
computing it from the store (what a build or the ``--data`` loader adds) and reading it (what
each server worker adds to its start).

    .venv/bin/python benchmarks/facet_pages.py --data /tmp/icc-100k.nt --pages 300
    .venv/bin/python benchmarks/facet_pages.py --prepare /tmp/icc-100k.nt --dist /tmp/icc-100k-dist --pages 300
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph
import requests
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import DCTERMS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from icc_graph import facet_index  # noqa: E402
from icc_graph.release import FACETS, read_release  # noqa: E402
from icc_graph.runtime.file_release import release_from_file  # noqa: E402

TREE = Namespace("https://w3id.org/tree#")
FORMATS = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json"}
PAGE_SIZE = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args, port: int) -> tuple[subprocess.Popen, float]:
    """The server, and the seconds until it answered."""
    source = ["--data", args.data, "--data-cache", ""] if args.data else ["--dist", args.dist]
    command = [sys.executable, "-m", "icc_graph", "--base-iri", args.base_iri, "serve", "--port", str(port),
               "--result-cache-mb", "0", *source]
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/robots.txt", timeout=5)  # touches no store
            return server, time.perf_counter() - started
        except requests.RequestException:
            if server.poll() is not None or time.perf_counter() - started > 600:
                raise SystemExit("the server did not start")
            time.sleep(0.05)


def timed(session: requests.Session, url: str, accept: str) -> tuple[float, requests.Response]:
    started = time.perf_counter()
    response = session.get(url, headers={"Accept": accept}, timeout=60)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed, response


def facet_values(turtle: str, url: str) -> dict[str, dict[str, int]]:
    """dimension -> parameter value -> practices, from the TREE relations of the unfiltered page."""
    graph = Graph().parse(data=turtle, format="turtle", publicID=url)
    found: dict[str, dict[str, int]] = {"topic": {}, "country": {}, "year": {}}
    for relation in graph.subjects(TREE.path, None):
        path, value = graph.value(relation, TREE.path), graph.value(relation, TREE.value)
        count = int(graph.value(relation, TREE.remainingItems))
        if isinstance(value, Literal):
            found["year"][str(value)] = count
        else:
            found["topic" if path == DCTERMS.subject else "country"][str(value).rsplit("/", 1)[-1]] = count
    return found


def urls(values: dict[str, dict[str, int]], total: int, count: int, rng: random.Random) -> list[tuple[str, dict]]:
    """*count* distinct (kind, parameters): no filter, one, two and three filters, random pages."""
    kinds = ["none", "topic", "country", "year", "topic+country", "country+year", "topic+country+year"]
    chosen: dict[str, tuple[str, dict]] = {}
    for attempt in range(count * 100):  # small data has fewer distinct pages than asked
        if len(chosen) == count:
            break
        kind = kinds[attempt % len(kinds)]
        params = {} if kind == "none" else {dim: rng.choice(sorted(values[dim])) for dim in kind.split("+")}
        size = total if kind == "none" else min(values[dim][params[dim]] for dim in params)
        if "+" not in kind:  # its number of practices is known: any of its pages
            page = rng.randint(1, max(1, -(-size // PAGE_SIZE)))
            if page > 1:
                params["page"] = str(page)
        key = urlencode(params)
        if key not in chosen:
            chosen[key] = (kind, params)
    return list(chosen.values())


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"| {name} | {len(ordered)} | {statistics.median(ordered):.1f} | {p95:.1f} | {ordered[-1]:.1f} |"


def index_cost(dist: Path, base_iri: str) -> None:
    release = read_release(dist)
    store = pyoxigraph.Store.read_only(str(release.store_path))
    started = time.perf_counter()
    facet_index.compute(store, base_iri)
    computed = time.perf_counter() - started
    del store
    started = time.perf_counter()
    index = facet_index.read(release.file(FACETS))
    read = time.perf_counter() - started
    size = release.file(FACETS).stat().st_size
    print(f"facet index of {index.size} practices: {size / 1e6:.1f} MB; computed from the store in "
          f"{computed:.2f} s; read by a worker in {read * 1000:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", help="serve this RDF file with `serve --data` (loaded at each start)")
    source.add_argument("--dist", help="serve the release in this directory (`serve --dist`)")
    parser.add_argument("--prepare", metavar="FILE", help="first make the release in --dist from FILE")
    parser.add_argument("--base-iri", default="http://127.0.0.1:8080")
    parser.add_argument("--pages", type=int, default=300, help="distinct facet pages asked, each once")
    parser.add_argument("--home", type=int, default=19, help="home pages asked after the first one")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.prepare:
        if not args.dist:
            parser.error("--prepare needs --dist")
        release_from_file(args.prepare, args.dist, args.base_iri)

    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    server, startup = start(args, port)
    samples: dict[str, list[float]] = {}
    try:
        with requests.Session() as session:
            first, _ = timed(session, origin + "/", "text/html")
            samples["home page (html)"] = [first] + [timed(session, origin + "/?lang=" + ("en", "fr")[n % 2],
                                                           "text/html")[0] for n in range(args.home)]
            unfiltered, answer = timed(session, origin + "/practices", "text/turtle")
            values = facet_values(answer.text, origin + "/practices")
            total = sum(values["year"].values())
            rng = random.Random(args.seed)
            for number, (kind, params) in enumerate(urls(values, total, args.pages, rng)):
                fmt = list(FORMATS)[number % len(FORMATS)]
                address = origin + "/practices" + ("?" + urlencode(params) if params else "")
                elapsed, _ = timed(session, address, FORMATS[fmt])
                samples.setdefault(f"{kind} ({fmt})" if kind in ("none", "topic+country+year") else kind,
                                   []).append(elapsed)
                samples.setdefault("every facet page", []).append(elapsed)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    print(f"start-up until the server answered: {startup:.1f} s; then the home page (first request) "
          f"{first:.1f} ms, /practices in Turtle (second) {unfiltered:.1f} ms")
    print("| facet pages, each URL once | requests | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
    for name in sorted(samples, key=lambda n: (n == "every facet page", n)):
        print(summary(name, samples[name]))
    if args.dist:
        index_cost(Path(args.dist), args.base_iri)
    return 0


if __name__ == "__main__":
    sys.exit(main())
