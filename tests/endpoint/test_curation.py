"""/curation over the release built from the repository's data: its figures are the counts."""
from __future__ import annotations

import json
import re

import pytest
import rdflib

from icc_graph.release import CURATION, read_release
from tests.conftest import TEST_BASE_IRI as BASE

from .conftest import app_over
from .test_pages import Page


@pytest.fixture(scope="module")
def curation_client(built_dist):
    with app_over(built_dist) as app:
        yield app.test_client()


@pytest.fixture(scope="module")
def summary(built_dist):
    return json.loads(read_release(built_dist).file(CURATION).read_text(encoding="utf-8"))


def _rows(html: str, heading_id: str) -> list[list[str]]:
    """The body rows of the table under the heading *heading_id*, as cell texts."""
    section = html[html.index(f'id="{heading_id}"'):]
    table = section[section.index("<tbody>"):section.index("</tbody>")]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_the_field_table_shows_the_counts_of_the_release(curation_client, summary, built_dist):
    page = curation_client.get("/curation", headers={"Accept": "text/html"})
    assert page.status_code == 200
    rows = _rows(page.get_data(as_text=True), "fields-heading")
    from icc_graph.store.embedded import EmbeddedStore

    store = EmbeddedStore(built_dist, query_workers=1)
    try:
        total = int(store.select("SELECT (COUNT(?p) AS ?n) WHERE { ?p a <%s/ontology#Practice> }" % BASE)[0]["n"])
        with_topic = int(store.select(
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <%s/ontology#Practice> ; "
            "<http://purl.org/dc/terms/subject> ?t }" % BASE)[0]["n"])
    finally:
        store.close()
    assert rows[0][0] == "topic" and rows[0][1] == f"{with_topic} / {total}" and rows[0][2] == str(total - with_topic)
    assert [row[1] for row in rows] == [f"{f['total'] - f['missing']} / {f['total']}" for f in summary["fields"]]


def test_every_country_row_shows_its_practices(curation_client, summary):
    rows = _rows(curation_client.get("/curation").get_data(as_text=True), "countries-heading")
    shown = {row[0]: int(row[1]) for row in rows}
    for entry in summary["countries"]:
        name = entry["label"].get("en") if entry["iri"] else "none given"
        assert shown[name] == entry["practices"]


def test_the_to_do_list_links_each_record_to_its_page(curation_client, summary):
    html = curation_client.get("/curation").get_data(as_text=True)
    todo = Page(html[html.index('id="todo-heading"'):])
    links = [a["href"] for a in todo.all("a") if a.get("href", "").startswith("/doc/")]
    assert links and len(links) == min(50, len(summary["records"]))
    first = summary["records"][0]
    assert first["iri"].replace(f"{BASE}/id/", "/doc/") == links[0]
    assert curation_client.get(links[0]).status_code == 200


def test_the_page_speaks_french(curation_client):
    page = Page(curation_client.get("/curation?lang=fr").get_data(as_text=True))
    assert page.h1 == ["Curation : ce qui manque à chaque fiche"]
    assert "thème" in page.body_text and "titre en français" in page.body_text


def test_the_to_do_list_is_paged(curation_client, summary):
    pages = -(-len(summary["records"]) // 50)
    last = curation_client.get(f"/curation?page={pages}")
    assert last.status_code == 200 and f"Page {pages} of {pages}" in last.get_data(as_text=True)
    assert curation_client.get(f"/curation?page={pages + 1}").status_code == 404
    bad = curation_client.get("/curation?page=first")
    assert bad.status_code == 400 and "Traceback" not in bad.get_data(as_text=True)


def test_machines_get_the_figures_and_the_report(curation_client, summary):
    figures = curation_client.get("/curation", headers={"Accept": "application/json"})
    assert figures.status_code == 200 and figures.json == summary
    report = curation_client.get("/curation?format=ttl")
    graph = rdflib.Graph().parse(data=report.data, format="turtle")
    shacl = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (rdflib.URIRef(f"{BASE}/curation"), rdflib.RDF.type, shacl.ValidationReport) in graph
    assert curation_client.get("/curation", headers={"Accept": "image/png"}).status_code == 406
