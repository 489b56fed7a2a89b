"""What the follow-up overview shows, per project: plain data, JSON-able (``to_dict``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.findings import Finding, Tally

# A report's state against the deadline and ``--today`` (worst first).
OVERDUE = "Overskredet"  # not arrived, the deadline has passed
LATE = "Modtaget for sent"  # arrived after the deadline
NOT_DUE = "Ikke forfalden"  # not arrived, the deadline has not passed
ARRIVED = "Modtaget"
STATES = (OVERDUE, LATE, NOT_DUE, ARRIVED)
AFTER_LETTER = "efter tilsagnsbrevet"  # no deadline in the grant record


@dataclass
class DocState:
    """One report or accounts document owed to STAR: its deadline and whether it arrived."""

    key: str  # "status:2018-H1", "part:2018-H1", "final", "accounts"
    title: str
    deadline: dt.date | None  # from the grant record; None: "efter tilsagnsbrevet"
    expected: dt.date | None  # hir-docs' assumed deadline (used while the record has none)
    arrived: bool = False
    arrived_on: dt.date | None = None  # as marked on the Rapporter sheet, else the annex's date
    evidence: list[str] = field(default_factory=list)  # "arket Rapporter", "bilag x.json", ...
    state: str = NOT_DUE

    @property
    def due(self) -> dt.date | None:
        return self.deadline or self.expected


@dataclass
class PeriodRow:
    """One half-year (status report and part accounts) or the whole project (final)."""

    period: str | None  # "2018-H1"; None: the final report and the final accounts
    label: str  # "1. halvår 2018" / "Hele projektet"
    report: DocState
    accounts: DocState

    @property
    def state(self) -> str:
        return min((self.report.state, self.accounts.state), key=STATES.index)


@dataclass
class LineRow:
    key: str
    label: str
    approved: bool
    eligible: bool
    budget: int
    budget_to_date: int
    spent: int
    deviation: int
    deviation_pct: float | None
    over_tolerance: bool


@dataclass
class IncomeRow:
    grantor: str
    budgeted: int | None
    received: int | None  # to date; None: not reported
    counted: int


@dataclass
class Payment:
    """What STAR can pay in arrears now, on the latest accounts that arrived."""

    basis: str | None = None  # "Delregnskab 2. halvår 2018" / "Endeligt regnskab"; None: none
    basis_period: str | None = None
    eligible_spent: int = 0
    other_income: int = 0
    grant_covered: int = 0  # eligible spending minus other income, at most the grant
    paid: int = 0  # every instalment STAR has paid
    requested: int = 0  # what the latest accounts request (as the document says)
    payable: int = 0  # grant_covered - paid, at least 0
    repayment: int = 0  # paid beyond STAR's share
    held_back: int = 0
    reasons: list[str] = field(default_factory=list)
    audit_required: bool = False

    @property
    def pay_now(self) -> int:
        return self.payable - self.held_back


@dataclass
class Project(Tally):
    folder: str  # the municipality's folder in the inbox
    municipality: str | None = None
    code: str | None = None
    name: str | None = None
    journal_number: str | None = None
    grant: int | None = None
    source: str | None = None  # the project-data file used (relative to the inbox)
    periods: list[PeriodRow] = field(default_factory=list)
    lines: list[LineRow] = field(default_factory=list)
    lines_period: str | None = None  # the half-year the lines are measured to; None: all
    income: list[IncomeRow] = field(default_factory=list)
    payment: Payment = field(default_factory=Payment)
    caseload_months_over: int | None = None  # None: the pool has no caseload plug-in
    caseload_max_per_fte: float | None = None
    labour_status: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    participants: int | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(
            1 for row in self.periods for d in (row.report, row.accounts) if d.state == OVERDUE
        )

    @property
    def lines_over(self) -> int:
        return sum(1 for line in self.lines if line.over_tolerance)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Worst first: overdue reports, money held back, errors, lines over tolerance."""
        return (
            -self.overdue,
            -int(self.payment.held_back > 0),
            -self.errors,
            -self.lines_over,
            -self.warnings,
            self.municipality or self.folder,
        )


@dataclass
class FollowupResult:
    inbox: Path
    out: Path
    today: dt.date
    projects: list[Project] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def findings(self) -> list[tuple[Project, Finding]]:
        return [(p, f) for p in self.projects for f in p.findings]

    @property
    def valid(self) -> bool:
        return not any(p.errors for p in self.projects)

    def labour_totals(self) -> list[tuple[str, int, int, int]]:
        """Per labour-market status across projects: (status, at start, at end, projects)."""
        totals: dict[str, list[int]] = {}
        for p in self.projects:
            for name, (start, end) in p.labour_status.items():
                row = totals.setdefault(name, [0, 0, 0])
                row[0] += start or 0
                row[1] += end or 0
                row[2] += 1
        return [(name, s, e, n) for name, (s, e, n) in totals.items()]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _doc(d: DocState) -> dict[str, Any]:
    return {
        "key": d.key,
        "title": d.title,
        "deadline": _iso(d.deadline),
        "expected_deadline": _iso(d.expected),
        "arrived": d.arrived,
        "arrived_on": _iso(d.arrived_on),
        "evidence": d.evidence,
        "state": d.state,
    }


def project_dict(p: Project) -> dict[str, Any]:
    pay = p.payment
    return {
        "folder": p.folder,
        "municipality": p.municipality,
        "municipality_code": p.code,
        "project": p.name,
        "journal_number": p.journal_number,
        "grant": p.grant,
        "projectdata": p.source,
        "status": p.status,
        "errors": p.errors,
        "warnings": p.warnings,
        "overdue": p.overdue,
        "periods": [
            {
                "period": r.period,
                "label": r.label,
                "state": r.state,
                "report": _doc(r.report),
                "accounts": _doc(r.accounts),
            }
            for r in p.periods
        ],
        "lines_period": p.lines_period,
        "lines": [vars(line).copy() for line in p.lines],
        "other_income": [vars(i).copy() for i in p.income],
        "payment": {
            "basis": pay.basis,
            "basis_period": pay.basis_period,
            "eligible_spent": pay.eligible_spent,
            "other_income": pay.other_income,
            "grant_covered": pay.grant_covered,
            "paid": pay.paid,
            "requested": pay.requested,
            "payable": pay.payable,
            "held_back": pay.held_back,
            "pay_now": pay.pay_now,
            "repayment": pay.repayment,
            "reasons": pay.reasons,
            "audit_required": pay.audit_required,
        },
        "caseload_months_over_limit": p.caseload_months_over,
        "caseload_max_per_fte": p.caseload_max_per_fte,
        "participants": p.participants,
        "labour_status": [
            {"category": k, "start": s, "end": e} for k, (s, e) in p.labour_status.items()
        ],
        "findings": [f.to_dict() for f in p.findings],
    }


def result_dict(result: FollowupResult) -> dict[str, Any]:
    return {
        "valid": result.valid,
        "today": result.today.isoformat(),
        "out": str(result.out),
        "projects": [project_dict(p) for p in result.projects],
        "labour_status_totals": [
            {"category": k, "start": s, "end": e, "projects": n}
            for k, s, e, n in result.labour_totals()
        ],
    }
