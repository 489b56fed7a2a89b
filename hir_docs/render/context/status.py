"""The status report's context: what is known at the half-year's end, with the caseload
per coordinating caseworker (every month of the half-year, start and end dates respected;
the helpers are shared with the final report's caseload section)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hir_docs.formatting import dato, number
from hir_docs.model import Registration, RelocatedRow
from hir_docs.model.accounts import compute_accounts
from hir_docs.model.caseload import (
    LoadSummary,
    caseload_snapshots,
    caseworker_key,
    citizen_key,
    fictitious_keys,
    summarise_load,
)
from hir_docs.model.projectdata import (
    ProjectData,
    period_bounds,
    period_label,
    report_layout,
    snapshot_months,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.charts import caseload_chart, month_label
from hir_docs.render.context.economy import economy
from hir_docs.render.context.fmt import num, percent, sections
from hir_docs.render.context.shared import (
    common,
    criteria_note,
    criteria_rows,
    due_text,
    obligations,
)


def fte(value: float | None) -> str:
    """Cases per full-time post: '38' or '37,5'."""
    if value is None:
        return "–"
    return number(value, 0 if float(value).is_integer() else 1)


def in_project(s: LoadSummary, dates: Sequence[dt.date], whole: str) -> str:
    """When the caseworker was in the project on ``dates`` (month ends): ``whole``, 'fra
    1. oktober 2018', 'til 31. august 2018'; on none: 'i projektet fra 1. oktober 2018'."""
    if not s.months:
        if s.start is not None and dates and s.start > dates[-1]:
            return f"i projektet fra {dato(s.start)}"
        if s.end is not None and dates and s.end < dates[0]:
            return f"i projektet til {dato(s.end)}"
        return "ikke i projektet"
    parts = []
    if s.start is not None and s.months[0] != dates[0]:
        parts.append(f"fra {dato(s.start)}")
    if s.end is not None and s.months[-1] != dates[-1]:
        parts.append(f"til {dato(s.end)}")
    return " ".join(parts) or whole


def load_summaries(
    data: ProjectData,
    dates: Sequence[dt.date],
    pool: Pool,
    fallback_hours: dict[str, float | None] | None = None,
) -> list[LoadSummary]:
    """The real caseworkers' whole caseloads on ``dates`` (fictitious ones left out);
    ``fallback_hours``: caseworker key -> hours from the registration sheet, used when the
    project data has none."""
    fictitious = fictitious_keys(pool)
    limit, full_time = pool.number("caseload_max"), pool.number("hours_per_week_full_time")
    extra = fallback_hours or {}
    return [
        summarise_load(cw, dates, limit, full_time, extra.get(caseworker_key(cw.name)))
        for cw in data.caseworkers
        if caseworker_key(cw.name) not in fictitious
    ]


def verdict(s: LoadSummary) -> str:
    """'Over loftet': 'Ja' when any month was over; 'Nej' only when every month in the
    project was counted and scaled to full time; '–' when not in the project."""
    if not s.months:
        return "–"
    if not s.scaled:
        return "kan ikke bekræftes"  # the hours are unknown: no figure per full-time post
    if s.over:
        return "Ja"
    return "kan ikke bekræftes" if s.missing else "Nej"


def months_text(days: Sequence[dt.date]) -> str:
    return ", ".join(month_label(d) for d in days) if days else "ingen"


def load_notes(found: list[LoadSummary], where: str, pool: Pool) -> list[str]:
    """What the figures mean: the caseworker-months within the limit, who was over,
    months without a count, caseworkers without hours (their counts are not judged: a
    signed report does not assume full time)."""
    limit = number(pool.number("caseload_max"))
    scaled = [s for s in found if s.scaled]
    counted = sum(len(s.per_fte) for s in scaled)
    within = sum(s.within for s in scaled)
    over = [s.name for s in scaled if s.over]
    missing = [s for s in found if s.missing]
    no_hours = [s.name for s in found if not s.scaled and s.months]
    notes = []
    if counted:
        notes.append(
            f"{within} af {counted} opgjorte sagsbehandlermåneder "
            f"({percent(within / counted * 100)}) {where} var inden for loftet på {limit} "
            "sager pr. fuldtidsstilling."
        )
    if over:
        who = (
            "1 koordinerende sagsbehandler"
            if len(over) == 1
            else f"{len(over)} koordinerende sagsbehandlere"
        )
        notes.append(f"{who} var over loftet i mindst én måned: {', '.join(over)}.")
    elif counted and not missing and not no_hours:
        notes.append(f"Ingen koordinerende sagsbehandler var over loftet i nogen måned {where}.")
    for s in missing:
        notes.append(
            f"Den samlede sagsstamme for {s.name} er ikke opgjort for {months_text(s.missing)}, "
            "så loftet kan ikke bekræftes for de måneder."
        )
    if no_hours:
        notes.append(
            f"Loftet kan ikke bekræftes for {', '.join(no_hours)}: timer pr. uge er ikke "
            "oplyst, så sagsstammen kan ikke omregnes til fuldtid."
        )
    return notes


def hours(value: float | None) -> str:
    return "–" if value is None else number(value, 1 if value % 1 else 0)


def caseload_series(found: list[LoadSummary]) -> dict[str, dict[dt.date, float]]:
    """The chart's lines: every counted month, in the table's unit (per full-time post;
    a caseworker without hours has none)."""
    return {s.name: dict(s.per_fte) for s in found if s.per_fte and s.scaled}


def relocated_text(rows: Sequence[RelocatedRow] | None, lo: dt.date, hi: dt.date) -> str:
    """The citizens who moved away in the half-year (relocated-citizens sheet)."""
    if rows is None:
        return ""
    moved = {citizen_key(r.cpr or r.name) for r in rows if r.end and lo <= r.end <= hi}
    moved.discard("")
    n = len(moved)
    who = "1 borger" if n == 1 else f"{n} borgere"
    return (
        f"{who} i projektet er flyttet fra kommunen i perioden og står på skemaet til "
        "fraflyttede borgere."
    )


def caseload(
    data: ProjectData,
    registrations: Sequence[Registration] | None,
    period: str,
    pool: Pool,
) -> dict[str, Any]:
    """The caseload section of a status report: per coordinating caseworker every month
    of the half-year in the project (start and end respected), the months over the limit
    and the maximum (the whole caseload, scaled to full time; Q&A 2018, spørgsmål 3 and
    19), the cases registered in resource courses (registration sheet) on the last date."""
    lo, hi = period_bounds(period)
    all_dates = sorted(data.snapshot_dates or snapshot_months(pool, data.project_end))
    dates = [d for d in all_dates if lo <= d <= hi]
    last = dates[-1] if dates else None
    registered: dict[str, tuple[str, int, float | None]] = {}
    if registrations is not None and last is not None:
        for p in caseload_snapshots(registrations, [last], pool):
            registered[caseworker_key(p.caseworker)] = (p.caseworker, p.cases, p.hours)
    found = load_summaries(data, dates, pool, {k: v[2] for k, v in registered.items()})
    rows, missing_regs, monthly = [], [], []
    for s in found:
        reg = registered.get(caseworker_key(s.name))
        if registrations is None or not s.months:
            reg_text = "–"
        elif reg is None:
            reg_text = "ikke registreret"
            missing_regs.append(s.name)
        else:
            reg_text = str(reg[1])
        rows.append(
            {
                "caseworker": s.name,
                "in_project": in_project(s, dates, "hele halvåret"),
                "hours": num(s.hours, 1),
                "registered": reg_text,
                "max_cases": "–" if s.max_cases is None else str(s.max_cases),
                "max_per_fte": fte(s.max_per_fte) if s.scaled else "–",
                "months_over": months_text(s.over) if s.months and s.scaled else "–",
                "over_limit": verdict(s),
            }
        )
        cells = [
            (fte(s.per_fte.get(d)) if s.scaled else "–") if d in s.months else "" for d in dates
        ]
        if s.months:  # a caseworker not in the project in the half-year has no months
            monthly.append({"caseworker": s.name, "months": (cells + [""] * 6)[:6]})
    listed = {caseworker_key(s.name) for s in found} | fictitious_keys(pool)
    for key, (name, cases, hrs) in registered.items():
        if key in listed:
            continue
        rows.append(
            {
                "caseworker": name,
                "in_project": "ikke på arket Sagsstammer",
                "hours": num(hrs, 1),
                "registered": str(cases),
                "max_cases": "–",
                "max_per_fte": "–",
                "months_over": "–",
                "over_limit": "kan ikke bekræftes",
            }
        )
    notes = load_notes(found, "i halvåret", pool) if dates else []
    band = (pool.number("caseload_min"), pool.number("caseload_max"))
    series = caseload_series(found)
    chart = caseload_chart(series, band, f"Sagsstammer {period_label(period)}") if series else None
    if dates:
        when = f"Opgjort den sidste dag i hver måned, {dato(dates[0])} – {dato(dates[-1])}."
    elif all_dates and all_dates[0] > hi:
        when = (
            "Sagsstammerne er ikke opgjort i perioden: den første opgørelse er "
            f"{dato(all_dates[0])}."
        )
    else:
        when = "Sagsstammerne er ikke opgjort i perioden."
    return {
        "caseload": rows,
        "has_caseload": bool(rows) and bool(dates),
        "caseload_when": when,
        "caseload_months": ([month_label(d) for d in dates] + [""] * 6)[:6],
        "caseload_monthly": monthly,
        "full_time_hours": hours(pool.number("hours_per_week_full_time")),
        "caseload_chart": chart or "",
        "caseload_chart_text": chart.description if chart else "",
        "caseload_notes": notes,
        "caseload_missing": ", ".join(missing_regs),
        "caseload_registrations": registrations is not None,
    }


def status_context(
    data: ProjectData,
    period: str,
    registrations: Sequence[Registration] | None = None,
    pool: Pool | None = None,
    draft: bool = False,
    relocated: Sequence[RelocatedRow] | None = None,
) -> dict[str, Any]:
    """A status report uses only what is known at its period's end. ``relocated``: the
    rows of the relocated-citizens sheet, when given (the citizens who moved away in the
    half-year are counted)."""
    pool = pool or load_pool()
    lo, hi = period_bounds(period)
    texts = data.status_texts.get(period, {})
    reports = report_layout(pool)
    title = reports.title("status")
    ctx = common(data, f"{title} {period_label(period)}", draft)
    ctx.update(
        {
            "report_title": title,
            "period": period,
            "period_label": period_label(period),
            "period_start": dato(max(lo, data.project_start or lo)),
            "period_end": dato(min(hi, data.project_end or hi)),
            "sections": sections(reports.status_sections, texts, reports.status_required, draft),
            "criteria": criteria_rows(data, hi, pool),
            "criteria_note": criteria_note(data, hi, pool),
            "obligations": obligations(data, hi, pool, since=lo),
            "economy": economy(compute_accounts(data, period, pool), pool),
            "due": due_text(data, f"status:{period}", pool),
        }
    )
    if "caseload" in pool.plugins:  # HIR's caseload module: the caseload sections
        limit = f"{number(pool.number('caseload_min'))}-{number(pool.number('caseload_max'))}"
        ctx["caseload_limit"] = limit
        ctx.update(caseload(data, registrations, period, pool))
        ctx["relocated_text"] = relocated_text(relocated, lo, hi)
    return ctx
