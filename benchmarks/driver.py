"""Drive a SPARQL endpoint with the query mix: C concurrent clients for D seconds.

Each client is a thread with its own keep-alive connection and its own seeded mix; it sends a
request, waits for the whole answer, records the latency and sends the next one. Only loopback
endpoints are driven. The report gives throughput and p50/p95/p99 per kind of request.

    python benchmarks/driver.py http://127.0.0.1:8080/sparql --practices 10000 --clients 4 --seconds 20
    python benchmarks/driver.py http://127.0.0.1:8080/sparql --practices 10000 --mix research
    python benchmarks/driver.py http://127.0.0.1:8080 --doc --practices 10000   # /doc/practice/... in Turtle
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.mix import TURTLE, Request  # noqa: E402
from benchmarks.research_mix import MIXES  # noqa: E402

LOOPBACK = ("127.0.0.1", "localhost", "::1")
REQUEST_TIMEOUT = 60.0  # seconds one answer may take before the client gives up on it


@dataclass
class Stats:
    """Latencies (seconds) of the answered requests, by kind, and the failures."""

    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)

    def add(self, other: Stats) -> None:
        for name, values in other.latencies.items():
            self.latencies[name].extend(values)
        for name, count in other.errors.items():
            self.errors[name] += count
        self.error_samples.extend(other.error_samples[:3])

    @property
    def answered(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def throughput(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        rows = {name: _percentiles(values) for name, values in sorted(self.latencies.items())}
        return {"seconds": round(self.seconds, 2), "answered": self.answered,
                "errors": sum(self.errors.values()), "throughput": round(self.throughput, 2),
                "all": _percentiles([v for values in self.latencies.values() for v in values]),
                "queries": rows, "error_samples": self.error_samples[:5]}


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"n": len(ordered), "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
            "p50_ms": round(pick(0.50) * 1000, 2), "p95_ms": round(pick(0.95) * 1000, 2),
            "p99_ms": round(pick(0.99) * 1000, 2)}


def table(summary: dict, title: str) -> str:
    """The summary as a Markdown table, one row per kind of request."""
    lines = [f"**{title}**: {summary['answered']} answered, {summary['errors']} failed in "
             f"{summary['seconds']} s = **{summary['throughput']} requests/s**", "",
             "| request | n | mean ms | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|---:|"]
    for name, row in [*summary["queries"].items(), ("all", summary["all"])]:
        if row.get("n"):
            lines.append(f"| {name} | {row['n']} | {row['mean_ms']} | {row['p50_ms']} | {row['p95_ms']} | "
                         f"{row['p99_ms']} |")
    return "\n".join(lines)


class Endpoint:
    """One keep-alive HTTP connection to a loopback SPARQL endpoint (or a linked-data server)."""

    def __init__(self, url: str, method: str = "POST"):
        parts = urlsplit(url)
        if parts.hostname not in LOOPBACK:
            raise SystemExit(f"driver: only loopback endpoints are driven, not {parts.hostname}")
        self.host, self.port, self.path = parts.hostname, parts.port or 80, parts.path or "/"
        self.method = method
        self.conn: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> tuple[int, bytes]:
        if self.method == "GET":
            path, body = f"{self.path}?{urlencode({'query': request.query})}", None
        else:
            path, body = self.path, urlencode({"query": request.query}).encode()
        return self.fetch(path, request.accept, body)

    def fetch(self, path: str, accept: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a server may close an idle keep-alive connection: reconnect once
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
            try:
                self.conn.request("POST" if body is not None else "GET", path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, data
            except (http.client.HTTPException, ConnectionError) as exc:
                self.close()
                if attempt == 2:
                    raise OSError(str(exc)) from exc
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _client(url: str, draw, deadline: float, method: str, stats: Stats) -> None:
    endpoint = Endpoint(url, method)
    try:
        while time.monotonic() < deadline:
            request = draw()
            start = time.perf_counter()
            try:
                if isinstance(request, str):  # a document path
                    status, body = endpoint.fetch(request, TURTLE)
                    name = "doc"
                else:
                    status, body = endpoint.send(request)
                    name = request.name
            except OSError as exc:
                status, body, name = 0, str(exc).encode(), getattr(request, "name", "doc")
            elapsed = time.perf_counter() - start
            if 200 <= status < 300:
                stats.latencies[name].append(elapsed)
            else:
                stats.errors[name] += 1
                if len(stats.error_samples) < 3:
                    stats.error_samples.append(f"{name}: {status} {body[:200]!r}")
    finally:
        endpoint.close()


def run(url: str, practices: int, clients: int = 4, seconds: float = 20.0, *, doc: bool = False,
        base: str = "http://127.0.0.1:8080", method: str = "POST", seed: int = 1, mix: str = "browser") -> Stats:
    """Drive *url* for *seconds* with *clients* threads drawing from *mix* (:data:`MIXES`); the
    merged statistics."""
    stats = [Stats() for _ in range(clients)]
    threads = []
    deadline = time.monotonic() + seconds
    start = time.perf_counter()
    for i in range(clients):
        drawn = MIXES[mix](practices, base, seed=seed * 1000 + i)
        draw = (lambda m=drawn: f"/doc/practice/synthetic-practice-{m.rng.randrange(practices):06d}") if doc \
            else drawn.draw
        threads.append(threading.Thread(target=_client, args=(url, draw, deadline, method, stats[i]), daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    total = Stats(seconds=time.perf_counter() - start)
    for part in stats:
        total.add(part)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the SPARQL endpoint (or, with --doc, the server's root)")
    parser.add_argument("--practices", type=int, required=True, help="practices in the generated graph")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--base-iri", default="http://127.0.0.1:8080", help="the IRIs' base in the data")
    parser.add_argument("--method", choices=("GET", "POST"), default="POST")
    parser.add_argument("--mix", choices=sorted(MIXES), default="browser", help="the browser's or a researcher's")
    parser.add_argument("--doc", action="store_true", help="fetch /doc/practice/... in Turtle instead")
    parser.add_argument("--title", default=None)
    parser.add_argument("--json", type=Path, help="also write the summary as JSON here")
    args = parser.parse_args(argv)
    stats = run(args.url, args.practices, args.clients, args.seconds, doc=args.doc, base=args.base_iri,
                method=args.method, mix=args.mix)
    summary = stats.summary()
    print(table(summary, args.title or args.url))
    for sample in summary["error_samples"]:
        print("  failed:", sample)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
