"""The diff of two graphs: per resource, as RDF terms (never bytes), deterministic files."""
from __future__ import annotations

import gzip

from rdflib import Graph

from icc_graph.history import diff
from icc_graph.release import CHANGES_ADDED, CHANGES_REMOVED

BASE = "http://example.org"
OLD = f"""
@prefix ex: <{BASE}/id/practice/> . @prefix o: <{BASE}/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
ex:a a o:Practice ; dcterms:title "A"@en ; o:city ex:c .
ex:b a o:Practice ; dcterms:title "B"@en .
<{BASE}/ontology#Practice> a <http://www.w3.org/2002/07/owl#Class> .
"""
# the same graph, other prefixes, other order, another spelling of a literal
SAME = f"""
@prefix p: <{BASE}/id/practice/> . @prefix dct: <http://purl.org/dc/terms/> .
p:b dct:title 'B'@en ; a <{BASE}/ontology#Practice> .
<{BASE}/ontology#Practice> a <http://www.w3.org/2002/07/owl#Class> .
p:a <{BASE}/ontology#city> p:c ; dct:title \"\"\"A\"\"\"@en ; a <{BASE}/ontology#Practice> .
"""
NEW = f"""
@prefix ex: <{BASE}/id/practice/> . @prefix o: <{BASE}/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
ex:a a o:Practice ; dcterms:title "A, renamed"@en ; o:city ex:c .
ex:d a o:Practice ; dcterms:title "D"@en .
<{BASE}/ontology#Practice> a <http://www.w3.org/2002/07/owl#Class> ; <http://www.w3.org/2000/01/rdf-schema#label> "Practice"@en .
"""


def nt(turtle: str) -> bytes:
    return Graph().parse(data=turtle, format="turtle").serialize(format="nt", encoding="utf-8")


def test_order_prefixes_and_spelling_are_no_change():
    assert diff.compare(nt(OLD), nt(SAME)).empty


def test_changes_per_resource_and_class():
    found = diff.compare(nt(OLD), nt(NEW))
    practice = f"{BASE}/ontology#Practice"
    assert found.changes == {f"{BASE}/id/practice/a": "updated", f"{BASE}/id/practice/b": "deleted",
                             f"{BASE}/id/practice/d": "created", f"{BASE}/ontology": "updated"}
    summary = found.summary("r2", "r1")
    assert summary["resources"] == {"created": {practice: 1}, "updated": {practice: 1, diff.NO_CLASS: 1},
                                    "deleted": {practice: 1}}
    assert summary["properties"]["http://purl.org/dc/terms/title"] == {"added": 2, "removed": 2}
    assert summary["triples"] == {"added": 4, "removed": 3}


def test_files_are_sorted_ntriples_gzip_without_time():
    found = diff.compare(nt(OLD), nt(NEW))
    files = found.files()
    for name, lines in ((CHANGES_ADDED, found.added), (CHANGES_REMOVED, found.removed)):
        assert files[name][4:8] == b"\0\0\0\0"  # gzip mtime 0
        text = gzip.decompress(files[name]).decode()
        assert text.splitlines() == sorted(text.splitlines()) == list(lines)
        Graph().parse(data=text, format="nt")  # N-Triples a parser reads
    assert found.files() == diff.compare(nt(SAME), nt(NEW)).files()


def test_blank_nodes_are_labelled_canonically():
    one = b'<http://x/s> <http://x/p> _:a .\n_:a <http://x/q> "v" .\n'
    other = b'_:zz9 <http://x/q> "v" .\n<http://x/s> <http://x/p> _:zz9 .\n'
    assert diff.compare(one, other).empty
    assert not diff.compare(one, other.replace(b'"v"', b'"w"')).empty
