"""The reconciliation service (W3C Entity Reconciliation CG API 0.2) over the release built from the
repository's data/: manifest, batched queries (GET, POST, over HTTP), suggest, preview, data
extension, JSONP and CORS, and clear 400s."""
from __future__ import annotations

import json

import pytest
import requests

from tests.conftest import TEST_BASE_IRI as BASE
from tests.live import live_server

from .conftest import app_over

PRACTICE = f"{BASE}/ontology#Practice"
CITY = f"{BASE}/ontology#City"


@pytest.fixture(scope="module")
def real_client(built_dist):
    with app_over(built_dist) as app:
        yield app.test_client()


def batch(client, queries, method="get"):
    data = {"queries": json.dumps(queries)}
    response = client.get("/reconcile", query_string=data) if method == "get" else client.post("/reconcile", data=data)
    assert response.status_code == 200, response.data
    return response.get_json()


def test_the_manifest_names_types_and_services(real_client):
    manifest = real_client.get("/reconcile").get_json()
    assert manifest["versions"] == ["0.2"] and manifest["identifierSpace"] == f"{BASE}/id/"
    assert {t["id"] for t in manifest["defaultTypes"]} >= {PRACTICE, CITY, f"{BASE}/ontology#Country"}
    assert set(manifest["suggest"]) == {"entity", "type", "property"}
    assert "{{id}}" in manifest["preview"]["url"] and manifest["view"]["url"] == "{{id}}"
    assert manifest["extend"]["propose_properties"]["service_path"] == "/reconcile/properties"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_batch_ranks_candidates_and_properties_move_scores(real_client, method):
    answers = batch(real_client, {
        "title": {"query": "Anti-Rumour Web App", "type": PRACTICE, "properties": [{"pid": "city", "v": "Bilbao"}]},
        "wrong_city": {"query": "Anti-Rumour Web App", "type": "practice", "properties": [{"pid": "city", "v": "Oslo"}]},
        "city": {"query": "barcelone", "type": CITY, "limit": 2, "properties": [{"pid": "country", "v": "Spain"}]},
    }, method)
    first = answers["title"]["result"][0]
    assert first["id"] == f"{BASE}/id/practice/anti-rumour-web-app" and first["match"] is True
    assert first["score"] == 100 and {"id": "property_city", "value": True} in first["features"]
    assert first["type"] == [{"id": PRACTICE, "name": "Practice"}] and "Bilbao" in first["description"]
    lowered = answers["wrong_city"]["result"][0]
    assert lowered["id"] == first["id"] and lowered["score"] < first["score"] and lowered["match"] is False
    city = answers["city"]["result"]
    assert len(city) <= 2 and city[0]["id"] == f"{BASE}/id/city/barcelona" and city[0]["match"]  # French name


def test_french_names_answer_in_french(real_client):
    answer = real_client.get("/reconcile", query_string={"queries": json.dumps({"q": {"query": "Spain"}}),
                                                          "lang": "fr"}).get_json()
    assert answer["q"]["result"][0]["name"] == "Espagne"


@pytest.mark.parametrize("queries, message", [
    ("{not json", "'queries' must be JSON"),
    ("[]", "must be a JSON object of queries"),
    ('{"q": {"text": "x"}}', "with a 'query' string"),
    ('{"q": {"query": "x", "type": "planet"}}', "unknown type 'planet'"),
    ('{"q": {"query": "x", "limit": 500}}', "'limit' must be a number"),
    ('{"q": {"query": "x", "properties": 5}}', "'properties' a list"),
    ('{"q": {"query": "x", "properties": [{"pid": "city"}]}}', "needs 'pid' and 'v'"),
])
def test_bad_batches_are_400_with_a_reason(real_client, queries, message):
    response = real_client.get("/reconcile", query_string={"queries": queries}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and message in response.get_json()["message"]


def test_suggest_services_answer_a_prefix(real_client):
    entities = real_client.get("/reconcile/suggest/entity", query_string={"prefix": "amad", "type": CITY}).get_json()
    assert entities["result"] == [{"id": f"{BASE}/id/city/amadora", "name": "Amadora", "description": "City · Portugal",
                                   "notable": [{"id": CITY, "name": "City"}]}]
    types = real_client.get("/reconcile/suggest/type?prefix=pra").get_json()["result"]
    assert types == [{"id": PRACTICE, "name": "Practice"}]
    properties = real_client.get("/reconcile/suggest/property?prefix=co").get_json()["result"]
    assert [p["id"] for p in properties] == ["coordinates", "country"]


def test_data_extension_gives_country_coordinates_links_topics_and_year(real_client):
    proposal = real_client.get("/reconcile/properties", query_string={"type": CITY}).get_json()
    assert [p["id"] for p in proposal["properties"]] == ["country", "coordinates", "geonames", "wikidata"]
    city, practice = f"{BASE}/id/city/amadora", f"{BASE}/id/practice/anti-rumour-web-app"
    extend = {"ids": [city, practice, "http://elsewhere.example/x"],
              "properties": [{"id": "country"}, {"id": "coordinates"}, {"id": "geonames"}, {"id": "year"}]}
    answer = real_client.post("/reconcile", data={"extend": json.dumps(extend)}).get_json()
    assert [m["id"] for m in answer["meta"]] == ["country", "coordinates", "geonames", "year"]
    amadora = answer["rows"][city]
    assert amadora["country"] == [{"id": f"{BASE}/id/country/portugal", "name": "Portugal"}]
    assert amadora["coordinates"] == [{"str": "38.75382,-9.23083"}]
    assert amadora["geonames"] == [{"str": "https://sws.geonames.org/2271772/"}] and amadora["year"] == []
    assert answer["rows"][practice]["year"] == [{"str": "2014"}]
    assert answer["rows"][practice]["coordinates"]  # the practice's city's
    assert answer["rows"]["http://elsewhere.example/x"] == {pid: [] for pid in ("country", "coordinates", "geonames",
                                                                                 "year")}
    bad = real_client.post("/reconcile", data={"extend": json.dumps({**extend, "properties": [{"id": "colour"}]})})
    assert bad.status_code == 400


def test_preview_shows_a_thing_or_404(real_client):
    page = real_client.get("/reconcile/preview", query_string={"id": f"{BASE}/id/city/amadora"})
    assert page.status_code == 200 and "<strong>Amadora</strong>" in page.get_data(as_text=True)
    assert real_client.get("/reconcile/preview", query_string={"id": f"{BASE}/id/city/nowhere"}).status_code == 404


def test_jsonp_wraps_any_answer_and_refuses_a_bad_callback(real_client):
    wrapped = real_client.get("/reconcile/suggest/type?prefix=ci&callback=jQuery.cb_1")
    assert wrapped.content_type.startswith("application/javascript")
    text = wrapped.get_data(as_text=True)
    assert text.startswith("/**/jQuery.cb_1(") and json.loads(text[len("/**/jQuery.cb_1("):-2])["result"]
    assert real_client.get("/reconcile?callback=alert(1)").status_code == 400


def test_over_http_a_client_on_another_origin_reconciles_by_post(built_dist):
    with live_server(built_dist, workers=1, threads=2) as (url, _):
        answer = requests.post(url + "/reconcile", headers={"Origin": "https://openrefine.example"}, timeout=10,
                               data={"queries": json.dumps({"q0": {"query": "Amadora", "type": CITY}})})
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert answer.json()["q0"]["result"][0]["id"] == f"{BASE}/id/city/amadora"


def test_the_catalogue_service_description_and_home_page_name_the_service(real_client):
    import rdflib
    from rdflib.namespace import DCAT, DCTERMS, RDFS

    catalog = rdflib.Graph().parse(data=real_client.get("/catalog", headers={"Accept": "text/turtle"}).data,
                                   format="turtle")
    service = rdflib.URIRef(f"{BASE}/catalog#reconcile-service")
    assert (service, DCAT.endpointURL, rdflib.URIRef(f"{BASE}/reconcile")) in catalog
    assert (service, DCTERMS.conformsTo, None) in catalog and (service, DCAT.servesDataset, None) in catalog
    described = rdflib.Graph().parse(data=real_client.get("/sparql", headers={"Accept": "text/turtle"}).data,
                                     format="turtle")
    assert (rdflib.URIRef(f"{BASE}/sparql"), RDFS.seeAlso, rdflib.URIRef(f"{BASE}/reconcile")) in described
    for lang, words in (("en", "reconciliation service"), ("fr", "service de réconciliation")):
        home = real_client.get(f"/?lang={lang}").get_data(as_text=True)
        assert 'href="/reconcile' in home and words in home
