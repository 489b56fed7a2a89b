"""Guards against Excel sheets that would make a reader use unbounded time or memory.

Runs (from ``safety.inspect_file``) before any spreadsheet parser: a sheet whose used
range or declared dimension is huge (e.g. a value in XFD1048576 makes calamine try to
allocate hundreds of GB and abort the process; a dimension of A1:XFD1048576 makes
openpyxl's read-only mode walk a million rows) or that has thousands of merged cells.
The worksheet XML is streamed in chunks, so time and memory stay bounded.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hir_docs.files import package
from hir_docs.files.failures import corrupt_finding, guard_reports
from hir_docs.findings import Finding
from hir_docs.formatting import number
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
# A sheet up to this size is inflated whole inside a check (``_chunks``); a real form's
# sheets are well below 1 MB.
WHOLE_SHEET_BYTES = package.WHOLE_SHEET_BYTES

_Q = rb"""["']"""  # XML allows both quote characters around an attribute value
_DIM = re.compile(
    rb"<(?:\w+:)?dimension\s+ref\s*=\s*"
    + _Q
    + rb"\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?"
)
# Any r="B12" attribute is a cell reference (rows carry r="12", merges ref=...). What a
# parser allocates for is the largest cell reference, so that is what we bound. Any
# number of letters and digits: "ZZZZ1" (beyond Excel's last column XFD) must be seen.
_CELL_REF = re.compile(rb"\br\s*=\s*" + _Q + rb"([A-Za-z]*)(\d+)")
# A cell beyond column Z or row 99.999 (a normal form has neither): r="AA1" (two letters
# or more, then a digit) or a row number of six digits; or white space around a
# reference's "=" (never written by Office; it sends the sheet to the exact pass).
# A reference is letters and then digits: error="Skriv et tal" (a data validation's text)
# is none, and must not send the sheet to the exact pass.
_WS = rb"[ \t\n\r\x0b\x0c]"  # Python's \s for bytes; RE2's \s has no vertical tab
_ODD_SPACE = re.compile(rb"r" + _WS + rb"+=|r=" + _WS)
# Either of the two, in one pass over every sheet (a normal sheet has neither; the sheet
# guard then looks no further). Written with explicit classes, so RE2 (the fast pass's
# engine, ``fast_pass_pattern``) and Python's ``re`` read it the same way (a test compares
# them on seeded random sheets).
UNUSUAL_OR_ODD = (
    rb"r(?:=(?:" + _Q + rb"(?:[A-Za-z]{2,}[0-9]|[A-Za-z]?[0-9]{6})|" + _WS + rb")|" + _WS + rb"+=)"
)
# Many forms use two-letter columns (AA..RZ) on a few thousand rows: such a sheet's used
# range is at most RZ9999 (494 x 9.999 cells), within the limits, so it needs no exact
# pass either. This pattern finds anything larger: a column of three letters or from SA
# on, or a row number of five digits or more.
_LARGE_REF = re.compile(rb"r=" + _Q + rb"(?:[A-Za-z]{3,}\d|[S-Zs-z][A-Za-z]\d|[A-Za-z]{0,2}\d{5})")
_SMALL_ROWS, _SMALL_COLS = 9_999, 494  # RZ9999: the bound when _LARGE_REF finds nothing
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\s[^<>]*?\bref\s*=\s*"
    + _Q
    + rb"\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?"
)
# Excel's grid: columns A..XFD, rows 1..1.048.576. Anything beyond is never parsed.
GRID_COLS, GRID_ROWS = 16_384, 1_048_576
_NAME = re.compile(rb'<(?:\w+:)?sheet\s[^<>]*?\bname="([^"]*)"')


def col_number(letters: bytes | str) -> int:
    """'A' -> 1, 'XFD' -> 16384; more than Excel's grid is capped just past it (a
    thousand-letter reference must not become a thousand-digit number)."""
    n = 0
    for ch in (letters.decode() if isinstance(letters, bytes) else letters).upper():
        n = n * 26 + (ord(ch) - 64)
        if n > GRID_COLS:
            return GRID_COLS + 1
    return n


def column_letter(n: int) -> str:
    """1 -> 'A', 28 -> 'AB' (what openpyxl's get_column_letter does, without importing
    openpyxl: ``check`` of a citizen sheet never needs it, and it costs 0,15 s to load)."""
    letters = _LETTERS.get(n)
    if letters is None:
        letters, rest = "", n
        while rest > 0:
            rest, digit = divmod(rest - 1, 26)
            letters = chr(65 + digit) + letters
        if 0 < n <= GRID_COLS:  # remembered within Excel's grid only: bounded memory
            _LETTERS[n] = letters
    return letters


_LETTERS: dict[int, str] = {}  # every cell location a reader reports asks for one


def _row_number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 8 else GRID_ROWS + 1


def _sheet_names(zf: zipfile.ZipFile) -> list[str]:
    try:
        info = zf.getinfo("xl/workbook.xml")
    except KeyError:
        return []
    head = package.with_part(zf, info, _first_megabyte)
    return [m.group(1).decode("utf-8", "replace") for m in _NAME.finditer(head)]


def _first_megabyte(fh: package.Readable) -> bytes:
    return fh.read(1 << 20)


def _entry_sort_key(name: str) -> int:
    """ "xl/worksheets/sheet12.xml" -> 12. Without a pattern (a search for digits before
    ".xml" was quadratic on an entry name of digits: 10 s for 40.000), and a number
    longer than any sheet count sorts first (int() refuses more than 4.300 digits)."""
    stem = name.removesuffix(".xml")
    digits = stem[len(stem.rstrip("0123456789")) :]
    return int(digits) if 0 < len(digits) <= 9 else 0


def inspect_sheets(
    path: Path, limits: SheetLimits = SHEET_LIMITS, zf: zipfile.ZipFile | None = None
) -> list[Finding]:
    """One error finding for the first oversized or over-merged sheet; [] when fine.
    ``zf``: the package already open (the safety pass's), left open."""
    name = str(path)
    try:
        with contextlib.nullcontext(zf) if zf is not None else zipfile.ZipFile(path) as zf:
            names = _sheet_names(zf)
            entries = sorted(
                (n for n in zf.namelist() if package.WORKSHEET.fullmatch(n)),
                key=_entry_sort_key,
            )
            for i, entry in enumerate(entries):
                label = names[i] if i < len(names) else entry.rsplit("/", 1)[-1]
                problem = _inspect_entry(zf, entry, limits)
                if problem:
                    return [_finding(name, label, *problem)]
    except BaseException as exc:  # a broken deflate stream deep inside a sheet, ...
        if not guard_reports(exc):
            raise
        return [corrupt_finding(name, exc)]
    return []


def _inspect_entry(zf: zipfile.ZipFile, entry: str, limits: SheetLimits) -> tuple[str, str] | None:
    # A normal sheet has only columns A-Z and rows below 1.000.000: then it cannot exceed
    # the limits and one cheap regex pass suffices. Anything else gets the exact pass.
    problem, unusual = _scan(zf, entry, limits, exact=False)
    if problem or not unusual:
        return problem
    return _scan(zf, entry, limits, exact=True)[0]


def _chunks(zf: zipfile.ZipFile, entry: str, limits: SheetLimits) -> Iterator[bytes]:
    """The entry's XML in chunks that end on a tag boundary (empty while no tag ends).
    Inside a check the sheet is inflated once, here, and kept for the readers
    (``files.package``); the chunks are the same as when read part by part.

    What follows the last ">" is carried on to the next chunk, however long it is: a tag
    padded with megabytes of attribute text still has its cell reference looked at (it
    was dropped once it passed a chunk's size, and a far cell hidden that way reached the
    parser). It is kept in pieces and joined once, when the tag ends, so a long tag costs
    time linear in its length; the package's size limits bound it
    (``safety.Limits.max_xml_part``)."""
    pending: list[bytes] = []  # the text after the last ">" so far, in pieces
    whole = package.inflated(zf, entry, WHOLE_SHEET_BYTES)
    with io.BytesIO(whole) if whole is not None else zf.open(entry) as fh:
        while chunk := fh.read(limits.chunk):
            cut = chunk.rfind(b">") + 1
            if cut:
                pending.append(chunk[:cut])
                data = b"".join(pending)
                pending = [chunk[cut:]]
            else:
                data = b""
                pending.append(chunk)
            yield data


def _scan(
    zf: zipfile.ZipFile, entry: str, limits: SheetLimits, *, exact: bool
) -> tuple[tuple[str, str] | None, bool]:
    max_row = max_col = merged = 0
    unusual = large = False
    for i, data in enumerate(_chunks(zf, entry, limits)):
        if i == 0:
            m = _dimension(data)
            if m:
                rows, cols = (
                    (_row_number(m.group(4)), col_number(m.group(3)))
                    if m.group(3)
                    else (_row_number(m.group(2)), col_number(m.group(1)))
                )
                if _outside_grid(rows, cols):
                    return ("grid", ""), True
                if _too_large(rows, cols, limits):
                    ref = m.group(0).split(b"=", 1)[1].strip()[1:].decode("ascii", "replace")
                    return ("dimension", ref), True
        if not exact:
            if not large and not unusual:
                unusual = fast_pass_pattern().search(data) is not None
                large = unusual and i > 0  # earlier chunks: not searched for large refs
                if unusual and not large:
                    large = _odd_or_large(data)
            elif not large:
                large = _odd_or_large(data)
        else:
            refs = _CELL_REF.findall(data)
            if refs:
                max_col = max(max_col, *map(col_number, {c for c, _ in refs}))
                max_row = max(max_row, *map(_row_number, {r for _, r in refs}))
            if _outside_grid(max_row, max_col):
                return ("grid", ""), True
            if _too_large(max_row, max_col, limits):
                return ("used", f"A1:{column_letter(max_col)}{max_row}"), True
        for m in _MERGE.finditer(data) if b"mergeCell" in data else ():
            merged += 1
            r1, r2 = _row_number(m.group(2)), _row_number(m.group(4) or m.group(2))
            c1, c2 = col_number(m.group(1)), col_number(m.group(3) or m.group(1))
            if _outside_grid(max(r1, r2), max(c1, c2)):
                return ("grid", ""), True
            if m.group(3):
                area = (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
                if area > limits.max_merged_area:
                    raw = m.group(0).split(b"ref", 1)[1].split(b"=", 1)[1].strip()[1:]
                    return ("merged-area", raw.decode("ascii", "replace")), True
        if merged > limits.max_merged:
            return ("merged", str(merged)), True
    if unusual and not large and not _too_large(_SMALL_ROWS, _SMALL_COLS, limits):
        unusual = False  # two-letter columns only, and nothing beyond RZ9999
    return None, unusual


def _odd_or_large(data: bytes) -> bool:
    """White space around a reference's "=" or a reference beyond RZ9999: the exact pass
    must bound the sheet."""
    return _ODD_SPACE.search(data) is not None or _LARGE_REF.search(data) is not None


@cache
def fast_pass_pattern() -> Any:
    """``UNUSUAL_OR_ODD`` compiled by RE2 (google-re2), one byte to a character (Latin-1,
    as Python's bytes patterns). RE2 runs in time linear in the input by design, and
    scans a 50.000-row sheet's 21 MB in ~12 ms, where Python's ``re`` takes ~75 ms: its
    search tries the pattern at each of the sheet's million "r" characters. Loaded with
    the first sheet looked at (~6 ms; a check of a Word file never needs it). Without
    google-re2 (a platform it has no wheel for) Python's ``re`` runs the same pattern:
    slower, with the same answer."""
    try:
        import re2
    except ImportError:
        return re.compile(UNUSUAL_OR_ODD)
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    options.never_capture = True
    # RE2 would write to file descriptor 2 if its automaton ran out of memory (it then
    # falls back to a slower exact engine; this pattern's few states stay far below the
    # 8 MB it may use): a check writes nothing there.
    options.log_errors = False
    return re2.compile(UNUSUAL_OR_ODD, options)


def _dimension(data: bytes) -> re.Match[bytes] | None:
    """``_DIM.search(data)``, found from the literal "dimension" (a search from every "<"
    of a sheet costs more than the rest of the fast pass)."""
    at = data.find(b"dimension")
    while at >= 0:
        start = data.rfind(b"<", 0, at)
        if start >= 0:
            m = _DIM.match(data, start)
            if m:
                return m
        at = data.find(b"dimension", at + 1)
    return None


def _outside_grid(rows: int, cols: int) -> bool:
    return rows > GRID_ROWS or cols > GRID_COLS


def _too_large(rows: int, cols: int, limits: SheetLimits) -> bool:
    return rows > limits.max_rows or cols > limits.max_cols or rows * cols > limits.max_cells


def _finding(file: str, sheet: str, what: str, detail: str) -> Finding:
    if what in ("merged", "merged-area"):
        amount = (
            f"mere end {number(SHEET_LIMITS.max_merged)} flettede celleområder"
            if what == "merged"
            else f"et flettet område på {detail}"
        )
        return TOO_MANY_MERGED.finding(
            f"Arket '{sheet}' har {amount}, og filen læses ikke af sikkerhedshensyn.",
            file=file,
            location=sheet,
        )
    if what == "grid":
        return SHEET_TOO_LARGE.finding(
            f"Arket '{sheet}' har celler uden for Excels ark (efter kolonne XFD eller række "
            "1.048.576), og filen læses ikke af sikkerhedshensyn.",
            file=file,
            location=sheet,
        )
    return SHEET_TOO_LARGE.finding(
        f"Arket '{sheet}' fylder {detail} – langt mere end et skema – og filen læses ikke af sikkerhedshensyn.",
        file=file,
        location=sheet,
    )
