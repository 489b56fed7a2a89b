"""The budget form (budgetskema.xlsx): the blank form and a writer of filled budgets.

Modelled on STAR's budget template and its budget guide ("Guide til udarbejdelse af
projektbudgetter"): header fields, the expense posts in the guide's order with room for
several lines each, one amount column per calendar year of the project period, "I alt"
and "Bemærkninger", income posts, and "Ansøgt tilskud fra STAR" = expenses - income.
Totals are formulas; input cells have a yellow fill.

``write_budget`` writes a *filled* budget (default: the Viborg example). It is used by
tests, synthetic inboxes and examples, so its signature is kept stable. With
``cached_values=True`` the formula cells also carry their values, as Excel saves them;
with ``cached_values=False`` they have none (as openpyxl and other tools write them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from hir_docs.files.ooxml import save_workbook
from hir_docs.files.output import set_text
from hir_docs.formatting import number
from hir_docs.forms.budget_layout import (
    EXAMPLE_PROJECT,
    EXAMPLE_RECIPIENT,
    GUIDE_SHEET,
    LABEL_EXPENSES,
    LABEL_FUNCTION,
    LABEL_HOURS,
    LABEL_INCOME_TOTAL,
    LABEL_PERSONS,
    LABEL_POST,
    LABEL_RATE,
    LABEL_REMARKS,
    LABEL_REQUESTED,
    LABEL_TOTAL,
    PERIOD,
    SHEET,
    post_remarks,
)
from hir_docs.pools import Pool, load_pool

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: fill in
FORMULA_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: calculated
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
BOLD = Font(bold=True)
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
STYLES: dict[str, dict[str, Any]] = {
    "bold": {"font": BOLD},
    "input": {"fill": INPUT_FILL, "border": BOX},
    "formula": {"fill": FORMULA_FILL, "font": BOLD},
    "head": {
        "fill": HEAD_FILL,
        "border": BOX,
        "alignment": Alignment(wrap_text=True, vertical="center"),
    },
    "number": {"number_format": "#,##0"},
    "wrap": {"alignment": Alignment(wrap_text=True, vertical="top")},
}


def _lines(text: str, width: int) -> int:
    """Printed lines of a wrapped text in a column ``width`` characters wide."""
    return max(1, -(-len(text) // width))


def _fit_to_page_width(ws: Any, *, landscape: bool) -> None:
    """Print on A4, one page wide (as many pages tall as needed)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


@dataclass(frozen=True)
class BudgetLineSpec:
    """One budget line to write: post, description and kroner per calendar year."""

    post: str
    function: str | None = None
    persons: float | None = None
    hours: float | None = None
    rate: float | None = None
    amounts: Mapping[int, int] = field(default_factory=dict)
    remark: str | None = None


EXAMPLE_LINES: tuple[BudgetLineSpec, ...] = (
    BudgetLineSpec(
        "Løn",
        "Koordinerende sagsbehandler (nyansat)",
        persons=3,
        hours=6000,
        rate=190,
        amounts={2018: 912_000, 2019: 228_000},
        remark="2018: 4.800 timer, 2019: 1.200 timer",
    ),
    BudgetLineSpec(
        "Transport – kørselsgodtgørelse, rejser og ophold",
        "Transport og repræsentation, erfaringsworkshop",
        amounts={2018: 5_000, 2019: 15_000},
    ),
    BudgetLineSpec("Revision", "Revisorpåtegning af slutregnskab", amounts={2019: 40_000}),
)

SALARY_ROWS = 6  # empty rows under the salary post (facts.salary_post)
OTHER_ROWS = 3


class _Sheet:
    """Writes cells at an offset and remembers the value of every formula cell."""

    def __init__(self, ws: Any, row0: int, col0: int, *, formulas: bool, text_numbers: bool):
        self.ws = ws
        self.row0 = row0
        self.col0 = col0
        self.formulas = formulas and not text_numbers
        self.text_numbers = text_numbers
        self.values: dict[str, float] = {}  # formula cell ref -> value
        self._styles: dict[tuple[tuple[int, ...], str], Any] = {}

    def style(self, cell: Any, name: str) -> None:
        """Apply a named style; openpyxl's style setters are slow, so results are reused."""
        key = (tuple(cell._style or ()), name)
        hit = self._styles.get(key)
        if hit is not None:
            cell._style = copy(hit)
            return
        for attr, value in STYLES[name].items():
            setattr(cell, attr, value)
        self._styles[key] = copy(cell._style)

    def ref(self, r: int, c: int) -> str:
        return f"{get_column_letter(c + self.col0)}{r + self.row0}"

    def cell(self, r: int, c: int) -> Any:
        return self.ws.cell(row=r + self.row0, column=c + self.col0)

    def text(self, r: int, c: int, value: str | None, *, bold: bool = False) -> Any:
        cell = self.cell(r, c)
        set_text(cell, value)
        if bold:
            self.style(cell, "bold")
        return cell

    def number(self, r: int, c: int, value: float | None, *, decimals: int = 0) -> Any:
        cell = self.cell(r, c)
        if value is None:
            cell.value = None
        elif self.text_numbers:
            set_text(cell, number(value, decimals if value != int(value) else 0))
        else:
            cell.value = int(value) if float(value).is_integer() else value
        return cell

    def total(
        self, r: int, c: int, parts: list[tuple[int, int]], value: float, sign: str = "+"
    ) -> Any:
        """A calculated cell: a formula over ``parts`` (or the number when no formulas)."""
        cell = self.cell(r, c)
        if self.formulas:
            refs = [self.ref(pr, pc) for pr, pc in parts]
            if sign == "-":
                cell.value = f"={refs[0]}-{refs[1]}"
            elif len(refs) > 2 and all(pr == parts[0][0] for pr, _ in parts):
                cell.value = f"=SUM({refs[0]}:{refs[-1]})"
            else:
                cell.value = "=" + "+".join(refs) if refs else "=0"
            self.values[self.ref(r, c)] = value
        else:
            self.number(r, c, value)
        self.style(cell, "formula")
        return cell


def _amount_of(spec: BudgetLineSpec, year: int) -> int:
    return int(spec.amounts.get(year, 0) or 0)


def _income_by_year(value: int | Mapping[int, int], years: Sequence[int]) -> dict[int, int]:
    if isinstance(value, Mapping):
        return {y: int(value.get(y, 0) or 0) for y in years}
    # A plain total goes into the first full project year.
    target = years[1] if len(years) > 1 else years[0]
    return {y: (int(value) if y == target else 0) for y in years}


@dataclass(frozen=True)
class BudgetLayout:
    """Where and how the sheet is written (the variants real budgets show).

    ``formulas=False`` writes plain numbers; ``text_numbers=True`` writes every number as
    Danish text ("1.140.000"); ``start_row``/``start_col`` move the whole layout;
    ``extra_rows`` inserts empty rows above the column headers; ``guide=False`` leaves
    out the guide sheet in front.
    """

    period: str | None = PERIOD
    formulas: bool = True
    text_numbers: bool = False
    start_row: int = 1
    start_col: int = 1
    sheet_title: str = SHEET
    guide: bool = True
    years: Sequence[int] | None = None
    extra_rows: int = 0


def build_budget(
    lines: Sequence[BudgetLineSpec] = (),
    *,
    recipient: str | None = None,
    project_name: str | None = None,
    income: Mapping[str, int | Mapping[int, int]] | None = None,
    layout: BudgetLayout = BudgetLayout(),
    pool: Pool | None = None,
) -> tuple[Workbook, dict[str, float]]:
    """Build the budget workbook (of ``pool``, default HIR); returns it with the values of its
    formula cells."""
    pool = pool or load_pool()
    guide = pool.lines("budget_guide")
    title = pool.text("budget_title")
    remarks = post_remarks(pool)
    ineligible_remark = pool.text("budget_ineligible_remark")
    years = list(layout.years or pool.project_years)
    posts = pool.strings("expense_posts")
    income_posts = pool.strings("income_posts")
    eligible = set(pool.strings("eligible_posts"))
    unknown = [spec.post for spec in lines if spec.post not in posts]
    if unknown:
        raise ValueError(f"ukendt udgiftspost: {unknown[0]}")

    wb = Workbook()
    first: Any = wb.active
    if layout.guide:
        gs = first
        gs.title = GUIDE_SHEET
        for i, text in enumerate(guide, start=1):
            set_text(gs.cell(row=i, column=1), text or None)
        wrap = Alignment(wrap_text=True, vertical="top")
        for i, text in enumerate(guide, start=1):
            gs.cell(row=i, column=1).alignment = wrap
            gs.row_dimensions[i].height = 15 * _lines(text, 80)
        gs["A1"].font = Font(bold=True, size=13)
        gs.column_dimensions["A"].width = 85
        _fit_to_page_width(gs, landscape=False)
        ws = wb.create_sheet(layout.sheet_title)
    else:
        ws = first
        ws.title = layout.sheet_title
    wb.active = wb.index(ws)
    s = _Sheet(
        ws,
        layout.start_row - 1,
        layout.start_col - 1,
        formulas=layout.formulas,
        text_numbers=layout.text_numbers,
    )

    c_post, c_func, c_pers, c_hours, c_rate = 1, 2, 3, 4, 5
    c_year = {y: 6 + i for i, y in enumerate(years)}
    c_total = 6 + len(years)
    c_remark = c_total + 1
    amount_cols = [*c_year.values(), c_total]

    s.text(1, 1, title).font = Font(bold=True, size=14)
    s.text(2, 1, pool.text("budget_sheet_line"))
    for r, (label, value) in enumerate(
        [
            ("Tilskudsmodtager", recipient),
            ("Projektets navn", project_name),
            ("Projektperiode", layout.period),
        ],
        start=4,
    ):
        s.text(r, 1, label, bold=True)
        cell = s.text(r, 3, value)
        s.style(cell, "input")

    header = 8 + layout.extra_rows
    labels = [LABEL_POST, LABEL_FUNCTION, LABEL_PERSONS, LABEL_HOURS, LABEL_RATE]
    for i, label in enumerate(labels, start=1):
        s.text(header, i, label, bold=True)
    for y, c in c_year.items():
        s.cell(header, c).value = y
        s.style(s.cell(header, c), "bold")
    s.text(header, c_total, LABEL_TOTAL, bold=True)
    s.text(header, c_remark, LABEL_REMARKS, bold=True)
    for c in range(1, c_remark + 1):
        s.style(s.cell(header, c), "head")
    ws.row_dimensions[header + s.row0].height = 30

    r = header + 1
    post_rows: list[int] = []
    post_sums: list[dict[int, float]] = []
    for post in posts:
        specs = [spec for spec in lines if spec.post == post]
        n = max(SALARY_ROWS if post == pool["salary_post"] else OTHER_ROWS, len(specs))
        head = r
        post_rows.append(head)
        s.text(head, c_post, post, bold=True)
        remark = remarks.get(post, None if post in eligible else ineligible_remark)
        s.style(s.text(head, c_remark, remark), "wrap")
        ws.row_dimensions[head + s.row0].height = 13 * _lines(remark or "", 55)
        line_rows = list(range(head + 1, head + 1 + n))
        sums: dict[int, float] = {}
        for i, lr in enumerate(line_rows):
            spec = specs[i] if i < len(specs) else None
            input_cols = [c_func, *c_year.values(), c_remark]
            if post == pool["salary_post"]:
                input_cols += [c_pers, c_hours, c_rate]
            for c in input_cols:
                s.style(s.cell(lr, c), "input")
            line_total = 0
            if spec is not None:
                s.text(lr, c_func, spec.function)
                s.number(lr, c_pers, spec.persons)
                s.number(lr, c_hours, spec.hours)
                s.number(lr, c_rate, spec.rate, decimals=2)
                for y, c in c_year.items():
                    if y in spec.amounts:
                        s.number(lr, c, _amount_of(spec, y))
                s.text(lr, c_remark, spec.remark)
                line_total = sum(_amount_of(spec, y) for y in years)
            for y, c in c_year.items():
                sums[c] = sums.get(c, 0) + (_amount_of(spec, y) if spec else 0)
            s.total(lr, c_total, [(lr, c) for c in c_year.values()], line_total)
            sums[c_total] = sums.get(c_total, 0) + line_total
        for c in amount_cols:
            s.total(head, c, [(lr, c) for lr in line_rows], sums[c])
        post_sums.append(sums)
        r = head + 1 + n

    expenses_row = r
    s.text(expenses_row, c_post, LABEL_EXPENSES, bold=True)
    expenses = {c: sum(ps[c] for ps in post_sums) for c in amount_cols}
    for c in amount_cols:
        s.total(expenses_row, c, [(pr, c) for pr in post_rows], expenses[c])

    r = expenses_row + 2
    s.text(r, c_post, "Indtægter", bold=True)
    income_rows: list[int] = []
    income_sum = {c: 0.0 for c in amount_cols}
    for post in income_posts:
        r += 1
        income_rows.append(r)
        s.text(r, c_post, post)
        by_year = _income_by_year((income or {}).get(post, 0), years)
        for y, c in c_year.items():
            s.style(s.cell(r, c), "input")
            if by_year[y]:
                s.number(r, c, by_year[y])
            income_sum[c] += by_year[y]
        s.style(s.cell(r, c_remark), "input")
        total = sum(by_year.values())
        income_sum[c_total] += total
        s.total(r, c_total, [(r, c) for c in c_year.values()], total)
    r += 1
    income_row = r
    s.text(income_row, c_post, LABEL_INCOME_TOTAL, bold=True)
    for c in amount_cols:
        s.total(income_row, c, [(ir, c) for ir in income_rows], income_sum[c])

    requested_row = income_row + 2
    s.text(requested_row, c_post, LABEL_REQUESTED, bold=True)
    s.text(requested_row, c_remark, "Udgifter i alt minus Indtægter i alt.")
    for c in amount_cols:
        s.total(
            requested_row,
            c,
            [(expenses_row, c), (income_row, c)],
            expenses[c] - income_sum[c],
            sign="-",
        )

    widths = {
        c_post: 44,
        c_func: 40,
        c_pers: 10,
        c_hours: 10,
        c_rate: 10,
        c_total: 14,
        c_remark: 50,
    }
    for c, w in widths.items():
        ws.column_dimensions[get_column_letter(c + s.col0)].width = w
    for c in c_year.values():
        ws.column_dimensions[get_column_letter(c + s.col0)].width = 13
    for row in ws.iter_rows(min_row=header + 1 + s.row0, max_row=requested_row + s.row0):
        for cell in row:
            if cell.column - s.col0 in (c_pers, c_hours, c_rate, *amount_cols):
                s.style(cell, "number")
    ws.freeze_panes = s.ref(header + 1, 1)
    _fit_to_page_width(ws, landscape=True)
    wb.properties.creator = "hir-docs"
    wb.properties.title = title
    return wb, s.values


_CELL_F = re.compile(rb'(<c r="([A-Z]+\d+)"[^>]*>)(<f>[^<]*</f>)(?:<v\s*/>|<v>[^<]*</v>)?(</c>)')


def _value_text(v: float) -> bytes:
    return (str(int(v)) if float(v).is_integer() else repr(float(v))).encode()


def save_deterministic(wb: Workbook, path: Path, cached: Mapping[str, float] | None = None) -> None:
    """Save with fixed timestamps (byte-identical output); optionally cache formula values
    as Excel does, so the file also stands for a budget saved by Excel."""

    def fill_cached(name: str, data: bytes) -> bytes:
        if not cached or not name.startswith("xl/worksheets/sheet"):
            return data

        def fill(m: re.Match[bytes]) -> bytes:
            value = cached.get(m.group(2).decode())
            if value is None:
                return m.group(0)
            return m.group(1) + m.group(3) + b"<v>" + _value_text(value) + b"</v>" + m.group(4)

        return _CELL_F.sub(fill, data)

    save_workbook(wb, path, fill_cached)


def write_blank_budget(path: Path, pool: Pool | None = None) -> None:
    """The blank budget form (formulas with cached zeros, as Excel would save it)."""
    wb, values = build_budget(pool=pool)
    save_deterministic(wb, path, values)


def write_budget(
    path: Path,
    *,
    lines: Sequence[BudgetLineSpec] | None = None,
    recipient: str = EXAMPLE_RECIPIENT,
    project_name: str = EXAMPLE_PROJECT,
    income: Mapping[str, int | Mapping[int, int]] | None = None,
    cached_values: bool = True,
    **layout: Any,
) -> None:
    """Write a filled budget (default: the Viborg example, 1.200.000 kr.).

    ``cached_values=False`` leaves formula cells without values (like openpyxl and most
    tools). Further keywords are the fields of ``BudgetLayout`` (``text_numbers=True``,
    ``start_row=5``, ``period=None`` ...).
    """
    wb, values = build_budget(
        EXAMPLE_LINES if lines is None else lines,
        recipient=recipient,
        project_name=project_name,
        income=income,
        layout=BudgetLayout(**layout),
    )
    save_deterministic(wb, path, values if cached_values else None)
