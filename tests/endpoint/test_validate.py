"""POST /validate: the build's verdict on one record, before it is sent; nothing is stored."""
from __future__ import annotations

import hashlib

import pytest
import rdflib
import requests

from icc_graph.cli import main as cli_main
from icc_graph.release import read_release
from tests.conftest import ROOT
from tests.conftest import TEST_BASE_IRI as BASE
from tests.live import live_server

from .conftest import app_over

RECORD = ROOT / "data" / "practices" / "a-welcoming-app.ttl"
PRACTICE = f"{BASE}/id/practice/a-welcoming-app"


def _untitled() -> bytes:
    """The record without its title: a violation."""
    text = RECORD.read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if "dcterms:title" not in line).encode("utf-8") + b"\n"


@pytest.fixture(scope="module")
def app(built_dist):
    with app_over(built_dist, VALIDATE_MAX_TRIPLES=200) as application:
        yield application


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def _json(client, body: bytes, content_type="text/turtle"):
    return client.post("/validate", data=body, headers={"Content-Type": content_type, "Accept": "application/json"})


def test_a_published_record_can_be_published_and_its_gaps_are_warnings(client):
    answer = _json(client, RECORD.read_bytes())
    assert answer.status_code == 200
    report = answer.json
    assert report["conforms"] is True and report["triples"] > 5
    assert report["results"] and {r["severity"] for r in report["results"]} == {"Warning"}
    assert {r["node"] for r in report["results"]} == {PRACTICE}
    assert set(report["results"][0]) == {"severity", "node", "field", "message", "value"}


def test_a_record_without_title_cannot_and_the_cli_says_the_same(client, capsys, tmp_path):
    report = _json(client, _untitled()).json
    assert report["conforms"] is False
    violations = [r for r in report["results"] if r["severity"] == "Violation"]
    assert [(r["node"], r["field"]) for r in violations] == [(PRACTICE, "http://purl.org/dc/terms/title")]
    record = tmp_path / "untitled.ttl"
    record.write_bytes(_untitled())
    code = cli_main(["--data", str(ROOT / "data"), "--ontology", str(ROOT / "ontology"),
                     "--shapes", str(ROOT / "shapes"), "validate", str(record)])
    printed = capsys.readouterr().err
    assert code == 1
    assert all(r["message"] in printed for r in report["results"])


def test_a_form_upload_gets_a_page_with_the_findings(client):
    answer = client.post("/validate", data={"record": (RECORD.open("rb"), "a-welcoming-app.ttl")},
                         headers={"Accept": "text/html"}, content_type="multipart/form-data")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "can be published" in page and "no topic yet" in page
    french = client.post("/validate?lang=fr", data={"record": _untitled().decode(), "format": "ttl"},
                         headers={"Accept": "text/html", "Accept-Language": "fr"})
    assert "ne peut pas encore être publiée" in french.get_data(as_text=True)


def test_the_report_in_rdf_is_a_shacl_report(client):
    answer = client.post("/validate", data=_untitled(), headers={"Content-Type": "text/turtle", "Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=answer.data, format="turtle")
    shacl = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (rdflib.URIRef(f"{BASE}/validate"), shacl.conforms, rdflib.Literal(False)) in graph
    assert len(set(graph.subjects(rdflib.RDF.type, shacl.ValidationResult))) == len(_json(client, _untitled()).json["results"])


def test_json_ld_and_n_triples_records_are_read(client):
    graph = rdflib.Graph().parse(RECORD, format="turtle", publicID=f"{BASE}/")
    for content_type, fmt in (("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        answer = _json(client, graph.serialize(format=fmt, encoding="utf-8"), content_type)
        assert answer.status_code == 200 and answer.json["conforms"] is True, content_type


def test_malformed_rdf_is_a_400_naming_the_line(client):
    answer = client.post("/validate", data=b"@prefix dcterms: <http://purl.org/dc/terms/> .\n<a> dcterms:title ",
                         headers={"Content-Type": "text/turtle"})
    assert answer.status_code == 400 and "line 2" in answer.get_data(as_text=True)
    assert "Traceback" not in answer.get_data(as_text=True)


def test_limits_and_unsupported_inputs(client):
    many = "".join(f"<{BASE}/id/practice/p{n}> <{BASE}/ontology#n> \"{n}\" .\n" for n in range(300)).encode()
    too_many = _json(client, many, "application/n-triples")
    assert too_many.status_code == 413 and "at most 200" in too_many.json["message"]
    assert client.post("/validate", data=b"x", headers={"Content-Type": "image/png"}).status_code == 415
    assert client.post("/validate", data=b"  ", headers={"Content-Type": "text/turtle"}).status_code == 400


def test_nothing_is_stored(client, built_dist):
    before = read_release(built_dist)
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in before.path.iterdir() if p.is_file()}
    _json(client, _untitled())
    after = read_release(built_dist)
    assert after.id == before.id
    assert files == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in after.path.iterdir() if p.is_file()}


@pytest.mark.live
def test_a_live_server_validates_a_post(built_dist):
    with live_server(built_dist, workers=1, threads=2) as (url, _):
        answer = requests.post(url + "/validate", data=_untitled(), timeout=60,
                               headers={"Content-Type": "text/turtle", "Accept": "application/json"})
        assert answer.status_code == 200 and answer.json()["conforms"] is False
        assert requests.get(url + "/validate", timeout=10).status_code == 200
