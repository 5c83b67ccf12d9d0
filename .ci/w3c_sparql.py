"""Run the automatable W3C SPARQL tests against a live ICC Graph endpoint; report, never fail.

    python .ci/w3c_sparql.py PATH/TO/w3c-rdf-tests

Every data file the query-evaluation tests use is loaded, as a named graph called by its file
IRI, into one temporary release; `endpoint.serve` then serves it on a free port. Each test is
sent over HTTP (POST, form-encoded) with `default-graph-uri` / `named-graph-uri` naming its data
(unless the query has its own FROM), and the answer is compared with the expected result
(solutions as multisets, blank nodes unnamed; graphs by isomorphism). Syntax tests check that
good queries are not answered 400 and bad ones are. Update, federation, entailment and
protocol-prose tests are out of scope on a read-only endpoint.
Prints "N passed, M failed" and exits 0.
"""
from __future__ import annotations

import argparse
import collections
import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph
import rdflib
import requests
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from rdflib.query import Result

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DAWGT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
MANIFESTS = ("sparql/sparql11/manifest-sparql11-query.ttl", "sparql/sparql10/manifest-evaluation.ttl",
             "sparql/sparql10/manifest-syntax.ttl")
EVALUATION = {MF.QueryEvaluationTest, MF.CSVResultFormatTest}
POSITIVE = {MF.PositiveSyntaxTest, MF.PositiveSyntaxTest11}
NEGATIVE = {MF.NegativeSyntaxTest, MF.NegativeSyntaxTest11}
RESULT_PARSERS = {".srx": "xml", ".srj": "json", ".tsv": "tsv", ".csv": "csv"}
GRAPH_PARSERS = {".ttl": "turtle", ".rdf": "xml", ".nt": "nt"}
NO_GRAPH = "urn:x-icc-test:empty"
logging.getLogger("rdflib").setLevel(logging.ERROR)  # ill-typed literals are test material here
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")


def tests_of(manifest_path: Path):
    """(test IRI, type, action, result) of every test a manifest holds or includes."""
    graph = rdflib.Graph().parse(manifest_path, format="turtle", publicID=manifest_path.as_uri())
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for included in _list(graph, graph.value(manifest, MF.include)):
            yield from tests_of(Path(included.replace("file://", "")))
        for test in _list(graph, graph.value(manifest, MF.entries)):
            if graph.value(test, DAWGT.approval) == DAWGT.Withdrawn:
                continue
            yield test, graph.value(test, RDF.type), graph.value(test, MF.action), graph.value(test, MF.result), graph


def _list(graph, head):
    return list(rdflib.collection.Collection(graph, head)) if head is not None else []


def file_path(iri) -> Path:
    return Path(str(iri).replace("file://", ""))


def collect(root: Path):
    evaluation, syntax = [], []
    for manifest in MANIFESTS:
        for test, kind, action, result, graph in tests_of(root / manifest):
            if kind in EVALUATION and action is not None:
                query = graph.value(action, QT.query)
                data = list(graph.objects(action, QT.data))
                named = list(graph.objects(action, QT.graphData))
                if query is None or result is None or any(isinstance(n, rdflib.BNode) for n in named):
                    continue
                evaluation.append((str(test), file_path(query), [str(d) for d in data], [str(n) for n in named],
                                   file_path(result)))
            elif kind in POSITIVE | NEGATIVE and action is not None:
                syntax.append((str(test), file_path(action), kind in POSITIVE))
    return evaluation, syntax


def make_release(dist: Path, graphs: set[str]) -> None:
    """A release directory whose store holds every test data file as a named graph."""
    release = dist / "releases" / "w3c"
    release.mkdir(parents=True)
    store = pyoxigraph.Store(str(release / "store"))
    for iri in sorted(graphs):
        path = file_path(iri)
        fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip("."))
        if fmt is None or not path.is_file():
            continue
        try:
            store.load(path=str(path), format=fmt, base_iri=iri, to_graph=pyoxigraph.NamedNode(iri))
        except (SyntaxError, ValueError, OSError) as exc:
            print(f"  cannot load {path.name}: {exc}", file=sys.stderr)
    store.flush()
    del store
    (release / "release.json").write_text(json.dumps({"release": "w3c", "base_iri": "http://example.org",
                                                      "triples": 0, "files": {}}))
    (release / "SHA256SUMS").write_text("")
    os.symlink(release, dist / "current")


def start_server(dist: Path):
    env = {**os.environ, "ICC_RESULT_ROW_LIMIT": "1000000", "ICC_MAX_QUERY_LENGTH": "1000000"}
    process = subprocess.Popen(
        [sys.executable, "-m", "endpoint.serve", "--port", "0", "--dist", str(dist), "--workers", "1",
         "--timeout", "10"], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        start_new_session=True)
    url = None
    while url is None:
        line = process.stderr.readline()
        if not line:
            raise SystemExit("the endpoint did not start")
        match = re.search(r"Listening at: (http://\S+)", line)
        url = match.group(1) if match else None
    threading.Thread(target=process.stderr.read, daemon=True).start()
    for _ in range(100):
        try:
            requests.get(url + "/robots.txt", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    return process, url


def ask(url: str, query_path: Path, data: list[str], named: list[str], accept: str):
    query = query_path.read_text(encoding="utf-8")
    if not re.search(r"^\s*BASE\b", query, re.IGNORECASE | re.MULTILINE):
        query = f"BASE <{query_path.as_uri()}>\n{query}"
    form = {"query": query}
    if not re.search(r"\bFROM\b", query, re.IGNORECASE):
        form["default-graph-uri"] = data or [NO_GRAPH]
        form["named-graph-uri"] = named or [NO_GRAPH]
    return requests.post(url + "/sparql", data=form, headers={"Accept": accept}, timeout=30)


def _key(term):
    if term is None:
        return None
    if isinstance(term, rdflib.BNode):
        return "_:"
    if isinstance(term, rdflib.Literal):
        datatype = "" if term.datatype in (None, XSD.string) else str(term.datatype)
        return ("L", str(term), datatype, (term.language or "").lower())
    return ("I", str(term))


def solutions(result: Result, as_text: bool = False):
    rows = collections.Counter()
    for row in result.bindings:
        items = {str(var): (str(value) if as_text and not isinstance(value, rdflib.BNode) else _key(value))
                 for var, value in row.items() if value is not None}
        rows[tuple(sorted(items.items()))] += 1
    return rows


def evaluate(url: str, test) -> bool:
    _, query, data, named, expected_path = test
    suffix = expected_path.suffix
    if suffix in GRAPH_PARSERS:
        expected = rdflib.Graph().parse(expected_path, format=GRAPH_PARSERS[suffix], publicID=expected_path.as_uri())
        result_set = expected.value(predicate=RDF.type, object=RS.ResultSet)
        if result_set is not None:  # SPARQL 1.0 wrote result sets as RDF
            return _compare_result_set(url, test, expected, result_set)
        response = ask(url, query, data, named, "application/n-triples")
        if response.status_code != 200:
            return False
        actual = rdflib.Graph().parse(data=response.content, format="nt")
        return isomorphic(actual, expected)
    if suffix not in RESULT_PARSERS:
        return False
    response = ask(url, query, data, named, "application/sparql-results+json")
    if response.status_code != 200:
        return False
    actual = Result.parse(io.BytesIO(response.content), format="json")
    with expected_path.open("rb") as handle:
        expected = Result.parse(handle, format=RESULT_PARSERS[suffix])
    if expected.type == "ASK" or actual.type == "ASK":
        return expected.askAnswer == actual.askAnswer
    as_text = suffix == ".csv"  # CSV keeps no types: compare the text
    return solutions(actual, as_text) == solutions(expected, as_text)


def _compare_result_set(url, test, graph, result_set) -> bool:
    _, query, data, named, _ = test
    response = ask(url, query, data, named, "application/sparql-results+json")
    if response.status_code != 200:
        return False
    actual = Result.parse(io.BytesIO(response.content), format="json")
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return actual.askAnswer == boolean.toPython()
    expected = collections.Counter()
    for solution in graph.objects(result_set, RS.solution):
        items = {str(graph.value(b, RS.variable)): _key(graph.value(b, RS.value))
                 for b in graph.objects(solution, RS.binding)}
        expected[tuple(sorted(items.items()))] += 1
    return solutions(actual) == expected


def check_syntax(url: str, test) -> bool:
    _, query, positive = test
    response = ask(url, query, [], [], "application/sparql-results+json, text/turtle;q=0.9")
    return response.status_code != 400 if positive else response.status_code == 400


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests", type=Path, help="the w3c-rdf-tests directory")
    args = parser.parse_args(argv)
    evaluation, syntax = collect(args.tests.resolve())
    graphs = {iri for test in evaluation for iri in test[2] + test[3]}
    # files a query names only in FROM / FROM NAMED live beside it
    graphs |= {path.as_uri() for test in evaluation for path in test[1].parent.iterdir()
               if path.suffix in GRAPH_PARSERS and path.name != "manifest.ttl"}
    with tempfile.TemporaryDirectory() as tmp:
        make_release(Path(tmp), graphs)
        process, url = start_server(Path(tmp))
        failed, counts = [], collections.Counter()
        try:
            for kind, tests, run in (("evaluation", evaluation, evaluate), ("syntax", syntax, check_syntax)):
                for test in tests:
                    try:
                        ok = run(url, test)
                    except Exception as exc:  # noqa: BLE001 - a broken test file counts as a failure
                        ok = False
                        print(f"  {test[0]}: {exc}", file=sys.stderr)
                    counts[(kind, ok)] += 1
                    if not ok:
                        failed.append(test[0])
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(15)
    # Informational: worded apart from a test runner's "N passed, N failed" closing line,
    # since conformance gaps are reported here, not gated.
    for name in failed:
        print(f"  not conformant: {name}")
    for kind in ("evaluation", "syntax"):
        ok, total = counts[(kind, True)], counts[(kind, True)] + counts[(kind, False)]
        print(f"W3C SPARQL {kind} tests: {ok} of {total} conformant")
    passed, total = sum(v for (_, ok), v in counts.items() if ok), sum(counts.values())
    print(f"W3C SPARQL tests through the endpoint: {passed} of {total} conformant ({total - passed} listed above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
