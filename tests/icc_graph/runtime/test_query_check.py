"""The read-only gate: what is refused, the quick check, the checker processes and their verdicts."""
from __future__ import annotations

import psutil
import pytest

from icc_graph.errors import (
    QueryMalformed,
    QueryRefused,
)
from icc_graph.runtime import query_check
from tests.small_release import BASE


@pytest.mark.parametrize("query", [
    "INSERT DATA { <a:a> <a:b> <a:c> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x>",
    "CLEAR DEFAULT", "DROP ALL", "CREATE GRAPH <a:g>", "ADD DEFAULT TO <a:g>",
])
def test_updates_are_refused(query):
    with pytest.raises(QueryRefused, match="read-only"):
        query_check.check(query)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE SILENT <http://example.org/> { ?s ?p ?o } } }",
    "ASK { { SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
    "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } } VALUES ?s { <<( <a:a> <a:b> <a:c> )>> }",
])
def test_service_is_refused(query):
    with pytest.raises(QueryRefused, match="SERVICE"):
        query_check.check(query)


def test_describe_of_one_iri_is_recognised():
    assert query_check.check("DESCRIBE <http://x.org/a>").describe == "http://x.org/a"
    assert query_check.check("PREFIX e: <http://x.org/> DESCRIBE e:a").describe == "http://x.org/a"
    assert query_check.check("DESCRIBE <id/city/oslo>", f"{BASE}/").describe == f"{BASE}/id/city/oslo"
    assert query_check.check("DESCRIBE ?x WHERE { ?x ?p ?o }").describe is None
    assert query_check.check("DESCRIBE <http://x.org/a> <http://x.org/b>").describe is None
    assert query_check.check("DESCRIBE <http://x.org/a> FROM <http://x.org/g>").describe is None
    assert query_check.check("SELECT * WHERE { ?s ?p ?o }") == query_check.Verdict()


def test_service_is_not_matched_inside_strings_when_parsed():
    assert query_check.check('SELECT * WHERE { ?s ?p "SERVICE" }') == query_check.Verdict()


def test_a_dataset_may_name_any_graph_and_the_verdict_lists_its_names():
    # Graphs on other hosts are graphs of the store like any other: never fetched, empty if not held.
    verdict = query_check.check("SELECT * FROM <http://192.0.2.1/data.ttl> FROM NAMED <g/local> "
                                "WHERE { ?s ?p ?o }", f"{BASE}/")
    assert verdict.dataset == ("http://192.0.2.1/data.ttl", f"{BASE}/g/local")
    query_check.check_dataset(["http://example.org/elsewhere", "urn:x:graph"])


@pytest.mark.parametrize("name", ["16099890", "no scheme", "http://a b/"])
def test_a_graph_name_must_be_an_absolute_iri(name):
    with pytest.raises(QueryMalformed, match="absolute IRI"):
        query_check.check_dataset([name])


def test_empty_query():
    with pytest.raises(QueryMalformed):
        query_check.check("   ")


PREFIXES = f"PREFIX icc: <{BASE}/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>\n"


PLAIN = [  # what the practice browser and the examples send
    PREFIXES + "SELECT ?p ?t WHERE { ?p a icc:Practice ; dcterms:title ?t FILTER(LANG(?t) = 'en') } ORDER BY ?t",
    PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?p icc:describes ?c ; dcterms:subject "
               f"<{BASE}/id/topic/public-and-community-services> }}",
    PREFIXES + "CONSTRUCT { ?p dcterms:title ?t } WHERE { ?p dcterms:title ?t } LIMIT 5",
    "ASK { ?s ?p ?o }",
    "SELEC ?x WHERE { ?x ?p ?o }",  # malformed: Oxigraph says why, in the query worker
]


NEEDS_PARSE = [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { ?a ?b ?c optional { service silent <http://example.org/> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p 1SERVICE <http://example.org/> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?e { <http://example.org/> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/x> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/x> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DESCRIBE ?x WHERE { ?x ?p ?o }",
    "INSERT DATA { <a:a> <a:b> <a:c> }",
    "LOAD <http://example.org/x>",
    "SELECT * WHERE { ?s ?p \"Wrocław\" }",  # not ASCII
    "SELECT * WHERE { ?s ?p \"a\x00b\" }",   # a control character
    "ASK { FILTER(" + "!" * 5000 + "true) }",  # too long for the quick path
    "SELECT * WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40,  # too deep for it
]


@pytest.mark.parametrize("query", PLAIN)
def test_plain_queries_pass_the_quick_check_as_the_full_check_would(query):
    assert query_check.quick_check(query, 200) == (True, None)
    try:
        assert query_check.check(query, f"{BASE}/") == query_check.Verdict()
    except QueryMalformed:
        assert query.startswith("SELEC ")  # rdflib cannot read it either; Oxigraph will say why


@pytest.mark.parametrize("query", NEEDS_PARSE)
def test_anything_else_goes_the_full_way(query):
    assert query_check.quick_check(query, 200) == (False, None)


def test_describe_of_one_absolute_iri_is_answered_by_its_document():
    iri = f"{BASE}/id/city/oslo"
    assert query_check.quick_check(f"DESCRIBE <{iri}>") == (True, iri)
    assert query_check.quick_check(f"  describe <{iri}>\n") == (True, iri)
    assert query_check.quick_check("DESCRIBE <id/city/oslo>") == (False, None)  # relative: rdflib resolves it


def _children() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


def test_checker_runs_plain_queries_without_a_process_and_remembers_verdicts():
    before = _children()
    checker = query_check.Checker(size=1, timeout=30, max_depth=200)
    try:
        assert checker.check(PLAIN[0], f"{BASE}/") == query_check.Verdict()
        assert _children() == before  # the quick path started no checker process
        refused = NEEDS_PARSE[0]
        with pytest.raises(QueryRefused, match="SERVICE"):
            checker.check(refused, f"{BASE}/")
        checker.close()  # its processes are gone; the verdict is not
        started = _children()
        with pytest.raises(QueryRefused, match="SERVICE"):
            checker.check(refused, f"{BASE}/")
        assert _children() <= started
    finally:
        checker.close()


def test_verdict_memory_is_bounded_by_the_query_texts(monkeypatch):
    checker = query_check.Checker(size=1, memory_chars=800)
    asked = []
    monkeypatch.setattr(checker, "_ask", lambda query, base: asked.append(query) or ("ok", query_check.Verdict()))
    queries = [f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {n} # {'x' * 30}" for n in range(100)]
    monkeypatch.setattr(query_check, "quick_check", lambda query, depth: (False, None))
    for query in queries:
        checker.check(query)
    assert checker._verdicts.size <= 800 and len(checker._verdicts) < 100
    checker.check(queries[-1])  # the newest is remembered
    checker.check(queries[0])   # the oldest went first
    assert asked == queries + [queries[0]]
    checker.close()
