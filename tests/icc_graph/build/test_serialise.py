"""icc_graph.build.serialise: the same graph gives the same bytes, in every published format."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from icc_graph.build.serialise import (
    gzip_bytes,
    jsonld_context,
    serialise_jsonld,
    serialise_turtle,
    sha256_hex,
    sha256sums,
    sorted_ntriples,
)
from icc_graph.namespaces import prefixes

ROOT = Path(__file__).resolve().parents[3]
BASE = "http://127.0.0.1:8080"
ICC = f"{BASE}/ontology#"


def _triples() -> list[tuple]:
    triples = []
    for i, city in enumerate(("oslo", "bergen", "zurich", "amsterdam")):
        s = URIRef(f"{BASE}/id/city/{city}")
        triples += [
            (s, RDF.type, URIRef(ICC + "City")),
            (s, RDF.type, URIRef(ICC + "Place")),
            (s, SKOS.prefLabel, Literal(city.title(), lang="en")),
            (s, SKOS.prefLabel, Literal(city.title() + " (fr)", lang="fr")),
            (s, SKOS.altLabel, Literal(f"{city} \"quoted\"\nline")),
            (s, URIRef(ICC + "population"), Literal(1000 * (i + 1), datatype=XSD.integer)),
            (s, DCTERMS.subject, URIRef(f"{BASE}/id/topic/refugees")),
            (s, DCTERMS.subject, URIRef(f"{BASE}/id/topic/housing")),
            (URIRef(f"{BASE}/id/practice/p{i}"), URIRef(ICC + "city"), s),
        ]
    return triples


def _graph(order_seed: int | None = None) -> Graph:
    """The same graph, its triples inserted in an order given by the seed."""
    triples = _triples()
    if order_seed is not None:
        random.Random(order_seed).shuffle(triples)
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


# --- sorted N-Triples -----------------------------------------------------------------------------

def test_sorted_ntriples_does_not_depend_on_insertion_order():
    assert sorted_ntriples(_graph(1)) == sorted_ntriples(_graph(2)) == sorted_ntriples(_graph())


def test_sorted_ntriples_is_one_triple_a_line_sorted():
    data = sorted_ntriples(_graph(3))
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == ""  # ends with a newline
    lines = lines[:-1]
    assert lines == sorted(lines) and len(lines) == len(set(lines)) == len(_triples())
    parsed = Graph().parse(data=data, format="nt")
    assert isomorphic(parsed, _graph())


# --- Turtle ---------------------------------------------------------------------------------------

def test_serialise_turtle_gives_the_same_bytes_for_any_insertion_order():
    assert serialise_turtle(_graph(1), BASE) == serialise_turtle(_graph(2), BASE)


def test_serialise_turtle_parses_back_to_the_same_graph():
    turtle = serialise_turtle(_graph(4), BASE)
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), _graph())


def test_serialise_turtle_declares_the_project_prefixes_and_uses_them():
    turtle = serialise_turtle(_graph(), BASE).decode("utf-8")
    declared = [line.split()[1].rstrip(":") for line in turtle.splitlines() if line.startswith("@prefix")]
    assert sorted(declared) == sorted(prefixes(BASE))  # every one, once (their order is Oxigraph's, fixed)
    assert "city:oslo" in turtle and "icc:City" in turtle and "skos:prefLabel" in turtle


def test_serialise_turtle_puts_a_subjects_type_first():
    turtle = serialise_turtle(_graph(5), BASE).decode("utf-8")
    block = turtle[turtle.index("city:oslo "):]
    block = block[:block.index(" .\n")]
    assert block.split()[1] == "a"  # then the other fields
    assert block.index("icc:population") < block.index("skos:altLabel") < block.index("skos:prefLabel")


def test_serialise_turtle_may_be_given_the_sorted_ntriples():
    graph = _graph(6)
    assert serialise_turtle(graph, BASE, ntriples=sorted_ntriples(graph)) == serialise_turtle(graph, BASE)


# --- JSON-LD --------------------------------------------------------------------------------------

def test_serialise_jsonld_gives_the_same_bytes_for_any_insertion_order():
    assert serialise_jsonld(_graph(1), BASE) == serialise_jsonld(_graph(2), BASE)


def test_serialise_jsonld_parses_back_to_the_same_graph():
    data = serialise_jsonld(_graph(7), BASE)
    parsed = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.JSON_LD))
    assert len(parsed) == len(_triples())
    assert isomorphic(Graph().parse(data=data, format="json-ld"), _graph())


def test_serialise_jsonld_carries_the_published_context_and_sorted_keys():
    data = serialise_jsonld(_graph(), BASE)
    document = json.loads(data)
    assert document["@context"] == jsonld_context(BASE)["@context"]
    assert data.endswith(b"\n")
    assert data.decode("utf-8") == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_jsonld_context_holds_every_project_prefix_sorted():
    context = jsonld_context(BASE)["@context"]
    assert context == prefixes(BASE)
    assert list(context) == sorted(context)


# --- in other processes ---------------------------------------------------------------------------

def test_the_bytes_are_the_same_in_processes_with_other_hash_seeds():
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_serialise import _graph
        from icc_graph.build.serialise import serialise_jsonld, serialise_turtle, sorted_ntriples
        graph = _graph(int(sys.argv[1]))
        sys.stdout.buffer.write(sorted_ntriples(graph) + serialise_turtle(graph, {BASE!r})
                                + serialise_jsonld(graph, {BASE!r}))
        """)
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", script, seed], capture_output=True, env=env, check=True,
                              cwd=ROOT, timeout=60)
        outputs.add(done.stdout)
    graph = _graph()
    outputs.add(sorted_ntriples(graph) + serialise_turtle(graph, BASE) + serialise_jsonld(graph, BASE))
    assert len(outputs) == 1


# --- gzip -----------------------------------------------------------------------------------------

def test_gzip_bytes_is_deterministic_and_decompresses_back():
    data = sorted_ntriples(_graph())
    zipped = gzip_bytes(data)
    assert zipped == gzip_bytes(bytes(data))
    assert gzip.decompress(zipped) == data
    assert zipped[:2] == b"\x1f\x8b"
    assert zipped[3] & 0x08 == 0  # no file name
    assert zipped[4:8] == b"\x00\x00\x00\x00"  # mtime 0
    assert gzip_bytes(b"") != gzip_bytes(b"x") and gzip.decompress(gzip_bytes(b"")) == b""


@pytest.mark.skipif(shutil.which("gzip") is None, reason="no gzip here")
def test_gzip_bytes_is_read_by_the_gzip_tool(tmp_path):
    path = tmp_path / "x.nt.gz"
    path.write_bytes(gzip_bytes(b"hello\n"))
    done = subprocess.run(["gzip", "-dc", str(path)], capture_output=True, check=True)
    assert done.stdout == b"hello\n"


# --- SHA256SUMS -----------------------------------------------------------------------------------

def test_sha256_hex():
    assert sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()


def test_sha256sums_is_sorted_by_name_in_sha256sums_format():
    files = {"void.ttl": b"v", "icc-graph.ttl": b"t", "catalog.ttl": b"c"}
    text = sha256sums(files).decode("ascii")
    lines = text.splitlines()
    assert text.endswith("\n")
    assert [line.split("  ", 1)[1] for line in lines] == ["catalog.ttl", "icc-graph.ttl", "void.ttl"]
    assert lines[0] == hashlib.sha256(b"c").hexdigest() + "  catalog.ttl"


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="no sha256sum here")
def test_sha256sums_matches_the_sha256sum_tool(tmp_path):
    files = {"icc-graph.ttl": serialise_turtle(_graph(), BASE), "icc-graph.nt.gz": gzip_bytes(b"x"),
             "context.jsonld": b"{}", "B-upper.txt": b"B", "a-lower.txt": b"a"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    names = sorted(files)
    tool = subprocess.run(["sha256sum", *names], cwd=tmp_path, capture_output=True, check=True,
                          env={**os.environ, "LC_ALL": "C"})
    assert sha256sums(files) == tool.stdout
    check = subprocess.run(["sha256sum", "--check", "--quiet", "-"], cwd=tmp_path, input=sha256sums(files),
                           capture_output=True)
    assert check.returncode == 0, check.stderr
