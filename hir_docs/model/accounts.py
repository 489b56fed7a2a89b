"""The accounts' arithmetic, kept apart from any file format.

The approved budget is the grant record (``ProjectData.approved``: lines and income, with
the changes STAR has approved in writing applied); an old project-data file without the
record falls back on its Budget sheet (``ApprovedBudget.recorded`` False). A line that is
not in the approved budget is shown with budget 0 and is not eligible: the municipality
finances it itself.

Deviation = spent - budget (positive: over budget); deviation % = deviation / budget. In
part accounts the budget is the budget for the project so far: each budget year's amount
spread evenly over the project's months in that year (the approved budget is split by
year, not by half-year; without a year split the whole budget is spread over the project),
from the real start (Q&A 2018, spørgsmål 1: 1 March 2018).

STAR's share = eligible spending minus what other grantors pay towards it, capped at the
grant (ansøgningsskema, Økonomi: the budget shows all expenses and any income; Q&A 2018,
spørgsmål 13; the grant is a net grant). Another grantor's money counts as received, per
half-year (``ProjectData.income_received``), up to the period; for a grantor whose receipts
are not reported at all, the approved amount is deducted in full (so STAR is never asked
for money another grantor has committed) and the grantor is listed as not reported.

Money is requested once (puljeopslag, Udbetaling: paid in arrears from the accounts
submitted). The part accounts are one per half-year from the real start up to the one
before the half-year in which the project ends (``part_periods``; that half-year is
covered by the final accounts). Each document requests STAR's share to date minus what
was paid (``data.instalments``) and minus what earlier part accounts requested and has not
been paid; the final accounts list every part-accounts request and payment and request
only the remainder. Negative: more was paid than STAR's share (to be paid back).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from hir_docs.findings import HirDocsError
from hir_docs.formatting import dato
from hir_docs.labels import normalise
from hir_docs.model.grant import approved_amount
from hir_docs.model.projectdata import (
    ProjectData,
    SpendLine,
    expected_final_deadline,
    expected_part_deadline,
    is_own_income,
    months_between,
    period_bounds,
    period_label,
    periods_between,
    work_start,
)
from hir_docs.pools import Pool, load_pool


@dataclass
class AccountRow:
    line: SpendLine  # as approved: budget, years and eligibility from the approved budget
    budget: int
    spent: int  # through the period (to date); the whole project when no period
    spent_period: int  # in the period only (== spent when no period)
    deviation: int  # against budget_to_date
    deviation_pct: float | None
    budget_to_date: int = 0  # budget for the project so far (== budget when no period)

    @property
    def approved(self) -> bool:
        return self.line.approved

    @property
    def eligible(self) -> bool:
        return self.line.approved and self.line.eligible


@dataclass
class PartRequest:
    """What one half-year's part accounts request, and what STAR has paid for it."""

    period: str
    requested: int
    paid: int
    due: dt.date | None = None

    @property
    def outstanding(self) -> int:
        """Requested and not (yet) paid."""
        return max(self.requested - self.paid, 0)


@dataclass
class OtherIncome:
    """Another grantor's money: approved, received (in the period and to date), counted."""

    name: str
    budget: int | None  # in the approved budget; None: not in it
    received: int | None  # to date; None: receipts not reported
    received_period: int | None = None
    counted: int = 0  # deducted from the eligible spending
    stated: int | None = None  # on the Budget sheet though not in the approved budget

    @property
    def expected(self) -> int:
        """What is deducted while no receipts are reported: the approved amount (or the
        amount the Budget sheet states for a grantor outside the approved budget)."""
        return self.budget if self.budget is not None else self.stated or 0

    @property
    def reported(self) -> bool:
        return self.received is not None


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
    other_income: list[OtherIncome] = field(default_factory=list)
    grant_covered: int = 0  # STAR: eligible spending minus other grantors, capped at the grant
    own_financing: int = 0  # spending covered by neither STAR nor another grantor
    budget_to_date_total: int = 0
    paid: int = 0  # instalments already paid (before the period for part accounts)
    pending: int = 0  # requested by earlier part accounts and not (yet) paid
    requests: list[PartRequest] = field(default_factory=list)  # earlier part accounts
    payable: int = 0  # what this document requests; negative: to be paid back
    audit_required: bool = False
    due: dt.date | None = None
    recorded: bool = False  # the approved budget is the grant record
    approved_income: dict[str, int] = field(default_factory=dict)  # besides STAR, approved

    @property
    def other_total(self) -> int:
        return sum(self.other_grantors.values())

    @property
    def deviation_total(self) -> int:
        return self.spent_total - self.budget_to_date_total

    @property
    def deviation_total_pct(self) -> float | None:
        return pct(self.deviation_total, self.budget_to_date_total)

    @property
    def requested(self) -> int:
        """The amount this document requests."""
        return max(self.payable, 0)

    @property
    def repayment(self) -> int:
        """Paid beyond STAR's share: to be paid back."""
        return max(self.paid - self.grant_covered, 0)

    @property
    def withdrawn(self) -> int:
        """Requested by earlier part accounts, not paid, and beyond STAR's share now."""
        return max(-self.payable - self.repayment, 0)

    @property
    def over_budget(self) -> list[AccountRow]:
        """Lines spent beyond their budget (to date), and spending outside the approved
        budget: the deviations the statement names."""
        return [r for r in self.rows if r.deviation > 0 or (not r.approved and r.spent)]


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


# --- the approved budget ----------------------------------------------------------------


@dataclass
class ApprovedBudget:
    """The budget the accounts are measured against: key -> line as approved, and the
    income besides STAR's grant (other grantors and own financing)."""

    lines: dict[str, SpendLine]
    income: dict[str, int]
    recorded: bool  # from the grant record (False: the Budget sheet of an old file)


def _scaled(years: dict[int, int], amount: int) -> dict[int, int]:
    """The year split of ``years`` scaled to ``amount`` (rounded, the rest in the last year)."""
    total = sum(years.values())
    if not years or total == amount:
        return dict(years)
    if not total:
        return {}
    out = {y: round(v * amount / total) for y, v in sorted(years.items())}
    last = max(out)
    out[last] += amount - sum(out.values())
    return out


def approved_budget(data: ProjectData) -> ApprovedBudget:
    """The approved budget: the grant record with STAR's approved changes, else the
    Budget sheet (an old file without the record)."""
    record = data.approved
    if record is None:
        lines = {ln.key: ln for ln in data.lines if ln.approved}
        return ApprovedBudget(lines, dict(data.income), recorded=False)
    lines = {}
    for rec in record.lines:
        lines[rec.key] = SpendLine(
            rec.key,
            rec.post,
            rec.function,
            approved_amounts=dict(rec.years),
            budget=rec.amount,
            eligible=rec.eligible,
        )
    # What STAR has approved now: the same matching of changes as the check
    # (``model.grant``: a change names a line by key, post or label, or an income row).
    changes = data.approved_changes
    sheet = {ln.key: ln.approved_amounts for ln in data.lines if ln.approved}
    for key, ln in list(lines.items()):
        amount = approved_amount(record, key, changes)
        if amount == ln.budget:
            continue
        years = sheet.get(key, {})  # the split as changed, when it adds up
        if sum(years.values()) != amount:
            years = _scaled(ln.approved_amounts, amount)
        lines[key] = replace(ln, budget=amount, approved_amounts=dict(years))
    income = {name: approved_amount(record, name, changes) for name in record.income}
    return ApprovedBudget(lines, income, recorded=True)


def _as_approved(line: SpendLine, budget: ApprovedBudget) -> SpendLine:
    """The line with its approved budget, years and eligibility; a line outside the
    approved budget gets budget 0 and is not eligible."""
    rec = budget.lines.get(line.key) if line.approved else None
    if rec is None:
        return replace(line, approved=False, eligible=False, budget=0, approved_amounts={})
    return replace(
        line,
        budget=rec.budget,
        approved_amounts=dict(rec.approved_amounts),
        eligible=rec.eligible,
        approved=True,
    )


def account_lines(data: ProjectData, budget: ApprovedBudget) -> list[SpendLine]:
    """Every line of the accounts: the project data's lines as approved, then approved
    lines the project data lacks (no spending)."""
    lines = [_as_approved(ln, budget) for ln in data.lines]
    have = {ln.key for ln in lines if ln.approved}
    lines += [replace(ln) for key, ln in budget.lines.items() if key not in have]
    return lines


# --- half-years and requests --------------------------------------------------------------


def part_periods(data: ProjectData, pool: Pool | None = None) -> list[str]:
    """The half-years with part accounts of their own: from the real start (Q&A 2018,
    spørgsmål 1) up to the one before the half-year in which the project ends (that one is
    covered by the final accounts; ``default_reports``)."""
    pool = pool or load_pool()
    end = data.project_end or pool.date("project_end")
    return [
        p
        for p in periods_between(work_start(pool), end)
        if not period_bounds(p)[0] <= end <= period_bounds(p)[1]
    ]


def ensure_part_period(data: ProjectData, period: str, pool: Pool | None = None) -> None:
    """HirDocsError unless ``period`` has part accounts of its own (``part_periods``)."""
    pool = pool or load_pool()
    periods = part_periods(data, pool)
    if period in periods:
        return
    end = data.project_end or pool.date("project_end")
    lo, hi = period_bounds(period)
    if lo <= end <= hi:
        raise HirDocsError(
            f"Der laves ikke delregnskab for {period_label(period)}: projektet slutter "
            f"{dato(end)} i dette halvår, og det er med i det endelige regnskab. Lav det "
            "endelige regnskab i stedet."
        )
    choices = ", ".join(period_label(p) for p in periods) or "ingen halvår"
    raise HirDocsError(
        f"Der laves ikke delregnskab for {period_label(period)}. Delregnskaber laves for {choices}."
    )


def _paid(data: ProjectData, before: str | None) -> int:
    """Instalments paid for the half-years before ``before`` (all when None); an
    instalment without a half-year counts in every document."""
    return sum(
        i.amount
        for i in data.instalments
        if before is None or i.period is None or i.period < before
    )


def _paid_for(data: ProjectData, period: str) -> int:
    return sum(i.amount for i in data.instalments if i.period == period)


def part_requests(
    data: ProjectData, before: str | None = None, pool: Pool | None = None
) -> list[PartRequest]:
    """What each part accounts before ``before`` (all when None) requests, in order."""
    pool = pool or load_pool()
    out: list[PartRequest] = []
    for q in part_periods(data, pool):
        if before is not None and q >= before:
            break
        share = _share(data, q, pool)[0]
        ask = share - _paid(data, q) - sum(r.outstanding for r in out)
        due = report_due(data, f"part:{q}", pool)
        out.append(PartRequest(q, max(ask, 0), _paid_for(data, q), due))
    return out


# --- the figures --------------------------------------------------------------------------


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


def _received(data: ProjectData, name: str, period: str | None) -> tuple[int | None, int | None]:
    """(to date, in the period) received from a grantor; (None, None): not reported."""
    wanted = normalise(name)
    found = [v for k, v in data.income_received.items() if normalise(k) == wanted and v]
    if not found:
        return None, None
    per = {p: a for rows in found for p, a in rows.items()}
    to_date = sum(a for p, a in per.items() if period is None or p <= period)
    return to_date, (per.get(period, 0) if period else to_date)


def other_income(
    data: ProjectData, budget: ApprovedBudget, period: str | None, eligible: int
) -> list[OtherIncome]:
    """Each other grantor (approved, on the Budget sheet, or with receipts reported):
    approved, received, and what is deducted from the eligible spending (received; while
    no receipts are reported, the approved or stated amount), counted against the eligible
    spending in order."""
    names = [k for k in budget.income if not is_own_income(k)]
    seen = {normalise(k) for k in names}
    for name in [*data.income, *(k for k, v in data.income_received.items() if v)]:
        if normalise(name) not in seen and not is_own_income(name):
            names.append(name)
            seen.add(normalise(name))
    out = []
    left = eligible
    for name in names:
        approved = budget.income.get(name)
        stated = None if approved is not None else data.income.get(name)
        to_date, in_period = _received(data, name, period)
        other = OtherIncome(name, approved, to_date, in_period, stated=stated)
        amount = to_date if to_date is not None else other.expected
        other.counted = max(min(amount, left), 0)
        left -= other.counted
        out.append(other)
    return out


def _share(data: ProjectData, period: str | None, pool: Pool) -> tuple[int, Accounts]:
    """STAR's share to date (eligible spending minus other grantors, capped at the grant)
    and the accounts' rows and totals (without the payments)."""
    budget = approved_budget(data)
    grant = data.approved.grant if data.approved and data.approved.grant else data.grant
    acc = Accounts(period=period, grant=grant or 0, recorded=budget.recorded)
    acc.approved_income = {k: v for k, v in budget.income.items()}
    start = work_start(pool)
    end = data.project_end or pool.date("project_end")
    for line in account_lines(data, budget):
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
    acc.other_income = other_income(data, budget, period, acc.eligible_spent)
    acc.other_grantors = {o.name: o.counted for o in acc.other_income}
    acc.grant_covered = max(min(acc.eligible_spent - acc.other_total, acc.grant), 0)
    acc.own_financing = acc.spent_total - acc.grant_covered - acc.other_total
    return acc.grant_covered, acc


ARREARS = "arrears"  # the payment model this module computes (payment.toml)


def compute_accounts(
    data: ProjectData, period: str | None = None, pool: Pool | None = None
) -> Accounts:
    """The accounts of ``period`` (part accounts; the status report's economy) or of the
    whole project (None: the final accounts)."""
    pool = pool or load_pool()
    if pool.payment_model not in (None, ARREARS):
        raise HirDocsError(
            f"Puljen {pool.name} udbetaler ikke tilskuddet bagud efter regnskab, og hir-docs "
            "kan endnu kun lave regnskab for tilskud, der udbetales bagud."
        )
    _, acc = _share(data, period, pool)
    acc.requests = part_requests(data, period, pool)
    acc.paid = _paid(data, period)
    acc.pending = sum(r.outstanding for r in acc.requests)
    acc.payable = acc.grant_covered - acc.paid - acc.pending
    acc.audit_required = period is None and audit_required(acc.grant, pool)
    acc.due = report_due(data, f"part:{period}" if period else "accounts", pool)
    return acc
