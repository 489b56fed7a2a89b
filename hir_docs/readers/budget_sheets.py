"""Which sheet of a workbook is the budget, and what the sheet hides (issue 15).

A workbook may hold the budget twice: Excel's "Flyt eller kopiér" puts "Budget (2)" in
front of the original, and an old version may be left on a hidden or very hidden sheet.
Which one is read must not depend on tab order alone, and the other is never passed over
in silence: ``choose_sheet`` reads every sheet with a budget layout, picks one with a
stated reason and lists the others (the rules warn). ``mark_cells`` records what calamine
does not show: Excel error values in the budget's cells and lines in hidden rows.
Readers never judge: ``rules/budget_workbook.py`` does.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hir_docs.files import sheetcache
from hir_docs.model import Budget, BudgetLine, OtherBudgetSheet
from hir_docs.model.budgetcalc import line_value
from hir_docs.readers.budget_grid import MAX_COLS, Grid, Layout, find_layout
from hir_docs.readers.xlsx_cells import sheet_cells

MAX_ROWS = 2_000
MAX_SHEETS = 20
_COPY_NAME = re.compile(r"\s\(\d+\)$")  # "Budget (2)": Excel's name for a copied sheet
_ROW_NUMBER = re.compile(r"(\d+)$")


@dataclass
class Candidate:
    index: int  # tab order
    name: str
    visibility: str  # "visible" | "hidden" | "veryhidden"
    grid: Grid
    layout: Layout

    @property
    def score(self) -> int:
        return len(self.layout.years) * 2 + len(self.layout.cols)


@dataclass
class Choice:
    grid: Grid
    layout: Layout
    reason: str | None = None  # why this sheet, when other visible sheets hold a budget
    others: list[OtherBudgetSheet] = field(default_factory=list)


def _visibility(meta: object) -> str:
    text = str(getattr(meta, "visible", "")).lower()
    return "veryhidden" if "veryhidden" in text else "hidden" if "hidden" in text else "visible"


def candidates(path: Path) -> list[Candidate]:
    """Every sheet (up to MAX_SHEETS) whose header row looks like a budget's."""
    out: list[Candidate] = []
    wb = sheetcache.workbook(path)  # shared with the classifier's probe
    for index, meta in enumerate(wb.sheets_metadata[:MAX_SHEETS]):
        if str(meta.typ).lower().endswith("chartsheet"):
            continue
        rows = sheetcache.sheet(path, meta.name).to_python(skip_empty_area=False, nrows=MAX_ROWS)
        grid = Grid(path, meta.name, [list(row[:MAX_COLS]) for row in rows])
        layout = find_layout(grid)
        if layout is not None:
            out.append(Candidate(index, meta.name, _visibility(meta), grid, layout))
    return out


def _pick(visible: list[Candidate]) -> tuple[Candidate, str | None]:
    """The sheet to read among several visible budgets, and why (Danish)."""
    if len(visible) == 1:
        return visible[0], None
    best = max(c.score for c in visible)
    top = [c for c in visible if c.score == best]
    if len(top) == 1:
        return top[0], "fordi det har flest af budgetskemaets kolonner (årstal, timer, sats, I alt)"
    originals = [c for c in top if not _COPY_NAME.search(c.name)]
    copies = [c for c in top if _COPY_NAME.search(c.name)]
    if originals and copies:
        return originals[0], (
            f"fordi '{copies[0].name}' har det navn, Excel giver en kopi af et ark (Flyt eller "
            "kopiér)"
        )
    return top[0], "fordi det står først i projektmappen"


def choose_sheet(path: Path, summarise: Callable[[Grid, Layout], Budget]) -> Choice | None:
    """The budget sheet to read; the other sheets holding a budget, summarised."""
    found = candidates(path)
    if not found:
        return None
    if len(found) == 1:
        return Choice(found[0].grid, found[0].layout)
    summaries = {c.index: summarise(c.grid, c.layout) for c in found}
    with_budget = [c for c in found if summaries[c.index].lines] or found
    visible = [c for c in with_budget if c.visibility == "visible"] or with_budget
    chosen, reason = _pick(visible)
    others = [
        OtherBudgetSheet(
            c.name,
            c.visibility,
            summaries[c.index].requested_amount,
            summaries[c.index].total_expenses,
        )
        for c in with_budget
        if c is not chosen
    ]
    return Choice(chosen.grid, chosen.layout, reason, others)


def _rows(budget: Budget) -> list[BudgetLine]:
    totals = (budget.expenses_row, budget.income_row, budget.requested_row)
    return [*budget.lines, *budget.income_lines, *budget.post_totals, *(r for r in totals if r)]


def mark_cells(path: Path, budget: Budget) -> None:
    """Excel error values in the budget's cells; lines with amounts in hidden rows."""
    if budget.sheet is None:
        return
    try:
        cells = sheet_cells(path, budget.sheet)
    except TimeoutError:  # the file's time is up (an OSError too): not about the file
        raise
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return
    prefix = f"{budget.sheet}!"
    for row in _rows(budget):
        for loc in row.cells.values():
            error = cells.errors.get(loc.removeprefix(prefix))
            if error:
                budget.formula_errors[loc] = error
    if not cells.hidden_rows:
        return
    for line in (*budget.lines, *budget.income_lines):
        m = _ROW_NUMBER.search(line.location or "")
        if m and int(m.group(1)) in cells.hidden_rows and line_value(line):
            budget.hidden_lines.append(line)
