"""The example queries of the editor, run on a real build of the project's data.

Each answer is checked against an expectation worked out another way: by walking the published
Turtle dump with rdflib (no SPARQL), or from the facts the seed page states (the Ansan council has
19 members of whom 10 women, representing 10 countries; the monitoring group 33, 11 countries).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from endpoint.examples import Example, load_examples, parse_example

EXAMPLES = {example.name: example for example in load_examples()}

# The seed page: "the council consists of 19 members that represent ..." and "the group consists of
# 33 people representing ...".
SEED_COUNCIL_NATIONALITIES = ["China", "Uzbekistan", "Philippines", "Vietnam", "Sri Lanka", "Thailand",
                              "Mongolia", "Nigeria", "Pakistan", "Cambodia"]
SEED_GROUP_NATIONALITIES = ["Mongolia", "China", "Vietnam", "Indonesia", "Sri Lanka", "Uzbekistan",
                            "Russia", "Cambodia", "Thailand", "Japan", "Nepal"]


@pytest.fixture(scope="module")
def release(built_dist):
    current = built_dist / "current"
    base = json.loads((current / "release.json").read_text(encoding="utf-8"))["base_iri"].rstrip("/")
    store = pyoxigraph.Store.read_only(str(current / "store"))
    graph = Graph().parse(current / "icc-graph.ttl", format="turtle")
    return store, graph, base


def run(release, name: str) -> list[dict]:
    """The example's rows, as Python values (IRIs as str, literals as their Python value)."""
    store, _, base = release
    solutions = store.query(EXAMPLES[name].text(base))
    names = [variable.value for variable in solutions.variables]
    rows = []
    for solution in solutions:
        row = {}
        for variable in names:
            term = solution[variable]
            if isinstance(term, pyoxigraph.NamedNode):
                row[variable] = term.value
            elif isinstance(term, pyoxigraph.Literal):
                row[variable] = Literal(term.value, lang=term.language,
                                        datatype=None if term.language else term.datatype.value).toPython()
        rows.append(row)
    return rows


def english(graph: Graph, thing, prop=SKOS.prefLabel) -> str:
    return next(str(label) for label in graph.objects(thing, prop) if label.language == "en")


# --- the files themselves -------------------------------------------------------------------------------

def test_there_are_examples_for_the_researchers_questions():
    assert {"01-practices-by-topic-and-country", "02-councils-with-more-than-15-members",
            "03-nationalities-in-ansan-bodies", "04-practices-per-year"} <= set(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES.values(), ids=EXAMPLES)
def test_each_example_has_a_title_and_a_description(example: Example):
    assert example.title and not example.title.startswith("#")
    assert len(example.description) > 20
    assert example.body.lstrip().startswith("PREFIX")


def test_a_file_without_a_title_is_refused():
    with pytest.raises(ValueError, match="title"):
        parse_example("bad", "SELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("example", EXAMPLES.values(), ids=EXAMPLES)
def test_examples_use_only_terms_the_graph_defines(release, example: Example):
    """Every icc: term is in the ontology and every thing named (city:ansan) exists."""
    _, graph, base = release
    icc = Namespace(f"{base}/ontology#")
    for term in set(re.findall(r"\bicc:([A-Za-z]+)", example.body)):
        assert (icc[term], RDF.type, None) in graph, f"{example.name}: icc:{term} is not defined"
    for kind, slug in set(re.findall(r"\b(city|country|topic|scheme):([a-z0-9-]+)\b", example.body)):
        assert (URIRef(f"{base}/id/{kind}/{slug}"), None, None) in graph, f"{example.name}: {kind}:{slug}"


# --- the answers -------------------------------------------------------------------------------------------

def test_practices_by_topic_and_country(release):
    _, graph, base = release
    icc, topics = Namespace(f"{base}/ontology#"), URIRef(f"{base}/id/scheme/topics")
    expected = Counter()
    for practice in set(graph.subjects(RDF.type, icc.Practice)):
        for topic in set(graph.objects(practice, DCTERMS.subject)):
            if (topic, SKOS.inScheme, topics) in graph:
                for country in set(graph.objects(practice, icc.country)):
                    expected[(str(topic), str(country))] += 1
    rows = run(release, "01-practices-by-topic-and-country")
    assert {(row["topic"], row["country"]): row["practices"] for row in rows} == dict(expected)
    assert [row["practices"] for row in rows] == sorted((row["practices"] for row in rows), reverse=True)
    for row in rows:
        assert row["countryLabel"] == english(graph, URIRef(row["country"]))
    seed = (f"{base}/id/topic/political-and-public-participation", f"{base}/id/country/south-korea")
    assert expected[seed] >= 1


def test_councils_with_more_than_15_members(release):
    _, graph, base = release
    icc = Namespace(f"{base}/ontology#")
    council_classes = set(graph.transitive_subjects(RDFS.subClassOf, icc.Council))
    expected = {str(body): int(count)
                for cls in council_classes for body in graph.subjects(RDF.type, cls)
                for count in graph.objects(body, icc.memberCount) if int(count) > 15}
    rows = run(release, "02-councils-with-more-than-15-members")
    assert {row["council"]: row["members"] for row in rows} == expected
    ansan = next(row for row in rows if row["council"] == f"{base}/id/body/ansan-non-nationals-council")
    assert (ansan["members"], ansan["women"], ansan["cityLabel"]) == (19, 10, "Ansan")  # the seed's figures
    assert f"{base}/id/body/ansan-non-nationals-monitoring-group" not in expected  # 33, but not a council


def test_nationalities_represented_in_ansan_bodies(release):
    rows = run(release, "03-nationalities-in-ansan-bodies")
    expected = Counter(SEED_COUNCIL_NATIONALITIES) + Counter(SEED_GROUP_NATIONALITIES)
    assert {row["countryLabel"]: row["bodies"] for row in rows} == dict(expected)
    assert len(rows) == 14 and sum(row["bodies"] for row in rows) == 10 + 11
    # The graph states the same lists the seed does.
    _, graph, base = release
    icc = Namespace(f"{base}/ontology#")
    for slug, names in (("ansan-non-nationals-council", SEED_COUNCIL_NATIONALITIES),
                        ("ansan-non-nationals-monitoring-group", SEED_GROUP_NATIONALITIES)):
        body = URIRef(f"{base}/id/body/{slug}")
        assert sorted(english(graph, c) for c in graph.objects(body, icc.representsNationality)) == sorted(names)


def test_practices_per_year(release):
    _, graph, base = release
    icc = Namespace(f"{base}/ontology#")
    expected = Counter(str(year)[:4] for practice in set(graph.subjects(RDF.type, icc.Practice))
                       for year in set(graph.objects(practice, icc.year)))
    rows = run(release, "04-practices-per-year")
    assert {str(row["year"])[:4]: row["practices"] for row in rows} == dict(expected)
    assert expected["2020"] >= 1  # the seed practice
    assert [str(row["year"]) for row in rows] == sorted(str(row["year"]) for row in rows)


def test_who_may_exercise_which_right(release):
    _, graph, base = release
    icc = Namespace(f"{base}/ontology#")
    expected = {(str(rule), bool(permitted.toPython()))
                for rule in graph.subjects(RDF.type, icc.EligibilityRule)
                for permitted in graph.objects(rule, icc.permitted)}
    rows = run(release, "05-who-may-exercise-which-right")
    assert {(row["rule"], row["permitted"]) for row in rows} == expected
    # The seed: foreign nationals may not stand in local elections, but may vote after three years.
    non_nationals = f"{base}/id/group/non-nationals-in-korea"
    by_right = {row["right"].rsplit("/", 1)[1]: row["permitted"] for row in rows if row["group"] == non_nationals}
    assert by_right["stand-local-elections"] is False and by_right["vote-local-elections"] is True


def test_bodies_measured_against_a_gender_recommendation(release):
    rows = run(release, "06-bodies-and-gender-recommendations")
    _, _, base = release
    council = next(row for row in rows if row["body"] == f"{base}/id/body/ansan-non-nationals-council")
    # The seed: 10 of 19 members are women (53%), against a recommended minimum of 40%.
    assert (council["women"], council["members"]) == (10, 19)
    assert Decimal(str(council["share"])) == Decimal("0.53")
    assert Decimal(str(council["minimum"])) == Decimal("0.4") and council["meets"] is True


# --- through the public endpoint ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def endpoint_client(built_dist, release):
    from endpoint import create_app

    _, _, base = release
    app = create_app({"DIST_DIR": str(built_dist), "BASE_IRI": base, "QUERY_WORKERS": 1, "TESTING": True})
    yield app.test_client()
    app.extensions["icc_store"].close()


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_run_unchanged_on_the_sparql_endpoint(release, endpoint_client, name):
    """What the editor shows is what a user sends: the same rows come back from /sparql."""
    _, _, base = release
    response = endpoint_client.post("/sparql", data={"query": EXAMPLES[name].text(base)},
                                    headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert len(response.get_json()["results"]["bindings"]) == len(run(release, name))
