"""/submit: the form checked by the published shapes, the receipt, the curator's decision, and a
practice sent in that the next build publishes."""
from __future__ import annotations

import gzip
import re
import shutil

import pytest
import rdflib

from icc_graph.build.pipeline import Paths, build
from icc_graph.cli import main as cli_main
from tests.conftest import ROOT
from tests.conftest import TEST_BASE_IRI as BASE

from .conftest import app_over

PUBLISHED = ROOT / "data" / "practices" / "a-welcoming-app.ttl"
WRONG = {"title": "", "lang": "en", "city": "Atlantis", "country": "south-korea", "start": "2999", "end": "",
         "topics": ["education"], "summary": "Neighbours meet every week.", "source": "not a page",
         "sent_by": "", "contact": "office@example.org", "body-1-name": "", "body-1-kind": "Council", "body-1-members": "12",
         "body-1-women": "15", "body-1-nationalities": ["south-korea"]}
RIGHT = {**WRONG, "title": "Neighbours' kitchen of Ansan", "city": "Ansan", "start": "2021",
         "sent_by": "Ansan Intercultural Office",
         "source": "https://example.org/ansan-kitchen", "body-1-name": "Kitchen council", "body-1-women": "7"}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    return tmp_path_factory.mktemp("inbox")


@pytest.fixture(scope="module")
def app(built_dist, inbox):
    with app_over(built_dist, SUBMISSIONS_DIR=str(inbox), SUBMIT_RATE=100) as application:
        yield application


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def token(client, lang="en") -> str:
    page = client.get(f"/submit?lang={lang}").get_data(as_text=True)
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def field_errors(page: str) -> dict[str, str]:
    """Field -> the findings shown beside it."""
    return {m.group(1): m.group(2) for m in re.finditer(r'<ul class="field-errors" id="error-([^"]+)">(.*?)</ul>', page, re.S)}


def send(client, form, lang="en"):
    return client.post(f"/submit?lang={lang}", data={**form, "token": token(client, lang)})


def test_the_form_offers_the_release_vocabularies_in_both_languages(client):
    english, french = client.get("/submit?lang=en"), client.get("/submit?lang=fr")
    assert english.status_code == french.status_code == 200
    assert "Access-Control-Allow-Origin" not in english.headers  # no other origin reads the token
    assert english.headers["Cache-Control"] == "no-store"
    page = english.get_data(as_text=True)
    assert 'value="political-and-public-participation"' in page and '<option value="Ansan">' in page
    assert '<option value="2020">' in page and 'value="Council"' in page
    assert "Envoyer une bonne pratique" in french.get_data(as_text=True)
    assert "/submit" in client.get("/").get_data(as_text=True)  # linked from the home page and the navigation


def test_a_wrong_form_comes_back_filled_with_each_finding_beside_its_field(client, inbox):
    answer = send(client, WRONG)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    errors = field_errors(page)
    assert {"title", "city", "period", "source", "sent_by", "body-1-name", "body-1-women"} <= set(errors), errors
    assert "published with it" in errors["sent_by"]
    assert "city list" in errors["city"] and "future" in errors["period"]
    assert "more women members than members" in errors["body-1-women"]
    assert 'value="Atlantis"' in page and "Neighbours meet every week." in page and 'value="15"' in page
    assert 'aria-describedby="error-title"' in page
    assert not list(inbox.glob("pending/*"))


def test_no_token_no_submission_but_the_text_comes_back(client):
    answer = client.post("/submit", data=RIGHT)
    assert answer.status_code == 400 and "expired" in answer.get_data(as_text=True)
    assert "Kitchen council" in answer.get_data(as_text=True)
    forged = client.post("/submit", data={**RIGHT, "token": token(client) + "x"})
    assert forged.status_code == 400


def test_add_a_body_without_javascript(client):
    answer = client.post("/submit?lang=fr", data={**WRONG, "action": "add-body"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'id="field-body-2-name"' in page and "Instance 2" in page
    assert not field_errors(page)


def test_a_right_form_gets_a_receipt_then_the_curator_decides(client, inbox, capsys):
    answer = send(client, RIGHT, "fr")
    assert answer.status_code == 303
    receipt = answer.headers["Location"]
    submission_id = re.search(r"/submit/([\w-]+)", receipt).group(1)
    assert "reçue, en attente" in client.get(receipt).get_data(as_text=True)
    draft = (inbox / "pending" / f"{submission_id}.ttl").read_text(encoding="utf-8")
    assert draft.startswith("# Drafted by `icc-graph submissions` from submission " + submission_id)
    assert "office@example.org" not in draft  # the contact stays in the inbox
    assert 'foaf:name "Ansan Intercultural Office"' in draft and "prov:wasAttributedTo" in draft
    status = client.get(f"/submit/{submission_id}?format=json").json
    assert status["status"] == "received" and status["practice"] == f"{BASE}/id/practice/neighbours-kitchen-of-ansan"
    assert status["sent_by"] == "Ansan Intercultural Office"
    assert "contact" not in status and "office@example.org" not in client.get(receipt).get_data(as_text=True)

    assert cli_main(["submissions", "--inbox", str(inbox), "list"]) == 0
    assert submission_id in capsys.readouterr().out
    assert cli_main(["submissions", "--inbox", str(inbox), "show", submission_id]) == 0
    shown = capsys.readouterr().out
    assert "contact: office@example.org" in shown and "sent_by: Ansan Intercultural Office" in shown
    assert cli_main(["submissions", "--inbox", str(inbox), "reject", submission_id, "--reason", "Sent twice"]) == 0
    page = client.get(receipt).get_data(as_text=True)
    assert "refusée" in page and "Sent twice" in page
    assert cli_main(["submissions", "--inbox", str(inbox), "accept", submission_id]) == 1  # decided already
    assert client.get("/submit/nosuchreceipt00").status_code == 404


def test_accepted_then_built_the_practice_is_served_with_the_senders_facts(client, inbox, tmp_path, capsys):
    form = {**RIGHT, "title": "Ansan open kitchen", "lang": "en"}
    submission_id = re.search(r"/submit/([\w-]+)", send(client, form).headers["Location"]).group(1)
    for name in ("data", "ontology", "shapes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    assert cli_main(["--data", str(tmp_path / "data"), "submissions", "--inbox", str(inbox),
                     "accept", submission_id]) == 0
    record = tmp_path / "data" / "practices" / "ansan-open-kitchen.ttl"
    assert f"wrote {record}" in capsys.readouterr().out
    assert client.get(f"/submit/{submission_id}?format=json").json["status"] == "accepted"
    build(Paths.under(tmp_path), BASE)
    with app_over(tmp_path / "dist") as published:
        answer = published.test_client().get("/id/practice/ansan-open-kitchen", headers={"Accept": "text/turtle"},
                                             follow_redirects=True)
        assert answer.status_code == 200
        graph = rdflib.Graph().parse(data=answer.data, format="turtle")
        page = published.test_client().get("/id/practice/ansan-open-kitchen?lang=fr",
                                           headers={"Accept": "text/html"}, follow_redirects=True)
    practice = rdflib.URIRef(f"{BASE}/id/practice/ansan-open-kitchen")
    dcterms, icc = rdflib.namespace.DCTERMS, rdflib.Namespace(f"{BASE}/ontology#")
    prov, foaf = rdflib.namespace.PROV, rdflib.namespace.FOAF
    sender = graph.value(practice, prov.wasAttributedTo)
    assert sender == rdflib.URIRef(f"{practice}-sender") and (sender, rdflib.RDF.type, prov.Agent) in graph
    assert graph.value(sender, foaf.name) == rdflib.Literal("Ansan Intercultural Office")
    assert graph.value(practice, prov.generatedAtTime).datatype == rdflib.XSD.dateTime
    html = page.get_data(as_text=True)
    assert re.search(r"<dt>Envoyé par</dt>\s*<dd class=\"sent-by\">Ansan Intercultural Office <small>", html), html
    released = [path.read_bytes() for path in (tmp_path / "dist").rglob("*") if path.is_file()]
    assert any(b"Ansan Intercultural Office" in (gzip.decompress(d) if d[:2] == b"\x1f\x8b" else d) for d in released)
    assert not any(b"office@example.org" in (gzip.decompress(d) if d[:2] == b"\x1f\x8b" else d) for d in released)
    assert graph.value(practice, dcterms.title) == rdflib.Literal("Ansan open kitchen", lang="en")
    assert graph.value(practice, icc.city) == rdflib.URIRef(f"{BASE}/id/city/ansan")
    assert graph.value(practice, dcterms.source) == rdflib.URIRef("https://example.org/ansan-kitchen")
    assert graph.value(practice, icc.curationStatus) == icc.AwaitingCuration
    body = graph.value(practice, icc.describes)
    assert body is not None


def test_a_record_from_a_portal(client, inbox):
    published = PUBLISHED.read_bytes()
    claimed = client.post("/submit", data=published, headers={"Content-Type": "text/turtle"})
    assert claimed.status_code == 409 and "already published" in claimed.get_data(as_text=True)
    new = published.replace(b"a-welcoming-app", b"a-welcoming-app-in-ansan")
    sent = client.post("/submit", data=new, headers={"Content-Type": "text/turtle"})
    assert sent.status_code == 201, sent.get_data(as_text=True)
    assert sent.headers["Location"] == sent.json["receipt"]
    assert sent.json["practice"] == f"{BASE}/id/practice/a-welcoming-app-in-ansan"
    again = client.post("/submit", data=new, headers={"Content-Type": "text/turtle"})
    assert again.status_code == 409 and "waiting" in again.get_data(as_text=True)
    untitled = "\n".join(line for line in new.decode().splitlines() if "dcterms:title" not in line)
    invalid = client.post("/submit", data=untitled.replace("in-ansan", "x"), headers={"Content-Type": "text/turtle"})
    assert invalid.status_code == 422 and invalid.json["conforms"] is False
    foreign = new.replace(b"a-welcoming-app-in-ansan", b"other") + b"\n<http://example.org/x> dcterms:title \"x\"@en .\n"
    outside = client.post("/submit", data=foreign, headers={"Content-Type": "text/turtle"})
    assert outside.status_code == 400 and "http://example.org/x" in outside.get_data(as_text=True)
    attributed = (new.replace(b"a-welcoming-app-in-ansan", b"a-welcoming-app-by-a-portal")
                  + b"\npractice:a-welcoming-app-by-a-portal prov:wasAttributedTo practice:a-welcoming-app-by-a-portal-sender ."
                  + b"\npractice:a-welcoming-app-by-a-portal-sender a prov:Agent ; foaf:name \"Ansan portal\" .\n")
    kept = client.post("/submit", data=attributed, headers={"Content-Type": "text/turtle"})
    assert kept.status_code == 201, kept.get_data(as_text=True)  # a portal's own attribution is kept as sent
    (draft,) = [p for p in inbox.glob("pending/*.ttl") if "by-a-portal" in p.read_text(encoding="utf-8")]
    assert 'foaf:name "Ansan portal"' in draft.read_text(encoding="utf-8")
    nameless = attributed.replace(b"by-a-portal", b"by-nobody").replace(b'foaf:name "Ansan portal"', b"rdfs:comment \"x\"")
    refused = client.post("/submit", data=nameless, headers={"Content-Type": "text/turtle"})
    assert refused.status_code == 422 and "Say who sends the practice" in refused.get_data(as_text=True)
    broken = client.post("/submit", data=b"<a> <b> ", headers={"Content-Type": "text/turtle"})
    assert broken.status_code == 400 and "line" in broken.get_data(as_text=True)
