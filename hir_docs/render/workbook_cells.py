"""Cell helpers of the workbooks we write (the project data, ``render.workbook``,
``render.workbook_grant``; the accounts; the payment statement): styles, one cell, one
boxed cell, header rows and data validation."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.files.output import set_text

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
BOLD = Font(bold=True)
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
KR = "#,##0"
DATE = "DD-MM-YYYY"


def value_cell(ws: Worksheet, row: int, col: int, value: Any, fmt: str = "") -> Cell | MergedCell:
    """The cell with ``value`` (a text is never taken for a formula) and its number format."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    if fmt:
        cell.number_format = fmt
    return cell


def put(ws: Worksheet, row: int, col: int, value: Any, *, inp: bool = False, fmt: str = "") -> None:
    cell = value_cell(ws, row, col, value, fmt)
    cell.border = BOX
    if inp:
        cell.fill = INPUT_FILL
    if isinstance(value, str) and len(value) > 40:
        cell.alignment = WRAP


def header(ws: Worksheet, row: int, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEAD_FILL, BOX, WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{row + 1}"


def _validation(ws: Worksheet, dv: DataValidation, ref: str) -> None:
    dv.add(ref)
    ws.add_data_validation(dv)


def list_validation(ws: Worksheet, name: str, ref: str, prompt: str) -> None:
    dv = DataValidation(type="list", formula1=f"={name}", allow_blank=True)
    dv.error = "Vælg en værdi fra listen."
    dv.prompt = prompt
    _validation(ws, dv, ref)


def number_validation(ws: Worksheet, ref: str, *, whole: bool = True) -> None:
    dv = DataValidation(type="whole" if whole else "decimal", operator="greaterThanOrEqual")
    dv.formula1 = "0"
    dv.allow_blank = True
    dv.error = "Skriv et tal (0 eller derover)."
    _validation(ws, dv, ref)


def date_validation(ws: Worksheet, ref: str) -> None:
    dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
    dv.error = "Skriv en dato, fx 15-08-2018."
    _validation(ws, dv, ref)


def header_row(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font, cell.fill, cell.border = BOLD, HEAD_FILL, BOX


def print_landscape(ws: Worksheet, title_rows: str | None = None) -> None:
    """Printable on A4 landscape with every column on the page's width (as many pages tall
    as needed); ``title_rows`` ("4:4"), the table's header, repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    props = ws.sheet_properties.pageSetUpPr
    if props is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        props.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows
