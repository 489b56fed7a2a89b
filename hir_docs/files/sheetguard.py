"""Guards against Excel sheets that would make a reader use unbounded time or memory.

Runs (from ``safety.inspect_file``) before any spreadsheet parser: a sheet whose used
range or declared dimension is huge (e.g. a value in XFD1048576 makes calamine try to
allocate hundreds of GB and abort the process; a dimension of A1:XFD1048576 makes
openpyxl's read-only mode walk a million rows) or that has thousands of merged cells.
The worksheet XML is streamed in chunks, so time and memory stay bounded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from hir_docs.findings import Finding
from hir_docs.rules.file import SHEET_TOO_LARGE, TOO_MANY_MERGED


@dataclass(frozen=True)
class SheetLimits:
    max_rows: int = 100_000
    max_cols: int = 1_000
    max_cells: int = 5_000_000  # rows x columns of the used range
    max_merged: int = 1_000
    max_merged_area: int = 1_000_000  # cells covered by one merged range
    chunk: int = 1 << 20


SHEET_LIMITS = SheetLimits()

_DIM = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
# Any r="B12" attribute is a cell reference (rows carry r="12", merges ref=...). What a
# parser allocates for is the largest cell reference, so that is what we bound.
_CELL_REF = re.compile(rb'r="([A-Z]{1,3})(\d{1,7})"')
# A cell beyond column Z or row 99.999 (a normal form has neither).
_UNUSUAL_REF = re.compile(rb'r="(?:[A-Z]{2,}|[A-Z]\d{6})')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_NAME = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?\bname="([^"]*)"')


def col_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _sheet_names(zf: zipfile.ZipFile) -> list[str]:
    try:
        with zf.open("xl/workbook.xml") as fh:
            head = fh.read(1 << 20)
    except KeyError:
        return []
    return [m.group(1).decode("utf-8", "replace") for m in _NAME.finditer(head)]


def _entry_sort_key(name: str) -> int:
    m = re.search(r"(\d+)\.xml$", name)
    return int(m.group(1)) if m else 0


def inspect_sheets(path: Path, limits: SheetLimits = SHEET_LIMITS) -> list[Finding]:
    """One error finding for the first oversized or over-merged sheet; [] when fine."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = _sheet_names(zf)
            entries = sorted(
                (n for n in zf.namelist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)),
                key=_entry_sort_key,
            )
            for i, entry in enumerate(entries):
                label = names[i] if i < len(names) else entry.rsplit("/", 1)[-1]
                problem = _inspect_entry(zf, entry, limits)
                if problem:
                    return [_finding(name, label, *problem)]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError):
        return []  # inspect_zip has already judged the container
    return []


def _inspect_entry(zf: zipfile.ZipFile, entry: str, limits: SheetLimits) -> tuple[str, str] | None:
    # A normal sheet has only columns A-Z and rows below 1.000.000: then it cannot exceed
    # the limits and one cheap regex pass suffices. Anything else gets the exact pass.
    problem, unusual = _scan(zf, entry, limits, exact=False)
    if problem or not unusual:
        return problem
    return _scan(zf, entry, limits, exact=True)[0]


def _chunks(zf: zipfile.ZipFile, entry: str, limits: SheetLimits) -> Iterator[bytes]:
    """The entry's XML in chunks that end on a tag boundary."""
    carry = b""
    with zf.open(entry) as fh:
        while chunk := fh.read(limits.chunk):
            buf = carry + chunk
            cut = buf.rfind(b">") + 1
            data, carry = buf[:cut], buf[cut:]
            if len(carry) > limits.chunk:
                carry = b""
            yield data


def _scan(
    zf: zipfile.ZipFile, entry: str, limits: SheetLimits, *, exact: bool
) -> tuple[tuple[str, str] | None, bool]:
    max_row = max_col = merged = 0
    unusual = False
    for i, data in enumerate(_chunks(zf, entry, limits)):
        if i == 0:
            m = _DIM.search(data)
            if m and m.group(3):
                rows, cols = int(m.group(4)), col_number(m.group(3))
                if _too_large(rows, cols, limits):
                    ref = b"%s%s:%s%s" % (m.group(1), m.group(2), m.group(3), m.group(4))
                    return ("dimension", ref.decode()), True
        if not exact:
            unusual = unusual or _UNUSUAL_REF.search(data) is not None
        else:
            refs = _CELL_REF.findall(data)
            if refs:
                max_col = max(max_col, *map(col_number, {c for c, _ in refs}))
                max_row = max(max_row, *map(int, {r for _, r in refs}))
            if _too_large(max_row, max_col, limits):
                return ("used", f"A1:{get_column_letter(max_col)}{max_row}"), True
        for m in _MERGE.finditer(data) if b"mergeCell" in data else ():
            merged += 1
            if m.group(3):
                area = (int(m.group(4)) - int(m.group(2)) + 1) * (
                    col_number(m.group(3)) - col_number(m.group(1)) + 1
                )
                if area > limits.max_merged_area:
                    return (
                        "merged-area",
                        m.group(0).split(b'ref="')[1].rstrip(b'"').decode(),
                    ), True
        if merged > limits.max_merged:
            return ("merged", str(merged)), True
    return None, unusual


def _too_large(rows: int, cols: int, limits: SheetLimits) -> bool:
    return rows > limits.max_rows or cols > limits.max_cols or rows * cols > limits.max_cells


def _finding(file: str, sheet: str, what: str, detail: str) -> Finding:
    if what in ("merged", "merged-area"):
        amount = (
            f"mere end {SHEET_LIMITS.max_merged:,} flettede celleområder".replace(",", ".")
            if what == "merged"
            else f"et flettet område på {detail}"
        )
        return TOO_MANY_MERGED.finding(
            f"Arket '{sheet}' har {amount}, og filen læses ikke af sikkerhedshensyn.",
            file=file,
            location=sheet,
        )
    return SHEET_TOO_LARGE.finding(
        f"Arket '{sheet}' fylder {detail} – langt mere end et skema – og filen læses ikke af sikkerhedshensyn.",
        file=file,
        location=sheet,
    )
