"""The status report's context: what is known at the half-year's end, with the caseload
per coordinating caseworker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hir_docs.formatting import dato, number
from hir_docs.model import Registration
from hir_docs.model.accounts import compute_accounts
from hir_docs.model.caseload import caseload_snapshots, caseworker_key, fictitious_keys
from hir_docs.model.projectdata import (
    STATUS_REQUIRED,
    STATUS_SECTIONS,
    ProjectData,
    period_bounds,
    period_label,
    snapshot_months,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.charts import caseload_chart, month_label
from hir_docs.render.context.economy import economy
from hir_docs.render.context.fmt import num, sections
from hir_docs.render.context.shared import (
    common,
    criteria_note,
    criteria_rows,
    due_text,
    obligations,
)


def caseload(
    data: ProjectData,
    registrations: Sequence[Registration] | None,
    period: str,
    pool: Pool,
) -> dict[str, Any]:
    """The caseload section of a status report: per coordinating caseworker the cases
    registered in resource courses (registration sheet) and the whole caseload (project
    data) on the period's last snapshot date, and "over loftet" judged from the whole
    caseload scaled to full time (Q&A 2018, spørgsmål 3 and 19)."""
    lo, hi = period_bounds(period)
    all_dates = data.snapshot_dates or snapshot_months(pool, data.project_end)
    dates = [d for d in all_dates if lo <= d <= hi]
    limit = pool.number("caseload_max")
    full_time = pool.number("hours_per_week_full_time")
    last = dates[-1] if dates else None
    registered: dict[str, tuple[str, int, float | None]] = {}
    if registrations is not None and last is not None:
        for p in caseload_snapshots(registrations, [last], pool):
            registered[caseworker_key(p.caseworker)] = (p.caseworker, p.cases, p.hours)
    fictitious = fictitious_keys(pool)
    rows, missing_regs, monthly, series = [], [], [], {}
    no_hours: list[str] = []
    listed = {caseworker_key(cw.name) for cw in data.caseworkers}
    for cw in data.caseworkers:
        reg = registered.get(caseworker_key(cw.name))
        hours = cw.hours if cw.hours else (reg[2] if reg else None)
        scale = full_time / hours if hours else None  # unknown hours: no full-time figure
        total = cw.totals.get(last) if last else None
        per_fte = None if total is None or scale is None else total * scale
        if total is not None and scale is None:
            no_hours.append(cw.name)
        if registrations is None:
            reg_text = "–"
        elif reg is None:
            reg_text = "ikke registreret"
            missing_regs.append(cw.name)
        else:
            reg_text = str(reg[1])
        verdict = "kan ikke bekræftes" if per_fte is None else "Ja" if per_fte > limit else "Nej"
        rows.append(
            {
                "caseworker": cw.name,
                "hours": num(hours, 1),
                "registered": reg_text,
                "total": "–" if total is None else str(total),
                "per_fte": num(per_fte, 1),
                "over_limit": verdict,
            }
        )
        cells = [("–" if cw.totals.get(d) is None else str(cw.totals[d])) for d in dates]
        monthly.append({"caseworker": cw.name, "months": (cells + [""] * 6)[:6]})
        points = {d: cw.totals[d] * scale for d in dates if d in cw.totals and scale is not None}
        if points:
            series[cw.name] = points
    for key, (name, cases, hours) in registered.items():
        if key in listed or key in fictitious:
            continue
        rows.append(
            {
                "caseworker": name,
                "hours": num(hours, 1),
                "registered": str(cases),
                "total": "ikke på arket Sagsstammer",
                "per_fte": "–",
                "over_limit": "kan ikke bekræftes",
            }
        )
    unconfirmed = [
        r["caseworker"]
        for r in rows
        if r["over_limit"] == "kan ikke bekræftes" and r["caseworker"] not in no_hours
    ]
    notes = []
    if unconfirmed:
        notes.append(
            f"Loftet kan ikke bekræftes for {', '.join(unconfirmed)}: den samlede sagsstamme "
            "er ikke opgjort."
        )
    if no_hours:
        notes.append(
            f"Loftet kan ikke bekræftes for {', '.join(no_hours)}: timer pr. uge er ikke "
            "oplyst, så sagsstammen kan ikke omregnes til fuldtid."
        )
    band = (pool.number("caseload_min"), limit)
    chart = caseload_chart(series, band, f"Sagsstammer {period_label(period)}") if series else None
    return {
        "caseload": rows,
        "has_caseload": bool(rows),
        "caseload_date": dato(last),
        "caseload_months": ([month_label(d) for d in dates] + [""] * 6)[:6],
        "caseload_monthly": monthly,
        "caseload_chart": chart or "",
        "caseload_chart_text": chart.description if chart else "",
        "caseload_unconfirmed": " ".join(notes),
        "caseload_missing": ", ".join(missing_regs),
        "caseload_registrations": registrations is not None,
    }


def status_context(
    data: ProjectData,
    period: str,
    registrations: Sequence[Registration] | None = None,
    pool: Pool | None = None,
    draft: bool = False,
) -> dict[str, Any]:
    """A status report uses only what is known at its period's end."""
    pool = pool or load_pool()
    lo, hi = period_bounds(period)
    texts = data.status_texts.get(period, {})
    ctx = common(data, f"Statusrapport {period_label(period)}", draft)
    ctx.update(
        {
            "report_title": "Statusrapport",
            "period": period,
            "period_label": period_label(period),
            "period_start": dato(max(lo, data.project_start or lo)),
            "period_end": dato(min(hi, data.project_end or hi)),
            "sections": sections(STATUS_SECTIONS, texts, STATUS_REQUIRED, draft),
            "criteria": criteria_rows(data, hi, pool),
            "criteria_note": criteria_note(data, hi, pool),
            "caseload_limit": f"{number(pool.number('caseload_min'))}-"
            f"{number(pool.number('caseload_max'))}",
            "obligations": obligations(data, hi, pool),
            "economy": economy(compute_accounts(data, period, pool)),
            "due": due_text(data, f"status:{period}", pool),
        }
    )
    ctx.update(caseload(data, registrations, period, pool))
    return ctx
