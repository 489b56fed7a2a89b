"""Row heights for wrapped text in generated workbooks.

Office suites do not re-measure the rows of a generated file: without a stored height a
long remark is cut off (LibreOffice, PDF) or hidden behind the next row (Excel).
"""

from __future__ import annotations

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
    """``fit_row`` for every row with a wrapped text cell (widths from the sheet)."""
    rows: dict[int, dict[int, float]] = {}
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = ws.column_dimensions[cell.column_letter].width or 8.43
                rows.setdefault(cell.row, {})[cell.column] = width
    for row, widths in rows.items():
        fit_row(ws, row, widths)


def print_landscape(ws: Worksheet) -> None:
    """Print on A4 landscape, all columns on one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
