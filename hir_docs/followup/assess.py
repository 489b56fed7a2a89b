"""From a municipality's folder to its rows in the follow-up overview: what was due and
when, what arrived, what is overdue; spending per approved budget line; other grantors'
money; what STAR can pay in arrears now and what is held back, and why.

The money is ``model.accounts.compute_accounts`` (what the municipality's accounts and
their annexes say); the deadlines are the grant record's (``ProjectData.approved``,
the protected sheet Tilsagn), else "efter tilsagnsbrevet", judged against hir-docs'
expected deadline (``default_reports``) as the check does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hir_docs.findings import Finding
from hir_docs.followup.model import (
    ARRIVED,
    NOT_DUE,
    OVERDUE,
    DocState,
    IncomeRow,
    LineRow,
    Payment,
    PeriodRow,
    Project,
)
from hir_docs.followup.model import (
    LATE as SENT_LATE,
)
from hir_docs.followup.read import Annex, Folder
from hir_docs.formatting import dato, kr
from hir_docs.model.accounts import Accounts, compute_accounts, part_periods
from hir_docs.model.caseload import summarise_load
from hir_docs.model.projectdata import (
    ProjectData,
    default_reports,
    period_label,
    snapshot_months,
)
from hir_docs.pools import Pool
from hir_docs.rules import CASELOAD
from hir_docs.rules.followup import FOLLOWUP_PAYMENT_HELD_BACK
from hir_docs.rules.projectdata import LATE, LATE_ASSUMED
from hir_docs.rules.projectdata_grant import BUDGET_DIFFERS, CHANGE_INCOMPLETE, RECORD_EDITED
from hir_docs.values import parse_user_date

WHOLE = "Hele projektet"
# Findings that hold a payment back: the budget differs from the grant without STAR's
# written approval (or the record itself was edited, so nothing can be measured against it).
CHANGE_CODES = {BUDGET_DIFFERS.code, CHANGE_INCOMPLETE.code, RECORD_EDITED.code}
REPLACED = {LATE.code, LATE_ASSUMED.code}  # said again here, with the annexes as arrivals


def _state(doc: DocState, today: dt.date) -> str:
    due = doc.due
    if doc.arrived:
        return SENT_LATE if doc.arrived_on and due and doc.arrived_on > due else ARRIVED
    return OVERDUE if due and today > due else NOT_DUE


def _arrivals(doc: DocState, folder: Folder, submitted: dt.date | None) -> None:
    if submitted is not None:
        doc.arrived, doc.arrived_on = True, submitted
        doc.evidence.append(f"arket Rapporter: sendt {dato(submitted)}")
    for annex in folder.annexes:
        if annex.key == doc.key:
            doc.arrived = True
            made = parse_user_date(annex.report_date or "")
            doc.arrived_on = doc.arrived_on or made
            doc.evidence.append(f"bilag {annex.file}")
    for name in folder.rendered.get(doc.key, []):
        doc.arrived = True
        doc.evidence.append(f"dokument {name}")


def _periods(data: ProjectData, folder: Folder, today: dt.date) -> list[PeriodRow]:
    pool = folder.pool
    record = data.approved.deadlines if data.approved else {}
    sheet = {r.key: r for r in data.reports}
    docs: dict[str, DocState] = {}
    order: list[str | None] = []
    for rep in default_reports(pool, data.project_end):
        doc = DocState(rep.key, rep.title, record.get(rep.key), rep.expected)
        got = sheet.get(rep.key)
        _arrivals(doc, folder, got.submitted if got else None)
        doc.state = _state(doc, today)
        docs[rep.key] = doc
        if rep.period not in order:
            order.append(rep.period)
    rows = []
    for period in order:
        if period is None:
            rows.append(PeriodRow(None, WHOLE, docs["final"], docs["accounts"]))
        else:
            label = period_label(period)
            rows.append(PeriodRow(period, label, docs[f"status:{period}"], docs[f"part:{period}"]))
    return rows


def _late_findings(project: Project, grantor: str) -> list[Finding]:
    out = []
    for row in project.periods:
        for doc in (row.report, row.accounts):
            if doc.state not in (OVERDUE, SENT_LATE) or doc.due is None:
                continue
            assumed = doc.deadline is None
            rule = LATE_ASSUMED if assumed else LATE
            when = (
                f"den forventede frist {dato(doc.due)} (antaget af hir-docs – fristen står i "
                "tilsagnsbrevet)"
                if assumed
                else f"fristen {dato(doc.due)} i tilsagnet"
            )
            if doc.state == OVERDUE:
                message = (
                    f"{doc.title} skulle være modtaget senest {when} og er ikke modtaget "
                    "(hverken sendt ifølge arket Rapporter eller som bilag eller dokument i mappen)."
                )
                hint = f"Rykke kommunen for {doc.title.lower()}."
            else:
                message = f"{doc.title} er modtaget {dato(doc.arrived_on)}, efter {when}."
                hint = f"Notér den sene aflevering; {grantor} udbetaler på baggrund af rapporterne."
            out.append(
                rule.finding(message, file=project.source, field=f"reports.{doc.key}", hint=hint)
            )
    return out


def _lines(acc: Accounts, tolerance: float) -> list[LineRow]:
    return [
        LineRow(
            r.line.key,
            r.line.label,
            r.approved,
            r.eligible,
            r.budget,
            r.budget_to_date,
            r.spent,
            r.deviation,
            None if r.deviation_pct is None else round(r.deviation_pct, 2),
            (r.deviation > 0 and r.deviation_pct is not None and r.deviation_pct > tolerance)
            or (not r.approved and r.spent > 0),
        )
        for r in acc.rows
    ]


def _lines_period(data: ProjectData, pool: Pool) -> str | None:
    """The half-year the spending is measured to: the last one with spending when it has
    part accounts of its own, else the whole project (the final accounts)."""
    last = data.last_reported_period()
    return last if last in part_periods(data, pool) else None


def _basis(rows: list[PeriodRow]) -> tuple[bool, str | None, PeriodRow | None]:
    """(found, period, row) of the latest accounts that arrived: the final accounts
    (period None), else the latest part accounts."""
    for row in reversed(rows):
        if row.accounts.arrived:
            return True, row.period, row
    return False, None, None


def _payment(project: Project, data: ProjectData, folder: Folder) -> Payment:
    pool = folder.pool
    found, period, row = _basis(project.periods)
    paid = sum(i.amount for i in data.instalments)
    if not found or row is None:
        return Payment(paid=paid)
    acc = compute_accounts(data, period, pool)
    due = acc.grant_covered - paid
    pay = Payment(
        basis=row.accounts.title,
        basis_period=period,
        eligible_spent=acc.eligible_spent,
        other_income=acc.other_total,
        grant_covered=acc.grant_covered,
        paid=paid,
        requested=acc.requested,
        payable=max(due, 0),
        repayment=max(-due, 0),
        audit_required=audit_needed(data, period, pool),
    )
    if pay.payable <= 0:
        return pay
    if not row.report.arrived:
        pay.reasons.append(f"{row.report.title} mangler")
    if pay.audit_required and not folder.audit_files:
        pay.reasons.append(
            f"Revisorerklæringen på det endelige regnskab mangler (tilskud over "
            f"{kr(pool.amount('audit_threshold'))})"
        )
    if any(f.code in CHANGE_CODES for f in project.findings):
        pay.reasons.append(
            f"Budgettet afviger fra tilsagnet uden {pool.grantor}s skriftlige godkendelse "
            "(se arket Fund)"
        )
    if pay.reasons:
        pay.held_back = pay.payable
    return pay


def audit_needed(data: ProjectData, period: str | None, pool: Pool) -> bool:
    """The final accounts of a grant over the pool's audit threshold need an auditor's
    statement (``compute_accounts``' own ``audit_required``)."""
    return period is None and compute_accounts(data, None, pool).audit_required


def _caseload(project: Project, data: ProjectData, pool: Pool) -> None:
    if CASELOAD not in pool.plugins:
        return
    dates = data.snapshot_dates or snapshot_months(pool, data.project_end)
    limit, full_time = pool.number("caseload_max"), pool.number("hours_per_week_full_time")
    loads = [summarise_load(cw, dates, limit, full_time) for cw in data.caseworkers]
    project.caseload_months_over = sum(len(load.over) for load in loads)
    peaks = [load.max_per_fte for load in loads if load.max_per_fte is not None]
    project.caseload_max_per_fte = round(max(peaks), 2) if peaks else None


def assess(folder: Folder, today: dt.date) -> Project:
    """The project's rows; its findings: the folder's, the project data's check (without
    its own lateness findings, said here with the annexes counted), lateness, money held."""
    project = Project(folder.label, findings=list(folder.findings))
    data = folder.data
    if data is None:
        return from_annexes(project, folder)
    pool = folder.pool
    grant = data.approved.grant if data.approved and data.approved.grant else data.grant
    project.municipality, project.code = data.municipality, data.municipality_code
    project.name, project.journal_number, project.grant = (
        data.project_name,
        data.journal_number,
        grant,
    )
    project.source = folder.data_file
    project.findings += [f for f in folder.check_findings if f.code not in REPLACED]
    project.periods = _periods(data, folder, today)
    project.findings += _late_findings(project, pool.grantor)
    project.lines_period = _lines_period(data, pool)
    acc = compute_accounts(data, project.lines_period, pool)
    project.lines = _lines(acc, pool.number("over_budget_tolerance_pct"))
    project.income = [IncomeRow(o.name, o.budget, o.received, o.counted) for o in acc.other_income]
    project.payment = _payment(project, data, folder)
    if project.payment.held_back:
        project.findings.append(
            FOLLOWUP_PAYMENT_HELD_BACK.finding(
                f"{kr(project.payment.held_back)} efter {project.payment.basis} holdes tilbage: "
                f"{'; '.join(project.payment.reasons)}.",
                file=project.source,
                pool=pool,
            )
        )
    _caseload(project, data, pool)
    project.labour_status = dict(data.labour_status)
    project.participants = data.participants
    return project


# --- a folder with annexes only -------------------------------------------------------------


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def from_annexes(project: Project, folder: Folder) -> Project:
    """A project whose folder has no project data: what its annexes say (the documents
    that arrived, and the figures of the latest accounts); the payment is held back until
    the project data shows the deadlines and the instalments paid."""
    if not folder.annexes:
        return project
    annexes = sorted(folder.annexes, key=lambda a: (a.key in ("final", "accounts"), a.key))
    facts = annexes[-1].body.get("project") or {}
    project.municipality = facts.get("municipality")
    project.code = facts.get("municipality_code")
    project.name, project.journal_number = facts.get("name"), facts.get("journal_number")
    project.grant = _int(facts.get("grant")) or None
    by_period: dict[str | None, dict[str, Annex]] = {}
    for a in annexes:
        kind, _, half = a.key.partition(":")
        by_period.setdefault(half or None, {})[kind] = a
    for period in sorted(by_period, key=lambda p: (p is None, p or "")):
        got = by_period[period]
        label = period_label(period) if period else WHOLE
        keys = ("status", "part") if period else ("final", "accounts")
        docs = []
        for kind in keys:
            key = f"{kind}:{period}" if period else kind
            doc = DocState(key, key, None, None)
            if kind in got:
                doc.arrived, doc.state = True, ARRIVED
                doc.arrived_on = parse_user_date(got[kind].report_date or "")
                doc.evidence.append(f"bilag {got[kind].file}")
                doc.title = str(got[kind].body["document"].get("title") or key)
            docs.append(doc)
        project.periods.append(PeriodRow(period, label, docs[0], docs[1]))
    accounts = [a for a in annexes if a.key == "accounts" or a.key.startswith("part:")]
    if accounts:
        latest = accounts[-1]
        fin = latest.body["financing"]
        pay = Payment(
            basis=str(latest.body["document"].get("title") or latest.key),
            basis_period=(latest.body.get("period") or {}).get("key"),
            eligible_spent=_int(fin.get("eligible_spent")),
            other_income=_int(fin.get("other_income_total")),
            grant_covered=_int(fin.get("grant_covered")),
            paid=_int(fin.get("paid")),
            requested=_int(fin.get("requested")),
            payable=_int(fin.get("requested")),
            repayment=_int(fin.get("repayment")),
        )
        if pay.payable:
            pay.reasons.append("Projektdata mangler, så frister og udbetalte rater kan ikke ses")
            pay.held_back = pay.payable
        project.payment = pay
        economy = latest.body.get("economy") or {}
        tolerance = folder.pool.number("over_budget_tolerance_pct")
        for line in economy.get("lines") or []:
            if not isinstance(line, dict):
                continue
            project.lines.append(
                LineRow(
                    str(line.get("key")),
                    " – ".join(str(x) for x in (line.get("post"), line.get("function")) if x),
                    bool(line.get("approved")),
                    bool(line.get("eligible")),
                    _int(line.get("budget")),
                    _int(line.get("budget_to_date")),
                    _int(line.get("spent_to_date")),
                    _int(line.get("deviation")),
                    line.get("deviation_pct"),
                    _int(line.get("deviation")) > 0
                    and isinstance(line.get("deviation_pct"), int | float)
                    and line["deviation_pct"] > tolerance,
                )
            )
        project.lines_period = pay.basis_period
    return project
