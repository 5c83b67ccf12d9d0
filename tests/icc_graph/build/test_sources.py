"""icc_graph.build.sources: reading the Turtle sources into one graph, remembering their files."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from icc_graph.build.sources import (
    DATASET_INFO_FILE,
    parse_turtle_file,
    read_dataset_info,
    read_sources,
    source_files,
    turtle_triples,
)
from icc_graph.errors import SourceError

BASE = "http://127.0.0.1:8080"
OSLO = URIRef(f"{BASE}/id/city/oslo")
BERGEN = URIRef(f"{BASE}/id/city/bergen")
NAME = URIRef(f"{BASE}/ontology#name")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- one file -------------------------------------------------------------------------------------

@pytest.mark.parametrize("base", [BASE, BASE + "/"])
def test_relative_iris_are_resolved_against_the_base(tmp_path, base):
    path = _write(tmp_path / "oslo.ttl", '<id/city/oslo> <ontology#name> "Oslo" ; <ontology#in> </id/country/norway> .\n')
    graph = parse_turtle_file(path, base)
    assert set(graph) == {
        (OSLO, NAME, Literal("Oslo")),
        (OSLO, URIRef(f"{BASE}/ontology#in"), URIRef(f"{BASE}/id/country/norway")),
    }


def test_a_base_with_a_path_keeps_its_path(tmp_path):
    path = _write(tmp_path / "oslo.ttl", '<id/city/oslo> <ontology#name> "Oslo" .\n')
    assert set(parse_turtle_file(path, "https://example.org/icc/")) == {
        (URIRef("https://example.org/icc/id/city/oslo"), URIRef("https://example.org/icc/ontology#name"),
         Literal("Oslo"))}


def test_prefixes_and_absolute_iris_are_kept(tmp_path):
    path = _write(tmp_path / "x.ttl", "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                                      '<http://example.org/a> skos:prefLabel "A"@en .\n')
    assert set(parse_turtle_file(path, BASE)) == {
        (URIRef("http://example.org/a"), SKOS.prefLabel, Literal("A", lang="en"))}


def test_simple_literals_come_out_without_a_datatype(tmp_path):
    path = _write(tmp_path / "x.ttl", '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                                      '<id/city/oslo> <ontology#name> "a", "b"^^xsd:string ; <ontology#n> 3 .\n')
    objects = {o for _, _, o in turtle_triples(path, BASE)}
    assert objects == {Literal("a"), Literal("b"), Literal("3", datatype=XSD.integer)}
    assert all(o.datatype is None for o in objects if o.value in ("a", "b"))


def test_a_syntax_error_names_the_file_and_the_line(tmp_path):
    path = _write(tmp_path / "broken.ttl", '<id/city/oslo> <ontology#name> "Oslo" .\n'
                                           '<id/city/bergen> <ontology#name> "Bergen" .\n'
                                           '<id/city/x> <ontology#name> "unterminated .\n')
    with pytest.raises(SourceError) as caught:
        parse_turtle_file(path, BASE)
    error = caught.value
    assert error.path == str(path)
    assert error.line == 3
    assert str(error).startswith(f"{path}:3: Turtle syntax error")
    assert "Parser error" not in error.reason  # the position went to its own field


def test_a_missing_or_unreadable_file_raises_source_error(tmp_path):
    for path in (tmp_path / "missing.ttl", tmp_path):  # no such file; a directory
        with pytest.raises(SourceError, match="cannot read the file") as caught:
            parse_turtle_file(path, BASE)
        assert caught.value.path == str(path) and caught.value.line is None


def test_a_file_that_is_not_utf8_raises_source_error(tmp_path):
    path = tmp_path / "latin1.ttl"
    path.write_bytes('<id/city/zurich> <ontology#name> "Zürich" .\n'.encode("latin-1"))
    with pytest.raises(SourceError, match="cannot read the file") as caught:
        list(turtle_triples(path, BASE))
    assert caught.value.path == str(path)


# --- finding the files ----------------------------------------------------------------------------

def test_source_files_are_sorted_and_leave_out_dataset_ttl(tmp_path):
    data = tmp_path / "data"
    for name in ("b.ttl", "a.ttl", "sub/c.ttl", "sub/a.ttl", DATASET_INFO_FILE, f"sub/{DATASET_INFO_FILE}",
                 "notes.txt", "a.ttl.bak"):
        _write(data / name, "")
    found = source_files(data)
    assert found == sorted(found)
    assert [p.relative_to(data).as_posix() for p in found] == ["a.ttl", "b.ttl", "sub/a.ttl", "sub/c.ttl"]


def test_source_files_keep_the_order_of_the_roots_and_take_a_file_as_it_is(tmp_path):
    ontology = _write(tmp_path / "ontology" / "z.ttl", "")
    data = _write(tmp_path / "data" / "a.ttl", "")
    single = _write(tmp_path / "single.ttl", "")
    assert source_files(tmp_path / "ontology", tmp_path / "data", single, tmp_path / "missing") == [
        ontology, data, single]
    assert source_files() == []


# --- merging files --------------------------------------------------------------------------------

def test_read_sources_remembers_which_files_state_each_subject(tmp_path):
    a = _write(tmp_path / "a.ttl", '<id/city/oslo> <ontology#name> "Oslo" ; <ontology#near> <id/city/bergen> .\n')
    b = _write(tmp_path / "b.ttl", '<id/city/bergen> <ontology#name> "Bergen" .\n'
                                   '<id/city/oslo> <ontology#population> 700000 .\n')
    source = read_sources([a, b], BASE)
    assert source.files == [a, b]
    assert source.files_of(OSLO) == [a, b]
    assert source.files_of(BERGEN) == [b]  # only stated as an object in a.ttl
    assert source.files_of(URIRef(f"{BASE}/id/city/nowhere")) == []
    assert len(source.graph) == 4
    assert (BERGEN, NAME, Literal("Bergen")) in source.graph


def test_the_merged_graph_binds_the_project_prefixes(tmp_path):
    source = read_sources([_write(tmp_path / "a.ttl", '<id/city/oslo> <ontology#name> "Oslo" .\n')], BASE)
    bound = {prefix: str(ns) for prefix, ns in source.graph.namespaces()}
    assert bound["icc"] == f"{BASE}/ontology#" and bound["city"] == f"{BASE}/id/city/"
    assert "city:oslo icc:name" in source.graph.serialize(format="turtle")


def test_blank_nodes_of_two_files_never_merge(tmp_path):
    text = '<id/city/oslo> <ontology#contact> _:b1 .\n_:b1 <ontology#email> "x@example.org" .\n'
    a = _write(tmp_path / "a.ttl", text)
    b = _write(tmp_path / "b.ttl", text)
    graph = read_sources([a, b], BASE).graph
    contacts = set(graph.objects(OSLO, URIRef(f"{BASE}/ontology#contact")))
    assert len(contacts) == 2 and all(isinstance(c, BNode) for c in contacts)
    assert len(graph) == 4
    for contact in contacts:  # within one file, one label is one node
        assert graph.value(contact, URIRef(f"{BASE}/ontology#email")) == Literal("x@example.org")


def test_blank_nodes_of_one_file_read_twice_are_fresh(tmp_path):
    path = _write(tmp_path / "a.ttl", "[] <ontology#email> \"x\" .\n")
    first = parse_turtle_file(path, BASE)
    second = parse_turtle_file(path, BASE)
    assert set(first.subjects()).isdisjoint(set(second.subjects()))


def test_a_broken_file_among_several_raises_source_error_naming_it(tmp_path):
    good = _write(tmp_path / "good.ttl", '<id/city/oslo> <ontology#name> "Oslo" .\n')
    bad = _write(tmp_path / "bad.ttl", "\n<id/city/bergen> <ontology#name> .\n")
    with pytest.raises(SourceError) as caught:
        read_sources([good, bad], BASE)
    assert caught.value.path == str(bad) and caught.value.line == 2


# --- the dataset's own description ----------------------------------------------------------------

def test_read_dataset_info_reads_dataset_ttl_or_gives_an_empty_graph(tmp_path):
    assert len(read_dataset_info(tmp_path, BASE)) == 0
    assert isinstance(read_dataset_info(tmp_path, BASE), Graph)
    _write(tmp_path / DATASET_INFO_FILE, '<dataset> <http://purl.org/dc/terms/title> "ICC"@en .\n')
    graph = read_dataset_info(tmp_path, BASE)
    assert set(graph) == {(URIRef(f"{BASE}/dataset"), URIRef("http://purl.org/dc/terms/title"),
                           Literal("ICC", lang="en"))}
