"""Run the W3C SPARQL 1.1 Protocol tests against the live endpoint; exit 1 if any fails.

    python .ci/w3c_protocol.py PATH/TO/w3c-rdf-tests DIST

Reads sparql/sparql11/protocol/manifest.ttl. On a read-only endpoint every query test is
automatable: the tests of the query operation. The manifest names each test after the operation
it invokes; the tests of the update operation (``update_*``, ``bad_update_*``,
``bad_multiple_updates``) need a writable store and are listed as not run.

The tests that need no data run against the release in DIST (the one `icc-graph build` wrote),
served by `endpoint.serve` on 127.0.0.1 on a free port. The ones that load graphs
(``ut:graphData``) run against a second server whose release holds those graphs, each named as
the manifest labels it and loaded from its data file (``icc_graph.runtime.file_release``).

Each request goes out as the manifest spells it, through http.client: its method, its path (the
manifest's ``/sparql/`` replaced by the endpoint's ``/sparql``, percent-encoding kept), its
headers, and its body encoded in the declared character encoding. http.client adds only Host
and Content-Length. Checked: the status class; for an expected format, that the media type is one
of that kind and the body parses as it (pyoxigraph); an expected boolean.
"""
from __future__ import annotations

import argparse
import http.client
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from icc_graph.release import read_release  # noqa: E402 - after the path set-up
from icc_graph.runtime.file_release import release_from_file  # noqa: E402
from tests.live import live_server  # noqa: E402

MANIFEST = "sparql/sparql11/protocol/manifest.ttl"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
MANIFEST_PREFIX, ENDPOINT_PATH = "/sparql/", "/sparql"
DATA_BASE_IRI = "http://127.0.0.1:8080"


@dataclass
class Request:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    statuses: set[int]              # accepted status classes: 2 for 2xx, ...
    expected_format: str | None     # "boolean", "tabular" or "RDF"
    expected_boolean: bool | None


@dataclass
class Test:
    name: str
    requests: list[Request]
    graphs: dict[str, Path] = field(default_factory=dict)  # graph name -> data file

    @property
    def of_query_operation(self) -> bool:
        return "update" not in self.name


def read_manifest(path: Path) -> list[Test]:
    graph = rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(test, MF.action)
        requests = [_request(graph, node) for node in Collection(graph, graph.value(action, HT.requests))]
        graphs = {str(graph.value(data, RDFS.label)): Path(str(graph.value(data, UT.graph)).removeprefix("file://"))
                  for data in graph.objects(test, UT.graphData)}
        tests.append(Test(str(test).rsplit("#", 1)[-1], requests, graphs))
    return tests


def _request(graph: rdflib.Graph, node) -> Request:
    path = str(graph.value(node, HT.absolutePath))
    if path.startswith(MANIFEST_PREFIX):
        path = ENDPOINT_PATH + path[len(MANIFEST_PREFIX):]
    headers = []
    head = graph.value(node, HT.headers)
    for header in (Collection(graph, head) if head is not None else []):
        headers.append((str(graph.value(header, HT.fieldName)), str(graph.value(header, HT.fieldValue))))
    body = None
    content = graph.value(node, HT.body)
    if content is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = {int(str(code).removeprefix(HTS)[0]) for code in graph.objects(response, MF.expectedStatus)}
    expected_format = graph.value(response, MF.expectedFormat)
    expected_boolean = graph.value(response, MF.expectedBoolean)
    return Request(str(graph.value(node, HT.methodName)), path, headers, body, statuses,
                   str(expected_format) if expected_format is not None else None,
                   expected_boolean.toPython() if expected_boolean is not None else None)


def send(url: str, request: Request) -> tuple[int, str, bytes]:
    """(status, media type, body) of *request*, sent as it is written."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest(request.method, request.path, skip_accept_encoding=True)
        for name, value in request.headers:
            connection.putheader(name, value)
        if request.body is not None:
            connection.putheader("Content-Length", str(len(request.body)))
        connection.endheaders(request.body)
        response = connection.getresponse()
        return response.status, response.headers.get_content_type(), response.read()
    finally:
        connection.close()


def check(request: Request, status: int, media_type: str, body: bytes) -> str | None:
    """Why the answer does not meet the manifest's expectations, or None when it does."""
    if status // 100 not in request.statuses:
        return f"status {status}, expected {' or '.join(f'{c}xx' for c in sorted(request.statuses))}"
    if request.expected_format is None:
        return None
    if request.expected_format == "RDF":
        fmt = pyoxigraph.RdfFormat.from_media_type(media_type)
        if fmt is None:
            return f"{media_type} is not an RDF format"
        list(pyoxigraph.parse(body, format=fmt))
        return None
    fmt = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        return f"{media_type} is not a SPARQL results format"
    result = pyoxigraph.parse_query_results(body, format=fmt)
    if request.expected_format == "boolean":
        if not isinstance(result, pyoxigraph.QueryBoolean):
            return "a boolean answer was expected"
        if request.expected_boolean is not None and bool(result) is not request.expected_boolean:
            return f"answered {bool(result)}, expected {request.expected_boolean}"
    elif not isinstance(result, pyoxigraph.QuerySolutions):
        return "a table of solutions was expected"
    return None


def run(url: str, test: Test) -> str | None:
    for number, request in enumerate(test.requests, 1):
        try:
            failure = check(request, *send(url, request))
        except (OSError, SyntaxError, ValueError, http.client.HTTPException) as exc:
            failure = f"{type(exc).__name__}: {exc}"
        if failure:
            return failure if len(test.requests) == 1 else f"request {number}: {failure}"
    return None


def data_release(tests: list[Test], directory: Path) -> Path:
    """A dist directory whose release holds every graph the tests load, named as they name it."""
    dataset = pyoxigraph.Dataset()
    for test in tests:
        for name, path in test.graphs.items():
            for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES):
                dataset.add(pyoxigraph.Quad(triple.subject, triple.predicate, triple.object,
                                            pyoxigraph.NamedNode(name)))
    quads = directory / "graphs.nq"
    pyoxigraph.serialize(dataset, output=str(quads), format=pyoxigraph.RdfFormat.N_QUADS)
    release_from_file(quads, directory / "dist", DATA_BASE_IRI, optimize=False)
    return directory / "dist"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests", type=Path, help="the w3c-rdf-tests directory")
    parser.add_argument("dist", type=Path, help="a dist directory holding a built release (current)")
    args = parser.parse_args(argv)
    tests = read_manifest(args.tests.resolve() / MANIFEST)
    updates = [t for t in tests if not t.of_query_operation]
    plain = [t for t in tests if t not in updates and not t.graphs]
    with_data = [t for t in tests if t not in updates and t.graphs]

    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="icc-w3c-protocol-") as tmp:
        for dist, group, base in ((args.dist, plain, read_release(args.dist).base_iri),
                                  (data_release(with_data, Path(tmp)), with_data, DATA_BASE_IRI)):
            with live_server(dist, workers=1, base_iri=base) as (url, _):
                for test in group:
                    failure = run(url, test)
                    print(f"  {'FAIL' if failure else 'pass'}  {test.name}" + (f": {failure}" if failure else ""))
                    if failure:
                        failures[test.name] = failure
    automatable = len(plain) + len(with_data)
    print(f"  not run: {len(updates)} update tests (a read-only endpoint): {', '.join(t.name for t in updates)}")
    print(f"W3C SPARQL 1.1 Protocol: {automatable - len(failures)} of {automatable} automatable tests pass "
          f"({len(plain)} on the release, {len(with_data)} on a release holding their graphs)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
