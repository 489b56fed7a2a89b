"""The final report's context (the self-evaluation): criteria with the passive share
chart, the participants' labour-market status, the caseload of every caseworker over the
whole project period (the pool's core requirement), the whole project's economy."""

from __future__ import annotations

from typing import Any

from hir_docs.formatting import dato, number
from hir_docs.model.accounts import compute_accounts
from hir_docs.model.projectdata import (
    ProjectData,
    report_layout,
    snapshot_months,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.charts import caseload_chart, passive_share_chart
from hir_docs.render.context.economy import economy
from hir_docs.render.context.fmt import num, sections, signed
from hir_docs.render.context.shared import common, criteria_rows, due_text, obligations
from hir_docs.render.context.status import (
    caseload_series,
    fte,
    hours,
    in_project,
    load_notes,
    load_summaries,
    months_text,
)

# The default pool's definitions of its criteria (reports.toml, criteria.items' definition);
# a report takes its own pool's.
PASSIVE_DEFINITION = " ".join(report_layout().criteria_definition.values())


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
                "change": "–" if change is None else signed(change),
            }
        )
    totals = {"start": str(start_sum), "end": str(end_sum), "change": signed(end_sum - start_sum)}
    return rows, totals


def final_caseload(data: ProjectData, pool: Pool) -> dict[str, Any]:
    """Every caseworker's whole caseload over the project period: the months in the
    project, the months over the limit, the maximum, and the share of caseworker-months
    within the limit (puljeopslag, Kriterier for tildeling af tilskud; Q&A 2018,
    spørgsmål 3 and 19)."""
    end = data.project_end
    dates = sorted(
        d for d in (data.snapshot_dates or snapshot_months(pool, end)) if end is None or d <= end
    )
    found = load_summaries(data, dates, pool)
    rows = [
        {
            "caseworker": s.name,
            "in_project": in_project(s, dates, "hele perioden"),
            "hours": num(s.hours, 1),
            "months": str(len(s.months)),
            "months_over": months_text(s.over) if s.months and s.scaled else "–",
            "max_per_fte": fte(s.max_per_fte) if s.scaled else "–",
            "max_cases": "–" if s.max_cases is None else str(s.max_cases),
        }
        for s in found
    ]
    band = (pool.number("caseload_min"), pool.number("caseload_max"))
    series = caseload_series(found)
    note = "Månederne over loftet og det højeste sagstal pr. sagsbehandler står i tabellen."
    chart = caseload_chart(series, band, "Sagsstammer i projektperioden", note) if series else None
    when = (
        f"Opgjort den sidste dag i hver måned, {dato(dates[0])} – {dato(dates[-1])}."
        if dates
        else "Sagsstammerne er ikke opgjort."
    )
    return {
        "whole_caseload": rows,
        "has_whole_caseload": bool(rows and dates),
        "whole_caseload_when": when,
        "whole_caseload_notes": load_notes(found, "i projektperioden", pool) if dates else [],
        "whole_caseload_chart": chart or "",
        "whole_caseload_chart_text": chart.description if chart else "",
        "caseload_limit": f"{number(band[0])}-{number(band[1])}",
        "full_time_hours": hours(pool.number("hours_per_week_full_time")),
    }


def final_context(
    data: ProjectData, pool: Pool | None = None, draft: bool = False
) -> dict[str, Any]:
    pool = pool or load_pool()
    reports = report_layout(pool)
    labour, labour_total = labour_rows(data)
    # The chart of the pool's "share" criterion (reports.toml; HIR: the passive share).
    share = next((k for k, v in reports.criteria_kind.items() if v == "share"), None)
    values = data.criteria.get(share, {}) if share else {}
    measures = reports.measures
    chart = passive_share_chart(
        {measures[m]: values.get(m) for m in measures},
        data.passive_target,
        reports.criteria_chart_label.get(share or "", "Andel"),
    )
    ctx = common(data, reports.title("final"), draft)
    ctx.update(
        {
            "report_title": reports.title("final_full"),
            "sections": sections(
                reports.final_sections, data.final_texts, reports.final_required, draft
            ),
            "criteria": criteria_rows(data, None, pool),
            "passive_definition": " ".join(reports.criteria_definition.values()),
            "passive_chart": chart or "",
            "passive_chart_text": chart.description,
            "labour": labour,
            "labour_total": labour_total,
            "participants": "–" if data.participants is None else str(data.participants),
            "obligations": obligations(data, None, pool),
            "economy": economy(compute_accounts(data, None, pool), pool),
            "due": due_text(data, "final", pool),
        }
    )
    if "caseload" in pool.plugins:  # HIR's caseload module: the caseload section
        ctx.update(final_caseload(data, pool))
    return ctx
