"""Guard against OpenDocument spreadsheets (.ods) that would make calamine run away.

ODF compresses a sheet with repeat counts: one cell with
``table:number-columns-repeated="16384"`` in a row with ``table:number-rows-repeated=
"1048576"`` is 17 billion cells, and calamine allocates the whole used range (a test file
of 100 million repeated cells took 49 s and 12 GB). LibreOffice itself writes huge repeat
counts only on EMPTY cells and rows, so the guard bounds the range of cells that hold
something, before any spreadsheet parser runs. ``content.xml`` is streamed (defusedxml).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml.ElementTree import iterparse

from hir_docs.files.sheetguard import SHEET_LIMITS, SheetLimits
from hir_docs.findings import Finding
from hir_docs.formatting import number
from hir_docs.rules.file import SHEET_TOO_LARGE

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
SPACES = TEXT + "s"
_CELLS = (TABLE + "table-cell", TABLE + "covered-table-cell")


# Spaces written as <text:s text:c="N"/>: calamine expands them into each cell's text (a
# test file with 100 million took 452 MB). A form has a handful.
MAX_SPACES = 1_000_000


def count(value: object) -> int:
    """A repeat count as the file gives it: at least 1, and 1 for anything not a number."""
    try:
        return max(1, int(str(value)))
    except ValueError:
        return 1


def _repeat(el: object, attr: str) -> int:
    return count(el.get(TABLE + attr, "1"))  # type: ignore[attr-defined]


def inspect_ods(path: Path, limits: SheetLimits = SHEET_LIMITS) -> list[Finding]:
    """One error per .ods whose filled cells span more than a form could."""
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        sheet, row, used_rows, used_cols = "", 0, 0, 0
        spaces = in_row = in_cell = 0  # <text:s> spaces, as calamine repeats them
        for event, el in iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == TABLE + "table":
                    sheet, row, used_rows, used_cols = el.get(TABLE + "name", ""), 0, 0, 0
                continue
            if tag == SPACES:
                in_cell += count(el.get(TEXT + "c", "1"))
            elif tag in _CELLS:
                in_row, in_cell = in_row + in_cell * _repeat(el, "number-columns-repeated"), 0
            if tag == TABLE + "table-row":
                spaces, in_row = spaces + in_row * _repeat(el, "number-rows-repeated"), 0
                if spaces > MAX_SPACES:
                    return [_too_many_spaces(path, sheet, spaces)]
                repeat = _repeat(el, "number-rows-repeated")
                col, last = 0, 0
                for cell in el:
                    if cell.tag not in _CELLS:
                        continue
                    n = _repeat(cell, "number-columns-repeated")
                    if len(cell) or cell.get(OFFICE + "value-type") or cell.get(TABLE + "formula"):
                        last = col + n
                    col += n
                if last:
                    used_rows, used_cols = row + repeat, max(used_cols, last)
                row += repeat
                el.clear()
                if (
                    used_rows > limits.max_rows
                    or used_cols > limits.max_cols
                    or used_rows * used_cols > limits.max_cells
                ):
                    return [
                        SHEET_TOO_LARGE.finding(
                            f"Arket '{sheet}' har udfyldte celler i {number(used_rows)} rækker og "
                            f"{number(used_cols)} kolonner (gentagne celler) og læses ikke.",
                            file=str(path),
                            location=sheet or None,
                        )
                    ]
    return []


def _too_many_spaces(path: Path, sheet: str, spaces: int) -> Finding:
    return SHEET_TOO_LARGE.finding(
        f"Arket '{sheet}' har {number(spaces)} gentagne mellemrum i cellernes tekst og læses ikke.",
        file=str(path),
        location=sheet or None,
    )
