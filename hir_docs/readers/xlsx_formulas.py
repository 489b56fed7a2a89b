"""Formula cells saved without a value, and a small evaluator for them.

Excel and LibreOffice store each formula's last value; tools that do not calculate
(openpyxl, many exports) store the formula only. A reader must then recompute the value
instead of reading an empty cell as 0. The evaluator covers what budgets use: numbers,
cell references, ranges, + - * / and SUM, ROUND, MIN, MAX, ABS. Anything else gives
None (unknown), never 0.
"""

from __future__ import annotations

import html
import re
import weakref
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hir_docs.files import package
from hir_docs.files.sheetguard import col_number, column_letter

# Linear on any bytes (issue 21): a tag's scan stops at the next "<", a cell's content at
# the next cell tag, so a damaged part full of unclosed tags is read once, not once per tag.
_SHEET = re.compile(rb'<(?:\w+:)?sheet\s[^<>]*?\bname="([^"<]*)"[^<>]*?\br:id="([^"<]*)"')
_REL = re.compile(rb"<Relationship\s[^<>]*+>")
_ATTR = re.compile(rb'(?<!\w)(\w+)="([^"]*)"')
_TAG_ATTRS = rb"(?:[^<>/]|/(?!>))*+"  # a start tag's attributes, not its closing "/>"
_CELL = re.compile(
    rb"<(?:\w+:)?c\s(" + _TAG_ATTRS + rb")>((?:[^<]++|<(?!/?(?:\w+:)?c[\s>/]))*+)</(?:\w+:)?c>"
)
_F = re.compile(rb"<(?:\w+:)?f(?:\s" + _TAG_ATTRS + rb")?(?:/>|>([^<]*+)</(?:\w+:)?f>)")
_V = re.compile(rb"<(?:\w+:)?v(?:\s[^<>]*+)?>([^<]*+)</(?:\w+:)?v>")
_R = re.compile(rb'\br="([A-Z]+\d+)"')

MAX_SHEET_XML = 20 * 1024 * 1024
MAX_RANGE_CELLS = 10_000  # the largest range a formula may sum and still be recomputed


# The worksheet part of each sheet name asked for, per open zip: a check's zip is opened
# once (``files.package``) and the budget's sheet looked up for its formulas and again for
# its error values. Forgotten with the zip.
_ENTRIES: weakref.WeakKeyDictionary[zipfile.ZipFile, dict[str, str | None]] = (
    weakref.WeakKeyDictionary()
)


def _sheet_entry(zf: zipfile.ZipFile, sheet: str) -> str | None:
    known = _ENTRIES.get(zf)
    if known is not None and sheet in known:
        return known[sheet]
    entry = _find_sheet_entry(zf, sheet)
    _ENTRIES.setdefault(zf, {})[sheet] = entry
    return entry


def _find_sheet_entry(zf: zipfile.ZipFile, sheet: str) -> str | None:
    workbook = package.read_part(zf, "xl/workbook.xml")
    rid = None
    for m in _SHEET.finditer(workbook):
        if html.unescape(m.group(1).decode("utf-8", "replace")) == sheet:
            rid = m.group(2)
            break
    if rid is None:
        return None
    rels = package.read_part(zf, "xl/_rels/workbook.xml.rels")
    for m in _REL.finditer(rels):
        attrs = dict(_ATTR.findall(m.group(0)))
        if attrs.get(b"Id") == rid:
            target = attrs.get(b"Target", b"").decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


sheet_entry = _sheet_entry  # the worksheet part of a sheet name (also for xlsx_cells)
# A cell (attributes, content), its r="B12" and its <v> value (also for xlsx_cells).
CELL, CELL_REF, VALUE = _CELL, _R, _V


def uncached_formulas(path: Path, sheet: str) -> dict[str, str | None]:
    """Cell ref -> formula text for formula cells saved without a value.

    The formula text is None for a shared formula whose text lives in another cell.
    """
    out: dict[str, str | None] = {}
    with package.open_zip(path) as zf:  # the check's one open zip (``files.package``)
        entry = _sheet_entry(zf, sheet)
        if entry is None:
            return out
        info = zf.getinfo(entry)
        if info.file_size > MAX_SHEET_XML:
            return out
        data = package.read_part(zf, entry)
    return _uncached(data)


def _uncached(data: bytes) -> dict[str, str | None]:
    """``uncached_formulas`` of a worksheet's XML."""
    out: dict[str, str | None] = {}
    if b"<f" not in data and b":f" not in data:
        return out
    for m in _formula_cells(data, valued=False):
        inner = m.group(2)
        fm = _F.search(inner)
        if fm is None:
            continue
        vm = _V.search(inner)
        if vm is not None and vm.group(1).strip():
            continue
        rm = _R.search(m.group(1))
        if rm is None:
            continue
        text = fm.group(1)
        out[rm.group(1).decode()] = (
            html.unescape(text.decode("utf-8", "replace")) if text and text.strip() else None
        )
    return out


# Where a formula may start (``_F`` begins so), and a cell's start or end tag (what a
# cell's content never holds: ``_CELL``).
_F_START = re.compile(rb"<(?:\w+:)?f[\s/>]")
_C_TAG = re.compile(rb"</?(?:\w+:)?c[\s>/]")
_C_START = re.compile(rb"<(?:\w+:)?c\s")
# A formula with its value right after it (group 2), as most cells hold it.
_F_THEN_V = re.compile(_F.pattern + _V.pattern)


def _formula_cells(data: bytes, valued: bool = True) -> Iterator[re.Match[bytes]]:
    """The matches of ``_CELL.finditer(data)`` that hold a formula tag, in order, without
    matching every cell of the sheet (most hold a value only; matching them all was most
    of a budget's reading).

    A match of ``_CELL`` holds no cell tag but its own two, so no match starts inside
    another: ``finditer`` finds a match at every position where one starts. The cell that
    holds a formula tag therefore starts at the last cell tag before it, when that tag is
    a start tag and the cell matched from there reaches past the formula tag. Each "<" is
    looked at once on the way back and each cell start matched once: linear, as
    ``_CELL.finditer``.

    Without ``valued``, a cell whose content starts with its formula followed by a value
    that is not blank is left out unmatched (``uncached_formulas`` passes over it): the
    first value ``_V`` finds in that cell's content is that one. Each such test reads a
    few tags from a formula tag on, so the search stays linear."""
    floor = 0  # the "<"s before this were looked at for an earlier formula tag
    last_tag = -1  # the last cell tag before ``floor`` (-1: none)
    last_opens = False  # whether it is a start tag
    tried = -1  # the cell start last matched, and its match
    cell: re.Match[bytes] | None = None
    done = -1  # the last cell given
    for f in _F_START.finditer(data):
        q = f.start()
        at = data.rfind(b"<", floor, q)
        first = at  # the last "<" before the formula tag
        opens = False  # whether the tag at ``at`` is a cell's start tag
        while at >= 0:
            if _C_START.match(data, at) is not None:  # the usual: the cell's own start
                opens = True
                break
            if _C_TAG.match(data, at) is not None:
                break
            at = data.rfind(b"<", floor, at)
        floor = q
        if at >= 0:
            last_tag, last_opens = at, opens
        start = last_tag
        if start < 0 or start == done or not last_opens:
            continue
        if not valued and start == first:  # the formula is the first tag in the cell
            fv = _F_THEN_V.match(data, q)
            if fv is not None and fv.group(2).strip():
                done = start  # saved with its value (or no cell at all): nothing to give
                continue
        if start != tried:
            tried, cell = start, _CELL.match(data, start)
        if cell is not None and cell.end() > q:
            done = start
            yield cell


# ---------------------------------------------------------------- evaluation

# A row has at most 7 digits (Excel's last row is 1048576): a longer one is no reference,
# and never reaches int(), which refuses more than 4300 digits.
_ROW_DIGITS = r"\d{1,7}(?!\d)"
_TOKEN = re.compile(
    rf"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<range>\$?[A-Z]{{1,3}}\$?{_ROW_DIGITS}:"
    rf"\$?[A-Z]{{1,3}}\$?{_ROW_DIGITS})|(?P<ref>\$?[A-Z]{{1,3}}\$?{_ROW_DIGITS})"
    r"|(?P<fn>[A-Z][A-Z0-9.]*)\s*\(|(?P<op>[-+*/(),;]))"
)

# (row, col) 1-based -> value; 0 for an empty cell, None when the value is unknown.
Getter = Callable[[int, int], float | None]


def _ref(text: str) -> tuple[int, int]:
    """(row, column) of "B12" or "$B$12"; ValueError for anything else."""
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d{1,7})", text)
    if m is None:
        raise ValueError(text)
    return int(m.group(2)), col_number(m.group(1))


cell_of = _ref  # (row, column) of a cell reference (also for budget_grid)


class _Unknown(Exception):
    """The formula cannot be evaluated (unknown function, missing value, ...)."""


def _tokens(formula: str) -> list[tuple[str, str]]:
    text = formula.lstrip("=").strip()
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise _Unknown(text[pos:])
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def evaluate(formula: str, get: Getter, max_cells: int = MAX_RANGE_CELLS) -> float | None:
    """Value of a simple formula, or None when it cannot be computed."""
    try:
        tokens = _tokens(formula)
    except _Unknown:
        return None
    pos = 0

    def peek() -> tuple[str, str] | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        if pos >= len(tokens):
            raise _Unknown("end")
        pos += 1
        return tokens[pos - 1]

    def cell(row: int, col: int) -> float:
        value = get(row, col)
        if value is None:
            raise _Unknown("missing")
        return value

    def values(kind: str, text: str) -> list[float]:
        if kind == "range":
            a, b = text.split(":")
            (r1, c1), (r2, c2) = _ref(a), _ref(b)
            if (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1) > max_cells:
                raise _Unknown("range")
            out = []
            for r in range(min(r1, r2), max(r1, r2) + 1):
                for c in range(min(c1, c2), max(c1, c2) + 1):
                    out.append(cell(r, c))  # the getter gives 0 for empty cells
            return out
        return [expr()]

    def call(name: str) -> float:
        args: list[float] = []
        nargs = 0
        if peek() != ("op", ")"):
            while True:
                tok = peek()
                if tok is not None and tok[0] == "range":
                    take()
                    args.extend(values("range", tok[1]))
                else:
                    args.append(expr())
                nargs += 1
                if peek() in (("op", ","), ("op", ";")):
                    take()
                    continue
                break
        if take() != ("op", ")"):
            raise _Unknown(")")
        if name == "SUM":
            return sum(args)
        if name in ("MIN", "MAX") and args:
            return min(args) if name == "MIN" else max(args)
        if name == "ABS" and nargs == 1:
            return abs(args[0])
        if name == "ROUND" and nargs == 2:
            return round(args[0], int(args[1]))
        raise _Unknown(name)

    def factor() -> float:
        kind, text = take()
        if kind == "op" and text in "+-":
            value = factor()
            return -value if text == "-" else value
        if kind == "num":
            return float(text)
        if kind == "ref":
            return cell(*_ref(text))
        if kind == "fn":
            return call(text.upper())
        if (kind, text) == ("op", "("):
            value = expr()
            if take() != ("op", ")"):
                raise _Unknown(")")
            return value
        raise _Unknown(text)

    def term() -> float:
        value = factor()
        while peek() in (("op", "*"), ("op", "/")):
            op = take()[1]
            rhs = factor()
            if op == "*":
                value *= rhs
            elif rhs == 0:
                raise _Unknown("div0")
            else:
                value /= rhs
        return value

    def expr() -> float:
        value = term()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            rhs = term()
            value = value + rhs if op == "+" else value - rhs
        return value

    try:
        result = expr()
        if pos != len(tokens):
            return None
        return result
    except (_Unknown, RecursionError, OverflowError):
        return None


# ---------------------------------------------------------------- what formulas use

_SHARED_SI = re.compile(rb'\bsi="(\d+)"')
_SHARED_T = re.compile(rb'\bt="shared"')
# A reference or range on the formula's own sheet (a "Sheet!A1" reference is skipped).
_REF_TEXT = re.compile(
    r"(?<![A-Za-z0-9_!'.$])(\$?)([A-Z]{1,3})(\$?)(\d{1,7})(?::(\$?)([A-Z]{1,3})(\$?)(\d{1,7}))?(?![A-Za-z0-9_(!])"
)


def _shift(formula: str, rows: int, cols: int) -> str:
    """A shared formula as it reads ``rows`` down and ``cols`` right of its master cell."""

    def one(dollar_c: str, col: str, dollar_r: str, row: str) -> str:
        c = col if dollar_c else column_letter(max(1, col_number(col) + cols))
        r = row if dollar_r else str(max(1, int(row) + rows))
        return f"{dollar_c}{c}{dollar_r}{r}"

    def sub(m: re.Match[str]) -> str:
        text = one(m.group(1), m.group(2), m.group(3), m.group(4))
        if m.group(6):
            text += ":" + one(m.group(5), m.group(6), m.group(7), m.group(8))
        return text

    return _REF_TEXT.sub(sub, _strip_strings(formula)) if rows or cols else formula


def _strip_strings(formula: str) -> str:
    return re.sub(r'"[^"]*"', '""', formula)


def all_formulas(path: Path, sheet: str) -> dict[str, str]:
    """Cell ref -> formula text for every formula cell of a sheet (with or without a saved
    value); shared formulas are written out for each cell that shares them."""
    out: dict[str, str] = {}
    with zipfile.ZipFile(path) as zf:
        entry = _sheet_entry(zf, sheet)
        if entry is None or zf.getinfo(entry).file_size > MAX_SHEET_XML:
            return out
        data = zf.read(entry)
    if b"<f" not in data and b":f" not in data:
        return out
    masters: dict[bytes, tuple[str, str]] = {}  # si -> (master ref, formula)
    followers: list[tuple[str, bytes]] = []
    for m in _CELL.finditer(data):
        fm = _F.search(m.group(2))
        rm = _R.search(m.group(1))
        if fm is None or rm is None:
            continue
        ref = rm.group(1).decode()
        text = fm.group(1)
        tag = fm.group(0)[: fm.group(0).find(b">") + 1]
        si = _SHARED_SI.search(tag) if _SHARED_T.search(tag) else None
        if text and text.strip():
            formula = html.unescape(text.decode("utf-8", "replace"))
            out[ref] = formula
            if si is not None:
                masters[si.group(1)] = (ref, formula)
        elif si is not None:
            followers.append((ref, si.group(1)))
    for ref, key in followers:
        if key in masters:
            master, formula = masters[key]
            (r0, c0), (r1, c1) = _ref(master), _ref(ref)
            out[ref] = _shift(formula, r1 - r0, c1 - c0)
    return out


# (first row, last row, first column, last column) of a rectangle of cells, 1-based
Rect = tuple[int, int, int, int]


def referenced_ranges(formula: str, max_cells: int = MAX_RANGE_CELLS) -> list[Rect]:
    """The cells on the formula's own sheet that the formula reads, as rectangles (a
    single reference is a 1x1 one). A range of more than ``max_cells`` cells is left
    out: ``evaluate`` cannot recompute a formula that uses it anyway."""
    out: list[Rect] = []
    for m in _REF_TEXT.finditer(_strip_strings(formula)):
        r1, c1 = int(m.group(4)), col_number(m.group(2))
        r2, c2 = (int(m.group(8)), col_number(m.group(6))) if m.group(6) else (r1, c1)
        (r1, r2), (c1, c2) = sorted((r1, r2)), sorted((c1, c2))
        if (r2 - r1 + 1) * (c2 - c1 + 1) <= max_cells:
            out.append((r1, r2, c1, c2))
    return out
