"""The worklist as a file: an Excel workbook with drop-down lists, or CSV with the same columns.

The workbook has the sheet ``Worklist`` (the rows), ``About`` (how to fill it in, English and
French) and the hidden sheet ``Lists`` (the vocabularies' labels the drop-down lists offer). CSV
has the rows only. Reading either gives the cells of each row by column name, with the row's
number as a spreadsheet shows it (the header is row 1).
"""
from __future__ import annotations

import csv
import datetime
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import WorklistError
from .rows import COLUMNS, CONFIRM_PREFIX, VERDICTS, Worklist

SHEET, ABOUT, LISTS = "Worklist", "About", "Lists"
FORMATS = (".xlsx", ".csv")
REQUIRED = ("record", "key", "answer")  # the columns an import reads besides "confirmed by" and "note"
WIDTHS = {"record": 28, "title": 40, "field": 22, "current": 40, "suggestions": 30, "answer": 30,
          "confirmed by": 18, "note": 30, "key": 16}
ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
ABOUT_TEXT = [
    "How to fill in this worklist / Comment remplir cette liste",
    "",
    "Each row is a gap of a record (a field it lacks) or a topic derived from a listing page, to confirm.",
    "Write your answer in the column 'answer' (a drop-down list offers the allowed values where there is a list);",
    "put your name in 'confirmed by' (or give it with --curator), and a note if you like.",
    "For a derived topic, answer 'confirm' or 'reject'. To give a record a second topic or city, copy its row.",
    "Leave 'record' and 'key' as they are: they say what your answer is written into. Empty answers are skipped.",
    "Then run: icc-graph worklist import FILE.xlsx [--curator NAME] [--date YYYY-MM-DD]",
    "A cell that cannot be used is reported (sheet, row, column) and nothing is written.",
    "",
    "Chaque ligne est une lacune d'une fiche (un champ qui lui manque) ou un thème déduit d'une page de liste, à confirmer.",
    "Écrivez votre réponse dans la colonne 'answer' (une liste déroulante propose les valeurs permises s'il y en a une) ;",
    "mettez votre nom dans 'confirmed by' (ou donnez-le avec --curator), et une note si vous le souhaitez.",
    "Pour un thème déduit, répondez 'confirm' ou 'reject'. Pour donner à une fiche un second thème ou une autre ville, copiez sa ligne.",
    "Laissez 'record' et 'key' tels quels : ils disent où votre réponse est écrite. Les réponses vides sont ignorées.",
    "Puis lancez : icc-graph worklist import FICHIER.xlsx [--curator NOM] [--date AAAA-MM-JJ]",
    "Une cellule inutilisable est signalée (feuille, ligne, colonne) et rien n'est écrit.",
]


def write_worklist(path: Path, worklist: Worklist) -> None:
    """Write *worklist* to *path*: a workbook for .xlsx, CSV for .csv."""
    if path.suffix.lower() == ".csv":
        _write_csv(path, worklist)
    elif path.suffix.lower() == ".xlsx":
        _write_xlsx(path, worklist)
    else:
        raise ValueError(f"a worklist is a {' or '.join(FORMATS)} file, not {path.name!r}")


def _write_csv(path: Path, worklist: Worklist) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in worklist.rows:
            writer.writerow(row.cells())


def _list_kind(key: str) -> str | None:
    if key.startswith(CONFIRM_PREFIX):
        return "verdict"
    return {"topic": "topic", "year": "year", "city": "city"}.get(key)


def _write_xlsx(path: Path, worklist: Worklist) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in worklist.rows:
        sheet.append(row.cells())
    answer_column = get_column_letter(COLUMNS.index("answer") + 1)
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 20)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        row_cells[COLUMNS.index("answer")].fill = ANSWER_FILL
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions

    lists = book.create_sheet(LISTS)
    values = {"topic": worklist.vocab.topic_list(), "year": worklist.vocab.year_list(),
              "city": worklist.vocab.city_list(), "verdict": list(VERDICTS)}
    validations = {}
    for index, (kind, items) in enumerate(values.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=kind)
        for offset, item in enumerate(items, start=2):
            lists.cell(row=offset, column=index, value=item)
        validation = DataValidation(
            type="list", formula1=f"={LISTS}!${letter}$2:${letter}${len(items) + 1}", allow_blank=True,
            showErrorMessage=True, errorTitle="Not in the list / Hors liste",
            error=f"Choose a {kind} from the list. / Choisissez dans la liste.",
            showInputMessage=True, promptTitle=kind, prompt=f"Choose a {kind} from the list.")
        sheet.add_data_validation(validation)
        validations[kind] = validation
    for number, row in enumerate(worklist.rows, start=2):
        kind = _list_kind(row.key)
        if kind is not None:
            validations[kind].add(f"{answer_column}{number}")
    lists.sheet_state = "hidden"

    about = book.create_sheet(ABOUT, 1)
    for line in ABOUT_TEXT:
        about.append([line])
    about["A1"].font = Font(bold=True)
    about.column_dimensions["A"].width = 120
    # The same rows give the same workbook contents; its timestamps are fixed too.
    book.properties.created = book.properties.modified = datetime.datetime(2000, 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


@dataclass(frozen=True)
class SheetRow:
    number: int                 # as a spreadsheet numbers it (the header is row 1)
    cells: dict[str, str]       # column name -> text


@dataclass(frozen=True)
class Sheet:
    name: str                   # the sheet's name (the file's name for CSV)
    columns: dict[str, int]     # column name -> its position (1 = A)
    rows: list[SheetRow]

    def where(self, row: int, column: str) -> str:
        """``sheet Worklist, row 7, column F (answer)``."""
        position = self.columns.get(column)
        letter = f"column {get_column_letter(position)} ({column})" if position else f"column {column}"
        return f"sheet {self.name}, row {row}, {letter}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value).strip()


def read_sheet(path: Path) -> Sheet:
    """The rows of a worklist file; an unreadable file or a missing column is a WorklistError."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise WorklistError(str(path), [f"a worklist is a {' or '.join(FORMATS)} file"])
    if not path.is_file():
        raise WorklistError(str(path), ["no such file"])
    if suffix == ".csv":
        name = path.name
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                table = [[_text(cell) for cell in line] for line in csv.reader(handle)]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise WorklistError(str(path), [f"cannot read the file ({exc})"]) from exc
    else:
        name = SHEET
        try:
            book = load_workbook(path, data_only=True)
        except (OSError, InvalidFileException, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise WorklistError(str(path), [f"cannot read the workbook ({exc})"]) from exc
        if SHEET not in book.sheetnames:
            raise WorklistError(str(path), [f"no sheet named {SHEET!r} (the workbook has {', '.join(book.sheetnames)})"])
        table = [[_text(cell) for cell in line] for line in book[SHEET].iter_rows(values_only=True)]
    if not table:
        raise WorklistError(str(path), [f"sheet {name}, row 1: no header row"])
    header = [cell.strip().lower() for cell in table[0]]
    columns = {cell: index for index, cell in enumerate(header, start=1) if cell}
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise WorklistError(str(path), [f"sheet {name}, row 1: no column {', '.join(repr(c) for c in missing)}"])
    rows = []
    for number, line in enumerate(table[1:], start=2):
        cells = {column: (line[index - 1] if index - 1 < len(line) else "") for column, index in columns.items()}
        if any(cells.values()):
            rows.append(SheetRow(number, cells))
    return Sheet(name, columns, rows)
