"""A query link opened in a browser (Flask's test client): the editor, the query in it, the answer
as a server-rendered table; and every program still gets its results as before."""
from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from rdflib.query import Result

from .conftest import BASE, EXTRA_GRAPH
from .test_negotiation import CHROME, CURL, FIREFOX, SAFARI, SPARQLWRAPPER_DEFAULT, SPARQLWRAPPER_JSON

OSLO = f"{BASE}/id/city/oslo"
PRACTICES = ("SELECT ?p ?title WHERE { ?p a <http://127.0.0.1:8080/ontology#Practice> ; "
             "<http://purl.org/dc/terms/title> ?title FILTER(lang(?title) = 'en') } ORDER BY ?p")
ALL = "SELECT * WHERE { ?s ?p ?o }"  # more rows than the test app's cap (100)


class ResultsPage(HTMLParser):
    """The parts of the editor page a reader of its results looks at."""

    FIELDS = {("textarea", "query"): "textarea", ("p", "results-status"): "status", ("pre", "query-error"): "alert"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.columns: list[str] = []
        self.rows: list[list[tuple[str, str | None]]] = []  # (text, link) of each cell
        self.fields = {"textarea": "", "status": "", "alert": ""}
        self.text: list[str] = []
        self.format_links: dict[str, str] = {}  # media type -> link, from the "Other formats" list
        self.options: list[tuple[str, bool]] = []  # (value, selected) of the format choice
        self._field = self._cell = self._link = None
        self._table = self._formats = self._heading = False
        self.feed(html)

    textarea = property(lambda self: self.fields["textarea"])
    status = property(lambda self: self.fields["status"])
    alert = property(lambda self: self.fields["alert"])

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._field = self.FIELDS.get((tag, attributes.get("id") or attributes.get("class")), self._field)
        if tag == "table" and attributes.get("class") == "results":
            self._table = True
        elif self._table and tag == "thead":
            self._heading = True
        elif self._table and tag == "tr" and not self._heading:
            self.rows.append([])
        elif self._table and tag == "td":
            self.rows[-1].append(("", None))
            self._cell = True
        elif tag == "section" and attributes.get("aria-labelledby") == "formats-heading":
            self._formats = True
        elif tag == "a":
            self._link = attributes.get("href")
            if self._formats:
                self.format_links[attributes.get("type")] = self._link
        elif tag == "option":
            self.options.append((attributes.get("value", ""), "selected" in attributes))

    def handle_endtag(self, tag):
        if (tag, self._field) in (("textarea", "textarea"), ("p", "status"), ("pre", "alert")):
            self._field = None
        self._table = self._table and tag != "table"
        self._heading = self._heading and tag != "thead"
        self._cell = self._cell and tag != "td"
        self._formats = self._formats and tag != "section"
        self._link = None if tag == "a" else self._link

    def handle_data(self, data):
        self.text.append(data)
        if self._field:
            self.fields[self._field] += data
        elif self._heading:
            self.columns.append(data)
        elif self._cell:
            text, link = self.rows[-1][-1]
            self.rows[-1][-1] = (text + data, link or self._link)

    @property
    def body_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def browse(client, query: str, accept: str = CHROME, **params):
    return client.get("/sparql", query_string={"query": query, **params}, headers={"Accept": accept})


@pytest.mark.parametrize("accept", [CHROME, FIREFOX, SAFARI, "text/html", "application/xhtml+xml"])
def test_a_browser_gets_the_editor_with_the_query_and_its_answer_as_a_table(client, accept):
    response = browse(client, PRACTICES, accept)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Vary"] == "Accept"
    page = ResultsPage(response.get_data(as_text=True))
    assert page.textarea == PRACTICES
    assert page.columns == ["p", "title"]
    assert [row[0] for row in page.rows] == [("practice:bergen-school", "/doc/practice/bergen-school"),
                                            ("practice:oslo-council", "/doc/practice/oslo-council")]
    assert page.rows[1][1] == ('Oslo\'s council of residents <& "friends">', None)  # escaped, shown as text
    assert page.status == "2 rows"
    assert "This is the whole answer. An answer holds at most 100 rows here." in page.body_text
    assert ("html", True) in page.options  # the table stays the chosen format for the next run


@pytest.mark.parametrize(("accept", "media_type"), [
    (CURL, "application/sparql-results+json"), (None, "application/sparql-results+json"),
    (SPARQLWRAPPER_JSON, "application/sparql-results+json"),
    (SPARQLWRAPPER_DEFAULT, "application/sparql-results+xml"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/html, application/sparql-results+json", "application/sparql-results+json"),  # a tie: results
    ("text/csv, text/html;q=0.5", "text/csv"),
])
def test_programs_keep_getting_results(client, accept, media_type):
    headers = {} if accept is None else {"Accept": accept}
    response = client.get("/sparql", query_string={"query": PRACTICES}, headers=headers)
    assert response.status_code == 200 and response.mimetype == media_type
    fmt = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml", "text/csv": "csv"}
    assert len(list(Result.parse(io.BytesIO(response.data), format=fmt[media_type]))) == 2


def test_format_html_pins_the_page_and_other_formats_pin_results(client):
    pinned = client.get("/sparql", query_string={"query": PRACTICES, "format": "html"},
                        headers={"Accept": "application/sparql-results+json"})
    assert pinned.mimetype == "text/html" and len(ResultsPage(pinned.get_data(as_text=True)).rows) == 2
    csv = browse(client, PRACTICES, format="csv")
    assert csv.mimetype == "text/csv"


def test_the_page_links_to_the_same_answer_in_every_format(client):
    page = ResultsPage(browse(client, PRACTICES, **{"default-graph-uri": [f"{BASE}/nowhere"]}).get_data(as_text=True))
    assert set(page.format_links) == {"application/sparql-results+json", "application/sparql-results+xml",
                                      "text/csv", "text/tab-separated-values"}
    for media_type, link in page.format_links.items():
        answer = client.get(link, headers={"Accept": CHROME})
        assert answer.status_code == 200 and answer.mimetype == media_type
        assert answer.headers["ICC-Empty-Graphs"] == f"<{BASE}/nowhere>"  # the same dataset


def test_a_cut_answer_says_so(client):
    response = browse(client, ALL)
    page = ResultsPage(response.get_data(as_text=True))
    assert response.headers["ICC-Truncated"] == "true"
    assert len(page.rows) == 100 and page.status == "100 rows"
    assert "The answer was cut at 100 rows, the most an answer holds here: the query has more." in page.body_text


def test_ask_and_construct_answers(client):
    asked = ResultsPage(browse(client, f"ASK {{ <{OSLO}> ?p ?o }}").get_data(as_text=True))
    assert asked.status == "Answer: true" and asked.rows == []
    construct = f"CONSTRUCT {{ <{OSLO}> ?p ?o }} WHERE {{ <{OSLO}> ?p ?o }}"
    built = ResultsPage(browse(client, construct).get_data(as_text=True))
    assert built.columns == ["subject", "predicate", "object"]
    assert built.status == "3 triples"
    assert ("city:oslo", "/doc/city/oslo") in [row[0] for row in built.rows]
    assert set(built.format_links) == {"text/turtle", "application/ld+json", "application/rdf+xml",
                                       "application/n-triples"}


def test_a_describe_with_a_dataset_reads_that_dataset(client):
    # DESCRIBE <x> alone is x's document; with a dataset it is answered over that dataset.
    described = browse(client, f"DESCRIBE <{OSLO}>", **{"default-graph-uri": EXTRA_GRAPH})
    page = ResultsPage(described.get_data(as_text=True))
    assert [cell[0] for row in page.rows for cell in row[2:]] == ["only in the extra graph"]


def test_a_failed_query_keeps_the_editor_and_says_why(client):
    response = browse(client, "SELECT * WHERE { ?s ?p ")
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = ResultsPage(response.get_data(as_text=True))
    assert page.textarea == "SELECT * WHERE { ?s ?p "
    assert page.status == "The query failed (400)" and "error at" in page.alert
    refused = browse(client, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert refused.status_code == 403 and "SERVICE" in ResultsPage(refused.get_data(as_text=True)).alert
    not_an_iri = browse(client, PRACTICES, **{"named-graph-uri": "16099890"})
    assert not_an_iri.status_code == 400 and "absolute IRI" in ResultsPage(not_an_iri.get_data(as_text=True)).alert


def test_the_page_speaks_french(client):
    page = ResultsPage(browse(client, ALL, lang="fr").get_data(as_text=True))
    assert page.status == "100 lignes"
    assert "La réponse a été coupée à 100 lignes" in page.body_text
    assert '<input type="hidden" name="lang" value="fr">' in browse(client, ALL, lang="fr").get_data(as_text=True)
    failed = ResultsPage(browse(client, "ASK {", lang="fr").get_data(as_text=True))
    assert failed.status == "La requête a échoué (400)"


def test_graphs_named_but_not_held_are_listed_in_the_page(client):
    page = ResultsPage(browse(client, PRACTICES, **{"named-graph-uri": ["http://192.0.2.1/data.ttl", EXTRA_GRAPH]})
                       .get_data(as_text=True))
    assert "so each was read as an empty graph (nothing is fetched from the web): http://192.0.2.1/data.ttl" \
        in page.body_text
    assert EXTRA_GRAPH not in page.body_text.split("fetched from the web):")[1]
