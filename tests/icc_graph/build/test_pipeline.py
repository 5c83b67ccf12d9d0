"""The build: valid data publishes a deterministic release; broken data publishes nothing."""
from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from icc_graph.build import pipeline as build_mod
from icc_graph.build.pipeline import build
from icc_graph.history.ontology import add_versions as add_ontology_versions
from icc_graph.release import CURRENT
from tests.conftest import ROOT, TEST_BASE_IRI

PRACTICE = f"{TEST_BASE_IRI}/id/practice/democratic-citizenship-in-ansan"


def release_files(dist):
    current = dist / CURRENT
    return {p.name: p.read_bytes() for p in sorted(current.iterdir()) if p.is_file()}


def test_release_has_every_file(built_dist):
    names = set(release_files(built_dist))
    assert {"icc-graph.ttl", "icc-graph.jsonld", "icc-graph.nt.gz", "context.jsonld", "void.ttl",
            "catalog.ttl", "SHA256SUMS", "release.json"} <= names
    assert (built_dist / CURRENT / "store").is_dir()


def test_checksums_match_the_files(built_dist):
    files = release_files(built_dist)
    for line in files["SHA256SUMS"].decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(files[name]).hexdigest() == digest, name


def test_two_builds_are_byte_identical(tmp_path, project_paths, built_dist):
    """A second build, in another process with another hash seed, writes the same bytes."""
    other = tmp_path / "dist"
    env = {"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "icc_graph", "--data", str(project_paths.data), "--ontology",
                    str(project_paths.ontology), "--shapes", str(project_paths.shapes), "--dist", str(other),
                    "--base-iri", TEST_BASE_IRI, "build", "-q"], check=True, cwd=ROOT, env=env)
    assert release_files(other) == release_files(built_dist)


def test_dumps_parse_back_to_the_built_graph(built_dist, built_release, project_paths):
    source = build_mod.load_graph(project_paths, TEST_BASE_IRI).graph
    # the build adds the ontology's owl:versionIRI, from the history (docs/history.md)
    add_ontology_versions(source, TEST_BASE_IRI, built_release.id, None)
    files = release_files(built_dist)
    turtle = Graph().parse(data=files["icc-graph.ttl"], format="turtle")
    jsonld = Graph().parse(data=files["icc-graph.jsonld"], format="json-ld")
    ntriples = Graph().parse(data=gzip.decompress(files["icc-graph.nt.gz"]), format="nt")
    for name, parsed in (("turtle", turtle), ("json-ld", jsonld), ("n-triples", ntriples)):
        assert isomorphic(parsed, source), name


def test_release_json_counts_the_triples(built_dist, built_release):
    info = json.loads(release_files(built_dist)["release.json"])
    assert info["release"] == built_release.id
    assert info["triples"] == built_release.triples > 0


SEED_QUESTIONS = {
    # question -> (query, expected answer taken from the seed page)
    "council members": ("SELECT ?n WHERE { ?b a icc:Council ; icc:memberCount ?n }", 19),
    "council women": ("SELECT ?n WHERE { ?b a icc:Council ; icc:womenMemberCount ?n }", 10),
    "council countries": ("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?b a icc:Council ; icc:representsNationality ?c }", 10),
    "monitoring group size": ("SELECT ?n WHERE { ?b a icc:MonitoringGroup ; icc:memberCount ?n }", 33),
    "monitoring group countries": (
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?b a icc:MonitoringGroup ; icc:representsNationality ?c }", 11),
    "minimum candidate age": (
        "SELECT ?n WHERE { ?r icc:right <%s/id/right/stand-local-elections> ; icc:minimumAge ?n }" % TEST_BASE_IRI, 25),
}


@pytest.mark.parametrize("question", sorted(SEED_QUESTIONS))
def test_seed_questions_over_the_store(built_dist, question):
    query, expected = SEED_QUESTIONS[question]
    store = pyoxigraph.Store.read_only(str(built_dist / CURRENT / "store"))
    rows = list(store.query(query, prefixes={"icc": f"{TEST_BASE_IRI}/ontology#"}))
    assert [int(row[0].value) for row in rows] == [expected]


def test_seed_practice_is_in_the_store_with_its_topic(built_dist):
    store = pyoxigraph.Store.read_only(str(built_dist / CURRENT / "store"))
    labels = [row["label"].value for row in store.query(
        f"SELECT ?label WHERE {{ <{PRACTICE}> <http://purl.org/dc/terms/subject> ?t . "
        "?t <http://www.w3.org/2004/02/skos/core#prefLabel> ?label FILTER(lang(?label) = 'en') }")]
    assert labels == ["Political and public participation"]


def _break(paths, edit):
    record = paths.data / "practices" / "democratic-citizenship-in-ansan.ttl"
    record.write_text(edit(record.read_text(encoding="utf-8")), encoding="utf-8")
    return record


def _build_fails(paths, capsys):
    from icc_graph.cli import main
    code = main(["--data", str(paths.data), "--ontology", str(paths.ontology), "--shapes", str(paths.shapes),
                 "--dist", str(paths.dist), "--base-iri", TEST_BASE_IRI, "build", "-q"])
    return code, capsys.readouterr().err


BROKEN = {
    "syntax error": (lambda t: t.replace("icc:memberCount 19 ;", "icc:memberCount 19 ;;;; ]"), "Turtle syntax error"),
    "missing title": (lambda t: t.replace('dcterms:title "Democratic citizenship in Ansan"@en ;', ""), "dcterms:title"),
    "25 women on a 19-member council": (lambda t: t.replace("icc:womenMemberCount 10", "icc:womenMemberCount 25"),
                                        "womenMemberCount"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_record_fails_naming_the_file(source_copy, capsys, case):
    edit, expected = BROKEN[case]
    record = _break(source_copy, edit)
    code, err = _build_fails(source_copy, capsys)
    assert code == 1
    assert str(record) in err
    assert expected in err
    assert not (source_copy.dist / CURRENT).exists()


def test_failed_build_leaves_the_release_in_service(source_copy, capsys):
    first = build(source_copy, TEST_BASE_IRI)
    _break(source_copy, BROKEN["25 women on a 19-member council"][0])
    code, _ = _build_fails(source_copy, capsys)
    assert code == 1
    assert (source_copy.dist / CURRENT).resolve() == first.path
    assert not [p for p in source_copy.dist.iterdir() if p.name.startswith(".staging-")]


def _comparable(report):
    """A report's results with blank nodes left out (their labels differ from run to run)."""
    from rdflib import BNode

    def term(node):
        return "[]" if isinstance(node, BNode) else node
    return [(term(r.focus), r.path, r.message, r.severity, term(r.value)) for r in report.results]


@pytest.mark.parametrize("cases", ["invalid", "valid"])
def test_validating_in_processes_reports_what_one_process_does(cases):
    """Each shape group in its own forked process: the same results, the same text, as in one."""
    from icc_graph.build.validation import shape_groups, validate, validate_in_groups
    from icc_graph.namespaces import SH
    from tests.shapes.conftest import case_files, load_case, shapes_graph
    for path in case_files(cases):
        graph, _ = load_case(path)
        serial = validate(graph, shapes_graph(), workers=1)
        groups = shape_groups(graph, shapes_graph())
        assert len(groups) > 1, path.name
        split = validate_in_groups(graph, shapes_graph(), groups, workers=2)
        assert _comparable(split) == _comparable(serial), path.name
        assert split.text() == serial.text(), path.name
        assert split.conforms == serial.conforms
        results = [len(list(report.graph.objects(None, SH.result))) for report in (split, serial)]
        assert results[0] == results[1] == len(serial.results), path.name


def test_a_broken_record_is_reported_alike_by_one_and_by_two_processes(source_copy):
    from icc_graph.build.validation import (
        load_shapes,
        shape_groups,
        validate,
        validate_in_groups,
    )
    _break(source_copy, BROKEN["25 women on a 19-member council"][0])
    source = build_mod.load_graph(source_copy, TEST_BASE_IRI)
    shapes = load_shapes(source_copy.shapes, TEST_BASE_IRI)
    serial = validate(source.graph, shapes, workers=1)
    split = validate_in_groups(source.graph, shapes, shape_groups(source.graph, shapes), workers=2)
    assert not serial.conforms and serial.violations
    assert split.text(source.files_of) == serial.text(source.files_of)


def test_a_shape_with_a_sparql_target_is_a_group_of_its_own():
    """A SPARQL-based target goes with its shape into one of the forked validations."""
    from rdflib import BNode, Literal, URIRef

    from icc_graph.namespaces import SH
    from tests.shapes.conftest import CONTEXT, shapes_graph
    shapes = Graph()
    for triple in shapes_graph():
        shapes.add(triple)
    target = BNode()
    shapes.add((URIRef("http://shapes.test/icc/shapes#PracticeShape"), SH.target, target))
    shapes.add((target, SH.select, Literal("SELECT ?this WHERE { ?this ?p ?o }")))
    data = build_mod.read_sources([CONTEXT], "http://shapes.test/icc").graph
    from icc_graph.build.validation import shape_groups
    assert [URIRef("http://shapes.test/icc/shapes#PracticeShape")] in shape_groups(data, shapes)
