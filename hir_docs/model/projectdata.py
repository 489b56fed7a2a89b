"""The project-data model: what the municipality reports after the grant is approved.

Filled from the approved application and budget (``init_projectdata``), completed by the
municipality in the project-data workbook, read back by ``hir_docs.readers.projectdata``
and rendered into the status report, the final report and the accounts.

Money is integer kroner, percentages floats 0-100, dates ``datetime.date``. Half-years are
written "2018-H1" (1 January - 30 June) and "2018-H2" (1 July - 31 December).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from hir_docs.findings import HirDocsError
from hir_docs.pools import Pool

# Sections of the half-yearly status report (key -> Danish heading). First is required.
STATUS_SECTIONS: dict[str, str] = {
    "activities": "Aktiviteter og fremdrift",
    "challenges": "Udfordringer og justeringer",
    "organisation": "Sagsstammer og organisering",
    "next": "Plan for næste halvår",
}
STATUS_REQUIRED = ("activities",)

# Sections of the final report (self-evaluation). All but "other" are required.
FINAL_SECTIONS: dict[str, str] = {
    "results": "Mål og resultater",
    "lessons": "Erfaringer og læring",
    "anchoring": "Forankring efter projektperioden",
    "other": "Øvrige bemærkninger",
}
FINAL_REQUIRED = ("results", "lessons", "anchoring")

# Success criteria (puljeopslag, Projektets succeskriterier) and their measuring points.
CRITERIA: dict[str, str] = {
    "passive_share": "Andel passive borgere i ressourceforløb (%)",
    "belief": "Sagsbehandlernes tro på borgeren (gennemsnitlig score)",
    "placements": "Borgere i virksomhedspraktik eller ordinære timer (antal)",
}
MEASURES: dict[str, str] = {"start": "Projektstart", "mid": "Midtvejs", "end": "Projektafslutning"}

_PERIOD = re.compile(r"^\s*(\d{4})\s*-?\s*[Hh]\s*([12])\s*$")


@dataclass
class SpendLine:
    """One budget line of the accounts: as approved, plus what was actually spent."""

    key: str  # "L1", "L2", ... (stable id shared by the sheets)
    post: str  # expense post, e.g. "Løn"
    function: str | None = None
    persons: float | None = None
    hours: float | None = None
    rate: float | None = None
    approved_amounts: dict[int, int] = field(default_factory=dict)  # year -> kroner
    budget: int = 0  # approved total (0 for a line not in the approved budget)
    eligible: bool = True
    approved: bool = True  # False: the municipality added the line itself
    spent: dict[str, int] = field(default_factory=dict)  # "2018-H1" -> kroner
    remark: str | None = None
    location: str | None = None  # "Forbrug!C7"

    @property
    def label(self) -> str:
        return f"{self.post}: {self.function}" if self.function else self.post

    def spent_until(self, period: str | None) -> int:
        """Spending through ``period`` (inclusive); all periods when None."""
        return sum(v for p, v in self.spent.items() if period is None or p <= period)


@dataclass
class Instalment:
    date: dt.date | None
    period: str | None
    amount: int
    location: str | None = None


@dataclass
class ReportDue:
    """One report owed to STAR with its deadline and (if sent) the submission date."""

    key: str  # "status:2018-H1", "final"
    title: str
    period: str | None
    deadline: dt.date | None
    submitted: dt.date | None = None
    location: str | None = None


@dataclass
class ProjectData:
    project_name: str | None = None
    municipality: str | None = None
    municipality_code: str | None = None
    cvr: str | None = None
    contact: str | None = None
    journal_number: str | None = None
    grant: int | None = None  # approved grant (tilsagn)
    requested_amount: int | None = None
    project_start: dt.date | None = None
    project_end: dt.date | None = None
    passive_target_raw: str | None = None
    passive_target: tuple[float, float] | None = None
    management_name: str | None = None  # who signs for the municipality
    management_title: str | None = None
    auditor_name: str | None = None
    periods: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    lines: list[SpendLine] = field(default_factory=list)
    income: dict[str, int] = field(default_factory=dict)  # approved financing besides STAR
    status_texts: dict[str, dict[str, str]] = field(default_factory=dict)  # period -> key -> text
    final_texts: dict[str, str] = field(default_factory=dict)
    criteria: dict[str, dict[str, float | None]] = field(default_factory=dict)  # key -> measure
    criteria_notes: dict[str, str] = field(default_factory=dict)
    labour_status: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    instalments: list[Instalment] = field(default_factory=list)
    reports: list[ReportDue] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)  # field key -> "Projekt!B3"


# --- half-years -------------------------------------------------------------------------


def parse_period(text: str) -> str:
    """'2018-H1', '2018h1', '2018 H1' -> '2018-H1'; HirDocsError otherwise."""
    m = _PERIOD.match(text or "")
    if not m:
        raise HirDocsError(
            f"'{text}' er ikke et halvår. Skriv år og halvår, fx 2018-H1 "
            "(januar-juni) eller 2018-H2 (juli-december)."
        )
    return f"{m.group(1)}-H{m.group(2)}"


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    year, half = int(period[:4]), period[-1]
    if half == "1":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


def period_label(period: str) -> str:
    """'2018-H1' -> '1. halvår 2018'."""
    return f"{period[-1]}. halvår {period[:4]}"


def periods_between(start: dt.date, end: dt.date) -> list[str]:
    out = []
    for year in range(start.year, end.year + 1):
        for half in ("1", "2"):
            p = f"{year}-H{half}"
            lo, hi = period_bounds(p)
            if hi >= start and lo <= end:
                out.append(p)
    return out


def pool_periods(pool: Pool) -> list[str]:
    return periods_between(pool.date("project_start"), pool.date("project_end"))


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later (clamped to the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def default_reports(pool: Pool, project_end: dt.date | None = None) -> list[ReportDue]:
    """The reports owed to STAR and their default deadlines.

    Each half-year from the real start (Q&A 2018: 1 March 2018; the formal start in
    December 2017 is only the date of the grant) up to the one in which the project ends:
    a status report and part accounts, due ``part_report_due_months`` after the half-year (hir-docs default; the
    grant letter decides). After the project: the final report and the final accounts,
    due ``accounts_due_months`` after the project end (puljeopslag, Krav til regnskab).
    """
    end = project_end or pool.date("project_end")
    part_months = int(pool["part_report_due_months"])
    final_due = add_months(end, int(pool["accounts_due_months"]))
    reports = []
    for p in periods_between(pool.date("real_start"), end):
        lo, hi = period_bounds(p)
        if lo <= end <= hi:
            continue
        due = add_months(hi + dt.timedelta(days=1), part_months) - dt.timedelta(days=1)
        label = period_label(p)
        reports.append(ReportDue(f"status:{p}", f"Statusrapport {label}", p, due))
        reports.append(ReportDue(f"part:{p}", f"Delregnskab {label}", p, due))
    reports.append(ReportDue("final", "Slutrapport (selvevaluering)", None, final_due))
    reports.append(ReportDue("accounts", "Endeligt regnskab", None, final_due))
    return reports
