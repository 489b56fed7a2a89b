"""The budget reader's shortcuts give what the plain ways gave (the speed of the reader,
``benchmarks/bench_bulk.py``): formula cells found from their formula tags instead of
matching every cell of the sheet, formulas looked up by (row, column), the layout's
search skipping empty cells, a text without a digit known to be no number."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from test_patterns_linear import results_in_child

from hir_docs.readers import budget_grid, budget_labels
from hir_docs.readers.xlsx_formulas import _CELL, _F, _R, _V, _formula_cells, _uncached

# Pieces of a worksheet, well-formed and broken: cell tags with and without a namespace
# prefix or an end, formula and value tags, text that looks like tags.
_PIECES = [
    b'<c r="A1">',
    b'<c r="B2" s="1">',
    b'<x:c r="C3" t="n" >',
    b"<c>",
    b"<c/>",
    b'<c r="D4"/>',
    b"</c>",
    b"</x:c>",
    b"</c >",
    b"<cc>",
    b"<f>SUM(A1:A3)</f>",
    b"<f/>",
    b'<x:f t="shared" si="0"/>',
    b'<f t="shared" ref="A1:A3" si="1">A1*2</f>',
    b"<f>",
    b"</f>",
    b"<fo>",
    b"<v>1</v>",
    b"<v></v>",
    b"<v> </v>",
    b"<is><t>f</t></is>",
    b'<row r="1">',
    b"</row>",
    b"<",
    b">",
    b"/",
    b" ",
    b":f ",
    b"<a:b:c ",
    b"<ab:f>",
    b"x",
]


def _plain(data: bytes) -> list[tuple[int, int]]:
    return [m.span() for m in _CELL.finditer(data) if _F.search(m.group(2))]


def _found(data: bytes) -> list[tuple[int, int]]:
    return [m.span() for m in _formula_cells(data) if _F.search(m.group(2))]


def test_formula_cells_are_the_cells_a_full_scan_finds() -> None:
    rng = random.Random(20)
    for _ in range(4000):
        data = b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        assert _found(data) == _plain(data), data


def _uncached_plain(data: bytes) -> dict[str, str | None]:
    """What ``uncached_formulas`` gave when it matched every cell of the sheet."""
    out: dict[str, str | None] = {}
    for m in _CELL.finditer(data):
        fm = _F.search(m.group(2))
        vm = _V.search(m.group(2))
        rm = _R.search(m.group(1))
        if fm is None or (vm is not None and vm.group(1).strip()) or rm is None:
            continue
        text = fm.group(1)
        out[rm.group(1).decode()] = text.decode() if text and text.strip() else None
    return out


_VALUED = [
    b'<c r="A1"><f>A2*2</f><v>4</v></c>',
    b'<c r="A2"><f>1+1</f><v></v></c>',
    b'<c r="A3" t="str"><f>B1</f><v> </v></c>',
    b'<x:c r="B1"><x:f>SUM(A1:A3)</x:f><x:v t="n">6</x:v></x:c>',
    b'<c r="B2"><f t="shared" si="0"/><v>2</v></c>',
    b'<c r="B3"><v>1</v><f>A1</f></c>',
    b'<c r="B4"><f>A1</f><is><t>x</t></is><v>1</v></c>',
    b'<c r="B5"><f>A1</f>',
    b"<v>7</v>",
    b"<v> </v>",
    b"<v>",
    b"</v>",
]


def test_formulas_saved_without_a_value_are_those_a_full_scan_finds() -> None:
    rng = random.Random(21)
    pieces = _PIECES + _VALUED
    found = 0
    for _ in range(6000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        plain = _uncached_plain(data)
        assert _uncached(data) == plain, data
        assert list(_uncached(data)) == list(plain), data
        found += bool(plain)
    assert found > 500


def test_formula_cells_of_a_real_sheet() -> None:
    import zipfile

    from hir_docs.readers.xlsx_formulas import sheet_entry

    root = Path(__file__).resolve().parents[1]
    for name in ("examples/viborg/budget.xlsx", "forms/budgetskema.xlsx"):
        with zipfile.ZipFile(root / name) as zf:
            entry = sheet_entry(zf, "Budget")
            assert entry is not None
            data = zf.read(entry)
        assert _found(data) == _plain(data) != []


BLOW_UPS = {
    "formula tags after an unclosed cell": (
        "[m.span() for m in _formula_cells(b'<c r=\"A1\">' + b'<f>' * (MB // 3))] == []"
    ),
    "formula tags after other tags": (
        "len(list(_formula_cells(b'<t>' * (MB // 3) + b'<c r=\"A1\"><f>1</f></c>' * 3))) == 3"
    ),
    "cells each with a formula": (
        "len(list(_formula_cells(b'<c r=\"A1\"><f>1</f></c>' * (MB // 20)))) == MB // 20"
    ),
    "formulas each with a value": (
        "_uncached(b'<c r=\"A1\"><f>1</f><v>2</v></c>' * (MB // 30)) == {}"
    ),
    "formulas with values of long attributes": (
        "_uncached((b'<c r=\"A1\"><f>1</f><v ' + b'a' * 1000 + b'>1</v></c>') * (MB // 1030)) == {}"
    ),
    "formula tags inside one long cell": (
        "len(list(_formula_cells(b'<c r=\"A1\">' + b'<f/><t>' * (MB // 7) + b'</c>'))) == 1"
    ),
}


def test_the_formula_cell_search_is_linear() -> None:
    imports = "from hir_docs.readers.xlsx_formulas import _formula_cells, _uncached"
    assert results_in_child(imports, BLOW_UPS) == dict.fromkeys(BLOW_UPS, "True")


@pytest.mark.parametrize(
    "ref",
    ["A1", "B12", "BH2000", "A0", "B012", "$B$12", "AAAA1", "XFD1", "XFE1", "ZZZ9", "A12345678"],
)
def test_formulas_by_cell_are_those_a_cells_reference_finds(ref: str) -> None:
    by_cell = budget_grid._by_cell({ref: "=1"})
    # Every cell whose reference is ``ref``, as the grid writes a cell's reference.
    meant = {
        (r, c): "=1"
        for r in range(0, 2001)
        for c in (1, 2, 60, 16384, 16385)
        if f"{budget_grid.column_letter(c)}{r}" == ref
    }
    assert by_cell == meant


@pytest.mark.parametrize(
    "text",
    ["Løn", "", "  ", "1.200 kr.", "kr.", "mio.", "²", "1²", "٣", "12 timer", "-", "t. 12", "x"],
)
def test_a_text_without_a_digit_is_no_number(text: str) -> None:
    t = budget_grid._NOISE.sub("", text.strip().lower())
    t = budget_grid._MILLIONS.sub("", t)
    plain = bool(t) and budget_grid._NUMERIC.fullmatch(t) is not None
    plain = plain and any(ch.isdigit() for ch in t) and len(text) <= 60
    assert budget_grid._is_numeric_text(text) == plain


def test_an_empty_cell_is_no_year_and_no_column() -> None:
    # ``find_layout`` skips empty cells when the tables say so (they do), and a row of
    # calamine's falsy values: none is a year.
    assert budget_labels.year_of("") is None
    assert budget_labels.column_role("") is None
    for value in (None, 0, 0.0, -0.0, False, dt.timedelta(0)):
        assert budget_labels.year_of(value) is None


def test_a_blank_row_reads_as_a_line_without_data() -> None:
    """``Grid.blank`` says a row is blank only when its line would hold nothing and reading
    it would recompute and report nothing: the reader skips such rows."""
    from hir_docs.readers import budget
    from hir_docs.readers.budget_grid import Grid, Layout

    layout = Layout(8, {2018: 6, 2019: 7}, {"function": 2, "persons": 3, "hours": 4})
    layout.cols.update({"rate": 5, "total": 8, "remark": 9})
    layout.label_cols = [1, 2]
    values: list[object] = ["", None, 0.0, 0, -0.0, 1.0, "x", "12", " ", True, "0", 0.5]
    rng = random.Random(7)
    for plain in (True, False):
        where = budget._columns(layout)
        if not plain:  # no function column: the label columns describe the line
            del layout.cols["function"]
            where = budget._columns(layout)
        blank_rows = 0
        for _ in range(3000):
            row = [rng.choice(values if rng.random() < 0.2 else values[:3]) for _ in range(9)]
            grid = Grid(Path("x.xlsx"), "Budget", [[]] * 8 + [row])
            formulas = {f"{'ABCDEFGHI'[c]}9": "=1+1" for c in range(9) if rng.random() < 0.1}
            grid._formulas = dict(formulas)
            if not grid.blank(9, where.texts, where.numbers):
                continue
            blank_rows += 1
            line = budget._row_line(grid, where, 9, "Løn")
            assert not budget._has_data(line), row
            assert (grid.recomputed, grid.unknown) == (0, []), (row, formulas)
        assert blank_rows > 100
