"""The budget sheet as a grid of cells, and finding its layout (header row, columns).

``Grid`` gives 1-based cells with numbers parsed Danish-style ("1.269.840", "220,00",
"1.300.000 kr.") and formula cells saved without a value recomputed (never read as 0).
``find_layout`` finds the header row by its year columns and column labels.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hir_docs.files.sheetguard import col_number, column_letter
from hir_docs.readers import budget_labels as L
from hir_docs.readers.xlsx_formulas import (
    all_formulas,
    cell_of,
    evaluate,
    referenced_ranges,
    uncached_formulas,
)
from hir_docs.values import MAX_NUMBER, parse_number

MAX_COLS = 60

_NUMERIC = re.compile(r"-?[\d.,  ']+")
_NOISE = re.compile(r"(kr\.?|dkk|,-|timer|t\.|pers\.?|personer|stk\.?)")
_MILLIONS = re.compile(r"\s*(mio\.?|mill\.?)\s*")
_DIGIT = re.compile(r"\d")
# A cell reference that ``Grid.ref`` may write: its columns have at most 3 letters and
# its rows at most 7 digits (as a formula's references, ``xlsx_formulas``).
_PLAIN_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


# ---------------------------------------------------------------- the grid


class Grid:
    """One sheet's cells (1-based), numbers parsed Danish-style, formulas recomputed."""

    def __init__(self, path: Path, sheet: str, rows: list[list[Any]]):
        self.path = path
        self.sheet = sheet
        self.rows = rows
        self._formulas: dict[str, str | None] | None = None
        # The same formulas by (row, column), and those of ``summed_text``: a cell is
        # looked up without writing its reference ("G12") first, hundreds of times a sheet.
        self._formula_cells: dict[tuple[int, int], str | None] | None = None
        self._summed_cells: dict[tuple[int, int], str] | None = None
        self._memo: dict[tuple[int, int], float | None] = {}
        self._busy: set[tuple[int, int]] = set()
        self.recomputed = 0
        self.unknown: list[str] = []  # formula cells that could not be recomputed
        self._summed_text: _SummedText | None = None
        self._prefixes: dict[int, str] = {}  # column -> "Budget!G", for ``loc``

    @property
    def height(self) -> int:
        return len(self.rows)

    def raw(self, r: int, c: int) -> Any:
        if 1 <= r <= len(self.rows):
            row = self.rows[r - 1]
            if 1 <= c <= len(row):
                return row[c - 1]
        return None

    def ref(self, r: int, c: int) -> str:
        return f"{column_letter(c)}{r}"

    def loc(self, r: int, c: int) -> str:
        prefix = self._prefixes.get(c)
        if prefix is None:  # "Budget!G": every line asks for the same few columns' cells
            prefix = self._prefixes[c] = f"{self.sheet}!{column_letter(c)}"
        return f"{prefix}{r}"

    def text(self, r: int, c: int) -> str | None:
        rows = self.rows
        v = rows[r - 1][c - 1] if 0 < r <= len(rows) and 0 < c <= len(rows[r - 1]) else None
        if isinstance(v, str) and v.strip() and not _is_numeric_text(v):
            return v.strip()
        return None

    def formulas(self) -> dict[str, str | None]:
        if self._formulas is None:
            try:
                self._formulas = uncached_formulas(self.path, self.sheet)
            except TimeoutError:  # the file's time is up (an OSError too)
                raise
            except (OSError, KeyError, ValueError):
                self._formulas = {}
        return self._formulas

    def _formulas_by_cell(self) -> dict[tuple[int, int], str | None]:
        """``formulas()`` by (row, column)."""
        if self._formula_cells is None:
            self._formula_cells = _by_cell(self.formulas())
        return self._formula_cells

    def _summed_by_cell(self) -> dict[tuple[int, int], str]:
        """``summed_text().formulas`` by (row, column)."""
        if self._summed_cells is None:
            self._summed_cells = _by_cell(self.summed_text().formulas)
        return self._summed_cells

    def num(self, r: int, c: int) -> float | None:
        summed = self._summed_text if self._summed_text is not None else self.summed_text()
        if summed.formulas and (r, c) in self._summed_by_cell():
            return self._formula_value(r, c)  # its saved value counted a text number as 0
        rows = self.rows
        v: Any = rows[r - 1][c - 1] if 0 < r <= len(rows) and 0 < c <= len(rows[r - 1]) else None
        kind = type(v)
        if kind is float:  # most numbers: parse_number's answer, without its calls
            return v if abs(v) < MAX_NUMBER else None  # None for NaN, infinity, absurd
        if kind is str:  # the other most common cell: a text, "" when empty
            if v.strip():
                return parse_number(v) if _is_numeric_text(v) else None
            if v:
                return None  # spaces only
        elif v is not None:  # a cell of another kind, as before the shortcuts above
            if isinstance(v, bool):
                return None
            if isinstance(v, int | float):
                return parse_number(v)  # None for NaN, infinity or an absurd number
            if isinstance(v, str) and v.strip():
                return parse_number(v) if _is_numeric_text(v) else None
            if v != "":
                return None
        # An empty cell. Most are no formula: one lookup tells (a cell in the sums'
        # formulas was answered above).
        cells = self._formula_cells
        if cells is None:
            cells = self._formulas_by_cell()
        if cells and cells.get((r, c)) is not None:
            return self._formula_value(r, c)
        return None

    def blank(self, r: int, texts: list[int], numbers: list[int]) -> bool:
        """Whether row ``r`` has no text in ``texts`` and no number but 0 in ``numbers``,
        with no formula among them: a line read from them holds nothing, and reading it
        would change nothing (no formula recomputed, none reported unknown)."""
        for c in texts:
            if self.text(r, c) is not None:
                return False
        if not numbers:
            return True
        summed = self._summed_by_cell()
        cells: dict[tuple[int, int], str | None] | None = None
        rows = self.rows
        row = rows[r - 1] if 0 < r <= len(rows) else []
        for c in numbers:
            if summed and (r, c) in summed:
                return False
            v = row[c - 1] if 0 < c <= len(row) else None
            kind = type(v)
            if kind is float or kind is int:
                if v != 0:
                    return False
            elif v is None or (kind is str and v == ""):
                if cells is None:
                    cells = self._formulas_by_cell()
                if cells and cells.get((r, c)) is not None:
                    return False
            else:
                return False
        return True

    def _operand(self, r: int, c: int) -> float | None:
        """A cell as a formula sees it: an empty input cell counts 0, as in Excel."""
        v = self.raw(r, c)
        formula = (r, c) in self._formulas_by_cell() or (r, c) in self._summed_by_cell()
        if (v is None or v == "") and not formula:
            return 0.0
        return self.num(r, c)

    def _formula_value(self, r: int, c: int) -> float | None:
        formula = self._formulas_by_cell().get((r, c)) or self._summed_by_cell().get((r, c))
        if formula is None:
            return None
        if (r, c) in self._memo:
            return self._memo[(r, c)]
        if (r, c) in self._busy or len(self._busy) > 200:
            return None
        self._busy.add((r, c))
        try:
            value = parse_number(evaluate(formula, self._operand))  # finite or None
        finally:
            self._busy.discard((r, c))
        self._memo[(r, c)] = value
        if value is not None:
            self.recomputed += 1
        else:
            self.unknown.append(self.loc(r, c))
        return value

    def summed_text(self) -> _SummedText:
        """Numbers typed as text in cells that formulas use (issue 11): Excel's and
        LibreOffice's sums count them as 0. The formulas that use them, directly or through
        other formulas, are recomputed with the number the applicant meant, so the totals
        are read as meant and the text cell itself is what is reported."""
        if self._summed_text is None:
            self._summed_text = _find_summed_text(self)
        return self._summed_text

    def text_numbers(self) -> dict[str, str]:
        """Location ("Budget!G10") -> the text, for text numbers that a formula uses."""
        return {self.loc(r, c): str(self.raw(r, c)).strip() for r, c in self.summed_text().cells}


_V = TypeVar("_V")


def _by_cell(formulas: dict[str, _V]) -> dict[tuple[int, int], _V]:
    """Formulas by (row, column), for the references ``Grid.ref`` writes: another spelling
    ("B012", "AAAA1") never matched a cell's reference, so it is left out here too."""
    out: dict[tuple[int, int], _V] = {}
    for ref, formula in formulas.items():
        m = _PLAIN_REF.fullmatch(ref)
        if m is None:
            continue
        r, c = int(m.group(2)), col_number(m.group(1))
        if f"{column_letter(c)}{r}" == ref:  # not "B012", nor a column past Excel's last
            out[(r, c)] = formula
    return out


@dataclass
class _SummedText:
    cells: list[tuple[int, int]] = field(default_factory=list)  # text numbers formulas use
    formulas: dict[str, str] = field(default_factory=dict)  # ref -> formula using them
    links: int = 0  # entries the search's index made (a few per formula range)


def _find_summed_text(grid: Grid) -> _SummedText:
    found = _SummedText()
    texts = {
        (r, c)
        for r, row in enumerate(grid.rows, start=1)
        if any(row)  # a row of empty cells and zeros holds no text
        for c, v in enumerate(row, start=1)
        if isinstance(v, str) and v and _is_numeric_text(v)  # a number is not blank
    }
    if not texts:
        return found  # the common case: no text numbers, nothing more to read
    try:
        formulas = all_formulas(grid.path, grid.sheet)
    except TimeoutError:  # the file's time is up (an OSError too)
        raise
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return found
    # The formulas in the cells the reader reads, indexed by the ranges they read.
    index = _RangeIndex(grid.height)
    refs: dict[tuple[int, int], str] = {}
    for ref, formula in formulas.items():
        try:
            r, c = cell_of(ref)
        except ValueError:
            continue
        if r <= grid.height and c <= MAX_COLS:
            refs[(r, c)] = ref
            for rect in referenced_ranges(formula):
                index.add(rect, (r, c))
    found.links = index.links
    found.cells = sorted(cell for cell in texts if index.readers(cell))
    # Formulas that use a text number, directly or through a formula that does.
    tainted: set[tuple[int, int]] = set()
    todo = list(found.cells)
    while todo:
        for cell in index.readers(todo.pop(), once=True):
            if cell not in tainted:
                tainted.add(cell)
                todo.append(cell)
    found.formulas = {refs[cell]: formulas[refs[cell]] for cell in tainted}
    return found


class _RangeIndex:
    """Which formulas read a cell, with each range a formula reads kept whole: per
    column, a segment tree over the rows holds a range's rows in O(log rows) nodes, so a
    range of 10.000 cells costs a few hundred entries, not 10.000."""

    def __init__(self, height: int):
        self.size = 1 << max(height, 1).bit_length()  # rows 1..height are leaves
        self.nodes: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.links = 0  # entries made

    def add(self, rect: tuple[int, int, int, int], reader: tuple[int, int]) -> None:
        r1, r2, c1, c2 = rect
        lo, hi = max(r1, 1), min(r2, self.size - 1)
        for c in range(max(c1, 1), min(c2, MAX_COLS) + 1):
            a, b = lo + self.size, hi + self.size + 1
            while a < b:
                if a & 1:
                    self._put(c, a, reader)
                    a += 1
                if b & 1:
                    b -= 1
                    self._put(c, b, reader)
                a, b = a >> 1, b >> 1

    def _put(self, c: int, node: int, reader: tuple[int, int]) -> None:
        self.nodes.setdefault((c, node), []).append(reader)
        self.links += 1

    def readers(self, cell: tuple[int, int], once: bool = False) -> list[tuple[int, int]]:
        """The formula cells that read ``cell``. With ``once`` the entries found are
        removed: every entry on a cell's path reads that cell, so it is found for good."""
        r, c = cell
        out: list[tuple[int, int]] = []
        node = r + self.size
        while node:
            out.extend(self.nodes.pop((c, node), []) if once else self.nodes.get((c, node), []))
            node >>= 1
        return out


def _is_numeric_text(text: str) -> bool:
    # Most texts are labels without a digit: the noise words hold none, so such a text is
    # no number whatever they would leave (one search instead of three regexes).
    if len(text) > 60 or _DIGIT.search(text) is None:
        return False
    t = _NOISE.sub("", text.strip().lower())
    t = _MILLIONS.sub("", t)
    return bool(t) and _NUMERIC.fullmatch(t) is not None and any(ch.isdigit() for ch in t)


def to_kroner(value: float | None) -> int | None:
    return None if value is None else int(round(value))


# ---------------------------------------------------------------- layout


@dataclass
class Layout:
    header: int
    years: dict[int, int]  # year -> column
    cols: dict[str, int]  # role -> column
    label_cols: list[int] = field(default_factory=list)
    post_cols: list[int] = field(default_factory=list)


def find_layout(grid: Grid) -> Layout | None:
    best: tuple[int, Layout] | None = None
    above: list[tuple[int, str]] = []  # the roles of row r - 1, found once per row
    # An empty cell ("" from calamine, most of a sheet) is no year and no column header,
    # unless the label tables say otherwise: asked once here, not once per cell.
    skip_empty = L.year_of("") is None and L.column_role("") is None
    for r in range(1, min(grid.height, 200) + 1):
        years: dict[int, int] = {}
        here: list[tuple[int, str]] = []  # (column, role) of the row's header-like cells
        row = grid.rows[r - 1][:MAX_COLS]
        # A row of empty cells and zeros (most rows below the header) has no year and no
        # column header: calamine's falsy values ("", None, 0, 0.0, False, a zero
        # duration) are none.
        for c, value in enumerate(row if not skip_empty or any(row) else (), start=1):
            if value is None or (skip_empty and value == ""):
                continue  # ``year_of(None)`` is None; a role is a text's
            if type(value) is float:  # ``year_of`` of a number, without its calls
                if value.is_integer() and 2000 <= value <= 2099 and int(value) not in years:
                    years[int(value)] = c
                continue
            y = L.year_of(value)
            if y is not None and y not in years:
                years[y] = c
            if isinstance(value, str):
                role = L.column_role(value)
                if role:
                    here.append((c, role))
        cols: dict[str, int] = {}
        for c, role in above:
            cols.setdefault(role, c)
        for c, role in here:
            cols[role] = c
        above = here
        if not years and "total" not in cols:
            continue
        score = len(years) * 2 + len(cols) + (3 if "total" in cols else 0)
        if score < 5 or (not years and not {"hours", "rate"} & cols.keys()):
            continue
        if best is None or score > best[0]:
            best = (score, Layout(r, years, cols))
    if best is None:
        return None
    layout = best[1]
    numeric = [layout.cols[k] for k in ("persons", "hours", "rate", "total") if k in layout.cols]
    numeric += list(layout.years.values())
    first_num = min(numeric) if numeric else MAX_COLS
    layout.label_cols = [c for c in range(1, first_num) if c not in (layout.cols.get("remark"),)]
    func = layout.cols.get("function")
    if "post" in layout.cols:
        layout.post_cols = [layout.cols["post"]]
    elif func and any(c < func for c in layout.label_cols):
        layout.post_cols = [c for c in layout.label_cols if c < func]
    else:
        layout.post_cols = list(layout.label_cols)
    return layout
