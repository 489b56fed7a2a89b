"""Template contexts: ProjectData -> plain dicts of Danish-formatted strings.

Templates get text only (numbers already formatted with Babel), so a municipality's own
template needs no filters. ``render.tplcheck`` checks a municipality's template against
the names these contexts provide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hir_docs.formatting import dato, number
from hir_docs.formatting import kr as _kr
from hir_docs.formatting import percent as _percent
from hir_docs.model import Registration
from hir_docs.model.accounts import Accounts, compute_accounts, deadline
from hir_docs.model.projectdata import (
    CRITERIA,
    FINAL_REQUIRED,
    FINAL_SECTIONS,
    MEASURES,
    OBLIGATIONS,
    STATUS_REQUIRED,
    STATUS_SECTIONS,
    ProjectData,
    measure_dates,
    obligation_due,
    period_bounds,
    period_label,
    snapshot_months,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.charts import caseload_chart, month_label, passive_share_chart

EMPTY = "(ikke udfyldt)"  # only ever in a draft: ``render`` refuses a report with gaps
NBSP = "\u00a0"


def kr(amount: float | int | None) -> str:
    """'1.140.000 kr.' with a no-break space, so a narrow table cell keeps it on one line."""
    return _kr(amount).replace(" ", NBSP)


def percent(value: float | None) -> str:
    return _percent(value).replace(" ", NBSP)


def blank(draft: bool) -> str:
    """What an empty field shows: the placeholder in a draft, a dash in a final document."""
    return EMPTY if draft else "–"


def paragraphs(text: str | None, draft: bool = False) -> list[str]:
    """User text -> paragraphs (one per non-empty line); the placeholder when empty in a
    draft (no paragraph otherwise)."""
    lines = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return lines or ([EMPTY] if draft else [])


def sections(
    titles: dict[str, str], texts: dict[str, str], required: Sequence[str], draft: bool = False
) -> list[dict[str, Any]]:
    """The report's text sections: a section left empty is left out, except a required
    one in a draft, which shows the placeholder (``render`` refuses a final document with
    an empty required section: rule projectdata-report-incomplete)."""
    return [
        {"title": title, "paragraphs": paragraphs(texts.get(key), draft)}
        for key, title in titles.items()
        if paragraphs(texts.get(key)) or (draft and key in required)
    ]


def due_text(data: ProjectData, key: str, pool: Pool) -> str:
    """The deadline from the grant letter, or the expected one marked as such."""
    day, assumed = deadline(data, key, pool)
    if day is None:
        return ""
    return f"forventet {dato(day)} – tjek tilsagnsbrevet" if assumed else dato(day)


def _num(value: float | None, decimals: int) -> str:
    return number(value, decimals) if value is not None else "–"


def common(data: ProjectData, title: str = "", draft: bool = False) -> dict[str, Any]:
    """Facts every report shows, and the page header: the municipality and the project's
    name (with "UDKAST" first in a draft)."""
    head = " · ".join(x for x in (data.municipality, data.project_name) if x)
    if draft:
        head = f"UDKAST – ikke godkendt til indsendelse · {head}"
    return {
        "draft": draft,
        "page_header": head,
        "document_title": " – ".join(x for x in (title, data.project_name) if x),
        "project_name": data.project_name or blank(draft),
        "municipality": data.municipality or blank(draft),
        "municipality_code": data.municipality_code or "",
        "cvr": data.cvr or "",
        "contact": data.contact or "",
        "journal_number": data.journal_number or "",
        "grant": kr(data.grant),
        "project_start": dato(data.project_start),
        "project_end": dato(data.project_end),
        "project_period": f"{dato(data.project_start)} – {dato(data.project_end)}",
        "passive_target": passive_target(data, draft),
    }


AT_END = "måles ved projektets afslutning"


def _assessment(key: str, values: dict[str, float | None], data: ProjectData) -> str:
    start, end = values.get("start"), values.get("end")
    if key == "passive_share":
        if end is None or data.passive_target is None:
            return "kan endnu ikke vurderes"
        return "nået" if end <= data.passive_target[1] else "ikke nået"
    if start is None or end is None:
        return "kan endnu ikke vurderes"
    return "nået" if end > start else "ikke nået"


def passive_target(data: ProjectData, draft: bool = False) -> str:
    """'15-18 %' formatted like the measured shares ('31,0 %')."""
    if data.passive_target is None:
        return data.passive_target_raw or blank(draft)
    lo, hi = (number(v, 0 if float(v).is_integer() else 1) for v in data.passive_target)
    return f"{lo}-{hi}{NBSP}%" if lo != hi else f"{lo}{NBSP}%"


def criteria_rows(
    data: ProjectData, until: dt.date | None = None, pool: Pool | None = None
) -> list[dict[str, str]]:
    """The success criteria. With ``until`` (a status report's period end) only the
    measurements taken by then are shown, and the verdict waits for the project's end
    (a status report whose period holds the end measurement judges like the final report)."""
    pool = pool or load_pool()
    when = measure_dates(pool, data.project_end)
    rows = []
    for key, label in CRITERIA.items():
        values = dict(data.criteria.get(key, {}))
        if until is not None:
            values = {m: (v if when[m] <= until else None) for m, v in values.items()}
        row = {"name": label, "note": data.criteria_notes.get(key, "")}
        for m in MEASURES:
            value = values.get(m)
            if until is not None and when[m] > until:
                row[m] = "senere"
            elif key == "passive_share":
                row[m] = percent(value) if value is not None else "–"
            else:
                row[m] = _num(value, 0 if key == "placements" else 1)
        row["target"] = passive_target(data) if key == "passive_share" else "stigende"
        waiting = until is not None and when["end"] > until
        row["assessment"] = AT_END if waiting else _assessment(key, values, data)
        rows.append(row)
    return rows


def criteria_note(data: ProjectData, until: dt.date, pool: Pool) -> str:
    """What a status report's criteria table shows: the measurements by the period's end,
    and whether the verdict waits for the project's end or is given now."""
    if measure_dates(pool, data.project_end)["end"] > until:
        return (
            "Kun målinger foretaget inden periodens udgang er vist; vurderingen sker ved "
            "projektets afslutning."
        )
    return (
        "Projektet slutter i perioden, så kriterierne er vurderet ud fra målingerne ved "
        "projektstart og projektafslutning."
    )


def whole_period(data: ProjectData) -> str:
    """'Hele projektperioden (20. december 2017 – 1. april 2019)'."""
    return f"Hele projektperioden ({dato(data.project_start)} – {dato(data.project_end)})"


BUDGET_SPREAD = (
    "Budget til dato: hvert budgetårs beløb fordelt ligeligt på projektets måneder i året "
    "fra den egentlige projektstart (budgettet er fordelt på år, ikke på halvår)."
)
OTHER_FIRST = (
    "Tilskud fra andre tilskudsgivere er trukket fra først, så STAR ikke betaler udgifter, "
    "som en anden tilskudsgiver dækker. Den endelige fordeling afgøres af det endelige regnskab."
)


def economy(acc: Accounts) -> dict[str, Any]:
    rows = [
        {
            "key": r.line.key,
            "post": r.line.post,
            "function": r.line.function or "",
            "label": r.line.label,
            "budget": kr(r.budget),
            "budget_to_date": kr(r.budget_to_date),
            "spent_period": kr(r.spent_period),
            "spent": kr(r.spent),
            "deviation": kr(r.deviation),
            "deviation_pct": percent(r.deviation_pct),
            "remark": r.line.remark_for(acc.period) or "",
            "approved": "Ja" if r.line.approved else "Nej – ikke i godkendt budget",
        }
        for r in acc.rows
    ]
    financing = [{"name": "Tilskud fra STAR", "amount": kr(acc.grant_covered)}]
    financing += [
        {
            "name": name if name.startswith("Tilskud fra") else f"Tilskud fra {name}",
            "amount": kr(amount),
        }
        for name, amount in acc.other_grantors.items()
    ]
    financing += [{"name": "Kommunens egenfinansiering", "amount": kr(acc.own_financing)}]
    return {
        "lines": rows,
        "remarks": [{"label": r["label"], "remark": r["remark"]} for r in rows if r["remark"]],
        "spent_heading": "Forbrug til dato" if acc.period else "Forbrug",
        "total_heading": "Udgifter til dato i alt" if acc.period else "Udgifter i alt",
        "deviation_note": (
            "Afvigelse = forbrug til dato minus budget til dato (positiv: over budget). "
            + BUDGET_SPREAD
            if acc.period
            else "Afvigelse = forbrug minus budget for hele projektperioden (positiv: over budget)."
        ),
        "budget_total": kr(acc.budget_total),
        "budget_to_date_total": kr(acc.budget_to_date_total),
        "spent_period_total": kr(acc.spent_period_total),
        "spent_total": kr(acc.spent_total),
        "deviation_total": kr(acc.deviation_total),
        "deviation_total_pct": percent(acc.deviation_total_pct),
        "eligible_spent": kr(acc.eligible_spent),
        "grant_covered": kr(acc.grant_covered),
        "other_total": kr(acc.other_total),
        "has_other": bool(acc.other_grantors),
        "other_note": OTHER_FIRST if acc.other_grantors else "",
        "financing": financing,
        "own_financing": kr(acc.own_financing),
        "paid": kr(acc.paid),
        "payable": kr(max(acc.payable, 0)),
        "repayment": kr(-acc.payable) if acc.payable < 0 else "",
        "due": dato(acc.due),
    }


def _key(name: str | None) -> str:
    from hir_docs.model.caseload import caseworker_key

    return caseworker_key(name)


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
    from hir_docs.model.caseload import caseload_snapshots, fictitious_keys

    lo, hi = period_bounds(period)
    all_dates = data.snapshot_dates or snapshot_months(pool, data.project_end)
    dates = [d for d in all_dates if lo <= d <= hi]
    limit = pool.number("caseload_max")
    full_time = pool.number("hours_per_week_full_time")
    last = dates[-1] if dates else None
    registered: dict[str, tuple[str, int, float | None]] = {}
    if registrations is not None and last is not None:
        for p in caseload_snapshots(registrations, [last], pool):
            registered[_key(p.caseworker)] = (p.caseworker, p.cases, p.hours)
    fictitious = fictitious_keys(pool)
    rows, missing_regs, monthly, series = [], [], [], {}
    listed = {_key(cw.name) for cw in data.caseworkers}
    for cw in data.caseworkers:
        reg = registered.get(_key(cw.name))
        hours = cw.hours if cw.hours else (reg[2] if reg else None)
        scale = full_time / hours if hours else 1.0
        total = cw.totals.get(last) if last else None
        per_fte = None if total is None else total * scale
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
                "hours": _num(hours, 1),
                "registered": reg_text,
                "total": "–" if total is None else str(total),
                "per_fte": _num(per_fte, 1),
                "over_limit": verdict,
            }
        )
        cells = [("–" if cw.totals.get(d) is None else str(cw.totals[d])) for d in dates]
        monthly.append({"caseworker": cw.name, "months": (cells + [""] * 6)[:6]})
        points = {d: cw.totals[d] * scale for d in dates if d in cw.totals}
        if points:
            series[cw.name] = points
    for key, (name, cases, hours) in registered.items():
        if key in listed or key in fictitious:
            continue
        rows.append(
            {
                "caseworker": name,
                "hours": _num(hours, 1),
                "registered": str(cases),
                "total": "ikke på arket Sagsstammer",
                "per_fte": "–",
                "over_limit": "kan ikke bekræftes",
            }
        )
    unconfirmed = [r["caseworker"] for r in rows if r["over_limit"] == "kan ikke bekræftes"]
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
        "caseload_unconfirmed": (
            "Loftet kan ikke bekræftes for "
            + ", ".join(unconfirmed)
            + ": den samlede sagsstamme er ikke opgjort."
            if unconfirmed
            else ""
        ),
        "caseload_missing": ", ".join(missing_regs),
        "caseload_registrations": registrations is not None,
    }


def obligations(data: ProjectData, until: dt.date | None, pool: Pool) -> list[dict[str, str]]:
    """The participation duties due by ``until`` (all when None) and whether they took place."""
    rows = []
    for key, label in OBLIGATIONS.items():
        due = obligation_due(key, pool, data.project_end)
        if until is not None and due > until:
            continue
        ob = data.obligations.get(key)
        if ob is not None and ob.done:
            state = f"Gennemført {dato(ob.date)}" if ob.date else "Gennemført"
        elif ob is not None and ob.done is False:
            state = "Ikke gennemført"
        else:
            state = "Ikke registreret"
        note = ob.note if ob and ob.note else ""
        rows.append({"name": label, "due": dato(due), "state": state, "note": note})
    return rows


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


PASSIVE_DEFINITION = (
    "Passive borgere: borgere i ressourceforløb med mindst et års anciennitet, som i "
    "perioden hverken har deltaget i en aktiv beskæftigelsesrettet indsats eller haft en "
    "mentor; borgere, der kun har haft mentor, regnes som aktive. STAR måler andelen i sine "
    "egne data (Dream og mentordata) i marts 2019 (Q&A 2018, spørgsmål 4, 8 og 14)."
)


def signed(change: int) -> str:
    """A change in a count: '+5', '-3', and '0' without a sign."""
    return f"{change:+d}" if change else "0"


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


def final_context(
    data: ProjectData, pool: Pool | None = None, draft: bool = False
) -> dict[str, Any]:
    pool = pool or load_pool()
    labour, labour_total = labour_rows(data)
    passive = data.criteria.get("passive_share", {})
    chart = passive_share_chart(
        {MEASURES[m]: passive.get(m) for m in MEASURES}, data.passive_target
    )
    ctx = common(data, "Slutrapport", draft)
    ctx.update(
        {
            "report_title": "Slutrapport (selvevaluering)",
            "sections": sections(FINAL_SECTIONS, data.final_texts, FINAL_REQUIRED, draft),
            "criteria": criteria_rows(data, None, pool),
            "passive_definition": PASSIVE_DEFINITION,
            "passive_chart": chart or "",
            "passive_chart_text": chart.description,
            "labour": labour,
            "labour_total": labour_total,
            "participants": "–" if data.participants is None else str(data.participants),
            "obligations": obligations(data, None, pool),
            "economy": economy(compute_accounts(data, None, pool)),
            "due": due_text(data, "final", pool),
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


def statement_rule(acc: Accounts, pool: Pool) -> str:
    """Which rule chose the statement, in the document's own words."""
    limit = pool.amount("audit_threshold")
    rule = (
        f"Anvendt regel: revisorpåtegning ved tilskud på over {kr(limit)}, ledelsespåtegning "
        f"ved tilskud under {kr(limit)} (puljeopslaget, Krav til regnskab)."
    )
    if acc.period is not None:
        return "Delregnskaber erklæres af ledelsen; påtegningen gælder det endelige regnskab."
    if acc.grant == limit:
        return (
            f"{rule} Tilskuddet er præcis {kr(limit)} og dermed ikke over grænsen, så "
            "hir-docs har anvendt ledelsespåtegning (puljeopslaget nævner ikke præcis "
            f"{kr(limit)}; spørg STAR, hvis I er i tvivl)."
        )
    applied = "revisorpåtegning" if acc.audit_required else "ledelsespåtegning"
    return f"{rule} Tilskuddet er {kr(acc.grant)}, så der er anvendt {applied}."


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
    data: ProjectData, period: str | None = None, pool: Pool | None = None, draft: bool = False
) -> dict[str, Any]:
    pool = pool or load_pool()
    acc = compute_accounts(data, period, pool)
    title, text = statement(acc, pool)
    report_title = "Delregnskab" if period else "Endeligt regnskab"
    ctx = common(data, f"{report_title} {period_label(period)}" if period else report_title, draft)
    ctx.update(
        {
            "report_title": report_title,
            "period": period or "",
            "period_label": period_label(period) if period else whole_period(data),
            "economy": economy(acc),
            "audit_required": acc.audit_required,
            "statement_title": title,
            "statement_text": text,
            "statement_rule": statement_rule(acc, pool),
            "signatures": signatures(data, acc.audit_required),
            "income": [{"name": k, "amount": kr(v)} for k, v in data.income.items()],
            "due": due_text(data, f"part:{period}" if period else "accounts", pool),
        }
    )
    return ctx
