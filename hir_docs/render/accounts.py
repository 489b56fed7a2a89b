"""Regnskab: the accounts workbook (.xlsx, real numbers) plus a Word cover (.docx).

One row per approved budget line: budget, spent, deviation, deviation %, remark; totals;
financing; grant payable; the statement chosen by grant size with signature blocks; the
due date. With a period: part accounts (spent in the half-year and to date).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.files.ooxml import FIXED_TIME, normalise_ooxml
from hir_docs.files.output import set_text
from hir_docs.model.accounts import Accounts, compute_accounts
from hir_docs.model.projectdata import ProjectData, period_label
from hir_docs.pools import Pool, load_pool
from hir_docs.render.context.accounts import (
    accounts_context,
    signatures,
    statement,
    statement_rule,
)
from hir_docs.render.context.economy import (
    OTHER_FIRST,
    STAR_COVERED,
    deviation_note,
    grantor_label,
)
from hir_docs.render.context.shared import document_title, due_text, page_header, whole_period
from hir_docs.render.docx_render import load_template, render_docx
from hir_docs.render.sheetfit import fit_row, print_landscape

# Danish number formats: the [$-406] locale tag makes LibreOffice (and a PDF made on a
# server with another locale) show 1.200.000 and 0,4 %; Excel uses the user's separators.
KR = "[$-406]#,##0"
PCT = "[$-406]0.0\\ %"
FONT = "Calibri"
BOLD = Font(name=FONT, bold=True)
HEAD = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LEFT = Alignment(horizontal="left")
# Column widths (characters) of the accounts table by header; numbers get NUMBER_WIDTH.
WIDTHS = {"Linje": 13, "Udgiftspost": 26, "Medarbejder/funktion": 30, "Bemærkning": 45}
NUMBER_WIDTH = 14


def _cell(ws: Worksheet, row: int, col: int, value: Any, fmt: str = "", bold: bool = False) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    if fmt:
        cell.number_format = fmt
    if bold:
        cell.font = BOLD


def _info(ws: Worksheet, data: ProjectData, acc: Accounts, pool: Pool) -> int:
    pairs: list[tuple[str, Any, str]] = [
        ("Projektets navn", data.project_name or "", ""),
        ("Tilskudsmodtager", data.municipality or "", ""),
        ("CVR-nummer", data.cvr or "", ""),
        ("Journalnummer", data.journal_number or "", ""),
        ("Bevilget tilskud (kr.)", data.grant or 0, KR),
        ("Regnskabsperiode", period_label(acc.period) if acc.period else whole_period(data), ""),
        (
            "Frist for indsendelse",
            due_text(data, f"part:{acc.period}" if acc.period else "accounts", pool),
            "",
        ),
    ]
    for row, (label, value, fmt) in enumerate(pairs, start=3):
        _cell(ws, row, 1, label, bold=True)
        _cell(ws, row, 3, value, fmt)
        ws.cell(row=row, column=3).alignment = LEFT
    return 3 + len(pairs) + 1


def _lines(ws: Worksheet, acc: Accounts, row: int) -> int:
    heads = ["Linje", "Udgiftspost", "Medarbejder/funktion", "Budget (kr.)"]
    if acc.period:
        heads += ["Budget til dato (kr.)", "Forbrug i perioden (kr.)", "Forbrug til dato (kr.)"]
    else:
        heads += ["Forbrug (kr.)"]
    heads += ["Afvigelse (kr.)", "Afvigelse (%)", "Bemærkning"]
    widths: list[float] = [WIDTHS.get(h, NUMBER_WIDTH) for h in heads]
    columns = dict(enumerate(widths, start=1))
    for col, width in columns.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for col, head in enumerate(heads, start=1):
        _cell(ws, row, col, head, bold=True)
        ws.cell(row=row, column=col).fill = HEAD
        ws.cell(row=row, column=col).alignment = WRAP
    fit_row(ws, row, columns)
    for r in acc.rows:
        row += 1
        values: list[tuple[Any, str]] = [
            (r.line.key if r.line.approved else "Ikke godkendt", ""),
            (r.line.post, ""),
            (r.line.function or "", ""),
            (r.budget, KR),
        ]
        if acc.period:
            values += [(r.budget_to_date, KR), (r.spent_period, KR)]
        values += [(r.spent, KR), (r.deviation, KR)]
        values += [(None if r.deviation_pct is None else r.deviation_pct / 100, PCT)]
        values += [(r.line.remark_for(acc.period) or "", "")]
        for col, (v, fmt) in enumerate(values, start=1):
            _cell(ws, row, col, v, fmt)
            ws.cell(row=row, column=col).border = BOX
            ws.cell(row=row, column=col).alignment = WRAP if isinstance(v, str) else TOP
        fit_row(ws, row, columns)
    row += 1
    totals: list[tuple[Any, str]] = [("I alt", ""), ("", ""), ("", ""), (acc.budget_total, KR)]
    if acc.period:
        totals += [(acc.budget_to_date_total, KR), (acc.spent_period_total, KR)]
    pct = acc.deviation_total_pct
    totals += [(acc.spent_total, KR), (acc.deviation_total, KR)]
    totals += [(None if pct is None else pct / 100, PCT), ("", "")]
    for col, (v, fmt) in enumerate(totals, start=1):
        _cell(ws, row, col, v, fmt, bold=True)
        ws.cell(row=row, column=col).border = BOX
    row += 1
    _cell(ws, row, 1, deviation_note(acc))
    return row + 2


def _financing(ws: Worksheet, data: ProjectData, acc: Accounts, row: int) -> int:
    _cell(ws, row, 1, "Finansiering og tilskud", bold=True)
    pairs: list[tuple[str, int]] = [
        ("Udgifter i alt", acc.spent_total),
        ("Heraf tilskudsberettigede udgifter", acc.eligible_spent),
        ("Bevilget tilskud fra STAR", acc.grant),
    ]
    pairs += [(grantor_label(k), v) for k, v in acc.other_grantors.items()]
    pairs += [
        (STAR_COVERED, acc.grant_covered),
        ("Kommunens egenfinansiering", acc.own_financing),
    ]
    pairs += [(f"Budgetteret finansiering: {k}", v) for k, v in data.income.items()]
    pairs += [("Allerede udbetalte rater", acc.paid)]
    pairs += [("Tilskud til udbetaling", max(acc.payable, 0))]
    if acc.payable < 0:
        pairs.append(("Til tilbagebetaling til STAR", -acc.payable))
    for label, value in pairs:
        row += 1
        _cell(ws, row, 1, label, bold=label.startswith(("Tilskud til", "Til tilbage")))
        _cell(ws, row, 5, value, KR, bold=label.startswith(("Tilskud til", "Til tilbage")))
    if acc.other_grantors:
        row += 1
        _cell(ws, row, 1, OTHER_FIRST)
    return row + 2


def _statement(ws: Worksheet, data: ProjectData, acc: Accounts, pool: Pool, row: int) -> int:
    title, text = statement(acc, pool)
    _cell(ws, row, 1, title, bold=True)
    row += 1
    rule = statement_rule(acc, pool)
    if rule:
        _cell(ws, row, 1, rule)
        row += 1
    last = ws.max_column
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    _cell(ws, row, 1, text)
    ws.cell(row=row, column=1).alignment = WRAP
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, last + 1))
    fit_row(ws, row, {1: width})
    for sign in signatures(data, acc.audit_required):
        row += 2
        _cell(ws, row, 1, sign["role"], bold=True)
        row += 1
        _cell(ws, row, 1, "Dato: ____________")
        _cell(ws, row, 3, "Underskrift: ______________________________")
        _cell(ws, row, 7, sign["name_title"])
    return row


def _page_setup(ws: Worksheet, data: ProjectData, draft: bool) -> None:
    """Every printed page: municipality and project at the top, "Side X af Y" at the bottom."""
    head = page_header(data, draft)
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None and footer is not None
    header.right.text = head.replace("&", "&&")
    header.right.size = 8
    footer.center.text = "Side &P af &N"
    footer.center.size = 8


def build_accounts_workbook(
    data: ProjectData, period: str | None, pool: Pool, draft: bool = False
) -> Workbook:
    acc = compute_accounts(data, period, pool)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Regnskab"
    title = f"Delregnskab {period_label(period)}" if period else "Endeligt regnskab"
    _cell(ws, 1, 1, f"{title} – Håndholdt indsats i ressourceforløb")
    ws["A1"].font = Font(name=FONT, bold=True, size=14)
    row = _info(ws, data, acc, pool)
    row = _lines(ws, acc, row)
    row = _financing(ws, data, acc, row)
    _statement(ws, data, acc, pool, row)
    print_landscape(ws)
    _page_setup(ws, data, draft)
    props = wb.properties
    props.creator = props.lastModifiedBy = data.municipality or "hir-docs"
    props.title = document_title(title, data)
    props.created = props.modified = FIXED_TIME
    return wb


def write_accounts_xlsx(
    data: ProjectData, period: str | None, target: Path, pool: Pool, draft: bool = False
) -> None:
    build_accounts_workbook(data, period, pool, draft).save(target)
    normalise_ooxml(target)


def write_accounts_cover(
    data: ProjectData,
    period: str | None,
    target: Path,
    pool: Pool,
    template: Path | None,
    draft: bool = False,
) -> None:
    render_docx(
        load_template("accounts_cover.docx", template),
        accounts_context(data, period, pool, draft),
        target,
    )


def write_accounts_layout(path: Path) -> Path:
    """The Excel layout of the final accounts, without figures (for templates/)."""
    data = ProjectData(project_name="Projektets navn", municipality="Kommune")
    write_accounts_xlsx(data, None, path, load_pool())
    return path
