"""Cold resource pages: the HTML page of things of every kind, drawn among all of them, from the first request.

Starts ``icc-graph serve --dist DIR`` (a release made beforehand, e.g. by ``describe_shapes.py
--dist``) with no result reuse, then asks, one request at a time and each URL once, the pages of
``--per-kind`` things of each kind drawn among all the release has (practices, councils, cities),
every country, topic and scheme, and the ontology; the very first request after start-up is a
topic's (a hub: thousands of practices at 100k). Prints p50/p95/max and the page size per kind.

    .venv/bin/python benchmarks/resource_pages.py --dist /tmp/icc-100k-describe2 --per-kind 100
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sys
from pathlib import Path

import pyoxigraph
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.facet_pages import free_port, start, summary, timed  # noqa: E402
from icc_graph.iris import doc_path, ontology_namespace, parse_thing  # noqa: E402
from icc_graph.release import read_release  # noqa: E402

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def things(dist: str, base: str) -> dict[str, list[str]]:
    """Kind -> the IRIs of that kind in the release (sorted), read from its store."""
    release = read_release(dist)
    store = pyoxigraph.Store.read_only(str(release.store_path))
    icc = ontology_namespace(base)
    classes = {"practice": icc + "Practice", "council": icc + "Council", "city": icc + "City",
               "country": icc + "Country", "topic": SKOS + "Concept", "scheme": SKOS + "ConceptScheme"}
    found = {}
    for kind, cls in classes.items():
        iris = {quad.subject.value for quad in store.quads_for_pattern(None, RDF_TYPE, pyoxigraph.NamedNode(cls))
                if isinstance(quad.subject, pyoxigraph.NamedNode)}
        if kind == "topic":  # the concepts of the topic scheme, not the countries or years
            iris = {iri for iri in iris if (ref := parse_thing(base, iri)) and ref.kind == "topic"}
        found[kind] = sorted(iris)
    del store
    return found


def page_path(base: str, iri: str) -> str:
    ref = parse_thing(base, iri)
    return doc_path(ref.kind, ref.slug) if ref else iri.removeprefix(base)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", required=True, help="serve the release in this directory (`serve --dist`)")
    parser.add_argument("--base-iri", default="http://127.0.0.1:8080")
    parser.add_argument("--per-kind", type=int, default=100, help="practices, councils and cities asked, each once")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    args.data = None
    rng = random.Random(args.seed)
    found = things(args.dist, args.base_iri)
    drawn = {kind: rng.sample(iris, min(args.per_kind, len(iris))) if kind in ("practice", "council", "city") else iris
             for kind, iris in found.items()}
    drawn["ontology"] = [args.base_iri + "/ontology"]
    port = free_port()
    server, startup = start(args, port)
    try:
        session = requests.Session()
        first_topic = drawn["topic"][0] if drawn["topic"] else args.base_iri + "/ontology"
        url = f"http://127.0.0.1:{port}{page_path(args.base_iri, first_topic)}"
        first, response = timed(session, url, "text/html")
        print(f"start-up until the server answered: {startup:.1f} s; the first request, a topic's page: "
              f"{first:.1f} ms ({len(response.content):,} bytes)")
        print("| resource pages, HTML, each URL once | requests | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
        everything, sizes = [], {}
        for kind, iris in drawn.items():
            samples = []
            for iri in iris:
                if iri == first_topic:
                    continue
                elapsed, response = timed(session, f"http://127.0.0.1:{port}{page_path(args.base_iri, iri)}", "text/html")
                samples.append(elapsed)
                sizes[kind] = max(sizes.get(kind, 0), len(response.content))
            if samples:
                print(summary(kind, samples))
                everything += samples
        print(summary("**every page**", everything))
        print("largest page per kind (bytes): " + ", ".join(f"{kind} {size:,}" for kind, size in sizes.items()))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
