"""Row heights for wrapped text in generated workbooks.

Office suites do not re-measure the rows of a generated file: without a stored height a
long remark is cut off (LibreOffice, PDF) or hidden behind the next row (Excel).
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

LINE_HEIGHT = 15.0  # points per line of 11 pt text


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` needs in a wrapped cell ``width`` characters wide (a generous guess:
    wide fallback fonts, whole words)."""
    per_line = max(1, int(width * 0.9) - 1)
    count = 0
    for part in text.split("\n"):
        line, n = 0, 1
        for word in part.split():
            if line and line + 1 + len(word) > per_line:
                n, line = n + 1, 0
            line += len(word) + (1 if line else 0)
            n += max(0, (len(word) - 1) // per_line)
        count += n
    return max(1, count)


def fit_row(ws: Worksheet, row: int, widths: dict[int, float]) -> None:
    """Set the row height so the text cells in ``widths`` (column -> width in characters)
    show all their lines."""
    lines = 1
    for col, width in widths.items():
        value = ws.cell(row=row, column=col).value
        if isinstance(value, str):
            lines = max(lines, text_lines(value, width))
    if lines > 1:
        ws.row_dimensions[row].height = lines * LINE_HEIGHT


def fit_sheet(ws: Worksheet) -> None:
    """``fit_row`` for every row with a wrapped text cell (widths from the sheet). Call it
    once the sheet is filled: no wrapped label then overlaps the row below it in
    LibreOffice, Excel or the PDF (a merged note: ``merge_text``)."""
    rows: dict[int, dict[int, float]] = {}
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                rows.setdefault(cell.row, {})[cell.column] = _width(ws, cell.column)
    for row, widths in rows.items():
        fit_row(ws, row, widths)


def _width(ws: Worksheet, col: int) -> float:
    return ws.column_dimensions[get_column_letter(col)].width or 8.43


def merge_text(ws: Worksheet, row: int, first: int, last: int) -> None:
    """Merge ``row``'s cells ``first``..``last`` (columns) into one wrapped text cell as
    high as its text needs (a note or statement below a table)."""
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=first)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    fit_row(ws, row, {first: sum(_width(ws, c) for c in range(first, last + 1))})


def print_landscape(ws: Worksheet) -> None:
    """Print on A4 landscape, all columns on one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
