"""A bounded load run against a live ICC Graph server, loopback only.

    python benchmarks/load.py --url http://127.0.0.1:8080 --clients 16 --seconds 60

Each client is a thread with its own source address (127.0.0.2, 127.0.0.3, ...: all of 127/8 is
loopback), so the per-client query limit sees 16 clients, as it would in production. Clients
alternate mixed SPARQL queries and ``/doc`` requests for the given time. Prints, as JSON: requests,
errors (anything but 200/304, except clean 503 timeouts, counted apart), latency percentiles,
and the memory of the server's process tree (``--pid``, PSS sampled every 0.5 s: :mod:`benchmarks.memory`).
Refuses any URL that is not on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import threading
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.memory import tree_memory  # noqa: E402

ONTOLOGY = "{base}/ontology#"
QUERIES = [
    "SELECT ?p ?title WHERE {{ ?p a <{o}Practice> ; <http://purl.org/dc/terms/title> ?title }} LIMIT 50",
    "SELECT ?topic (COUNT(?p) AS ?n) WHERE {{ ?p a <{o}Practice> ; <http://purl.org/dc/terms/subject> ?topic }} "
    "GROUP BY ?topic ORDER BY DESC(?n)",
    "SELECT ?country (COUNT(?p) AS ?n) WHERE {{ ?p a <{o}Practice> ; <{o}country> ?country }} GROUP BY ?country",
    "ASK {{ ?p a <{o}Practice> }}",
    "CONSTRUCT {{ ?p <http://purl.org/dc/terms/title> ?t }} WHERE {{ ?p <http://purl.org/dc/terms/title> ?t }} LIMIT 200",
    "SELECT ?p WHERE {{ ?p <http://purl.org/dc/terms/title> ?t FILTER(CONTAINS(LCASE(STR(?t)), \"{word}\")) }} LIMIT 20",
]
WORDS = ["city", "school", "council", "youth", "media", "women", "sport", "art"]


def practice_paths(conn: http.client.HTTPConnection, base: str, limit: int = 500) -> list[str]:
    query = (f"SELECT ?p WHERE {{ ?p a <{ONTOLOGY.format(base=base)}Practice> }} LIMIT {limit}")
    conn.request("GET", "/sparql?" + urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"})
    rows = json.loads(conn.getresponse().read())["results"]["bindings"]
    return ["/doc/" + row["p"]["value"].split("/id/", 1)[1] for row in rows]


def client(host: str, port: int, source: str, base: str, docs: list[str], until: float, seed: int, out: dict):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=30, source_address=(source, 0))
    ontology = ONTOLOGY.format(base=base)
    while time.monotonic() < until:
        if rng.random() < 0.5:
            query = rng.choice(QUERIES).format(o=ontology, word=rng.choice(WORDS))
            path, accept = "/sparql?" + urlencode({"query": query}), "application/sparql-results+json, text/turtle"
        else:
            path, accept = rng.choice(docs), rng.choice(["text/turtle", "application/ld+json", "text/html"])
        started = time.monotonic()
        try:
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            status = f"{type(exc).__name__}"
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30, source_address=(source, 0))
        elapsed = time.monotonic() - started
        with out["lock"]:
            out["latencies"].append(elapsed)
            out["statuses"][str(status)] = out["statuses"].get(str(status), 0) + 1
    conn.close()


def memory_sampler(pid: int, until: float, out: dict) -> None:
    import psutil

    root = psutil.Process(pid)
    while time.monotonic() < until:
        try:
            total = tree_memory(root)
        except psutil.Error:
            total = 0
        out["memory_samples"].append(total)
        time.sleep(0.5)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--base-iri", help="base IRI of the data (default: the URL)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pid", type=int, help="the server's pid, to sample its memory")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    parts = urlsplit(args.url)
    if parts.hostname != "127.0.0.1":
        parser.error("the load run is for a loopback server only (http://127.0.0.1:PORT)")
    host, port = parts.hostname, parts.port or 80
    base = (args.base_iri or args.url).rstrip("/")
    docs = practice_paths(http.client.HTTPConnection(host, port, timeout=30), base)
    if not docs:
        parser.error(f"the server lists no practices under {base} (give the data's base IRI with --base-iri)")
    until = time.monotonic() + min(args.seconds, 600)  # bounded, whatever is asked
    out = {"lock": threading.Lock(), "latencies": [], "statuses": {}, "memory_samples": []}
    threads = [threading.Thread(target=client, args=(host, port, f"127.0.0.{2 + n}", base, docs, until,
                                                     args.seed + n, out)) for n in range(args.clients)]
    if args.pid:
        threads.append(threading.Thread(target=memory_sampler, args=(args.pid, until, out), daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies, statuses = out["latencies"], out["statuses"]
    ok = statuses.get("200", 0) + statuses.get("304", 0)
    timeouts = statuses.get("503", 0)
    samples = out["memory_samples"]
    print(json.dumps({
        "clients": args.clients, "seconds": args.seconds, "requests": len(latencies),
        "per_second": round(len(latencies) / args.seconds, 1), "ok": ok, "timeouts_503": timeouts,
        "errors": len(latencies) - ok - timeouts, "statuses": statuses,
        "p50_s": round(percentile(latencies, 0.50), 4), "p95_s": round(percentile(latencies, 0.95), 4),
        "p99_s": round(percentile(latencies, 0.99), 4), "max_s": round(max(latencies, default=0), 4),
        "mean_s": round(statistics.fmean(latencies), 4) if latencies else 0,
        "server_memory_mb_first": round(samples[0] / 2**20, 1) if samples else None,
        "server_memory_mb_peak": round(max(samples) / 2**20, 1) if samples else None,
        "server_memory_mb_last": round(samples[-1] / 2**20, 1) if samples else None,
    }, indent=2))
    return 0 if len(latencies) - ok - timeouts == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
