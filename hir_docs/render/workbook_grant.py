"""The grant sheets of the project-data workbook: the approved grant as recorded (Tilsagn,
protected, with its fingerprint), the changes STAR has approved (Godkendte ændringer) and
the money received from other grantors per half-year (Indtægter)."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.files.output import set_text
from hir_docs.forms import projectdata_layout as L
from hir_docs.model.grant import fingerprint
from hir_docs.model.projectdata import ApprovedGrant, ProjectData
from hir_docs.render.sheetfit import fit_sheet, print_landscape
from hir_docs.render.workbook_cells import (
    DATE,
    KR,
    date_validation,
    header,
    header_row,
    number_validation,
    put,
)


def _fmt(value: Any) -> str:
    if isinstance(value, int):
        return KR
    return DATE if hasattr(value, "isoformat") else ""


def _record(ws: Worksheet, grant: ApprovedGrant, data: ProjectData) -> None:
    title = ws.cell(row=1, column=1)
    set_text(title, L.GRANT_TITLE)
    title.font = Font(bold=True)  # runs on over the empty cells beside it (no merged cells)
    row = 3
    header(ws, row, list(L.GRANT_HEADER), [44, 44])
    values: dict[str, Any] = {
        "grant": grant.grant,
        "project_start": grant.project_start,
        "project_end": grant.project_end,
        "journal_number": grant.journal_number,
        "fingerprint": fingerprint(grant),
    }
    for key, label in L.GRANT_FIELDS.items():
        row += 1
        put(ws, row, 1, label)
        put(ws, row, 2, values[key], fmt=_fmt(values[key]))
    years = sorted({y for line in grant.lines for y in line.years} | set(data.years))
    row += 2
    heads = [L.H_LINE, L.H_POST, L.H_FUNCTION] + [L.h_year(y) for y in years]
    heads += [L.H_TOTAL, L.H_ELIGIBLE]
    header_row(ws, row, heads)
    for line in grant.lines:
        row += 1
        vals: list[Any] = [line.key, line.post, line.function]
        vals += [line.years.get(y) for y in years] + [line.amount, L.YES if line.eligible else L.NO]
        for col, v in enumerate(vals, start=1):
            put(ws, row, col, v, fmt=KR if isinstance(v, int) else "")
    row += 2
    header_row(ws, row, [L.H_INCOME, L.H_AMOUNT])
    for name, amount in grant.income.items():
        row += 1
        put(ws, row, 1, name)
        put(ws, row, 2, amount, fmt=KR)
    if grant.deadlines:
        titles = {r.key: (r.title, r.period) for r in data.reports}
        row += 2
        header_row(ws, row, [L.H_REPORT, L.H_PERIOD, L.H_GRANT_DEADLINE])
        for key, day in grant.deadlines.items():
            row += 1
            report, period = titles.get(key, (key, None))
            put(ws, row, 1, report)
            put(ws, row, 2, period)
            put(ws, row, 3, day, fmt=DATE)
    widths = [44, 44, 42] + [14] * len(years) + [16, 16]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = None
    ws.protection.sheet = True  # every cell is locked: no accidental edits (no password)


def _changes(ws: Worksheet, data: ProjectData) -> None:
    heads = [L.H_CHANGE_DATE, L.H_CHANGE_REF, L.H_CHANGE_LINE, L.H_CHANGE_OLD, L.H_CHANGE_NEW]
    header(ws, 1, [*heads, L.H_NOTE], [18, 30, 30, 16, 16, 60])
    rows = max(L.CHANGE_ROWS, len(data.approved_changes) + 3)
    for i in range(rows):
        c = data.approved_changes[i] if i < len(data.approved_changes) else None
        vals: list[Any] = [None] * 6
        if c is not None:
            vals = [c.approved_on, c.reference, c.line, c.old_amount, c.new_amount, c.note]
        fmts = [DATE, "", "", KR, KR, ""]
        for col, (v, fmt) in enumerate(zip(vals, fmts, strict=True), start=1):
            put(ws, i + 2, col, v, inp=True, fmt=fmt)
    date_validation(ws, f"A2:A{rows + 1}")
    number_validation(ws, f"D2:E{rows + 1}")


def _income(ws: Worksheet, data: ProjectData) -> None:
    """One row per other grantor of the approved budget; a column per half-year."""
    n = len(data.periods)
    heads = [L.H_GRANTOR, L.H_BUDGETED] + [L.h_received(p) for p in data.periods]
    header(ws, 1, heads, [52, 16] + [16] * n)
    grantors = dict(data.other_grantors)
    for name in data.income_received:  # received from a grantor no longer in the budget
        grantors.setdefault(name, 0)
    for row, (name, budgeted) in enumerate(grantors.items(), start=2):
        put(ws, row, 1, name)
        put(ws, row, 2, budgeted, fmt=KR)
        received = data.income_received.get(name, {})
        for col, p in enumerate(data.periods, start=3):
            put(ws, row, col, received.get(p), inp=True, fmt=KR)
    if grantors and n:
        last = get_column_letter(2 + n)
        number_validation(ws, f"C2:{last}{len(grantors) + 1}")


def write_grant_sheets(wb: Workbook, data: ProjectData) -> None:
    """Add Tilsagn (when the record is known), Godkendte ændringer and Indtægter."""
    sheets: list[tuple[str, Any]] = []
    if data.approved is not None:
        grant = data.approved
        sheets.append((L.GRANT, lambda ws: _record(ws, grant, data)))
    sheets.append((L.CHANGES, lambda ws: _changes(ws, data)))
    sheets.append((L.INCOME, lambda ws: _income(ws, data)))
    for name, write in sheets:
        ws = wb.create_sheet(name)
        write(ws)
        fit_sheet(ws)
        print_landscape(ws)
