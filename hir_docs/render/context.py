"""Template contexts: ProjectData -> plain dicts of Danish-formatted strings.

Templates get text only (numbers already formatted with Babel), so a municipality's own
template needs no filters. ``render.tplcheck`` checks a municipality's template against
the names these contexts provide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hir_docs.formatting import dato, number
from hir_docs.formatting import kr as _kr
from hir_docs.formatting import percent as _percent
from hir_docs.model import Registration
from hir_docs.model.accounts import Accounts, compute_accounts, report_due
from hir_docs.model.projectdata import (
    CRITERIA,
    FINAL_SECTIONS,
    MEASURES,
    STATUS_SECTIONS,
    ProjectData,
    period_bounds,
    period_label,
)
from hir_docs.pools import Pool, load_pool

EMPTY = "(ikke udfyldt)"
NBSP = "\u00a0"


def kr(amount: float | int | None) -> str:
    """'1.140.000 kr.' with a no-break space, so a narrow table cell keeps it on one line."""
    return _kr(amount).replace(" ", NBSP)


def percent(value: float | None) -> str:
    return _percent(value).replace(" ", NBSP)


def paragraphs(text: str | None) -> list[str]:
    """User text -> paragraphs (one per non-empty line); a placeholder when empty."""
    if not text:
        return [EMPTY]
    return [p.strip() for p in text.splitlines() if p.strip()] or [EMPTY]


def _num(value: float | None, decimals: int) -> str:
    return number(value, decimals) if value is not None else "–"


def common(data: ProjectData) -> dict[str, Any]:
    return {
        "project_name": data.project_name or EMPTY,
        "municipality": data.municipality or EMPTY,
        "municipality_code": data.municipality_code or "",
        "cvr": data.cvr or "",
        "contact": data.contact or "",
        "journal_number": data.journal_number or "",
        "grant": kr(data.grant),
        "project_start": dato(data.project_start),
        "project_end": dato(data.project_end),
        "project_period": f"{dato(data.project_start)} – {dato(data.project_end)}",
        "passive_target": data.passive_target_raw or EMPTY,
    }


def _assessment(key: str, values: dict[str, float | None], data: ProjectData) -> str:
    start, end = values.get("start"), values.get("end")
    if key == "passive_share":
        if end is None or data.passive_target is None:
            return "kan endnu ikke vurderes"
        return "nået" if end <= data.passive_target[1] else "ikke nået"
    if start is None or end is None:
        return "kan endnu ikke vurderes"
    return "nået" if end > start else "ikke nået"


def criteria_rows(data: ProjectData) -> list[dict[str, str]]:
    rows = []
    for key, label in CRITERIA.items():
        values = data.criteria.get(key, {})
        decimals = 0 if key == "placements" else 1
        row = {"name": label, "note": data.criteria_notes.get(key, "")}
        for m in MEASURES:
            row[m] = _num(values.get(m), decimals)
        row["target"] = (
            data.passive_target_raw or "lokalt mål" if key == "passive_share" else "stigende"
        )
        row["assessment"] = _assessment(key, values, data)
        rows.append(row)
    return rows


def whole_period(data: ProjectData) -> str:
    """'Hele projektperioden (20. december 2017 – 1. april 2019)'."""
    return f"Hele projektperioden ({dato(data.project_start)} – {dato(data.project_end)})"


def economy(acc: Accounts) -> dict[str, Any]:
    rows = [
        {
            "key": r.line.key,
            "post": r.line.post,
            "function": r.line.function or "",
            "label": r.line.label,
            "budget": kr(r.budget),
            "spent_period": kr(r.spent_period),
            "spent": kr(r.spent),
            "deviation": kr(r.deviation),
            "deviation_pct": percent(r.deviation_pct),
            "remark": r.line.remark or "",
            "approved": "Ja" if r.line.approved else "Nej – ikke i godkendt budget",
        }
        for r in acc.rows
    ]
    return {
        "lines": rows,
        "remarks": [{"label": r["label"], "remark": r["remark"]} for r in rows if r["remark"]],
        "spent_heading": "Forbrug til dato" if acc.period else "Forbrug",
        "total_heading": "Udgifter til dato i alt" if acc.period else "Udgifter i alt",
        "budget_total": kr(acc.budget_total),
        "spent_period_total": kr(acc.spent_period_total),
        "spent_total": kr(acc.spent_total),
        "deviation_total": kr(acc.deviation_total),
        "deviation_total_pct": percent(acc.deviation_total_pct),
        "eligible_spent": kr(acc.eligible_spent),
        "grant_covered": kr(acc.grant_covered),
        "own_financing": kr(acc.own_financing),
        "paid": kr(acc.paid),
        "payable": kr(max(acc.payable, 0)),
        "repayment": kr(-acc.payable) if acc.payable < 0 else "",
        "due": dato(acc.due),
    }


def caseload_rows(
    registrations: Sequence[Registration] | None, period: str, pool: Pool
) -> list[dict[str, str]]:
    if registrations is None:
        return []
    from hir_docs.model.caseload import caseload_snapshots, month_ends

    lo, hi = period_bounds(period)
    lo, hi = max(lo, pool.date("project_start")), min(hi, pool.date("project_end"))
    dates = month_ends(lo, hi)
    dates = [d for d in dates if d <= hi] or [hi]
    points = caseload_snapshots(registrations, dates, pool)
    last = max((p.date for p in points), default=None)
    limit = pool.number("caseload_max")
    by_worker: dict[str, list[Any]] = {}
    for p in points:
        by_worker.setdefault(p.caseworker, []).append(p)
    rows = []
    for name, pts in by_worker.items():
        end = next((p for p in reversed(pts) if p.date == last), None)
        avg = sum(p.cases for p in pts) / len(dates)
        per_fte = end.cases_per_fte if end else None
        rows.append(
            {
                "caseworker": name,
                "hours": _num(end.hours if end else None, 1),
                "cases_end": str(end.cases) if end else "0",
                "cases_avg": number(avg, 1),
                "cases_per_fte": _num(per_fte, 1),
                "over_limit": "Ja" if per_fte is not None and per_fte > limit else "Nej",
            }
        )
    return rows


def status_context(
    data: ProjectData,
    period: str,
    registrations: Sequence[Registration] | None = None,
    pool: Pool | None = None,
) -> dict[str, Any]:
    pool = pool or load_pool()
    lo, hi = period_bounds(period)
    texts = data.status_texts.get(period, {})
    caseload = caseload_rows(registrations, period, pool)
    ctx = common(data)
    ctx.update(
        {
            "report_title": "Statusrapport",
            "period": period,
            "period_label": period_label(period),
            "period_start": dato(max(lo, data.project_start or lo)),
            "period_end": dato(min(hi, data.project_end or hi)),
            "sections": [
                {"title": title, "paragraphs": paragraphs(texts.get(key))}
                for key, title in STATUS_SECTIONS.items()
            ],
            "criteria": criteria_rows(data),
            "caseload": caseload,
            "has_caseload": bool(caseload),
            "caseload_limit": number(pool.number("caseload_max")),
            "economy": economy(compute_accounts(data, period, pool)),
            "due": dato(report_due(data, f"status:{period}", pool)),
        }
    )
    return ctx


def labour_rows(data: ProjectData) -> tuple[list[dict[str, str]], dict[str, str]]:
    rows, start_sum, end_sum = [], 0, 0
    for cat, (start, end) in data.labour_status.items():
        start_sum += start or 0
        end_sum += end or 0
        change = None if start is None and end is None else (end or 0) - (start or 0)
        rows.append(
            {
                "category": cat,
                "start": "–" if start is None else str(start),
                "end": "–" if end is None else str(end),
                "change": "–" if change is None else f"{change:+d}",
            }
        )
    totals = {"start": str(start_sum), "end": str(end_sum), "change": f"{end_sum - start_sum:+d}"}
    return rows, totals


def final_context(data: ProjectData, pool: Pool | None = None) -> dict[str, Any]:
    pool = pool or load_pool()
    labour, labour_total = labour_rows(data)
    ctx = common(data)
    ctx.update(
        {
            "report_title": "Slutrapport (selvevaluering)",
            "sections": [
                {"title": title, "paragraphs": paragraphs(data.final_texts.get(key))}
                for key, title in FINAL_SECTIONS.items()
            ],
            "criteria": criteria_rows(data),
            "labour": labour,
            "labour_total": labour_total,
            "economy": economy(compute_accounts(data, None, pool)),
            "due": dato(report_due(data, "final", pool)),
        }
    )
    return ctx


def signatures(data: ProjectData, audit: bool) -> list[dict[str, str]]:
    sign = [
        {
            "role": "For kommunens ledelse",
            "name": data.management_name or "",
            "title": data.management_title or "",
        }
    ]
    if audit:
        sign.append({"role": "Revisor", "name": data.auditor_name or "", "title": ""})
    for s in sign:
        s["name_title"] = ", ".join(x for x in (s["name"], s["title"]) if x)
    return sign


def statement(acc: Accounts, pool: Pool) -> tuple[str, str]:
    limit = kr(pool.amount("audit_threshold"))
    if acc.period is not None:
        return (
            "Ledelsens erklæring (delregnskab)",
            "Ledelsen erklærer, at delregnskabet er udarbejdet på grundlag af kommunens "
            "bogføring, at udgifterne vedrører projektet og holder sig inden for det godkendte "
            "budget og de tilskudsberettigede udgifter.",
        )
    if acc.audit_required:
        return (
            "Revisorpåtegning",
            f"Tilskuddet er over {limit}, så det endelige regnskab skal være revisorpåtegnet "
            "(puljeopslaget, Krav til regnskab). Revisor erklærer, at regnskabet er revideret, "
            "at det giver et retvisende billede af projektets udgifter, og at tilskuddet er "
            "anvendt i overensstemmelse med tilsagnet og det godkendte budget.",
        )
    return (
        "Ledelsespåtegning",
        f"Tilskuddet er ikke over {limit}, så det endelige regnskab skal være ledelsespåtegnet "
        "(puljeopslaget, Krav til regnskab). Ledelsen erklærer, at regnskabet er udarbejdet på "
        "grundlag af kommunens bogføring, og at tilskuddet er anvendt i overensstemmelse med "
        "tilsagnet og det godkendte budget.",
    )


def accounts_context(
    data: ProjectData, period: str | None = None, pool: Pool | None = None
) -> dict[str, Any]:
    pool = pool or load_pool()
    acc = compute_accounts(data, period, pool)
    title, text = statement(acc, pool)
    ctx = common(data)
    ctx.update(
        {
            "report_title": "Delregnskab" if period else "Endeligt regnskab",
            "period": period or "",
            "period_label": period_label(period) if period else whole_period(data),
            "economy": economy(acc),
            "audit_required": acc.audit_required,
            "statement_title": title,
            "statement_text": text,
            "signatures": signatures(data, acc.audit_required),
            "income": [{"name": k, "amount": kr(v)} for k, v in data.income.items()],
            "due": dato(acc.due),
        }
    )
    return ctx
