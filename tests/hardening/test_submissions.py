"""/submit under attack, against a live server: a 10 MB body, RDF that does not parse, records that
claim published IRIs, markup in every field, 1,000 submissions in a minute from one client. Each
gets a clear 4xx (or the inbox's 503); nothing is half-written; the inbox stays bounded; the server
stays up."""
from __future__ import annotations

import re
import time
from collections import Counter

import pytest
import rdflib
import requests

from icc_graph.settings import Defaults
from tests.conftest import ROOT

from .conftest import live_server

pytestmark = pytest.mark.live
RATE, MAX_PENDING = 30, 3
WINDOW = Defaults.SUBMIT_RATE_WINDOW
MARKUP = '<script>alert(1)</script><img src=x onerror=alert(1)>"\' {{ 7*7 }} ]]> """ @prefix x: <y> .'
RECORD = (ROOT / "data" / "practices" / "a-welcoming-app.ttl").read_bytes()
SEED = (ROOT / "data" / "practices" / "democratic-citizenship-in-ansan.ttl").read_bytes()
TURTLE = {"Content-Type": "text/turtle", "Accept": "application/json"}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    return tmp_path_factory.mktemp("inbox")


@pytest.fixture(scope="module")
def server(built_dist, inbox):
    env = {"ICC_SUBMISSIONS_DIR": str(inbox), "ICC_SUBMIT_RATE": str(RATE),
           "ICC_SUBMISSIONS_MAX_PENDING": str(MAX_PENDING)}
    with live_server(built_dist, timeout=10.0, env=env, workers=2, threads=4) as (url, _):
        yield url


def form_token(url: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', requests.get(url + "/submit", timeout=30).text).group(1)


def renamed(record: bytes, slug: str) -> bytes:
    return record.replace(b"a-welcoming-app", slug.encode())


def test_a_10_mb_body_is_413(server):
    big = b"# " + b"x" * 10_000_000 + b"\n"
    for headers, body in ((TURTLE, big), ({"Content-Type": "application/x-www-form-urlencoded"}, b"title=" + big)):
        try:
            answer = requests.post(server + "/submit", data=body, headers=headers, timeout=60)
            assert answer.status_code == 413
        except requests.ConnectionError:  # the server may answer 413 and close before reading it all
            pass
    assert requests.get(server + "/submit", timeout=30).status_code == 200


def test_rdf_that_does_not_parse_is_400_naming_the_line(server):
    answer = requests.post(server + "/submit", data=b"@prefix x: <y> .\n<a> x:b \"open", headers=TURTLE, timeout=60)
    assert answer.status_code == 400 and "line 2" in answer.json()["message"]


def test_records_that_claim_published_iris_are_409(server, inbox):
    claims = requests.post(server + "/submit", data=RECORD, headers=TURTLE, timeout=60)
    assert claims.status_code == 409 and "/id/practice/a-welcoming-app" in claims.json()["message"]
    # a new practice that redefines a body another practice describes
    body = (b"\nbody:ansan-non-nationals-council a icc:Council ; skos:prefLabel \"Taken\"@en .\n"
            b"practice:a-new-one icc:describes body:ansan-non-nationals-council .\n")
    record = renamed(RECORD, "a-new-one").replace(b"@prefix scheme:", b"@prefix body: <id/body/> .\n@prefix scheme:", 1)
    answer = requests.post(server + "/submit", data=record + body, headers=TURTLE, timeout=60)
    assert answer.status_code == 409 and "ansan-non-nationals-council" in answer.json()["message"], answer.text
    assert not list(inbox.glob("pending/*"))


def test_markup_in_every_field_is_text_everywhere(server, inbox):
    fields = ("title", "city", "country", "start", "end", "topics", "summary", "source", "sent_by", "contact",
              "body-1-name", "body-1-kind", "body-1-members", "body-1-women", "body-1-nationalities", "lang")
    answer = requests.post(server + "/submit", data={**{name: MARKUP for name in fields}, "token": form_token(server)},
                           timeout=60)
    assert answer.status_code == 422
    assert "<script>alert" not in answer.text and "<img src=x" not in answer.text
    assert answer.text.count("&lt;script&gt;alert(1)") >= 5  # sent back, as text, in the fields that keep it
    free = {"title": "Kitchen " + MARKUP, "summary": MARKUP, "contact": MARKUP + "\n@prefix evil: <x> .",
            "sent_by": "Office " + MARKUP,
            "body-1-name": "Council " + MARKUP, "city": "Ansan", "country": "south-korea", "start": "2020"}
    sent = requests.post(server + "/submit", data={**free, "token": form_token(server)}, timeout=60)
    assert sent.status_code == 200 and "/submit/" in sent.url, sent.text[-2000:]
    assert "<script>alert" not in sent.text and "Kitchen &lt;script&gt;" in sent.text
    (draft,) = inbox.glob("pending/*.ttl")
    text = draft.read_text(encoding="utf-8")
    graph = rdflib.Graph().parse(data=text, format="turtle", publicID="http://example.org/")
    titles = {str(o) for o in graph.objects(None, rdflib.namespace.DCTERMS.title)}
    assert titles == {"Kitchen " + MARKUP}
    assert {str(o) for o in graph.objects(None, rdflib.namespace.FOAF.name)} == {"Office " + MARKUP}
    assert "evil" not in text  # the contact is kept in the inbox's metadata, never in the record


def test_a_thousand_submissions_in_a_minute_from_one_client(server, inbox):
    session = requests.Session()
    statuses = Counter()
    started = time.time()
    for n in range(1000):
        answer = session.post(server + "/submit", data=renamed(RECORD, f"flood-{n}"), headers=TURTLE, timeout=60)
        statuses[answer.status_code] += 1
        assert answer.headers["Content-Type"].startswith("application/json"), answer.text
    # The limiter's windows are fixed slots of the clock: the loop may run into a second one.
    windows = int(time.time() // WINDOW) - int(started // WINDOW) + 1
    assert set(statuses) <= {201, 503, 429}, statuses
    assert statuses[429] >= 1000 - RATE * windows and statuses[201] <= MAX_PENDING, (statuses, windows)
    assert len(list(inbox.glob("pending/*.ttl"))) == len(list(inbox.glob("pending/*.json"))) == MAX_PENDING
    assert not [p for p in inbox.rglob("*") if p.name.endswith(".tmp")]
    for draft in inbox.glob("pending/*.ttl"):
        rdflib.Graph().parse(draft, format="turtle", publicID="http://example.org/")
    for _ in range(RATE + 1):  # a new window may just have begun: at most RATE more get through
        limited = session.post(server + "/submit", data=renamed(RECORD, "one-more"), headers=TURTLE, timeout=60)
        if limited.status_code == 429:
            break
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert "Try again" in limited.json()["message"]
    assert requests.get(server + "/submit", timeout=30).status_code == 200  # the server is up
