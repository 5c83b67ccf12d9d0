"""The reconciliation service against the W3C Entity Reconciliation Community Group's JSON Schemas,
then over the real ICC table.

    python .ci/reconciliation.py ../shared DIST

1. The schemas first (``conformance/reconciliation/{0.2,1.0-draft}``): every ``valid`` example
   must pass and every ``invalid`` one fail (read as Draft 7, each schema known by its ``$id``).
2. The service's real answers, from a live server over the release in DIST (a build of data/):
   the manifest, a query batch and its results, the three suggest services, the property proposal,
   a data extension query and its answer, each validated against its 0.2 schema.
3. Every row of ``icc-practices.tsv`` (title and city) reconciled as a practice: the practice the
   row became (the record file names its table lines) must come first; ``match`` must be true
   when the title is borne by one practice only, and never true on another practice.
Prints the figures; exits 1 on any failure.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import jsonschema
import requests
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from icc_graph.release import read_release  # noqa: E402 - after the path set-up
from icc_graph.search.fields import normal  # noqa: E402
from tests.live import live_server  # noqa: E402

BATCH = 50
LINES_RE = re.compile(r"^# From icc-practices\.tsv lines? ([\d, ]+)\.", re.MULTILINE)


def load_schemas(folder: Path) -> tuple[dict, Registry]:
    """name -> schema of every file of *folder*, and a registry that resolves them by ``$id``."""
    schemas = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}
    registry = Registry().with_resources(
        (schema["$id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT7))
        for schema in schemas.values() if "$id" in schema)
    return schemas, registry


def validator(schemas: dict, registry: Registry, name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schemas[name], registry=registry)


def check_examples(root: Path) -> list[str]:
    """Each version's examples against their schema: the failures."""
    failures = []
    for version in ("0.2", "1.0-draft"):
        schemas, registry = load_schemas(root / version / "schemas")
        counts = Counter()
        for example in sorted((root / version / "examples").glob("*/*/*.json")):
            name, label = example.parent.parent.name, example.parent.name
            if name not in schemas:
                counts["no schema"] += 1
                continue
            valid = validator(schemas, registry, name).is_valid(json.loads(example.read_text(encoding="utf-8")))
            if valid != (label == "valid"):
                failures.append(f"{version} {name}/{label}/{example.name}: the schema says {'valid' if valid else 'invalid'}")
            counts[label] += 1
        print(f"schemas {version}: {counts['valid']} valid and {counts['invalid']} invalid examples checked, "
              f"{counts['no schema']} without a schema of their name")
    return failures


def check_answers(url: str, root: Path) -> list[str]:
    """The live service's answers against the 0.2 schemas: the failures."""
    schemas, registry = load_schemas(root / "0.2" / "schemas")
    failures = []

    def expect(name: str, body, what: str) -> None:
        errors = sorted(validator(schemas, registry, name).iter_errors(body), key=str)
        if errors:
            failures.append(f"{what}: not a valid {name}: {errors[0].message}")
    manifest = requests.get(url + "/reconcile", timeout=30).json()
    expect("manifest", manifest, "GET /reconcile")
    practice = manifest["defaultTypes"][0]["id"]
    queries = {"q0": {"query": "Anti-rumour web app", "type": practice, "limit": 3,
                      "properties": [{"pid": "city", "v": "Bilbao"}]},
               "q1": {"query": "Amadora", "type": [manifest["defaultTypes"][1]["id"]],
                      "properties": [{"pid": "country", "v": {"id": "portugal"}}]}}
    expect("reconciliation-query-batch", queries, "the query batch sent")
    for method in ("get", "post"):
        answer = getattr(requests, method)(url + "/reconcile", timeout=30,
                                           **{"params" if method == "get" else "data": {"queries": json.dumps(queries)}})
        expect("reconciliation-result-batch", answer.json(), f"{method.upper()} /reconcile queries")
    for kind, name in (("entity", "suggest-entities-response"), ("type", "suggest-types-response"),
                       ("property", "suggest-properties-response")):
        service = manifest["suggest"][kind]
        expect(name, requests.get(service["service_url"] + service["service_path"], params={"prefix": "c"},
                                  timeout=30).json(), f"suggest {kind}")
    propose = manifest["extend"]["propose_properties"]
    proposal = requests.get(propose["service_url"] + propose["service_path"], params={"type": practice}, timeout=30)
    expect("data-extension-property-proposal", proposal.json(), "the property proposal")
    candidates = requests.get(url + "/reconcile", params={"queries": json.dumps(queries)}, timeout=30).json()
    extend = {"ids": [candidates["q0"]["result"][0]["id"], candidates["q1"]["result"][0]["id"]],
              "properties": [{"id": prop["id"]} for prop in proposal.json()["properties"]]}
    expect("data-extension-query", extend, "the extension query sent")
    extended = requests.post(url + "/reconcile", data={"extend": json.dumps(extend)}, timeout=30).json()
    expect("data-extension-response", extended, "POST /reconcile extend")
    print(f"answers: {'all valid' if not failures else f'{len(failures)} invalid'} "
          "(manifest, GET and POST queries, 3 suggest services, property proposal, extension)")
    return failures


def table_rows(shared: Path) -> list[dict]:
    with open(shared / "icc-practices.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for line, row in enumerate(rows, start=2):
        row["line"] = line
    return rows


def practice_of_line(data: Path) -> dict[int, str]:
    """Table line -> the slug of the practice record drafted from it (its header comment says)."""
    found = {}
    for path in sorted((data / "practices").glob("*.ttl")):
        match = LINES_RE.search(path.read_text(encoding="utf-8"))
        for line in (match.group(1).replace(" ", "").split(",") if match else []):
            found[int(line)] = path.stem
    return found


def practice_titles(url: str) -> dict[str, set[str]]:
    """normalised title -> the practices bearing it, as the SPARQL endpoint says."""
    query = ("SELECT ?p ?t WHERE { ?p a <%s/ontology#Practice> ; <http://purl.org/dc/terms/title> ?t }")
    base = requests.get(url + "/reconcile", timeout=30).json()["schemaSpace"].removesuffix("/ontology#")
    answer = requests.get(url + "/sparql", params={"query": query % base},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    titles = defaultdict(set)
    for binding in answer["results"]["bindings"]:
        titles[normal(binding["t"]["value"])].add(binding["p"]["value"].rsplit("/", 1)[-1])
    return titles


def check_table(url: str, shared: Path) -> list[str]:
    rows, lines = table_rows(shared), practice_of_line(ROOT / "data")
    titles = practice_titles(url)
    practice_type = requests.get(url + "/reconcile", timeout=30).json()["defaultTypes"][0]["id"]
    queries = {}
    for row in rows:
        if row["line"] not in lines:
            continue
        title = row["title_en"] or row["title_other"]
        query = {"query": title, "type": practice_type, "limit": 3}
        cities = [city.strip() for city in row["city"].split(";") if city.strip()]
        if cities:
            query["properties"] = [{"pid": "city", "v": cities}]
        queries[f"line{row['line']}"] = query
    answers = {}
    keys = list(queries)
    for start in range(0, len(keys), BATCH):
        batch = {key: queries[key] for key in keys[start:start + BATCH]}
        answers.update(requests.post(url + "/reconcile", data={"queries": json.dumps(batch)}, timeout=60).json())
    failures, figures = [], Counter()
    for key, query in queries.items():
        expected = lines[int(key[4:])]
        result = answers[key]["result"]
        first = result[0]["id"].rsplit("/", 1)[-1] if result else None
        unambiguous = len(titles.get(normal(query["query"]), ())) == 1
        figures["rows"] += 1
        figures["first"] += first == expected
        figures["unambiguous"] += unambiguous
        figures["matched"] += bool(result and result[0]["match"])
        if first != expected:
            failures.append(f"{key} {query['query']!r}: {first} first, not {expected}")
        elif unambiguous and not result[0]["match"]:
            failures.append(f"{key} {query['query']!r}: {expected} first but not a match")
        wrong = [c["id"] for c in result if c["match"] and c["id"].rsplit("/", 1)[-1] != expected]
        if wrong:
            failures.append(f"{key} {query['query']!r}: a match on another practice {wrong}")
    print(f"table: {figures['rows']} rows of {len(rows)} became practices; their practice came first for "
          f"{figures['first']}; {figures['unambiguous']} titles belong to one practice only; "
          f"match was true for {figures['matched']}")
    return failures


def main(argv: list[str] | None = None) -> int:
    shared, dist = (Path(value) for value in (argv or sys.argv[1:]))
    root = shared / "conformance" / "reconciliation"
    failures = check_examples(root)
    with live_server(dist, workers=1, base_iri=read_release(dist).base_iri) as (url, _):
        failures += check_answers(url, root)
        failures += check_table(url, shared)
    for failure in failures:
        print("FAIL", failure)
    print("reconciliation: " + ("all checks passed" if not failures else f"{len(failures)} failures"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
