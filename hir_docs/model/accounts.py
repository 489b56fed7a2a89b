"""The accounts' arithmetic, kept apart from any file format.

Deviation = spent - budget (positive: over budget); deviation % = deviation / budget.
Grant payable = eligible spending capped at the grant, minus instalments already paid
(puljeopslag, Udbetaling: paid in arrears from the accounts submitted). Negative means
the municipality must pay back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hir_docs.model.projectdata import ProjectData, SpendLine, add_months, period_bounds
from hir_docs.pools import Pool, load_pool


@dataclass
class AccountRow:
    line: SpendLine
    budget: int
    spent: int  # through the period (to date); the whole project when no period
    spent_period: int  # in the period only (== spent when no period)
    deviation: int
    deviation_pct: float | None


@dataclass
class Accounts:
    period: str | None
    rows: list[AccountRow] = field(default_factory=list)
    budget_total: int = 0
    spent_total: int = 0
    spent_period_total: int = 0
    eligible_spent: int = 0
    grant: int = 0
    grant_covered: int = 0  # eligible spending capped at the grant
    own_financing: int = 0  # spending not covered by the grant
    paid: int = 0  # instalments already paid (before the period for part accounts)
    payable: int = 0  # negative: to be paid back
    audit_required: bool = False
    due: dt.date | None = None

    @property
    def deviation_total(self) -> int:
        return self.spent_total - self.budget_total

    @property
    def deviation_total_pct(self) -> float | None:
        return pct(self.deviation_total, self.budget_total)


def pct(part: int, whole: int) -> float | None:
    return None if not whole else part / whole * 100


def audit_required(grant: int | None, pool: Pool | None = None) -> bool:
    """Auditor's statement when the grant is *over* the threshold (puljeopslag, Krav til regnskab)."""
    pool = pool or load_pool()
    return grant is not None and grant > pool.amount("audit_threshold")


def report_due(data: ProjectData, key: str, pool: Pool | None = None) -> dt.date | None:
    """Deadline of a report: as written in the workbook, else the default.

    The half-year in which the project ends has no status report or part accounts of its
    own (``default_reports``); it is covered by the final report, so its deadline is that.
    """
    for rep in data.reports:
        if rep.key == key and rep.deadline:
            return rep.deadline
    pool = pool or load_pool()
    end = data.project_end or pool.date("project_end")
    if ":" in key:  # "status:2019-H1", "part:2019-H1"
        lo, hi = period_bounds(key.split(":", 1)[1])
        final = "final" if key.startswith("status") else "accounts"
        return report_due(data, final, pool) if lo <= end <= hi else None
    if key in ("final", "accounts"):
        return add_months(end, int(pool["accounts_due_months"]))
    return None


def compute_accounts(
    data: ProjectData, period: str | None = None, pool: Pool | None = None
) -> Accounts:
    pool = pool or load_pool()
    acc = Accounts(period=period, grant=data.grant or 0)
    for line in data.lines:
        spent = line.spent_until(period)
        in_period = line.spent.get(period, 0) if period else spent
        if not line.approved and not spent:
            continue
        dev = spent - line.budget
        acc.rows.append(AccountRow(line, line.budget, spent, in_period, dev, pct(dev, line.budget)))
        acc.budget_total += line.budget
        acc.spent_total += spent
        acc.spent_period_total += in_period
        if line.eligible and line.approved:
            acc.eligible_spent += spent
    acc.grant_covered = min(acc.eligible_spent, acc.grant)
    acc.own_financing = acc.spent_total - acc.grant_covered
    acc.paid = sum(
        i.amount
        for i in data.instalments
        if period is None or i.period is None or i.period < period
    )
    acc.payable = acc.grant_covered - acc.paid
    acc.audit_required = period is None and audit_required(data.grant, pool)
    acc.due = report_due(data, f"part:{period}" if period else "accounts", pool)
    return acc
