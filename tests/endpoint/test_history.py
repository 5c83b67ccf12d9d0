"""The history over HTTP: releases as versions (410 once pruned), the change feed (valid JSON-LD
against the Activity Streams context), Last-Modified and dct:modified on documents."""
from __future__ import annotations

import copy
import hashlib
import json
from email.utils import format_datetime

import pytest
from ap.linked_data.contexts import AS_CONTEXT_DOCUMENT
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from icc_graph.history.versions import parse_time
from tests.endpoint.conftest import app_over
from tests.history_chain import BASE, PRACTICE, STEPS, publish_chain

AS = Namespace("https://www.w3.org/ns/activitystreams#")
KEEP = 3  # of the four releases: the first is pruned


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    dist = tmp_path_factory.mktemp("history-http")
    return dist, publish_chain(dist, keep=KEEP)


@pytest.fixture(scope="module")
def client(chain):
    dist, _ = chain
    with app_over(dist, KEEP_RELEASES=KEEP) as application:
        yield application.test_client()


def test_releases_index_says_which_are_kept(client, chain):
    _, releases = chain
    answer = client.get("/releases/")
    assert answer.status_code == 200
    listed = answer.get_json()["releases"]
    assert [r["release"] for r in listed] == [r.id for r in reversed(releases)]
    assert [r["kept"] for r in listed] == [True, True, True, False]


def test_a_kept_release_serves_its_immutable_files(client, chain):
    dist, releases = chain
    old = releases[1].id
    with client.get(f"/releases/{old}/icc-graph.nt.gz") as answer:  # file responses must be closed
        assert answer.status_code == 200 and answer.content_type == "application/gzip"
        assert answer.data == (dist / "releases" / old / "icc-graph.nt.gz").read_bytes()
        assert "immutable" in answer.headers["Cache-Control"]
        assert answer.headers["ETag"].strip('"') == hashlib.sha256(answer.data).hexdigest()
    listing = client.get(f"/releases/{old}/").get_json()
    assert listing["release"] == old and listing["previous"] == releases[0].id
    assert {f["name"] for f in listing["files"]} >= {"catalog.ttl", "changes.json", "icc-graph.ttl"}


def test_a_pruned_release_is_gone_with_a_link_to_the_current_one(client, chain):
    _, releases = chain
    answer = client.get(f"/releases/{releases[0].id}/icc-graph.ttl")
    assert answer.status_code == 410
    current = f"{BASE}/releases/{releases[-1].id}/"
    assert current in answer.get_data(as_text=True)
    assert f'<{current}>; rel="latest-version"' in answer.headers.getlist("Link")
    assert client.get("/releases/0000000000000000/icc-graph.ttl").status_code == 404
    assert client.get(f"/releases/{releases[-1].id}/no-such-file").status_code == 404


def expand(document: dict) -> Graph:
    """The feed document as RDF, its @context the Activity Streams 2.0 context (a local copy)."""
    document = copy.deepcopy(document)
    local = copy.deepcopy(AS_CONTEXT_DOCUMENT["@context"])
    context = document["@context"]
    assert context[0] == "https://www.w3.org/ns/activitystreams"
    document["@context"] = [local, *context[1:]]
    return Graph().parse(data=json.dumps(document), format="json-ld")


def test_the_feed_is_activity_streams(client, chain):
    _, releases = chain
    answer = client.get("/changes")
    assert answer.status_code == 200 and answer.mimetype == "application/ld+json"
    collection = answer.get_json()
    graph = expand(collection)
    feed = URIRef(f"{BASE}/changes")
    assert (feed, RDF.type, AS.OrderedCollection) in graph
    assert graph.value(feed, AS.totalItems).toPython() == 4
    last = graph.value(feed, AS.last)
    page = client.get(str(last)[len(BASE):])
    assert page.status_code == 200
    items = expand(page.get_json())
    kinds = {str(items.value(a, RDF.type)).rsplit("#", 1)[-1]: a for a in items.subjects(AS.endTime, None)}
    assert set(kinds) == {"Refresh", "Create", "Update", "Delete"}
    assert items.value(kinds["Refresh"], RDF.type) == URIRef("https://iiif.io/api/discovery/1#Refresh")
    delete = kinds["Delete"]
    assert items.value(delete, AS.object) == URIRef(f"{PRACTICE}/bergen-school")
    assert items.value(delete, AS.context) == URIRef(f"{BASE}/releases/{releases[-1].id}")
    assert items.value(delete, AS.endTime) == Literal(STEPS[-1][0], datatype=XSD.dateTime)
    assert (URIRef(f"{PRACTICE}/bergen-school"), RDF.type, URIRef(f"{BASE}/ontology#Practice")) in items
    # every term is Activity Streams' (or IIIF's Refresh): nothing fell back to the context's "_:" vocabulary
    assert all(str(p).startswith(("https://www.w3.org/ns/activitystreams#", str(RDF))) for p in items.predicates())
    assert client.get("/changes/page/1").status_code == 404


def test_every_answer_links_the_feed(client):
    for path in ("/changes", "/doc/practice/oslo-council", "/releases/", "/robots.txt"):
        links = client.get(path).headers.getlist("Link")
        assert any(f"<{BASE}/changes>" in link and "activitystreams#outbox" in link for link in links), path


def test_documents_are_dated_by_the_release_that_changed_them(client):
    changed = parse_time(STEPS[2][0])  # oslo-council's title changed in the third release
    answer = client.get("/doc/practice/oslo-council.ttl")
    assert answer.last_modified == changed
    graph = Graph().parse(data=answer.data, format="turtle")
    assert graph.value(URIRef(f"{BASE}/doc/practice/oslo-council"), DCTERMS.modified) == Literal(
        STEPS[2][0], datatype=XSD.dateTime)
    # If-Modified-Since works across releases: since that release, nothing changed
    for since, status in ((changed, 304), (parse_time(STEPS[1][0]), 200)):
        again = client.get("/doc/practice/oslo-council.ttl", headers={"If-Modified-Since": format_datetime(since, True)})
        assert again.status_code == status
    # a practice added in the second release and never changed since
    assert client.get("/doc/practice/tromso-library").last_modified == parse_time(STEPS[1][0])


# --- Memento (RFC 7089): real Accept-Datetime strings against the four releases -------------------
# issued: 2026-01-05, 02-05, 03-05, 04-05 at 10:00 UTC; oslo-council changed in the 1st and 3rd;
# bergen-school deleted in the 4th; tromso-library added in the 2nd; the 1st release is pruned.

def test_accept_datetime_between_releases_redirects_to_the_version_then(client, chain):
    _, releases = chain
    answer = client.get("/doc/practice/oslo-council", headers={"Accept-Datetime": "Tue, 10 Feb 2026 00:00:00 GMT"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/releases/{releases[0].id}/doc/practice/oslo-council"
    assert "Accept-Datetime" in answer.headers["Vary"]
    links = ", ".join(answer.headers.getlist("Link"))
    assert f'<{BASE}/doc/practice/oslo-council>; rel="original timegate"' in links
    assert f'<{BASE}/timemap/link/doc/practice/oslo-council>; rel="timemap"' in links
    # the first release is pruned: the same document is read from the second, which is kept
    old = client.get(answer.headers["Location"], headers={"Accept": "text/turtle"})
    assert old.status_code == 200
    assert old.headers["Memento-Datetime"] == "Mon, 05 Jan 2026 10:00:00 GMT"
    assert "council of residents" in old.get_data(as_text=True)
    assert "council of all residents" in client.get("/doc/practice/oslo-council.ttl").get_data(as_text=True)
    assert 'rel="memento"' in ", ".join(old.headers.getlist("Link"))
    # the second release holds the first's version: its URL redirects to the version's own
    held = client.get(f"/releases/{releases[1].id}/doc/practice/oslo-council.ttl")
    assert held.status_code == 301
    assert held.headers["Location"] == f"/releases/{releases[0].id}/doc/practice/oslo-council.ttl"
    later = client.get("/doc/practice/oslo-council", headers={"Accept-Datetime": "Thu, 05 Mar 2026 10:00:00 GMT"})
    assert later.headers["Location"].endswith(f"/releases/{releases[2].id}/doc/practice/oslo-council")


def test_accept_datetime_before_a_resource_existed_or_after_it_went(client):
    for path, when in (("/doc/practice/oslo-council", "Mon, 05 Jan 2026 09:59:59 GMT"),  # before the first release
                       ("/doc/practice/tromso-library", "Sun, 01 Feb 2026 00:00:00 GMT"),  # before it was added
                       ("/doc/practice/bergen-school", "Sun, 05 Apr 2026 10:00:00 GMT")):  # deleted then
        answer = client.get(path, headers={"Accept-Datetime": when})
        assert answer.status_code == 404, (path, when)
        assert "Accept-Datetime" in answer.headers["Vary"]
        assert "timemap" in answer.get_data(as_text=True)
    gone_later = client.get("/doc/practice/bergen-school", headers={"Accept-Datetime": "Sun, 15 Mar 2026 08:00:00 GMT"})
    assert gone_later.status_code == 302
    assert client.get("/doc/practice/bergen-school").status_code == 404  # not in the release in service
    bad = client.get("/doc/practice/oslo-council", headers={"Accept-Datetime": "last tuesday"})
    assert bad.status_code == 400 and "RFC 1123" in bad.get_data(as_text=True)


def test_a_version_no_kept_release_holds_is_gone(client, chain):
    _, releases = chain
    # oslo the city changed in the 1st release and again in the 2nd (a practice linked to it): that
    # first version was only in the pruned release
    answer = client.get("/doc/city/oslo", headers={"Accept-Datetime": "Sun, 01 Feb 2026 00:00:00 GMT"})
    assert answer.headers["Location"].endswith(f"/releases/{releases[0].id}/doc/city/oslo")
    assert client.get(answer.headers["Location"]).status_code == 410


def test_the_current_document_names_its_timegate_and_timemap(client):
    answer = client.get("/doc/practice/oslo-council")
    assert "Accept-Datetime" in answer.headers["Vary"]
    links = ", ".join(answer.headers.getlist("Link"))
    assert 'rel="original timegate"' in links and 'rel="version-history"' in links


def test_timemaps_in_link_format_and_json(client, chain):
    _, releases = chain
    answer = client.get("/timemap/link/doc/practice/oslo-council")
    assert answer.status_code == 200 and answer.mimetype == "application/link-format"
    text = answer.get_data(as_text=True)
    first = f'<{BASE}/releases/{releases[0].id}/doc/practice/oslo-council>; rel="first memento"; ' \
            f'datetime="Mon, 05 Jan 2026 10:00:00 GMT"'
    last = f'<{BASE}/releases/{releases[2].id}/doc/practice/oslo-council>; rel="last memento"; ' \
           f'datetime="Thu, 05 Mar 2026 10:00:00 GMT"'
    assert first in text and last in text
    assert f'<{BASE}/doc/practice/oslo-council>; rel="original"' in text
    listed = client.get("/timemap/json/doc/practice/oslo-council").get_json()["mementos"]["list"]
    assert [m["release"] for m in listed] == [releases[0].id, releases[2].id]
    assert client.get("/timemap/link/doc/practice/atlantis").status_code == 404


@pytest.mark.parametrize("lang,words", [("en", "History of"), ("fr", "Historique de")])
def test_the_history_page_shows_each_change_with_its_diff(client, lang, words):
    answer = client.get(f"/history/doc/practice/oslo-council?lang={lang}")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert words in page
    assert "+ &lt;http://127.0.0.1:8080/id/practice/oslo-council&gt;" in page
    assert "council of all residents" in page


@pytest.mark.parametrize("lang,words", [("en", "Versions of this document"), ("fr", "Versions de ce document")])
def test_a_document_page_links_its_history(client, lang, words):
    page = client.get(f"/doc/practice/oslo-council?lang={lang}", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'href="/history/doc/practice/oslo-council?lang={lang}" rel="version-history">{words}<' in page
