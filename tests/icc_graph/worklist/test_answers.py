"""`worklist import`: every bad cell is named by sheet, row and column and nothing is written; an
answer that disagrees with the record, or with an earlier decision, is a conflict; usage errors."""
from __future__ import annotations

import datetime

import pytest

from icc_graph import cli
from icc_graph.errors import WorklistError
from icc_graph.worklist.answers import import_worklist, parse_date

from .conftest import BASE, snapshot
from .test_round_trip import ANSWER, CURATOR, DAY, fill_workbook

THIS_YEAR = datetime.date.today().year


def test_every_bad_cell_is_reported_and_nothing_is_written(tree, exported):
    rows = fill_workbook(exported, {
        ("don-t-feed-the-rumour", "year"): (str(THIS_YEAR + 1), "Ana"),
        ("don-t-feed-the-rumour", "city"): ("Bergen (Spain)", "Ana"),
        ("don-t-feed-the-rumour", "confirm:anti-rumour"): ("maybe", "Ana"),
        ("library-of-languages", "year"): ("1948", "Ana"),
        ("library-of-languages", "topic"): ("2016", "Ana"),
        ("library-of-languages", "city"): ("Atlantis", "Ana"),
        ("schools-together", "topic"): ("Education", ""),  # nobody named, no --curator
        ("oslo-business-club", "title@fr"): ("Deux\nlignes", "Ana"),
        ("schools-together", "year"): ("2016", "!!!"),  # a name with no letters
    })
    before = snapshot(tree.data)
    with pytest.raises(WorklistError) as caught:
        import_worklist(exported, tree, BASE, date=DAY)
    where = {key: f"sheet Worklist, row {number}" for key, number in rows.items()}
    assert sorted(caught.value.problems) == sorted([
        f"{where['don-t-feed-the-rumour', 'year']}, column F (answer): '{THIS_YEAR + 1}' is not a year: four digits, "
        f"from 1949 to {THIS_YEAR}",
        f"{where['don-t-feed-the-rumour', 'city']}, column F (answer): 'Bergen (Spain)' is not a city of the city list "
        "(data/places/cities.ttl); a new city is added there first",
        f"{where['don-t-feed-the-rumour', 'confirm:anti-rumour']}, column F (answer): 'maybe': answer 'confirm' or 'reject'",
        f"{where['library-of-languages', 'year']}, column F (answer): '1948' is not a year: four digits, from 1949 to "
        f"{THIS_YEAR}",
        f"{where['library-of-languages', 'topic']}, column F (answer): '2016' is not a topic of the topic list "
        "(data/vocabularies/topics.ttl)",
        f"{where['library-of-languages', 'city']}, column F (answer): 'Atlantis' is not a city of the city list "
        "(data/places/cities.ttl); a new city is added there first",
        f"{where['schools-together', 'topic']}, column G (confirmed by): who gives this answer? Write a name here, or "
        "give one with --curator",
        f"{where['oslo-business-club', 'title@fr']}, column F (answer): a title is one line of text",
        f"{where['schools-together', 'year']}, column G (confirmed by): who gives this answer? Write a name here, or "
        "give one with --curator",
    ])
    assert snapshot(tree.data) == before


def test_unknown_records_and_keys_and_contradicting_rows_are_bad_cells(tree, exported):
    from openpyxl import load_workbook

    book = load_workbook(exported)
    sheet = book["Worklist"]
    last = sheet.max_row
    sheet.append(["no-such-record", "", "", "", "", "2016", "Ana", "", "year"])
    sheet.append(["schools-together", "", "", "", "", "2016", "Ana", "", "colour"])
    sheet.append(["schools-together", "", "", "", "", "2016", "Ana", "", "year"])
    sheet.append(["schools-together", "", "", "", "", "2017", "Ana", "", "year"])  # the row above says 2016
    sheet.append(["oslo-business-club", "", "", "", "", "Oslo (Norway)", "Ana", "", "city"])
    sheet.append(["oslo-business-club", "", "", "", "", "Ansan", "Ana", "", "city"])  # not in Norway
    sheet.append(["oslo-business-club", "", "", "", "", "ftp://example.org", "Ana", "", "source"])
    sheet.append(["oslo-business-club", "", "", "", "", "confirm", "Ana", "", "confirm:no-such-topic"])
    book.save(exported)
    with pytest.raises(WorklistError) as caught:
        import_worklist(exported, tree, BASE, date=DAY)
    assert caught.value.problems == [
        f"sheet Worklist, row {last + 1}, column A (record): no record 'no-such-record' in data/practices",
        f"sheet Worklist, row {last + 2}, column I (key): 'colour' is not a key the worklist writes (topic, year, "
        "title@en, title@fr, city, source, confirm:TOPIC)",
        f"sheet Worklist, row {last + 6}, column F (answer): Ansan (South Korea) is not in the record's country (Norway)",
        f"sheet Worklist, row {last + 7}, column F (answer): 'ftp://example.org' is not a web address (http:// or https://)",
        f"sheet Worklist, row {last + 8}, column I (key): 'confirm:no-such-topic': 'no-such-topic' is not a topic of "
        "the topic list",
        f"sheet Worklist, row {last + 4}, column F (answer): row {last + 3} already answers this for record "
        "'schools-together' otherwise",
    ]


def test_a_sheet_without_the_needed_columns_or_sheet_is_refused(tree, tmp_path):
    sheet = tmp_path / "w.csv"
    sheet.write_text("record,answer\nx,y\n", encoding="utf-8")
    with pytest.raises(WorklistError, match=r"sheet w.csv, row 1: no column 'key'"):
        import_worklist(sheet, tree, BASE, date=DAY)
    from openpyxl import Workbook
    book = Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "w.xlsx")
    with pytest.raises(WorklistError, match="no sheet named 'Worklist'"):
        import_worklist(tmp_path / "w.xlsx", tree, BASE, date=DAY)
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(WorklistError, match="cannot read the workbook"):
        import_worklist(tmp_path / "broken.xlsx", tree, BASE, date=DAY)


def test_answers_that_disagree_with_the_record_or_an_earlier_decision_are_conflicts(tree, exported):
    fill_workbook(exported, {("library-of-languages", "year"): ("2016", "Ana"),
                             ("oslo-business-club", "confirm:business-and-employment"): ("reject", "Ana")})
    import_worklist(exported, tree, BASE, date=DAY)
    written = snapshot(tree.data)
    # the same rows, decided otherwise
    rows = fill_workbook(exported, {("library-of-languages", "year"): ("2015", "Bo"),
                                    ("oslo-business-club", "confirm:business-and-employment"): ("confirm", "Bo"),
                                    ("schools-together", "topic"): ("Education", "Bo")})
    result = import_worklist(exported, tree, BASE, date=DAY)
    assert result.conflicts == [
        f"sheet Worklist, row {rows['library-of-languages', 'year']}, column F (answer): record 'library-of-languages': "
        "it states \"2016\"^^xsd:gYear, not \"2015\"^^xsd:gYear; not written",
        f"sheet Worklist, row {rows['oslo-business-club', 'confirm:business-and-employment']}, column F (answer): record "
        "'oslo-business-club': practice:oslo-business-club-rejected-topic-business-and-employment already records "
        "another decision on this fact (by curator:ana, 2026-11-30); edit the record to change it; not written",
    ]
    assert result.decisions == 1  # the topic of schools-together
    changed = {name for name, data in snapshot(tree.data).items() if written.get(name) != data}
    assert changed == {"practices/schools-together.ttl", "agents/curators.ttl"}


def test_usage_errors(tree, exported, capsys):
    common = ["--data", str(tree.data), "--ontology", str(tree.ontology), "--shapes", str(tree.shapes),
              "--base-iri", BASE, "worklist", "import", str(exported)]
    assert cli.main([*common, "--date", "2026-13-01"]) == 2
    assert cli.main([*common, "--date", (datetime.date.today() + datetime.timedelta(days=2)).isoformat()]) == 2
    assert "--date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        cli.main(["worklist"])
    assert caught.value.code == 2
    assert parse_date(None) == datetime.date.today().isoformat()
    assert (ANSWER, CURATOR) == (6, 7)
