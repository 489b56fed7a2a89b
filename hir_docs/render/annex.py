"""The machine-readable annex of a status report, final report or accounts document: the
same figures as JSON (documented in docs/annex.md; JSON Schema ``ANNEX_SCHEMA``), so STAR
can read them without retyping.

Built from the model only (``ProjectData``, ``model.accounts.compute_accounts``,
``model.caseload.summarise_load``): money in whole kroner, dates ISO 8601
("2018-06-30"), percentages 0-100. No CPR number: caseworkers are named, citizens only
counted.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hir_docs.model.accounts import Accounts, compute_accounts
from hir_docs.model.caseload import summarise_load
from hir_docs.model.projectdata import (
    ProjectData,
    period_bounds,
    report_layout,
    snapshot_months,
)
from hir_docs.pools import Pool
from hir_docs.render.annex_schema import SCHEMA_VERSION
from hir_docs.render.context.shared import grant_deadline, obligation_end, shown_in_report

# document kind -> its title's key in the pool's reports.toml ([titles])
KINDS = {
    "status": "status",
    "final": "final",
    "part_accounts": "part",
    "accounts": "accounts",
}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _span(data: ProjectData, period: str | None, pool: Pool) -> tuple[dt.date, dt.date]:
    start = data.project_start or pool.date("project_start")
    end = data.project_end or pool.date("project_end")
    if period is None:
        return start, end
    lo, hi = period_bounds(period)
    return max(lo, start), min(hi, end)


def _project(data: ProjectData) -> dict[str, Any]:
    return {
        "name": data.project_name,
        "municipality": data.municipality,
        "municipality_code": data.municipality_code,
        "cvr": data.cvr,
        "journal_number": data.journal_number,
        "grant": data.grant,
        "start": _iso(data.project_start),
        "end": _iso(data.project_end),
    }


def caseload(data: ProjectData, first: dt.date, last: dt.date, pool: Pool) -> list[dict[str, Any]]:
    """Per caseworker the whole caseload of every month end from ``first`` to ``last``
    (only the months the caseworker was in the project), per full-time post and against
    the limit."""
    every = data.snapshot_dates or snapshot_months(pool, data.project_end)
    dates = [d for d in every if first <= d <= last]
    limit, full_time = pool.number("caseload_max"), pool.number("hours_per_week_full_time")
    out = []
    for cw in data.caseworkers:
        load = summarise_load(cw, dates, limit, full_time)
        months = [
            {
                "date": d.isoformat(),
                "cases": load.counts.get(d),
                "per_fte": round(load.per_fte[d], 2) if d in load.per_fte else None,
                "over_limit": d in load.over,
            }
            for d in load.months
        ]
        out.append(
            {
                "caseworker": cw.name,
                "hours_per_week": load.hours,
                "start": _iso(cw.start),
                "end": _iso(cw.end),
                "months": months,
                "max_cases": load.max_cases,
                "max_per_fte": None if load.max_per_fte is None else round(load.max_per_fte, 2),
                "months_over_limit": [d.isoformat() for d in load.over],
            }
        )
    return out


def participants(data: ProjectData) -> dict[str, Any]:
    """The citizens in the project and their labour-market status at start and end."""
    rows = [
        {"category": cat, "start": start, "end": end}
        for cat, (start, end) in data.labour_status.items()
    ]
    return {"total": data.participants, "labour_status": rows}


def obligations(
    data: ProjectData, pool: Pool, since: dt.date | None, until: dt.date | None
) -> list[dict[str, Any]]:
    """The participation duties the document shows (the same selection as the report)."""
    rows = []
    duties = report_layout(pool)
    for key, name in duties.obligations.items():
        ob = data.obligations.get(key)
        if not shown_in_report(ob, obligation_end(data, key, pool), since, until):
            continue
        rows.append(
            {
                "key": key,
                "name": name,
                "timing": duties.obligation_timing[key],
                "grant_deadline": _iso(grant_deadline(data, key)),
                "done": None if ob is None else ob.done,
                "date": _iso(ob.date) if ob is not None else None,
                "note": (ob.note or None) if ob is not None else None,
            }
        )
    return rows


def economy(acc: Accounts) -> dict[str, Any]:
    """Per budget line: budget, budget to date, spent in the period and to date, deviation
    against the budget to date; and the totals."""
    lines = [
        {
            "key": r.line.key,
            "post": r.line.post,
            "function": r.line.function,
            "approved": r.line.approved,
            "eligible": r.line.eligible,
            "budget": r.budget,
            "budget_to_date": r.budget_to_date,
            "spent_period": r.spent_period,
            "spent_to_date": r.spent,
            "deviation": r.deviation,
            "deviation_pct": None if r.deviation_pct is None else round(r.deviation_pct, 2),
            "remark": r.line.remark_for(acc.period),
        }
        for r in acc.rows
    ]
    pct = acc.deviation_total_pct
    totals = {
        "budget": acc.budget_total,
        "budget_to_date": acc.budget_to_date_total,
        "spent_period": acc.spent_period_total,
        "spent_to_date": acc.spent_total,
        "deviation": acc.deviation_total,
        "deviation_pct": None if pct is None else round(pct, 2),
    }
    return {"lines": lines, "totals": totals}


def financing(data: ProjectData, acc: Accounts) -> dict[str, Any]:
    """The grant, other grantors' money (approved, received per half-year and to date,
    deducted), the municipality's own financing, what STAR covers, what earlier part
    accounts requested and STAR paid, and what this document requests."""
    other = [
        {
            "grantor": inc.name,
            "budgeted": inc.budget,
            "received": dict(sorted(data.income_received.get(inc.name, {}).items())),
            "received_period": inc.received_period,
            "received_to_date": inc.received,
            "counted": inc.counted,
        }
        for inc in acc.other_income
    ]
    earlier = [
        {"period": r.period, "requested": r.requested, "paid": r.paid, "due": _iso(r.due)}
        for r in acc.requests
    ]
    return {
        "grant": acc.grant,
        "eligible_spent": acc.eligible_spent,
        "other_income": other,
        "other_income_total": acc.other_total,
        "own_financing": acc.own_financing,
        "grant_covered": acc.grant_covered,
        "earlier_requests": earlier,
        "paid": acc.paid,
        "pending": acc.pending,
        "requested": acc.requested,
        "repayment": acc.repayment,
        "withdrawn": acc.withdrawn,
    }


def annex_kind(report: str, period: str | None) -> str:
    """'status', 'final', 'part_accounts' or 'accounts'."""
    if report == "accounts":
        return "part_accounts" if period else "accounts"
    return report


def build_annex(
    report: str,
    data: ProjectData,
    period: str | None,
    pool: Pool,
    document: str,
    report_date: dt.date,
    draft: bool = False,
) -> dict[str, Any]:
    """The annex of ``document`` (its file name): the figures the document shows."""
    kind = annex_kind(report, period)
    first, last = _span(data, period, pool)
    acc = compute_accounts(data, period, pool)
    until = None if report == "final" else last
    since = first if report == "status" else None
    annex: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "document": {
            "kind": kind,
            "title": report_layout(pool).title(KINDS[kind]),
            "file": document,
            "report_date": report_date.isoformat(),
            "draft": draft,
        },
        "project": _project(data),
        "period": None
        if period is None
        else {"key": period, "start": first.isoformat(), "end": last.isoformat()},
        "economy": economy(acc),
        "financing": financing(data, acc),
    }
    if report in ("status", "final"):
        if "caseload" in pool.plugins:  # the caseload module's figures, as the report has them
            annex["caseload"] = caseload(data, first, last, pool)
        annex["participants"] = participants(data)
        annex["obligations"] = obligations(data, pool, since, until)
    return annex


def annex_json(annex: dict[str, Any]) -> str:
    """The annex as JSON text: UTF-8 (Danish letters as such), stable key order."""
    return json.dumps(annex, ensure_ascii=False, indent=2) + "\n"


def annex_path(document: Path) -> Path:
    """The annex beside ``document``: the same base name, ``.json``."""
    return document.with_suffix(".json")
