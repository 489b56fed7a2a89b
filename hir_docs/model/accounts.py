"""The accounts' arithmetic, kept apart from any file format.

Deviation = spent - budget (positive: over budget); deviation % = deviation / budget. In
part accounts the budget is the budget for the project so far: each budget year's amount
spread evenly over the project's months in that year (the approved budget is split by
year, not by half-year; without a year split the whole budget is spread over the project),
from the real start (Q&A 2018, spørgsmål 1: 1 March 2018).

STAR's share = eligible spending minus what other grantors cover, capped at the grant
(ansøgningsskema, Økonomi: the budget shows all expenses and any income; Q&A 2018,
spørgsmål 13). hir-docs counts another grantor's money against the eligible spending
first (so STAR never pays ahead what another grantor covers); the final accounts settle.
Grant payable = STAR's share minus instalments already paid (puljeopslag, Udbetaling:
paid in arrears from the accounts submitted). Negative means the municipality must pay back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hir_docs.model.projectdata import (
    ProjectData,
    SpendLine,
    expected_final_deadline,
    expected_part_deadline,
    months_between,
    period_bounds,
)
from hir_docs.pools import Pool, load_pool


@dataclass
class AccountRow:
    line: SpendLine
    budget: int
    spent: int  # through the period (to date); the whole project when no period
    spent_period: int  # in the period only (== spent when no period)
    deviation: int  # against budget_to_date
    deviation_pct: float | None
    budget_to_date: int = 0  # budget for the project so far (== budget when no period)


@dataclass
class Accounts:
    period: str | None
    rows: list[AccountRow] = field(default_factory=list)
    budget_total: int = 0
    spent_total: int = 0
    spent_period_total: int = 0
    eligible_spent: int = 0
    grant: int = 0
    other_grantors: dict[str, int] = field(default_factory=dict)  # grantor -> kroner counted
    grant_covered: int = 0  # STAR: eligible spending minus other grantors, capped at the grant
    own_financing: int = 0  # spending covered by neither STAR nor another grantor
    budget_to_date_total: int = 0
    paid: int = 0  # instalments already paid (before the period for part accounts)
    payable: int = 0  # negative: to be paid back
    audit_required: bool = False
    due: dt.date | None = None

    @property
    def other_total(self) -> int:
        return sum(self.other_grantors.values())

    @property
    def deviation_total(self) -> int:
        return self.spent_total - self.budget_to_date_total

    @property
    def deviation_total_pct(self) -> float | None:
        return pct(self.deviation_total, self.budget_to_date_total)


def pct(part: int, whole: int) -> float | None:
    return None if not whole else part / whole * 100


def audit_required(grant: int | None, pool: Pool | None = None) -> bool:
    """Auditor's statement when the grant is *over* the threshold (puljeopslag, Krav til regnskab)."""
    pool = pool or load_pool()
    return grant is not None and grant > pool.amount("audit_threshold")


def deadline(data: ProjectData, key: str, pool: Pool | None = None) -> tuple[dt.date | None, bool]:
    """(deadline, assumed) of a report: the grant letter's date as written in the
    workbook (assumed False), else the date hir-docs expects (assumed True).

    The half-year in which the project ends has no status report or part accounts of its
    own (``default_reports``); it is covered by the final report, so its deadline is that.
    """
    pool = pool or load_pool()
    end = data.project_end or pool.date("project_end")
    for rep in data.reports:
        if rep.key == key and rep.deadline:
            return rep.deadline, False
    if ":" in key:  # "status:2019-H1", "part:2019-H1"
        period = key.split(":", 1)[1]
        lo, hi = period_bounds(period)
        if lo <= end <= hi:
            return deadline(data, "final" if key.startswith("status") else "accounts", pool)
        return expected_part_deadline(period, pool), True
    if key in ("final", "accounts"):
        return expected_final_deadline(pool, end), True
    return None, True


def report_due(data: ProjectData, key: str, pool: Pool | None = None) -> dt.date | None:
    """The deadline of a report (the grant letter's, else the expected one)."""
    return deadline(data, key, pool)[0]


def budget_to_date(line: SpendLine, until: dt.date, start: dt.date, end: dt.date) -> int:
    """The line's budget for the project from ``start`` up to and including ``until``:
    each year's amount spread evenly over the project's months in that year."""
    stop = min(until, end) + dt.timedelta(days=1)
    if stop <= start:
        return 0
    if not line.approved_amounts:
        whole = months_between(start, end + dt.timedelta(days=1))
        share = months_between(start, stop) / whole if whole else 1.0
        return round(line.budget * min(share, 1.0))
    total = 0.0
    for year, amount in line.approved_amounts.items():
        lo = max(start, dt.date(year, 1, 1))
        hi = min(end + dt.timedelta(days=1), dt.date(year + 1, 1, 1))
        months = months_between(lo, hi)
        if months <= 0:
            total += amount if stop > dt.date(year, 12, 31) else 0
            continue
        total += amount * min(months_between(lo, min(stop, hi)), months) / months
    return round(total)


def compute_accounts(
    data: ProjectData, period: str | None = None, pool: Pool | None = None
) -> Accounts:
    pool = pool or load_pool()
    acc = Accounts(period=period, grant=data.grant or 0)
    start = pool.date("real_start")
    end = data.project_end or pool.date("project_end")
    for line in data.lines:
        spent = line.spent_until(period)
        in_period = line.spent.get(period, 0) if period else spent
        if not line.approved and not spent:
            continue
        to_date = line.budget
        if period is not None:
            to_date = budget_to_date(line, period_bounds(period)[1], start, end)
        dev = spent - to_date
        acc.rows.append(
            AccountRow(line, line.budget, spent, in_period, dev, pct(dev, to_date), to_date)
        )
        acc.budget_total += line.budget
        acc.budget_to_date_total += to_date
        acc.spent_total += spent
        acc.spent_period_total += in_period
        if line.eligible and line.approved:
            acc.eligible_spent += spent
    left = acc.eligible_spent
    for name, amount in data.other_grantors.items():
        counted = min(amount, left)
        acc.other_grantors[name] = counted
        left -= counted
    acc.grant_covered = min(left, acc.grant)
    acc.own_financing = acc.spent_total - acc.grant_covered - acc.other_total
    acc.paid = sum(
        i.amount
        for i in data.instalments
        if period is None or i.period is None or i.period < period
    )
    acc.payable = acc.grant_covered - acc.paid
    acc.audit_required = period is None and audit_required(data.grant, pool)
    acc.due = report_due(data, f"part:{period}" if period else "accounts", pool)
    return acc
