"""What a person does on the site, in headless Chromium against the live server.

The release is the one built from the repository's data/; expected numbers are read from the page
that offers a choice (a filter's count) and checked on the page the choice leads to.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urlencode
from pathlib import Path

import pytest

from .conftest import MOBILE, axe_violations, screenshot

pytestmark = pytest.mark.live
PRACTICE = "/doc/practice/democratic-citizenship-in-ansan"
MAIN_PAGES = {"home": "/", "practices": "/practices", "practice": PRACTICE, "body": None,
              "topics": "/doc/scheme/topics", "ontology": "/ontology", "editor": "/sparql"}


def heading_count(page) -> int:
    """The number of practices the browser says it lists ("23 practices", "1 practice")."""
    return int(re.match(r"(\d+)", page.locator("#results-heading").inner_text()).group(1))


def choose(page, name: str, value: str) -> int:
    """Pick *value* in a filter (keeping the other filters) and apply it; the count it promised."""
    label = page.locator(f"#filter-{name} option[value='{value}']").inner_text()
    page.select_option(f"#filter-{name}", value)
    page.click(".filter-form button[type=submit]")
    page.wait_for_load_state()
    return int(re.search(r"\((\d+)\)\s*$", label).group(1))


def choose_largest(page, name: str) -> tuple[str, int]:
    """Pick the value of a filter with the most practices; (value, count it promised)."""
    options = page.locator(f"#filter-{name} option:not([value=''])")
    offered = [(int(re.search(r"\((\d+)\)\s*$", option.inner_text()).group(1)), option.get_attribute("value"))
               for option in options.all()]
    assert offered, f"no {name} to choose"
    count, value = max(offered, key=lambda item: item[0])
    return value, choose(page, name, value)


def body_link(page) -> str:
    return page.locator("main a[href^='/doc/body/']").first.get_attribute("href")


# --- the pages a person meets --------------------------------------------------------------------------

def test_home_page(page, server):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").count() == 1
    counts = page.locator(".counts li").all_inner_texts()
    assert any(text.endswith("practices") and int(text.split()[0]) > 100 for text in counts)
    screenshot(page, "home")
    page.get_by_role("link", name="Browse the practices by topic, country and year").click()
    assert page.url == server + "/practices"


def test_filtering_by_topic_then_country_then_year_and_back(page, chromium, server):
    page.goto("/practices")
    total = heading_count(page)
    # The filters of the seed practice, which has all three.
    topic, country, year = "political-and-public-participation", "south-korea", "2020"
    promised = choose(page, "topic", topic)
    assert heading_count(page) == promised < total
    assert page.url == f"{server}/practices?topic={topic}"
    # choose first, then read the count (an `a == choose()` would read the page before the choice)
    promised = choose(page, "country", country)
    assert heading_count(page) == promised
    promised = choose(page, "year", year)
    assert heading_count(page) == promised >= 1
    assert page.url == f"{server}/practices?topic={topic}&country={country}&year={year}"
    shown = page.locator(".practice-list li").all_inner_texts()
    screenshot(page, "practices-filtered")

    # The address is enough to share the view: a fresh browser sees the same list.
    other = chromium.new_context(base_url=server)
    try:
        shared = other.new_page()
        shared.goto(page.url)
        assert shared.locator(".practice-list li").all_inner_texts() == shown
    finally:
        other.close()

    page.go_back()
    assert page.url == f"{server}/practices?topic={topic}&country={country}"
    with_country = heading_count(page)
    assert with_country >= len(shown)
    # Removing the topic chip keeps the country.
    page.locator(".chips a[aria-label^='Remove filter']").first.click()
    assert page.url == f"{server}/practices?country={country}"
    assert heading_count(page) >= with_country
    page.get_by_role("link", name="Reset filters").click()
    assert heading_count(page) == total


def test_practice_page_leads_to_its_city_country_body_and_topic(page):
    page.goto(PRACTICE)
    assert page.locator("h1").inner_text() == "Democratic citizenship in Ansan"
    screenshot(page, "practice")
    for kind in ("city", "country", "body", "topic"):
        page.goto(PRACTICE)
        link = page.locator(f"main table a[href^='/doc/{kind}/']").first
        name = link.inner_text()
        link.click()
        assert re.search(rf"/doc/{kind}/[a-z0-9-]+$", page.url), page.url
        assert page.locator("h1").inner_text() == name
        # Each of them links back to the practice.
        assert page.locator(f"main a[href='{PRACTICE}']").count() >= 1
        if kind == "topic":  # a topic opens the practice browser, filtered on it
            page.get_by_role("link", name="See the practices").click()
            assert "/practices?topic=" in page.url and heading_count(page) >= 1


def test_switching_the_language_to_french(page, server):
    page.goto("/")
    page.locator(".languages a[hreflang='fr']").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("navigation", name="Principal").is_visible()
    page.get_by_role("link", name="Pratiques", exact=True).click()
    assert page.url == server + "/practices?lang=fr"
    assert page.locator("#results-heading").inner_text().endswith("pratiques")
    assert page.locator("label[for='filter-topic']").inner_text() == "Thème"
    page.goto(PRACTICE + "?lang=fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("main a[href^='/doc/country/']").first.get_attribute("href").endswith("?lang=fr")
    screenshot(page, "practice-fr")


def test_downloading_a_dump(page):
    page.goto("/dumps/")
    page.get_by_role("link", name="SHA256SUMS").click()  # plain text, shown in the browser
    sums = {name: digest for digest, name in (line.split() for line in page.inner_text("body").splitlines())}
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="icc-graph.nt.gz").click()
    assert download.value.suggested_filename == "icc-graph.nt.gz"
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == sums["icc-graph.nt.gz"]


# --- the query editor -------------------------------------------------------------------------------------

def run_and_wait(page) -> str:
    page.click("#run")
    status = page.locator("#results-status")
    status.filter(has_not_text="…").wait_for()
    return status.inner_text()


def test_editor_example_runs_into_a_table_whose_iris_open_doc_pages(page):
    page.goto("/sparql")
    editor = page.locator("#query-editor .CodeMirror")
    assert editor.is_visible() and page.locator("#query").is_hidden()
    assert page.locator("#query-editor .cm-keyword").count() > 0  # highlighted
    page.get_by_role("link", name="Practices per year").click()
    assert page.url.endswith("/sparql?example=04-practices-per-year")  # shareable, loaded in place
    assert "# Practices per year" in editor.inner_text()
    assert re.fullmatch(r"\d+ rows", run_and_wait(page))
    table = page.locator("#yasr table.dataTable")
    assert table.locator("thead th").all_inner_texts()[1:] == ["year", "practices"]
    page.get_by_role("link", name="Councils with more than 15 members").click()
    assert re.fullmatch(r"\d+ rows?", run_and_wait(page))
    screenshot(page, "editor-results")
    link = table.locator("a[href^='/doc/body/']").first
    href = link.get_attribute("href")
    link.click()
    assert page.url.endswith(href) and page.locator("h1").count() == 1


def test_writing_a_query_with_prefixes_and_switching_the_result_format(page):
    page.goto("/sparql")
    page.locator("#query-editor .CodeMirror-code").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?practice WHERE { ?practice a icc:Practice ; icc:country country:south-korea } ")
    page.keyboard.press("Escape")  # leaves the editor for the result format
    assert page.evaluate("document.activeElement.id") == "format"
    text = page.locator("#query").input_value()
    # Typing a project prefix declared it (the editor knows the project's vocabularies).
    assert "PREFIX icc: <http://127.0.0.1:8080/ontology#>" in text
    assert "PREFIX country: <http://127.0.0.1:8080/id/country/>" in text
    rows = int(run_and_wait(page).split()[0])
    links = page.locator("#yasr table a[href^='/doc/practice/']")
    assert links.count() == rows >= 1
    page.select_option("#format", "csv")  # re-runs in CSV, shown as it came
    page.locator("#results-status", has_text="text/csv").wait_for()
    response = page.locator("#yasr .CodeMirror")
    response.wait_for()
    assert response.inner_text().splitlines()[0:2] == ["1", "practice"] or "practice" in response.inner_text()
    page.select_option("#format", "json")
    page.locator("#results-status", has_text="rows").wait_for()
    assert page.locator("#yasr table a[href^='/doc/practice/']").count() == rows


def test_an_error_in_the_query_is_shown(page):
    page.goto("/sparql")
    page.locator("#query-editor .CodeMirror-code").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT * WHERE { ?s ?p ")
    page.keyboard.press("Control+Enter")
    page.locator("#results-status", has_text="(400)").wait_for()
    assert "error" in page.locator("#results-body pre").inner_text().lower()


# --- a query link, as people pass questions around --------------------------------------------------------

QUESTION = ("PREFIX icc: <http://127.0.0.1:8080/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
            "SELECT ?practice ?title WHERE { ?practice a icc:Practice ; icc:country "
            "<http://127.0.0.1:8080/id/country/south-korea> ; dcterms:title ?title FILTER(LANG(?title) = 'en') } "
            "ORDER BY ?title")


def query_link(query: str, **params) -> str:
    return "/sparql?" + urlencode({"query": query, **params})


def server_table(page) -> list[list[str]]:
    return [row.locator("td").all_inner_texts() for row in page.locator("#server-results table tbody tr").all()]


def test_a_query_link_opens_the_editor_with_the_query_and_its_results_table(page, server):
    response = page.goto(query_link(QUESTION))
    assert response.status == 200 and response.headers["content-type"].startswith("text/html")
    assert page.locator("#query-editor .CodeMirror").inner_text().count("SELECT ?practice ?title") == 1
    table = page.locator("#server-results table")
    assert table.is_visible()
    assert table.locator("thead th").all_inner_texts() == ["practice", "title"]
    rows = server_table(page)
    assert len(rows) >= 1 and all(row[0].startswith("practice:") for row in rows)
    assert page.locator("#results-status").inner_text() == (f"{len(rows)} rows" if len(rows) != 1 else "1 row")
    assert "This is the whole answer. An answer holds at most" in page.locator("#server-results").inner_text()
    screenshot(page, "query-link-results")
    assert axe_violations(page) == []
    # Each IRI of the dataset opens its page here.
    link = table.locator("a[href^='/doc/practice/']").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").count() == 1


def test_from_a_query_link_every_result_format_is_a_click_away(page):
    page.goto(query_link(QUESTION))
    links = page.locator("#server-results section a")
    assert links.all_inner_texts() == ["SPARQL JSON", "SPARQL XML", "CSV", "TSV"]
    answer = page.request.get(page.get_by_role("link", name="CSV", exact=True).get_attribute("href"))
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.text().splitlines()[0] == "practice,title"
    page.select_option("#format", "tsv")  # or pick a format: it re-runs the query in the page
    page.locator("#results-status", has_text="text/tab-separated-values").wait_for()
    assert not page.locator("#server-results").count()  # the page now shows the new answer


def test_a_french_browser_gets_the_results_page_in_french(chromium, server):
    context = chromium.new_context(base_url=server, locale="fr-FR")  # Accept-Language: fr-FR
    try:
        page = context.new_page()
        page.goto(query_link(QUESTION))
        assert page.locator("html").get_attribute("lang") == "fr"
        assert re.fullmatch(r"\d+ lignes?", page.locator("#results-status").inner_text())
        assert "Voici la réponse entière. Une réponse compte au plus" in page.locator("#server-results").inner_text()
    finally:
        context.close()


def test_running_a_query_in_the_page_leaves_a_link_to_it(page, chromium, server):
    page.goto("/sparql?example=04-practices-per-year")
    run_and_wait(page)
    shared = page.url
    assert "/sparql?query=" in shared and "Practices+per+year" in shared
    other = chromium.new_context(base_url=server, java_script_enabled=False)
    try:
        fresh = other.new_page()
        fresh.goto(shared)
        assert fresh.locator("#server-results table thead th").all_inner_texts() == ["year", "practices"]
        assert len(server_table(fresh)) == int(run_and_wait(page).split()[0])
    finally:
        other.close()


# --- keyboard only ---------------------------------------------------------------------------------------

def tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_filters_work_with_the_keyboard_alone(page):
    page.goto("/practices")
    total = heading_count(page)
    tab_to(page, "#filter-topic")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#filter-topic").input_value()
    assert chosen
    tab_to(page, ".filter-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/practices?topic={chosen}")
    assert heading_count(page) < total
    tab_to(page, ".practice-list a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/doc/practice/**")


def test_the_editor_works_with_the_keyboard_alone(page):
    page.goto("/sparql")
    tab_to(page, "#query-editor [contenteditable], #query-editor textarea")
    page.keyboard.press("Control+Enter")
    page.locator("#results-status", has_text="rows").wait_for()
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")  # past the table (JSON in the page) to the next formats,
    page.keyboard.press("ArrowDown")  # each of which re-runs the query
    page.locator("#results-status", has_text="xml").wait_for()


# --- accessibility, small screens, no scripts ------------------------------------------------------------

@pytest.mark.parametrize("name", MAIN_PAGES)
def test_no_serious_accessibility_violation(page, name):
    path = MAIN_PAGES[name]
    if path is None:
        page.goto(PRACTICE)
        path = body_link(page)
    page.goto(path)
    if name == "editor":
        run_and_wait(page)  # the results table too
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") in ("en", "fr")
    for landmark in ("banner", "navigation", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() >= 1, landmark
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/practices?topic=education", PRACTICE, "/doc/scheme/topics", "/sparql"])
def test_usable_375_pixels_wide(mobile_page, path):
    page = mobile_page
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"{path} scrolls sideways ({width}px)"
    assert page.locator("h1").is_visible()
    name = "mobile-" + (path.strip("/").replace("/", "-").split("?")[0] or "home")
    screenshot(page, name)
    assert axe_violations(page) == []


def test_filters_on_a_phone(mobile_page):
    page = mobile_page
    page.goto("/practices")
    total = heading_count(page)
    _, promised = choose_largest(page, "year")
    assert heading_count(page) == promised < total
    page.locator(".practice-list a").first.tap()
    page.wait_for_url("**/doc/practice/**")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


def test_the_pages_work_without_javascript(chromium, server):
    context = chromium.new_context(base_url=server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/practices")
        total = heading_count(page)
        _, promised = choose_largest(page, "country")
        assert heading_count(page) == promised < total
        page.goto("/sparql?example=04-practices-per-year")
        assert page.locator("#query").is_visible()  # a plain text box, the example in it
        assert "Practices per year" in page.locator("#query").input_value()
        page.click("#run")  # the first format: this page, with the answer as a table
        page.wait_for_url("**/sparql?query=*")
        assert page.locator("#server-results table thead th").all_inner_texts() == ["year", "practices"]
        assert "Practices per year" in page.locator("#query").input_value()  # still there, to change
        page.select_option("#format", "csv")
        with page.expect_response(lambda response: "format=csv" in response.url) as answer:
            page.click("#run")
        assert answer.value.status == 200 and answer.value.headers["content-type"].startswith("text/csv")
        assert "year,practices" in page.request.get(answer.value.url).text()
    finally:
        context.close()
