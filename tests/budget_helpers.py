"""Helpers for the budget tests: write a budget, patch cells, check it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from hir_docs.findings import Document, Finding
from hir_docs.forms.budget import EXAMPLE_LINES, BudgetLineSpec, write_budget
from hir_docs.pipeline import process_file

SALARY, TRANSPORT, AUDIT = EXAMPLE_LINES
TRANSPORT_POST = "Transport – kørselsgodtgørelse, rejser og ophold"


def salary(**changes: Any) -> BudgetLineSpec:
    base = {
        "post": "Løn",
        "function": SALARY.function,
        "persons": SALARY.persons,
        "hours": SALARY.hours,
        "rate": SALARY.rate,
        "amounts": dict(SALARY.amounts),
    }
    base.update(changes)
    return BudgetLineSpec(**base)


def patch(path: Path, cells: Mapping[str, Any], sheet: str = "Budget") -> Path:
    """Overwrite cells with openpyxl (formulas then lose their cached values)."""
    wb = load_workbook(path)
    ws = wb[sheet]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def budget_file(tmp_path: Path, name: str = "budget.xlsx", **kwargs: Any) -> Path:
    path = tmp_path / name
    write_budget(path, **kwargs)
    return path


def check(path: Path) -> tuple[Document, list[Finding]]:
    return process_file(path)


def by_code(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def sheet_file(path: Path, rows: list[list[Any]], title: str = "Budget") -> Path:
    """A one-sheet workbook written row by row from ``rows`` (hand-made budgets)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
