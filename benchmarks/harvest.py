"""A harvester that keeps a local copy of ICC Graph in sync from the change feed alone.

    python benchmarks/harvest.py --url http://127.0.0.1:8080 --state /tmp/icc-copy.nt [--base-iri IRI]

The first run reads the feed's Refresh and downloads that release's dump (``icc-graph.nt.gz``);
every later run reads only the activities it has not seen (walking back from the feed's last page),
and for each resource they name, the newest one decides: a Delete drops the resource's triples,
a Create or an Update replaces them with those of its document (``/doc/...`` as N-Triples). A
triple belongs to the resource of its subject (the IRI without its fragment: docs/history.md).
It prints the bytes it fetched and the size of the dump it did not download again.
State: the copy (sorted N-Triples) and, next to it, ``.position`` (activities seen).
"""
from __future__ import annotations

import argparse
import gzip
import sys
from dataclasses import dataclass, field
from pathlib import Path

import requests
from rdflib import Graph, URIRef

NTRIPLES = "application/n-triples"


def resource_of(subject: str) -> str:
    return subject.partition("#")[0]


@dataclass
class Harvester:
    url: str          # where the server answers
    base_iri: str     # what its IRIs are minted under (the same in production)
    graph: Graph = field(default_factory=Graph)
    position: int = 0  # activities already applied
    fetched: int = 0   # bytes downloaded
    documents: int = 0  # documents downloaded

    def get(self, iri: str, accept: str = "application/json") -> requests.Response:
        answer = requests.get(self.url + iri[len(self.base_iri):] if iri.startswith(self.base_iri) else iri,
                              headers={"Accept": accept}, timeout=30)
        answer.raise_for_status()
        self.fetched += len(answer.content)
        return answer

    def new_activities(self) -> list[dict]:
        """The activities after *position*, oldest first: from the last page back to the first unseen."""
        feed = self.get(f"{self.base_iri}/changes").json()
        if feed["totalItems"] <= self.position:
            return []
        pages = [self.get(feed["last"]["id"]).json()]
        while pages[0]["startIndex"] > self.position:
            pages.insert(0, self.get(pages[0]["prev"]["id"]).json())
        items = [item for page in pages for item in page["orderedItems"]]
        return items[self.position - pages[0]["startIndex"]:]

    def sync(self) -> int:
        """Apply every new activity; the number of resources fetched or dropped."""
        activities = self.new_activities()
        refresh = [n for n, a in enumerate(activities) if a["type"] == "Refresh"]
        if refresh:  # start again from that release's dump
            dump = self.get(activities[refresh[-1]]["object"]["url"], "application/gzip").content
            self.graph = Graph().parse(data=gzip.decompress(dump), format="nt")
            activities = activities[refresh[-1] + 1:]
        newest = {a["object"]["id"]: a["type"] for a in activities}  # the last activity of each wins
        for resource, kind in sorted(newest.items()):
            self.drop(resource)
            if kind != "Delete":
                self.documents += 1
                document = Graph().parse(data=self.get(resource, NTRIPLES).text, format="nt")
                for triple in document:
                    if resource_of(str(triple[0])) == resource:
                        self.graph.add(triple)
        self.position += len(activities) + (refresh[-1] + 1 if refresh else 0)
        return len(newest)

    def drop(self, resource: str) -> None:
        for subject in {s for s in self.graph.subjects() if resource_of(str(s)) == resource}:
            self.graph.remove((URIRef(str(subject)), None, None))

    def save(self, path: Path) -> None:
        lines = sorted(set(self.graph.serialize(format="nt", encoding="utf-8").decode().splitlines()) - {""})
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        path.with_suffix(".position").write_text(f"{self.position}\n", encoding="utf-8")

    @classmethod
    def load(cls, url: str, base_iri: str, path: Path) -> Harvester:
        harvester = cls(url.rstrip("/"), base_iri.rstrip("/"))
        if path.is_file():
            harvester.graph.parse(path, format="nt")
            harvester.position = int(path.with_suffix(".position").read_text())
        return harvester


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="where the server answers")
    parser.add_argument("--base-iri", help="what its IRIs are minted under (default: --url)")
    parser.add_argument("--state", type=Path, required=True, help="the local copy (N-Triples)")
    args = parser.parse_args(argv)
    harvester = Harvester.load(args.url, args.base_iri or args.url, args.state)
    changed = harvester.sync()
    harvester.save(args.state)
    print(f"{changed} resources synced, {harvester.documents} documents, {harvester.fetched} bytes fetched; "
          f"copy: {len(harvester.graph)} triples, position {harvester.position}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
