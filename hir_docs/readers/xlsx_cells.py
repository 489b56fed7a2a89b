"""What calamine does not tell about a worksheet: error values and hidden rows.

calamine gives an empty string for a cell whose saved value is an Excel error (``#REF!``,
``#VALUE!``, ``#DIV/0!``, ``#NAME?`` ...), so a total that fails in Excel would look
empty; and it does not say which rows are hidden. Both are read here from the sheet's XML
(``t="e"`` cells, ``<row hidden="1">``), with the same bounded regex scan as
``xlsx_formulas``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from hir_docs.files import package
from hir_docs.readers.xlsx_formulas import CELL, CELL_REF, MAX_SHEET_XML, VALUE, sheet_entry

_ROW = re.compile(rb"<(?:\w+:)?row\s([^<>]*+)>")  # a scan stops at the next tag: linear
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="(\d{1,7})"')  # Excel's last row has 7 digits
_ERROR_TYPE = re.compile(rb'\bt="e"')


@dataclass
class SheetCells:
    errors: dict[str, str] = field(default_factory=dict)  # "I30" -> "#REF!"
    hidden_rows: set[int] = field(default_factory=set)  # 1-based


def sheet_cells(path: Path, sheet: str) -> SheetCells:
    """Error values and hidden rows of ``sheet`` (empty for anything but .xlsx)."""
    out = SheetCells()
    if path.suffix.lower() != ".xlsx":
        return out
    with package.open_zip(path) as zf:  # the check's one open zip (``files.package``)
        entry = sheet_entry(zf, sheet)
        if entry is None or zf.getinfo(entry).file_size > MAX_SHEET_XML:
            return out
        data = package.read_part(zf, entry)  # inflated once, also for ``uncached_formulas``
    for m in _ROW.finditer(data):
        if _HIDDEN.search(m.group(1)):
            number = _ROW_NUMBER.search(m.group(1))
            if number:
                out.hidden_rows.add(int(number.group(1)))
    if b't="e"' in data:
        for m in CELL.finditer(data):
            if not _ERROR_TYPE.search(m.group(1)):
                continue
            ref, value = CELL_REF.search(m.group(1)), VALUE.search(m.group(2))
            if ref and value:
                out.errors[ref.group(1).decode()] = html.unescape(
                    value.group(1).decode("utf-8", "replace")
                ).strip()
    return out
