"""The follow-up workbook STAR reads: printable like ``bulk``'s overview (its table and
print helpers: A4 landscape, one page wide, header row on every page, Danish number
formats), streamed, saved with fixed metadata (the same inbox gives the same bytes).

Sheets: "Projekter" (one row per project, worst first: deadlines missed, the payment now
and what is held back), "Perioder" (one row per project and half-year, and the whole
project: what was due and when, what arrived, its state), "Budgetlinjer" (spending per
approved budget line against the budget), "Andre tilskudsgivere", "Arbejdsmarkedsstatus"
(totals across projects) and "Fund" (every finding). Text from a submission goes through
``set_text`` and ``scrub_cpr`` (bulk's ``_cell``): no formula, no CPR number.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from hir_docs.bulk.overview import INT, KR, PCT, STATUS_FILL, Column, _table, findings_sheet
from hir_docs.files.ooxml import save_workbook
from hir_docs.files.output import atomic_write
from hir_docs.followup.model import (
    AFTER_LETTER,
    ARRIVED,
    LATE,
    NOT_DUE,
    OVERDUE,
    DocState,
    FollowupResult,
    Project,
)
from hir_docs.formatting import dato
from hir_docs.model.projectdata import period_label

STATE_FILL = {
    OVERDUE: PatternFill("solid", fgColor="F8CBAD"),
    LATE: PatternFill("solid", fgColor="FFF2CC"),
    NOT_DUE: PatternFill("solid", fgColor="FFFFFF"),
    ARRIVED: PatternFill("solid", fgColor="E2EFDA"),
}
YES = "Ja"


def _who(p: Project) -> str:
    return p.municipality or p.folder


def deadline_text(doc: DocState) -> str:
    """The grant record's deadline, else "efter tilsagnsbrevet" (and hir-docs' expectation)."""
    if doc.deadline is not None:
        return dato(doc.deadline)
    if doc.expected is not None:
        return f"{AFTER_LETTER} (forventet {dato(doc.expected)})"
    return AFTER_LETTER


def arrival_text(doc: DocState) -> str:
    if not doc.arrived:
        return "Nej"
    when = dato(doc.arrived_on) if doc.arrived_on else "Ja"
    return f"{when} ({'; '.join(doc.evidence)})" if doc.evidence else when


def _projects(ws: object, result: FollowupResult) -> None:
    headers: list[Column] = [
        ("Kommune", 12, True),
        ("Projekt (journalnr.)", 20, True),
        ("Tilsagn", 11, False),
        ("Status", 8, False),
        ("Rapporter overskredet", 8, False),
        ("Seneste regnskab modtaget", 13, True),
        ("Støtteberettiget forbrug", 11, False),
        ("Andre tilskudsgivere (fratrukket)", 11, False),
        ("STARs andel", 11, False),
        ("Udbetalt", 11, False),
        ("Anmodet i regnskabet", 11, False),
        ("Til udbetaling (beregnet)", 11, False),
        ("Tilbageholdt", 11, False),
        ("Til udbetaling nu", 11, False),
        ("Til tilbagebetaling", 11, False),
        ("Hvorfor tilbageholdt", 26, True),
        ("Budgetlinjer over tolerancen", 8, False),
        ("Måneder over sagsstammegrænsen", 8, False),
    ]
    fmts = [None, None, KR, None, INT, None] + [KR] * 9 + [None, INT, INT]
    rows = (
        [
            _who(p),
            f"{p.name} ({p.journal_number})" if p.name and p.journal_number else p.name,
            p.grant,
            p.status,
            p.overdue,
            p.payment.basis or "Intet",
            p.payment.eligible_spent,
            p.payment.other_income,
            p.payment.grant_covered,
            p.payment.paid,
            p.payment.requested,
            p.payment.payable,
            p.payment.held_back,
            p.payment.pay_now,
            p.payment.repayment,
            "; ".join(p.payment.reasons) or None,
            p.lines_over,
            p.caseload_months_over,
        ]
        for p in result.projects
    )
    _table(ws, headers, rows, fmts, fills={3: STATUS_FILL})  # type: ignore[arg-type]


def _periods(ws: object, result: FollowupResult) -> None:
    headers: list[Column] = [
        ("Kommune", 14, True),
        ("Periode", 14, False),
        ("Status", 14, False),
        ("Rapport", 22, True),
        ("Frist", 16, True),
        ("Modtaget", 26, True),
        ("Regnskab", 22, True),
        ("Frist ", 16, True),
        ("Modtaget ", 26, True),
    ]
    rows = (
        [
            _who(p),
            r.label,
            r.state,
            r.report.title,
            deadline_text(r.report),
            arrival_text(r.report),
            r.accounts.title,
            deadline_text(r.accounts),
            arrival_text(r.accounts),
        ]
        for p in result.projects
        for r in p.periods
    )
    _table(ws, headers, rows, [None] * len(headers), fills={2: STATE_FILL})  # type: ignore[arg-type]


def _pct(value: float | None) -> float | None:
    return None if value is None else value / 100


def _lines(ws: object, result: FollowupResult) -> None:
    headers: list[Column] = [
        ("Kommune", 14, True),
        ("Opgjort til", 14, False),
        ("Linje", 6, False),
        ("Budgetpost", 30, True),
        ("Godkendt", 8, False),
        ("Støtte-berettiget", 9, False),
        ("Budget", 12, False),
        ("Budget til dato", 12, False),
        ("Forbrug til dato", 12, False),
        ("Afvigelse", 12, False),
        ("Afvigelse %", 9, False),
        ("Over tolerancen", 9, False),
    ]
    fmts: Sequence[str | None] = [None] * 6 + [KR] * 4 + [PCT, None]
    rows = (
        [
            _who(p),
            f"udgangen af {r_label(p.lines_period)}",
            line.key,
            line.label,
            YES if line.approved else "Nej",
            YES if line.eligible else "Nej",
            line.budget,
            line.budget_to_date,
            line.spent,
            line.deviation,
            _pct(line.deviation_pct),
            YES if line.over_tolerance else None,
        ]
        for p in result.projects
        for line in p.lines
    )
    _table(ws, headers, rows, fmts, fills={11: {YES: STATE_FILL[OVERDUE]}})  # type: ignore[arg-type]


def r_label(period: str | None) -> str:
    return period_label(period) if period else "projektet"


def _income(ws: object, result: FollowupResult) -> None:
    headers: list[Column] = [
        ("Kommune", 14, True),
        ("Tilskudsgiver", 30, True),
        ("Godkendt i budgettet", 12, False),
        ("Modtaget til dato", 12, False),
        ("Fratrukket", 12, False),
    ]
    rows = (
        [
            _who(p),
            i.grantor,
            i.budgeted,
            "ikke opgjort" if i.received is None else i.received,
            i.counted,
        ]
        for p in result.projects
        for i in p.income
    )
    _table(ws, headers, rows, [None, None, KR, KR, KR])  # type: ignore[arg-type]


def _labour(ws: object, result: FollowupResult) -> None:
    headers: list[Column] = [
        ("Arbejdsmarkedsstatus", 30, True),
        ("Ved projektstart", 12, False),
        ("Ved projektafslutning", 12, False),
        ("Projekter", 10, False),
    ]
    totals = result.labour_totals()
    rows: list[list[object]] = [[name, s, e, n] for name, s, e, n in totals]
    rows.append(
        [
            "I alt",
            sum(t[1] for t in totals),
            sum(t[2] for t in totals),
            sum(1 for p in result.projects if p.labour_status),
        ]
    )
    _table(ws, headers, rows, [None, INT, INT, INT])  # type: ignore[arg-type]


def _findings(ws: object, result: FollowupResult) -> None:
    findings_sheet(ws, "Mappe", ((p.code, p.folder, f) for p, f in result.findings))  # type: ignore[arg-type]


def write_followup(result: FollowupResult, out: Path, *, force: bool = False) -> Path:
    """Write the follow-up workbook atomically."""

    def write(path: Path) -> None:
        wb = Workbook(write_only=True)
        _projects(wb.create_sheet("Projekter"), result)
        _periods(wb.create_sheet("Perioder"), result)
        _lines(wb.create_sheet("Budgetlinjer"), result)
        _income(wb.create_sheet("Andre tilskudsgivere"), result)
        _labour(wb.create_sheet("Arbejdsmarkedsstatus"), result)
        _findings(wb.create_sheet("Fund"), result)
        save_workbook(wb, path)

    return atomic_write(out, write, force=force)
