"""Tables of the project-data workbook found by their labels (shared by the readers of
``readers.projectdata`` and ``readers.projectdata_grant``): never by coordinate.

The workbook is read with python-calamine (``calamine_book``: the sheets the
classification already parsed, ``files.sheetcache``), its values given as openpyxl's
``iter_rows(values_only=True)`` gives them (an empty cell None, a whole number an int, a
date a datetime), so what is read does not depend on which of the two read it. openpyxl
(``load_workbook``) still reads a workbook calamine cannot, or one holding an error
value ("#REF!", which calamine reads as an empty cell).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hir_docs.files import package, sheetcache
from hir_docs.files.failures import native_stderr_muted
from hir_docs.files.sheetguard import column_letter
from hir_docs.labels import matches, normalise

Row = tuple[int, dict[str, Any]]

# Below 2**53 every whole number is exact in a float; Excel, LibreOffice and openpyxl
# write such a number without a decimal point, which openpyxl reads as an int.
_EXACT = 2.0**53
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c(?=\s)[^<>]*?\st\s*=\s*[\"']e[\"']")  # linear: stops at <, >
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


def _value(v: Any) -> Any:
    """A calamine value as openpyxl gives it."""
    kind = type(v)
    if kind is str:
        return v if v else None
    if kind is float:
        return int(v) if v.is_integer() and -_EXACT < v < _EXACT else v
    if kind is dt.date:
        return dt.datetime(v.year, v.month, v.day)
    return v


class CalamineSheet:
    """One worksheet, duck-typed as much of openpyxl's as the readers use: ``title`` and
    ``iter_rows(values_only=True)`` (rows from A1, converted once)."""

    def __init__(self, path: Path, title: str) -> None:
        self.title = title
        self._path = path
        self._rows: list[tuple[Any, ...]] | None = None

    def iter_rows(self, values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        if self._rows is None:
            raw = sheetcache.sheet(self._path, self.title).to_python(skip_empty_area=False)
            self._rows = [tuple(map(_value, row)) for row in raw]
        return iter(self._rows)


class CalamineBook:
    """The worksheets of a workbook, as ``openpyxl.Workbook.worksheets`` lists them."""

    def __init__(self, path: Path) -> None:
        wb = sheetcache.workbook(path)
        self.worksheets = [
            CalamineSheet(path, m.name)
            for m in wb.sheets_metadata
            if str(m.typ).rsplit(".", 1)[-1] == "WorkSheet"
        ]
        # Sheets are looked up by title a few hundred times per check (``sheet``).
        self.by_title: dict[str, CalamineSheet] = {}
        for ws in self.worksheets:
            self.by_title.setdefault(normalise(ws.title), ws)

    def close(self) -> None:
        """Nothing to close (``files.sheetcache`` keeps the parse until it is released)."""


def has_error_values(path: Path) -> bool:
    """True when a worksheet of the (already safety-checked) workbook holds an error value."""
    with package.open_zip(path) as zf:  # the check's one open zip (``files.package``)
        return any(
            _has_error_cell(package.read_part(zf, info.filename))
            for info in zf.infolist()
            if _WORKSHEET.fullmatch(info.filename)
        )


def _has_error_cell(xml: bytes) -> bool:
    # An error cell's type is the quoted value e: a sheet without "e" in quotes has none,
    # found without trying the pattern at every "<" of the sheet (most sheets).
    return (b'"e"' in xml or b"'e'" in xml) and _ERROR_CELL.search(xml) is not None


def calamine_book(path: Path) -> CalamineBook | None:
    """The workbook read with calamine, or None when openpyxl must read it (calamine
    cannot, or a cell holds an error value). Every sheet is read here, so a sheet
    calamine fails on sends the whole workbook to openpyxl."""
    try:
        if has_error_values(path):
            return None
        with native_stderr_muted():  # once for all the sheets' parser calls
            book = CalamineBook(path)
            for ws in book.worksheets:
                next(ws.iter_rows(), None)
        return book
    except Exception:
        return None


def sheet(wb: Any, name: str) -> Any:
    """The first worksheet titled ``name`` (normalised), or None."""
    by_title = getattr(wb, "by_title", None)
    if by_title is not None:  # a CalamineBook: its titles normalised once
        return by_title.get(normalise(name))
    key = normalise(name)
    return next((ws for ws in wb.worksheets if normalise(ws.title) == key), None)


def text(value: Any) -> str | None:
    if value is None:
        return None
    stripped = str(value).strip()
    return stripped or None


def table(ws: Any, first: str, *, gaps: bool = False) -> tuple[dict[str, int], list[Row]]:
    """Rows under the header row whose first cell is ``first``: (row, {label: value}).

    The table ends at the first empty row, unless ``gaps`` (then empty rows are skipped).
    """
    if ws is None:
        return {}, []
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        if row and matches(row[0], first):
            heads = {normalise(v): c for c, v in enumerate(row) if text(v)}
            out = []
            for j, r in enumerate(rows[i + 1 :], start=i + 2):
                if all(text(v) is None for v in r):
                    if gaps:
                        continue
                    break
                out.append((j, {h: (r[c] if c < len(r) else None) for h, c in heads.items()}))
            return heads, out
    return {}, []


def get(values: dict[str, Any], label: str) -> Any:
    return values.get(normalise(label))


def loc(ws_name: str, heads: dict[str, int], label: str, row: int) -> str:
    col = heads.get(normalise(label), 0)
    return f"{ws_name}!{column_letter(col + 1)}{row}"
