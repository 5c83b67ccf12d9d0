"""The web side: HTML escapes whatever the data holds, security headers, 500s without traces.

The escaping property is checked end to end: each example writes a release whose practice has a
random title (markup, quotes, any characters) and a source IRI with the characters an IRI may
carry that matter to HTML, switches ``current`` to it, and reads the practice's HTML page.
"""
from __future__ import annotations

import html.parser
import itertools
import logging
import re

import pyoxigraph
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from endpoint import create_app
from tests.small_release import BASE, make_release

PRACTICE = f"{BASE}/id/practice/hostile"
TITLE = "http://purl.org/dc/terms/title"
SOURCE = "http://purl.org/dc/terms/source"
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"', "'", "&amp;", "&", "<", ">",
          "</title>", "<!--", "]]>", "{{ 7*7 }}", "\u202e", "javascript:alert(1)", '" onmouseover="x']
titles = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(st.characters(blacklist_categories=("Cs", "Cc")),
                                                             max_size=12)), min_size=1, max_size=6).map("".join)
iri_tails = st.text(st.sampled_from("abc'&();=*,!$+:@/?#%20"), max_size=20)
EXAMPLES = itertools.count()  # a distinct triple per example, so each is a new release
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


class Page(html.parser.HTMLParser):
    """The tags, attribute values and text of a page, as a browser would read them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)

    def handle_data(self, data):
        self.text.append(data)


def practice_data(title: str, source: str) -> str:
    practice = pyoxigraph.NamedNode(PRACTICE)
    return "\n".join(f"{triple} ." for triple in (
        pyoxigraph.Triple(practice, pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          pyoxigraph.NamedNode(f"{BASE}/ontology#Practice")),
        pyoxigraph.Triple(practice, pyoxigraph.NamedNode(TITLE), pyoxigraph.Literal(title, language="en")),
        pyoxigraph.Triple(practice, pyoxigraph.NamedNode(SOURCE), pyoxigraph.NamedNode(source)),
    ))


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    app = create_app({"DIST_DIR": str(dist), "BASE_IRI": BASE, "TESTING": True})
    yield dist, app.test_client()
    app.extensions["icc_store"].close()


def page_of(web, title: str, source: str) -> Page:
    dist, client = web
    make_release(dist, practice_data(title, source) + f'\n<{PRACTICE}> <urn:x:example> "{next(EXAMPLES)}" .')
    response = client.get("/doc/practice/hostile.html")
    assert response.status_code == 200
    return Page(response.get_data(as_text=True))


@pytest.fixture(scope="module")
def baseline_tags(web):
    return set(page_of(web, "plain", "http://example.org/plain").tags)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=titles, tail=iri_tails)
def test_pages_escape_literals_and_iris(web, baseline_tags, title, tail):
    source = "http://example.org/" + tail
    assume(_valid_iri(source))
    page = page_of(web, title, source)
    assert set(page.tags) <= baseline_tags  # no element came from the data
    text = " ".join(" ".join(page.text).split())
    assert " ".join(title.split()) in text  # the title is shown as text, whole
    assert source in text  # and so is the IRI
    assert ("href", source) in page.attributes  # a link to it, its value intact
    assert not any(name.startswith("on") for name, _ in page.attributes)


@pytest.mark.parametrize("source", ["javascript:alert(1)", "data:text/html,x", "JavaScript:alert(1)"])
def test_data_iris_with_script_schemes_are_shown_as_text_not_links(web, source):
    page = page_of(web, "A practice", source)
    hrefs = [value.strip().lower() for name, value in page.attributes if name == "href"]
    assert not any(href.startswith(("javascript:", "data:")) for href in hrefs)
    assert source in " ".join(page.text)  # still shown, as text


def _valid_iri(iri: str) -> bool:
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


def test_security_headers_everywhere(web):
    _, client = web
    for path in ("/", "/sparql?query=ASK%7B%7D", "/doc/practice/hostile.ttl", "/no/such/page", "/openapi.json"):
        response = client.get(path)
        for name in SECURITY_HEADERS:
            assert response.headers.get(name), (path, name)
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"


def test_a_500_shows_an_incident_id_and_logs_the_trace(dist_dir, caplog):
    app = create_app({"DIST_DIR": str(dist_dir), "BASE_IRI": BASE, "TESTING": True})

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail at /internal/path.py line 42")

    with caplog.at_level(logging.ERROR):
        for accept in ("text/plain", "application/json", "text/html"):
            response = app.test_client().get("/boom", headers={"Accept": accept})
            body = response.get_data(as_text=True)
            assert response.status_code == 500
            assert "Traceback" not in body and "secret detail" not in body and "RuntimeError" not in body
            incident = re.search(r"Incident id: ([0-9a-f]{12})", body).group(1)
            assert incident in caplog.text and "secret detail" in caplog.text
            assert response.headers["Content-Security-Policy"]
    app.extensions["icc_store"].close()


@pytest.fixture(scope="module")
def dist_dir(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    make_release(dist)
    return dist

