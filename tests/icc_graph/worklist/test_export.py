"""`worklist export`: one row per record and gap and per derived topic, drop-down lists from the
vocabularies, suggestions from titles that stay out of the graph, CSV with the same rows."""
from __future__ import annotations

import csv
import datetime

from openpyxl import load_workbook

from icc_graph import cli
from icc_graph.worklist.rows import COLUMNS
from icc_graph.worklist.suggest import occurs, topics_from_titles, years_from_text
from icc_graph.worklist.vocabulary import Vocabulary

from .conftest import BASE, snapshot

ROWS = [  # (record, key, current, suggestions) of the fixture tree, in order
    ("don-t-feed-the-rumour", "year", "", ""),
    ("don-t-feed-the-rumour", "title@fr", "en: Don't feed the rumour", ""),
    ("don-t-feed-the-rumour", "city", "", ""),
    ("don-t-feed-the-rumour", "confirm:anti-rumour",
     "Anti-rumour, derived from http://www.coe.int/fr/web/interculturalcities/communication-and-anti-rumour?delta=5 ; "
     "https://www.coe.int/en/web/interculturalcities/communication-and-anti-rumour", "confirm (the title names it too)"),
    ("don-t-feed-the-rumour", "confirm:communication-and-public-awareness",
     "Communication and public awareness, derived from http://www.coe.int/fr/web/interculturalcities/"
     "communication-and-anti-rumour?delta=5 ; https://www.coe.int/en/web/interculturalcities/communication-and-anti-rumour",
     ""),
    ("hand-made", "title@fr", "en: A hand-made record", ""),
    ("library-of-languages", "topic", "", "Multilingualism; Public and Community Services"),
    ("library-of-languages", "year", "", ""),
    ("library-of-languages", "title@fr", "en: Library of languages", ""),
    ("library-of-languages", "city", "", ""),
    ("oslo-business-club", "title@fr", "en: Oslo business club", ""),
    ("oslo-business-club", "confirm:business-and-employment",
     "Business and Employment, derived from http://www.coe.int/en/web/interculturalcities/business",
     "confirm (the title names it too)"),
    ("schools-together", "topic", "", "Education"),
    ("schools-together", "year", "printed period: N/A", ""),
]


def test_the_workbook_has_a_row_per_gap_and_derived_topic_and_drop_down_lists(tree_template):
    book = load_workbook(tree_template / "worklist.xlsx")
    assert book.sheetnames == ["Worklist", "About", "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    sheet = book["Worklist"]
    lines = [[cell if cell is not None else "" for cell in line] for line in sheet.iter_rows(values_only=True)]
    assert lines[0] == list(COLUMNS)
    got = [(line[0], line[8], line[3], line[4]) for line in lines[1:]]
    assert got == ROWS
    assert all(line[5] == line[6] == line[7] == "" for line in lines[1:])  # answer, confirmed by, note: for curators

    lists = {sheet_column[0].value: [cell.value for cell in sheet_column[1:] if cell.value is not None]
             for sheet_column in book["Lists"].iter_cols()}
    assert len(lists["topic"]) == 22 and "Business and Employment" in lists["topic"]
    assert lists["year"] == [str(y) for y in range(datetime.date.today().year, 1948, -1)]
    assert "Oslo (Norway)" in lists["city"] and "Ansan (South Korea)" in lists["city"]
    assert lists["verdict"] == ["confirm", "reject"]
    by_list = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list" and validation.showErrorMessage
        column = validation.formula1.split("!$")[1][0]
        kind = {"A": "topic", "B": "year", "C": "city", "D": "verdict"}[column]
        by_list[kind] = {int(cell[1:]) for cells in validation.sqref.ranges for cell in str(cells).split(":")}
    keys = {number: line[8] for number, line in enumerate(lines, start=1)}
    assert by_list["topic"] == {n for n, k in keys.items() if k == "topic"}
    assert by_list["year"] == {n for n, k in keys.items() if k == "year"}
    assert by_list["city"] == {n for n, k in keys.items() if k == "city"}
    assert by_list["verdict"] == {n for n, k in keys.items() if k.startswith("confirm:")}
    assert all(str(r).startswith("F") for v in sheet.data_validations.dataValidation for r in v.sqref.ranges)


def test_csv_has_the_same_rows_and_export_writes_nothing_into_data(tree, tmp_path, capsys):
    before = snapshot(tree.data)
    target = tmp_path / "out" / "worklist.csv"
    assert cli.main(["--data", str(tree.data), "--ontology", str(tree.ontology), "--shapes", str(tree.shapes),
                     "--base-iri", BASE, "worklist", "export", str(target)]) == 0
    assert f"wrote {target}: {len(ROWS)} rows for 5 records" in capsys.readouterr().out
    with target.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == list(COLUMNS)
    assert [(line[0], line[8], line[3], line[4]) for line in lines[1:]] == ROWS
    assert snapshot(tree.data) == before  # suggestions go into the sheet, never into the records


def test_a_worklist_is_a_workbook_or_csv(tree, tmp_path, capsys):
    assert cli.main(["--data", str(tree.data), "worklist", "export", str(tmp_path / "w.ods")]) == 2
    assert "a worklist is a .xlsx or .csv file" in capsys.readouterr().err


def test_topic_suggestions_match_labels_as_words_whatever_their_case_accents_and_plurals():
    vocab = Vocabulary(topic_labels={"education": {"en": "Education", "fr": "Éducation"},
                                     "roma": {"en": "Roma", "fr": "Roms"},
                                     "anti-rumour": {"en": "Anti-rumour", "fr": "Anti-rumeurs"}},
                       topic_alt={"anti-rumour": [("fr", "Rumeurs")], "education": [("en", "Schools")]})
    assert topics_from_titles(["Educational equality in Oslo"], vocab) == ["education"]  # a longer word it starts
    assert topics_from_titles(["ÉDUCATION POUR TOUS"], vocab) == ["education"]
    assert topics_from_titles(["Cafés anti-rumeurs"], vocab) == ["anti-rumour"]
    assert topics_from_titles(["Why an anti-rumours strategy?"], vocab) == ["anti-rumour"]
    assert topics_from_titles(["A school for all"], vocab) == ["education"]  # "Schools", singular
    assert topics_from_titles(["Romania's festival"], vocab) == []  # a short label is a whole word only
    assert topics_from_titles(["Roma strategy"], vocab) == ["roma"]
    assert not occurs("", "anything")
    assert years_from_text("Since 2014, until 2031; 1870") == ["2014"]
