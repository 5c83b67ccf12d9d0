"""Page weight and time to first byte of the main HTML pages of a running server.

    .venv/bin/python benchmarks/pages.py http://127.0.0.1:8080 [--runs 5] [--pages PATH ...]

Weight is the HTML plus the stylesheets, scripts and icons it loads from the same server (as sent,
without compression). Time to first byte is the median, over --runs requests, of the time until the
response headers arrived (requests' ``elapsed``), after one warm-up request.
"""
from __future__ import annotations

import argparse
import statistics
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import requests

PAGES = ["/", "/practices", "/practices?topic=education", "/doc/practice/democratic-citizenship-in-ansan",
         "/doc/city/ansan", "/doc/country/south-korea", "/doc/topic/political-and-public-participation",
         "/doc/body/ansan-non-nationals-council", "/doc/scheme/topics", "/ontology", "/sparql"]


class Assets(HTMLParser):
    """The same-page resources a browser fetches: stylesheets, icons and scripts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon") and attributes.get("href"):
            self.urls.append(attributes["href"])


def measure(base: str, path: str, runs: int, session: requests.Session) -> dict:
    url = base + path
    headers = {"Accept": "text/html"}
    session.get(url, headers=headers, timeout=30)  # warm-up
    answers = [session.get(url, headers=headers, timeout=30) for _ in range(runs)]
    parser = Assets()
    parser.feed(answers[-1].text)
    host = urlparse(base).netloc
    assets = {}
    for asset in parser.urls:
        absolute = urljoin(url, asset)
        if urlparse(absolute).netloc == host:
            assets[asset] = len(session.get(absolute, timeout=30).content)
    return {"path": path, "ttfb_ms": statistics.median(a.elapsed.total_seconds() * 1000 for a in answers),
            "html": len(answers[-1].content), "assets": sum(assets.values()), "files": 1 + len(assets)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="+", default=PAGES, help="the paths to measure (default: the main pages)")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    with requests.Session() as session:
        rows = [measure(base, path, args.runs, session) for path in args.pages]
    print("| page | TTFB (median ms) | HTML (kB) | with assets (kB) | files |\n|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| `{row['path']}` | {row['ttfb_ms']:.1f} | {row['html'] / 1000:.1f} | "
              f"{(row['html'] + row['assets']) / 1000:.1f} | {row['files']} |")


if __name__ == "__main__":
    main()
