"""/shapes: the shapes a release was validated against, usable by anyone's SHACL engine."""
from __future__ import annotations

import shutil

import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF

from icc_graph.build.pipeline import Paths, build
from icc_graph.errors import ValidationFailed
from tests.conftest import ROOT
from tests.conftest import TEST_BASE_IRI as BASE

from .test_pages import Page

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
KEEP = ("democratic-citizenship-in-ansan.ttl", "a-city-international-policy.ttl", "a-welcoming-app.ttl")


@pytest.fixture(scope="module")
def small_tree(tmp_path_factory):
    """The repository's sources with three practices: quick to validate with plain pyshacl."""
    root = tmp_path_factory.mktemp("tree")
    for name in ("data", "ontology", "shapes"):
        shutil.copytree(ROOT / name, root / name)
    for record in (root / "data" / "practices").glob("*.ttl"):
        if record.name not in KEEP:
            record.unlink()
    return Paths.under(root)


@pytest.fixture(scope="module")
def client(small_tree):
    from endpoint import create_app

    build(small_tree, BASE)
    app = create_app({"DIST_DIR": str(small_tree.dist), "BASE_IRI": BASE, "QUERY_WORKERS": 1, "TESTING": True})
    yield app.test_client()
    app.extensions["icc_store"].close()


def _download(client, path: str) -> rdflib.Graph:
    with client.get(path, headers={"Accept": "text/turtle"}) as answer:  # a dump is a file: close it
        assert answer.status_code == 200, path
        return rdflib.Graph().parse(data=answer.data, format="turtle")


def _results(report: rdflib.Graph) -> set[tuple]:
    return {(report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.resultSeverity),
             report.value(r, SH.sourceShape)) for r in report.subjects(RDF.type, SH.ValidationResult)}


def test_the_downloaded_shapes_give_the_builds_verdict_on_the_downloaded_dump(client):
    shapes, dump = _download(client, "/shapes"), _download(client, "/dumps/icc-graph.ttl")
    assert all(not str(term).startswith("shapes#") for triple in shapes for term in triple)  # absolute IRIs
    _, report, _ = pyshacl.validate(dump, shacl_graph=shapes, advanced=True, inference="none")
    # SHACL's sh:conforms is false for warnings too; the build publishes unless there is a violation
    assert not [result for result in _results(report) if result[2] == SH.Violation]
    build_report = _download(client, "/curation")
    named = {result for result in _results(report) if isinstance(result[3], rdflib.URIRef)}
    assert named == _results(build_report) and named


def test_a_broken_record_is_caught_by_the_downloaded_shapes_as_by_the_build(client, small_tree, tmp_path):
    shapes, dump = _download(client, "/shapes"), _download(client, "/dumps/icc-graph.ttl")
    practice = rdflib.URIRef(f"{BASE}/id/practice/a-welcoming-app")
    dump.remove((practice, rdflib.URIRef("http://purl.org/dc/terms/title"), None))
    _, report, _ = pyshacl.validate(dump, shacl_graph=shapes, advanced=True, inference="none")
    assert (practice, rdflib.URIRef("http://purl.org/dc/terms/title"), SH.Violation) in {
        result[:3] for result in _results(report)}
    broken = Paths(small_tree.data, small_tree.ontology, small_tree.shapes, tmp_path / "dist")
    record = small_tree.data / "practices" / "a-welcoming-app.ttl"
    saved = record.read_text(encoding="utf-8")
    try:
        record.write_text("\n".join(line for line in saved.splitlines() if "dcterms:title" not in line) + "\n",
                          encoding="utf-8")
        with pytest.raises(ValidationFailed) as failed:
            build(broken, BASE)
    finally:
        record.write_text(saved, encoding="utf-8")
    assert any(str(v.focus) == str(practice) and str(v.path).endswith("/title") for v in failed.value.report.violations)


def test_id_shapes_is_the_shapes(client):
    answer = client.get("/id/shapes")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/shapes")


def test_the_page_lists_per_kind_what_is_required_and_recommended(client):
    page = Page(client.get("/shapes", headers={"Accept": "text/html"}).get_data(as_text=True))
    assert "Practice" in page.body_text and "Required" in page.body_text and "Recommended" in page.body_text
    french = Page(client.get("/shapes?lang=fr", headers={"Accept": "text/html"}).get_data(as_text=True))
    assert "Requis" in french.body_text and "Recommandé" in french.body_text
    ontology = client.get("/ontology", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/shapes#kind-Practice"' in ontology


def test_the_catalogue_says_the_dataset_conforms_to_the_shapes(client):
    catalog = _download(client, "/catalog")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    assert (rdflib.URIRef(f"{BASE}/dataset"), dct.conformsTo, rdflib.URIRef(f"{BASE}/shapes")) in catalog
    assert (rdflib.URIRef(f"{BASE}/shapes"), RDF.type, dct.Standard) in catalog


def test_shapes_answer_in_every_rdf_format(client):
    for fmt, parser in (("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")):
        answer = client.get(f"/shapes?format={fmt}")
        assert answer.status_code == 200 and len(rdflib.Graph().parse(data=answer.data, format=parser)) > 500
    assert client.get("/shapes", headers={"Accept": "image/png"}).status_code == 406
