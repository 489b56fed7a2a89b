"""Regnskab: the Word document that is signed (.docx, ``context.accounts``) and its annex,
the accounts workbook (.xlsx, real numbers, no signatures).

The workbook: one row per budget line (as approved; a line outside the approved budget
says so): budget, spent, deviation, deviation %, remark; totals; the same financing and
payment figures as the Word document. With a period: part accounts (spent in the
half-year and to date). Printed on A4 landscape, one page wide, the header row repeated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.files.ooxml import FIXED_TIME, normalise_ooxml
from hir_docs.model.accounts import Accounts, compute_accounts, ensure_part_period
from hir_docs.model.projectdata import ProjectData, period_label, report_layout
from hir_docs.pools import Pool, load_pool
from hir_docs.render.context.accounts import accounts_context
from hir_docs.render.context.economy import (
    OUTSIDE,
    deviation_note,
    financing_figures,
    grantor_label,
    other_note,
    row_label,
    row_remark,
)
from hir_docs.render.context.shared import document_title, due_text, page_header, whole_period
from hir_docs.render.docx_render import load_template, render_docx
from hir_docs.render.sheetfit import LINE_HEIGHT, fit_row, print_landscape
from hir_docs.render.workbook_cells import value_cell

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
WIDTHS = {"Linje": 9, "Budgetlinje": 34, "Bemærkning": 34}
NUMBER_WIDTH = 13.5


def _cell(ws: Worksheet, row: int, col: int, value: Any, fmt: str = "", bold: bool = False) -> None:
    cell = value_cell(ws, row, col, value, fmt)
    if bold:
        cell.font = BOLD


def _info(ws: Worksheet, data: ProjectData, acc: Accounts, pool: Pool) -> int:
    pairs: list[tuple[str, Any, str]] = [
        ("Projektets navn", data.project_name or "", ""),
        ("Tilskudsmodtager", data.municipality or "", ""),
        ("CVR-nummer", data.cvr or "", ""),
        ("Journalnummer", data.journal_number or "", ""),
        ("Bevilget tilskud (kr.)", acc.grant, KR),
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


def _heads(acc: Accounts) -> list[str]:
    heads = ["Linje", "Budgetlinje", "Budget (kr.)"]
    if acc.period:
        heads += ["Budget til dato (kr.)", "Forbrug i perioden (kr.)", "Forbrug til dato (kr.)"]
    else:
        heads += ["Forbrug (kr.)"]
    return heads + ["Afvigelse (kr.)", "Afvigelse (%)", "Bemærkning"]


def _head_row(ws: Worksheet, row: int, heads: list[str]) -> None:
    """The header row: every heading fits on two lines of its column."""
    for col, head in enumerate(heads, start=1):
        _cell(ws, row, col, head, bold=True)
        ws.cell(row=row, column=col).fill = HEAD
        ws.cell(row=row, column=col).alignment = WRAP
        ws.cell(row=row, column=col).border = BOX
    ws.row_dimensions[row].height = 2 * LINE_HEIGHT


def _lines(ws: Worksheet, acc: Accounts, row: int, real_start: bool = True) -> int:
    heads = _heads(acc)
    widths: list[float] = [WIDTHS.get(h, NUMBER_WIDTH) for h in heads]
    columns = dict(enumerate(widths, start=1))
    for col, width in columns.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    _head_row(ws, row, heads)
    ws.print_title_rows = f"{row}:{row}"  # the header row repeats on every printed page
    for r in acc.rows:
        row += 1
        values: list[tuple[Any, str]] = [
            (r.line.key if r.approved else "Uden for budget", ""),
            (row_label(r), ""),
            (r.budget, KR),
        ]
        if acc.period:
            values += [(r.budget_to_date, KR), (r.spent_period, KR)]
        values += [(r.spent, KR), (r.deviation, KR)]
        values += [(None if r.deviation_pct is None else r.deviation_pct / 100, PCT)]
        values += [(row_remark(r, acc.period), "")]
        for col, (v, fmt) in enumerate(values, start=1):
            _cell(ws, row, col, v, fmt)
            ws.cell(row=row, column=col).border = BOX
            ws.cell(row=row, column=col).alignment = WRAP if isinstance(v, str) else TOP
        fit_row(ws, row, columns)
    row += 1
    totals: list[tuple[Any, str]] = [("I alt", ""), ("", ""), (acc.budget_total, KR)]
    if acc.period:
        totals += [(acc.budget_to_date_total, KR), (acc.spent_period_total, KR)]
    pct = acc.deviation_total_pct
    totals += [(acc.spent_total, KR), (acc.deviation_total, KR)]
    totals += [(None if pct is None else pct / 100, PCT), ("", "")]
    for col, (v, fmt) in enumerate(totals, start=1):
        _cell(ws, row, col, v, fmt, bold=True)
        ws.cell(row=row, column=col).border = BOX
    row += 1
    _note(ws, row, deviation_note(acc, real_start))
    return row + 2


def _note(ws: Worksheet, row: int, text: str) -> None:
    """A sentence over the width of the table, wrapped."""
    last = ws.max_column
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    _cell(ws, row, 1, text)
    ws.cell(row=row, column=1).alignment = WRAP
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, last + 1))
    fit_row(ws, row, {1: width})


def _table(ws: Worksheet, row: int, title: str, heads: list[str], rows: list[list[Any]]) -> int:
    """A table of the financing sheet: a bold title, a header row, then the rows (labels
    in column A, amounts from column B)."""
    _cell(ws, row, 1, title, bold=True)
    row += 1
    for col, head in enumerate(heads, start=1):
        _cell(ws, row, col, head, bold=True)
        ws.cell(row=row, column=col).fill = HEAD
        ws.cell(row=row, column=col).alignment = WRAP
        ws.cell(row=row, column=col).border = BOX
    ws.row_dimensions[row].height = 2 * LINE_HEIGHT
    for values in rows:
        row += 1
        for col, v in enumerate(values, start=1):
            _cell(ws, row, col, v, KR if isinstance(v, int) else "", bold=values[0] == "I alt")
            ws.cell(row=row, column=col).border = BOX
            ws.cell(row=row, column=col).alignment = WRAP if isinstance(v, str) else TOP
    return row + 2


def _financing(ws: Worksheet, acc: Accounts, row: int, grantor: str) -> int:
    budget = "Godkendt budget (kr.)" if acc.recorded else "Budget (kr.)"
    spent = "Regnskab til dato (kr.)" if acc.period else "Regnskab (kr.)"
    total = "Udgifter til dato i alt" if acc.period else "Udgifter i alt"
    rows: list[list[Any]] = [
        [total, None, acc.spent_total],
        ["Heraf tilskudsberettigede udgifter", None, acc.eligible_spent],
    ]
    rows += [[f["name"], f["budget_kr"], f["amount_kr"]] for f in financing_figures(acc, grantor)]
    row = _table(ws, row, "Finansiering", ["Finansieret af", budget, spent], rows)
    if acc.other_income:
        missing = "ikke opgjort"
        others: list[list[Any]] = []
        for o in acc.other_income:
            values: list[Any] = [
                grantor_label(o.name),
                o.budget if o.budget is not None else OUTSIDE,
            ]
            if acc.period:
                values.append(o.received_period if o.reported else missing)
            others.append(values + [o.received if o.reported else missing, o.counted])
        heads = ["Tilskudsgiver", budget]
        heads += (
            ["Modtaget i perioden (kr.)", "Modtaget til dato (kr.)"]
            if acc.period
            else ["Modtaget (kr.)"]
        )
        heads += ["Fratrukket (kr.)"]
        row = _table(ws, row, "Andre tilskudsgivere: modtaget og fratrukket", heads, others)
        _note(ws, row - 1, other_note(acc, grantor))
        row += 1
    return row


def _payment(ws: Worksheet, acc: Accounts, row: int, part: str, grantor: str) -> int:
    """The payments; ``part``: the part accounts' title (reports.toml); ``grantor``: the
    pool's (pool.toml)."""
    if acc.requests:
        rows = [
            [f"{part} {period_label(q.period)}", q.requested, q.paid, q.outstanding]
            for q in acc.requests
        ]
        heads = ["Tidligere delregnskaber", "Anmodet (kr.)", "Udbetalt (kr.)"]
        row = _table(ws, row, "Udbetaling", heads + ["Ikke udbetalt (kr.)"], rows) - 1
    else:
        _cell(ws, row, 1, "Udbetaling", bold=True)
        row += 1
    pairs: list[tuple[str, int]] = [
        (f"Tilskud fra {grantor} i alt" + (" til dato" if acc.period else ""), acc.grant_covered),
        (f"Udbetalt af {grantor}", acc.paid),
        ("Anmodet i tidligere delregnskaber, ikke udbetalt", acc.pending),
        ("Anmodes om med dette regnskab", acc.requested),
    ]
    if acc.repayment:
        pairs.append((f"Til tilbagebetaling til {grantor}", acc.repayment))
    if acc.withdrawn:
        pairs.append(
            (f"Anmodet i tidligere delregnskaber ud over {grantor}'s andel", acc.withdrawn)
        )
    for label, value in pairs:
        strong = label.startswith(("Anmodes", "Til tilbage"))
        _cell(ws, row, 1, label, bold=strong)
        _cell(ws, row, 2, value, KR, bold=strong)
        row += 1
    return row


def _financing_sheet(wb: Workbook, acc: Accounts, title: str, part: str, grantor: str) -> Worksheet:
    """The second sheet: the financing and the payments (the same figures as the Word
    document)."""
    ws = wb.create_sheet("Finansiering")
    ws.column_dimensions["A"].width = 46
    for col in "BCDE":
        ws.column_dimensions[col].width = 16
    _cell(ws, 1, 1, f"{title} – finansiering og udbetaling")
    ws["A1"].font = Font(name=FONT, bold=True, size=14)
    row = _financing(ws, acc, 3, grantor)
    _payment(ws, acc, row, part, grantor)
    return ws


def _page_setup(ws: Worksheet, data: ProjectData, draft: bool) -> None:
    """Every printed page: municipality and project at the top, "Side X af Y" at the bottom."""
    head = page_header(data, draft)
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None and footer is not None
    header.right.text = head.replace("&", "&&")
    header.right.size = 9
    footer.center.text = "Side &P af &N"
    footer.center.size = 9


def build_accounts_workbook(
    data: ProjectData, period: str | None, pool: Pool, draft: bool = False
) -> Workbook:
    if period is not None:
        ensure_part_period(data, period, pool)
    acc = compute_accounts(data, period, pool)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Regnskab"
    reports = report_layout(pool)
    part = reports.title("part")
    title = f"{part} {period_label(period)}" if period else reports.title("accounts")
    _cell(ws, 1, 1, f"Bilag til {title[0].lower()}{title[1:]} – {pool.name}")
    ws["A1"].font = Font(name=FONT, bold=True, size=14)
    row = _info(ws, data, acc, pool)
    _lines(ws, acc, row, pool.known("real_start"))
    annex_title = f"Bilag til {title[0].lower()}{title[1:]}"
    sheets = [ws, _financing_sheet(wb, acc, annex_title, part, pool.grantor)]
    for sheet in sheets:
        print_landscape(sheet)
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6
        _page_setup(sheet, data, draft)
    props = wb.properties
    props.creator = props.lastModifiedBy = data.municipality or ""
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
        load_template("accounts_cover.docx", template, pool),
        accounts_context(data, period, pool, draft),
        target,
    )


def write_accounts_layout(path: Path) -> Path:
    """The Excel layout of the final accounts, without figures (for templates/)."""
    data = ProjectData(project_name="Projektets navn", municipality="Kommune")
    write_accounts_xlsx(data, None, path, load_pool())
    return path
