"""The results-based payment statement (``model.results.Statement``) as an Excel workbook.

Sheets, one per view:

- "Pr. kvartal": per calendar quarter a row per payment event (number reached, amount),
  the quarter's total and the accumulated total;
- "Pr. deltager": a row per participant and event (the participant shown masked): the date
  and the fact that reached it, the quarter and the amount, or why nothing is paid;
- "Forudsætninger": the amount per participant, the project base, the payment model, the
  goals per matchgroup, the assumptions ("antaget: ...") and the sources.

Each sheet starts with its title and the forecast note (DISCUS' computation decides).
Amounts are written as numbers in kroner (exact: ``Decimal`` of the model's øre) with the
format ``#,##0.00``, dates with ``DD-MM-YYYY``; texts go through ``set_text`` (never a
formula), and the file is written atomically (``files.output.atomic_write``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.files.output import atomic_write
from hir_docs.formatting import mask_cpr_text
from hir_docs.model.results import FACTS, Outcome, Statement, kroner, share_of
from hir_docs.render.workbook_cells import BOLD, HEAD_FILL, WRAP, print_landscape, value_cell

KR = "#,##0.00"
DATE = "DD-MM-YYYY"
PCT = "0%"
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")

SHEET_QUARTERS = "Pr. kvartal"
SHEET_PARTICIPANTS = "Pr. deltager"
SHEET_ASSUMPTIONS = "Forudsætninger"
TITLE = "Resultatbaseret støtte – Koordineret virksomhedsrettet indsats"

QUARTER_HEADERS = ["Kvartal", "Hændelse", "Andel", "Antal", "Beløb (kr.)", "Akkumuleret (kr.)"]
PARTICIPANT_HEADERS = [
    "Deltager", "Matchgruppe", "Hændelse", "Nået ved", "Dato", "Kvartal", "Beløb (kr.)",
    "Bemærkning",
]  # fmt: skip
QUARTER_TOTAL = "I alt i kvartalet"
GRAND_TOTAL = "Beregnet støtte i alt"


def _head(ws: Worksheet, row: int, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        value_cell(ws, row, col, label)
        cell = ws.cell(row=row, column=col)
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{row + 1}"
    print_landscape(ws, f"{row}:{row}")


def _title(ws: Worksheet, title: str, statement: Statement) -> int:
    """Title and forecast note; returns the next free row."""
    value_cell(ws, 1, 1, title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    value_cell(ws, 2, 1, statement.note)
    return 4


def _quarters(ws: Worksheet, statement: Statement, title: str) -> None:
    row = _title(ws, f"{title}: pr. kvartal", statement)
    _head(ws, row, QUARTER_HEADERS, [18, 50, 8, 8, 16, 18])
    row += 1
    for line in statement.quarters:
        for count in line.events:
            value_cell(ws, row, 1, line.quarter.label)
            value_cell(ws, row, 2, count.event.label)
            value_cell(ws, row, 3, float(count.event.share), PCT)
            value_cell(ws, row, 4, count.count)
            value_cell(ws, row, 5, kroner(count.amount), KR)
            row += 1
        value_cell(ws, row, 1, line.quarter.label)
        value_cell(ws, row, 2, QUARTER_TOTAL)
        value_cell(ws, row, 5, kroner(line.total), KR)
        value_cell(ws, row, 6, kroner(line.accumulated), KR)
        for col in range(1, 7):
            ws.cell(row=row, column=col).font = BOLD
            ws.cell(row=row, column=col).fill = TOTAL_FILL
        row += 1
    row += 1
    value_cell(ws, row, 2, GRAND_TOTAL)
    value_cell(ws, row, 6, kroner(statement.total), KR)
    ws.cell(row=row, column=2).font = ws.cell(row=row, column=6).font = BOLD


def _participants(ws: Worksheet, statement: Statement, title: str) -> None:
    row = _title(ws, f"{title}: pr. deltager", statement)
    _head(ws, row, PARTICIPANT_HEADERS, [22, 14, 50, 34, 12, 16, 14, 60])
    row += 1
    for o in statement.project:
        value_cell(ws, row, 1, "Projektet")
        _outcome(ws, row, o)
        row += 1
    for line in statement.participants:
        for o in line.outcomes:
            value_cell(ws, row, 1, mask_cpr_text(line.shown))
            value_cell(ws, row, 2, line.matchgroup)
            _outcome(ws, row, o)
            row += 1
    if not statement.participants:
        value_cell(ws, row, 1, "Ingen deltagere i registret.")


def _outcome(ws: Worksheet, row: int, o: Outcome) -> None:
    value_cell(ws, row, 3, o.event.label)
    value_cell(ws, row, 4, FACTS.get(o.fact, "") if o.fact else "")
    value_cell(ws, row, 5, o.date, DATE)
    value_cell(ws, row, 6, o.quarter.label if o.quarter else "")
    value_cell(ws, row, 7, kroner(o.amount), KR)
    value_cell(ws, row, 8, o.note)


def _assumptions(ws: Worksheet, statement: Statement, title: str) -> None:
    row = _title(ws, f"{title}: forudsætninger", statement)
    print_landscape(ws)
    a = statement.amounts
    # Wide enough for the longest event ("Virksomhedsrettet tilbud, ordinært job eller
    # uddannelse påbegyndt") and the goals' headings.
    for col, width in zip("ABCD", (58, 16, 24, 27), strict=True):
        ws.column_dimensions[col].width = width
    facts: list[tuple[str, Any, str]] = [
        ("Beløb pr. deltager (fra bevillingsbrevet)", kroner(a.per_participant), KR),
        ("Forventet antal deltagere", a.expected_participants, ""),
        ("Projektbeløb, grundlag for opstartshændelsen", kroner(a.project_base), KR),
        ("Projektstart", statement.project_start, DATE),
        ("Projektslut", statement.project_end, DATE),
        (
            "Opgjort til og med",
            statement.until.label if statement.until else "seneste hændelse",
            "",
        ),
    ]
    for label, value, fmt in facts:
        value_cell(ws, row, 1, label)
        value_cell(ws, row, 2, value, fmt)
        row += 1
    row += 1
    _head_row(ws, row, ["Betalingsmodel: hændelse", "Niveau", "Andel", "Beløb (kr.)"])
    row += 1
    for e in statement.events:
        base = a.project_base if e.level == "project" else a.per_participant
        value_cell(ws, row, 1, e.label)
        value_cell(ws, row, 2, "projekt" if e.level == "project" else "pr. deltager")
        value_cell(ws, row, 3, float(e.share), PCT)
        value_cell(ws, row, 4, kroner(share_of(e.share, base)), KR)
        row += 1
    row += 1
    _head_row(
        ws,
        row,
        [
            "Mål pr. matchgruppe",
            "Deltagere",
            "I job eller uddannelse",
            "I virksomhedsrettet tilbud",
        ],
    )
    row += 1
    for g in statement.goals:
        value_cell(ws, row, 1, f"Matchgruppe {g.matchgroup}")
        value_cell(ws, row, 2, g.participants)
        value_cell(ws, row, 3, g.job_or_education)
        value_cell(ws, row, 4, g.active_offer if g.active_offer is not None else "ikke et mål")
        row += 1
    row += 1
    for heading, texts in (
        ("Forudsætninger", statement.assumptions),
        ("Kilder", statement.sources),
    ):
        value_cell(ws, row, 1, heading)
        ws.cell(row=row, column=1).font = BOLD
        row += 1
        for text in texts:
            _paragraph(ws, row, text)
            row += 1
        row += 1


# The assumptions and sources are sentences: each wraps across the sheet's four columns
# (about this many characters a line), so the sheet prints one page wide at a readable size.
_LINE_CHARS = 120


def _paragraph(ws: Worksheet, row: int, text: str) -> None:
    value_cell(ws, row, 1, text)
    ws.cell(row=row, column=1).alignment = WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    # A merged cell's height is not fitted to its text by Excel: set for the lines it needs.
    ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(text) / _LINE_CHARS))


def _head_row(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        value_cell(ws, row, col, label)
        cell = ws.cell(row=row, column=col)
        cell.font, cell.fill = BOLD, HEAD_FILL


def write_payment_statement(
    path: Path, statement: Statement, *, title: str = TITLE, force: bool = False
) -> Path:
    """Write the statement workbook to ``path`` (atomically; an existing file only with
    ``force``)."""

    def build(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = SHEET_QUARTERS
        _quarters(ws, statement, title)
        _participants(wb.create_sheet(SHEET_PARTICIPANTS), statement, title)
        _assumptions(wb.create_sheet(SHEET_ASSUMPTIONS), statement, title)
        wb.save(tmp)

    return atomic_write(Path(path), build, force=force)
