"""The worklist round trip: export, fill in some cells (one of them wrong), import -> the wrong cell
is reported and nothing is written; fix it, import, build -> exactly the filled facts appear, each
with who confirmed it and when. Then: twice changes nothing, a later catalogue import keeps them,
CSV does the same as a workbook, a curated record is never rewritten."""
from __future__ import annotations

import csv
import datetime
import gzip
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from icc_graph import cli
from icc_graph.build.pipeline import build
from icc_graph.errors import WorklistError
from icc_graph.importers import main_import
from icc_graph.namespaces import icc_namespaces
from icc_graph.release import DUMP_NT_GZ, read_release
from icc_graph.worklist import export_worklist
from icc_graph.worklist.answers import import_worklist
from icc_graph.worklist.rows import COLUMNS

from .conftest import BASE, snapshot

NS = icc_namespaces(BASE)
ICC, P, TOPIC = NS["icc"], NS["practice"], NS["topic"]
DAY = "2026-11-30"
ANSWER = COLUMNS.index("answer") + 1
CURATOR = COLUMNS.index("confirmed by") + 1
# What the curators answer: (record, key) -> (answer, confirmed by). The wrong cell is a year.
ANSWERS = {
    ("oslo-business-club", "confirm:business-and-employment"): ("confirm", "Ana López"),
    ("oslo-business-club", "title@fr"): ("Le club des entreprises d'Oslo", "Ana López"),
    ("don-t-feed-the-rumour", "confirm:anti-rumour"): ("confirm", ""),
    ("don-t-feed-the-rumour", "confirm:communication-and-public-awareness"): ("reject", ""),
    ("don-t-feed-the-rumour", "city"): ("Oslo (Norway)", ""),
    ("library-of-languages", "topic"): ("Multilingualism", "Bo Lindqvist"),
    ("schools-together", "year"): ("20016", "Bo Lindqvist"),
}
WRONG = ("schools-together", "year")


def fill_workbook(path: Path, answers: dict) -> dict[tuple[str, str], int]:
    """Write *answers* into the workbook's rows; (record, key) -> the row number filled."""
    book = load_workbook(path)
    sheet = book["Worklist"]
    filled = {}
    for number in range(2, sheet.max_row + 1):
        key = (sheet.cell(number, 1).value, sheet.cell(number, len(COLUMNS)).value)
        if key in answers:
            answer, curator = answers[key]
            sheet.cell(number, ANSWER, answer)
            sheet.cell(number, CURATOR, curator or None)
            filled[key] = number
    assert set(filled) == set(answers), set(answers) - set(filled)
    book.save(path)
    return filled


def release_graph(paths, dist: Path) -> Graph:
    """Build a release of the tree and read its N-Triples dump."""
    build(type(paths)(paths.data, paths.ontology, paths.shapes, dist), BASE)
    data = gzip.decompress(read_release(dist).file(DUMP_NT_GZ).read_bytes())
    return Graph().parse(data=data, format="nt")


def statements(graph: Graph) -> set:
    """The statements about practices, without the notes on them (their nodes are checked apart)."""
    practices = set(graph.subjects(RDF.type, ICC.Practice))
    return {(s, p, o) for s, p, o in graph if s in practices}


def test_round_trip_reports_the_wrong_cell_then_writes_exactly_the_filled_facts(tree, exported, tmp_path, capsys):
    before_graph = release_graph(tree, tmp_path / "dist-before")
    rows = fill_workbook(exported, ANSWERS)
    before = snapshot(tree.data)

    with pytest.raises(WorklistError) as caught:
        import_worklist(exported, tree, BASE, curator="Chris Meyer", date=DAY)
    assert caught.value.problems == [
        f"sheet Worklist, row {rows[WRONG]}, column F (answer): '20016' is not a year: four digits, from 1949 "
        f"to {datetime.date.today().year}"]
    assert snapshot(tree.data) == before  # nothing written
    # the command line says the same and exits 1
    assert cli.main(["--data", str(tree.data), "--ontology", str(tree.ontology), "--shapes", str(tree.shapes),
                     "--base-iri", BASE, "worklist", "import", str(exported), "--date", DAY]) == 1
    err = capsys.readouterr().err
    assert f"sheet Worklist, row {rows[WRONG]}, column F (answer)" in err and "nothing was written" in err
    assert snapshot(tree.data) == before

    fill_workbook(exported, {**ANSWERS, WRONG: ("2016", "Bo Lindqvist")})
    result = import_worklist(exported, tree, BASE, curator="Chris Meyer", date=DAY)
    assert result.conflicts == []
    assert len(result.written) == 4 and result.new_curators == ["ana-lopez", "bo-lindqvist", "chris-meyer"]

    after_graph = release_graph(tree, tmp_path / "dist-after")
    added, removed = statements(after_graph) - statements(before_graph), statements(before_graph) - statements(after_graph)
    club, rumour, library, schools = P["oslo-business-club"], P["don-t-feed-the-rumour"], P["library-of-languages"], \
        P["schools-together"]
    facts = {
        (club, DCTERMS.title, Literal("Le club des entreprises d'Oslo", lang="fr")),
        (rumour, ICC.city, NS["city"]["oslo"]),
        (rumour, ICC.country, NS["country"]["norway"]),
        (library, DCTERMS.subject, TOPIC["multilingualism"]),
        (schools, ICC.year, Literal("2016", datatype=XSD.gYear)),
    }
    links = {(s, p, o) for s, p, o in added if p in (ICC.confirmedFact, ICC.rejectedFact)}
    assert added - links == facts
    assert removed == {
        (rumour, DCTERMS.subject, TOPIC["communication-and-public-awareness"]),  # rejected
        (rumour, ICC.uncertainFact, P["don-t-feed-the-rumour-derived-topic-anti-rumour"]),  # confirmed
        (rumour, ICC.uncertainFact, P["don-t-feed-the-rumour-derived-topic-communication-and-public-awareness"]),
        (club, ICC.uncertainFact, P["oslo-business-club-derived-topic-business-and-employment"]),
        (rumour, ICC.unknownField, ICC.city), (rumour, ICC.unknownField, ICC.country),
        (schools, ICC.unknownField, ICC.year),
        (library, ICC.curationStatus, ICC.AwaitingCuration),  # it has a curator's topic now
        (club, ICC.curationStatus, ICC.AwaitingCuration),
        (rumour, ICC.curationStatus, ICC.AwaitingCuration),
    }
    # each decision says what, who, when and how; a confirmed derived topic keeps its page
    expected = {
        (club, "confirmed-topic-business-and-employment"): ("confirmed", DCTERMS.subject, TOPIC["business-and-employment"], "ana-lopez"),
        (club, "confirmed-title-fr"): ("confirmed", DCTERMS.title, Literal("Le club des entreprises d'Oslo", lang="fr"), "ana-lopez"),
        (rumour, "confirmed-topic-anti-rumour"): ("confirmed", DCTERMS.subject, TOPIC["anti-rumour"], "chris-meyer"),
        (rumour, "rejected-topic-communication-and-public-awareness"):
            ("rejected", DCTERMS.subject, TOPIC["communication-and-public-awareness"], "chris-meyer"),
        (rumour, "confirmed-city-oslo"): ("confirmed", ICC.city, NS["city"]["oslo"], "chris-meyer"),
        (rumour, "confirmed-country-norway"): ("confirmed", ICC.country, NS["country"]["norway"], "chris-meyer"),
        (library, "confirmed-topic-multilingualism"): ("confirmed", DCTERMS.subject, TOPIC["multilingualism"], "bo-lindqvist"),
        (schools, "confirmed-year"): ("confirmed", ICC.year, Literal("2016", datatype=XSD.gYear), "bo-lindqvist"),
    }
    assert links == {(p, ICC.confirmedFact if verdict == "confirmed" else ICC.rejectedFact, URIRef(f"{p}-{suffix}"))
                     for (p, suffix), (verdict, *_rest) in expected.items()}
    g = after_graph
    for (practice, suffix), (verdict, predicate, value, curator) in expected.items():
        node = URIRef(f"{practice}-{suffix}")
        assert (node, RDF.type, ICC.ConfirmedFact if verdict == "confirmed" else ICC.RejectedFact) in g
        assert (node, RDF.predicate, predicate) in g and (node, RDF.object, value) in g
        assert (node, PROV.wasAttributedTo, NS["curator"][curator]) in g
        assert (node, PROV.generatedAtTime, Literal(DAY, datatype=XSD.date)) in g
        assert "worklist.xlsx, sheet Worklist, row" in str(g.value(node, RDFS.comment))
    assert set(g.objects(URIRef(f"{rumour}-confirmed-topic-anti-rumour"), PROV.wasDerivedFrom)) == {
        URIRef("http://www.coe.int/fr/web/interculturalcities/communication-and-anti-rumour?delta=5"),
        URIRef("https://www.coe.int/en/web/interculturalcities/communication-and-anti-rumour")}
    assert (NS["curator"]["ana-lopez"], URIRef("http://xmlns.com/foaf/0.1/name"), Literal("Ana López")) in g
    assert (NS["curator"]["ana-lopez"], RDF.type, PROV.Person) in g


def test_importing_the_same_sheet_twice_changes_nothing(tree, exported):
    fill_workbook(exported, {**ANSWERS, WRONG: ("2016", "Bo Lindqvist")})
    first = import_worklist(exported, tree, BASE, curator="Chris Meyer", date=DAY)
    assert first.decisions == 8  # seven answers, and the country of the city
    assert cli.main(["--data", str(tree.data), "--ontology", str(tree.ontology), "--shapes", str(tree.shapes),
                     "--base-iri", BASE, "validate", str(tree.data / "practices" / "don-t-feed-the-rumour.ttl")]) == 0
    once = snapshot(tree.data)
    second = import_worklist(exported, tree, BASE, curator="Chris Meyer", date="2026-12-01")
    assert snapshot(tree.data) == once
    assert (second.written, second.decisions, second.unchanged, second.conflicts) == ([], 0, 7, [])


def test_a_later_catalogue_import_keeps_the_decisions(tree, exported, capsys):
    fill_workbook(exported, {**ANSWERS, WRONG: ("2016", "Bo Lindqvist")})
    import_worklist(exported, tree, BASE, curator="Chris Meyer", date=DAY)
    decided = snapshot(tree.data)
    table = tree.data.parent / "table.tsv"
    assert main_import(["catalogue", str(table), "--data-dir", str(tree.data)]) == 0
    assert snapshot(tree.data) == decided  # drafted again from the table: the same bytes
    assert "0 written, 4 unchanged" in capsys.readouterr().out
    # the table now prints a year the curator did not give: the curator's year stays, and it is said
    table.write_text(table.read_text(encoding="utf-8").replace("\tN/A\t", "\t2018\t"), encoding="utf-8")
    assert main_import(["catalogue", str(table), "--data-dir", str(tree.data)]) == 0
    out = capsys.readouterr().out
    assert "kept a curator's value" in out and '"2018"^^xsd:gYear gave way to "2016"^^xsd:gYear' in out
    text = (tree.data / "practices" / "schools-together.ttl").read_text(encoding="utf-8")
    assert 'icc:year "2016"^^xsd:gYear' in text and 'icc:year "2018"' not in text


def test_csv_round_trip_writes_what_the_workbook_writes(tree, exported, tmp_path):
    answers = {**ANSWERS, WRONG: ("2016", "Bo Lindqvist")}
    twin = type(tree)(*(tmp_path / "twin" / part.name for part in (tree.data, tree.ontology, tree.shapes, tree.dist)))
    for part in ("data", "ontology", "shapes"):
        shutil.copytree(tree.data.parent / part, tmp_path / "twin" / part)
    fill_workbook(exported, answers)
    import_worklist(exported, tree, BASE, curator="Chris Meyer", date=DAY)

    sheet = tmp_path / "worklist.csv"
    export_worklist(sheet, twin, BASE)
    with sheet.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == list(COLUMNS)
    for line in lines[1:]:
        if (line[0], line[-1]) in answers:
            line[ANSWER - 1], line[CURATOR - 1] = answers[(line[0], line[-1])]
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(lines)
    import_worklist(sheet, twin, BASE, curator="Chris Meyer", date=DAY)
    workbook_data, csv_data = snapshot(tree.data), snapshot(twin.data)
    assert workbook_data.keys() == csv_data.keys()
    for name in workbook_data:  # the same decisions; only the comments name another file
        assert workbook_data[name].replace(b"worklist.xlsx, sheet Worklist", b"worklist.csv, sheet worklist.csv") \
            == csv_data[name], name


def test_a_bad_csv_cell_names_sheet_row_and_column(tree, tmp_path):
    sheet = tmp_path / "worklist.csv"
    export_worklist(sheet, tree, BASE)
    with sheet.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    number = next(i for i, line in enumerate(lines) if line[-1] == "topic") + 1
    lines[number - 1][ANSWER - 1] = "Educaton"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(lines)
    before = snapshot(tree.data)
    with pytest.raises(WorklistError) as caught:
        import_worklist(sheet, tree, BASE, curator="Chris Meyer", date=DAY)
    assert caught.value.problems == [f"sheet worklist.csv, row {number}, column F (answer): 'Educaton' is not a topic "
                                     "of the topic list (data/vocabularies/topics.ttl)"]
    assert snapshot(tree.data) == before


def test_a_curated_record_is_never_rewritten_the_answer_is_a_conflict(tree, exported, capsys):
    curated = tree.data / "practices" / "hand-made.ttl"
    before = curated.read_bytes()
    rows = fill_workbook(exported, {("hand-made", "title@fr"): ("Une fiche faite main", "Ana López")})
    result = import_worklist(exported, tree, BASE, date=DAY)
    assert curated.read_bytes() == before and result.written == [] and result.decisions == 0
    assert result.conflicts == [
        f"sheet Worklist, row {rows[('hand-made', 'title@fr')]}, column F (answer): record 'hand-made': curated "
        f"({curated}): an editor applies title@fr = Une fiche faite main by hand; not written"]
    assert not (tree.data / "agents").exists()
    assert cli.main(["--data", str(tree.data), "--ontology", str(tree.ontology), "--shapes", str(tree.shapes),
                     "--base-iri", BASE, "worklist", "import", str(exported), "--date", DAY]) == 0
    assert "conflict: sheet Worklist" in capsys.readouterr().out
