"""Checks on the sheet Sagsstammer of the project-data workbook: every coordinating
caseworker's whole caseload (mixed caseloads included; Q&A 2018, spørgsmål 3) on each
snapshot date, scaled to full time (reduced hours for meeting leaders; Q&A 2018,
spørgsmål 4 om modulet) and held against the pool's limit; totals not filled in; and
caseworkers listed without any case (all caseworkers take part with their citizens;
Q&A 2018, spørgsmål 2 og 15); a caseworker's months before the start or after the end
(``CaseworkerLoad.start``/``end``) are neither judged nor missing. Those rules are declared
in ``rules.projectdata``; declared here: a report text saying the limit was held while
the sheet shows a month over it, and (with the registration sheet) more citizens in
resource courses registered for a caseworker than their whole caseload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, RuleScope, Severity
from hir_docs.formatting import dato, dato_kort, mask_cpr_text, number
from hir_docs.model.caseload import (
    LoadSummary,
    caseload_snapshots,
    caseworker_key,
    default_snapshot_dates,
    fictitious_keys,
    limit_held_claim,
    summarise_load,
)
from hir_docs.model.citizens import RegistrationSheet
from hir_docs.model.projectdata import (
    CaseworkerLoad,
    ProjectData,
    period_bounds,
    period_label,
)
from hir_docs.pools.reports import report_layout
from hir_docs.rules import CASELOAD, Context, check, define
from hir_docs.rules.citizen_text import hours_text
from hir_docs.rules.projectdata import CASELOAD_ABOVE, CASELOAD_MISSING, CASEWORKER_NO_CASES

K = DocKind.PROJECTDATA
SHOWN_DATES = 6  # dates named in a message; the rest are counted
SHOWN_WORKERS = 5  # caseworkers named in a message; the rest are counted

CASELOAD_CLAIM = define(
    code="projectdata-caseload-claim-contradicted",
    severity=Severity.ERROR,
    kind=K,
    source="antaget: en tekst i en rapport, som kommunen underskriver, må ikke sige andet end tallene på arket Sagsstammer",
    description="En tekst til status- eller slutrapporten siger, at loftet på "
    "{caseload_max} sager er overholdt, men arket Sagsstammer viser en eller flere "
    "måneder over loftet (pr. fuldtidsstilling) i samme periode.",
    hint="Ret teksten, så den nævner de måneder og sagsbehandlere, der var over loftet, "
    "og hvad kommunen har gjort ved det; er tallene på arket Sagsstammer forkerte, så ret "
    "dem i stedet.",
)
CASELOAD_BELOW_REGISTRATIONS = define(
    code="projectdata-caseload-below-registrations",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    description="En koordinerende sagsbehandler har flere borgere i ressourceforløb i "
    "registreringsskemaet end sager i alt på arket Sagsstammer samme dato; den samlede "
    "sagsstamme omfatter også ressourceforløbene.",
    hint="Tjek sagsbehandlerens samlede antal sager på arket Sagsstammer og borgernes "
    "datoer i registreringsskemaet.",
)


def _due_dates(data: ProjectData) -> list[dt.date]:
    """The snapshot dates the reporting has reached (none before any spending)."""
    horizon = data.reporting_horizon()
    return [] if horizon is None else [d for d in data.snapshot_dates if d <= horizon]


def _active(cw: CaseworkerLoad, dates: list[dt.date]) -> list[dt.date]:
    """The dates the caseworker was in the project (not before the start, not after the end)."""
    return [d for d in dates if cw.active_on(d)]


def _without_cases(cw: CaseworkerLoad, due: list[dt.date]) -> bool:
    """Listed without any case: no count above 0, and either a date is due (in the
    caseworker's time in the project) or the row has counts (a row whose counts are simply
    not typed yet, before any date is due, is not judged)."""
    return not any(n > 0 for n in cw.totals.values()) and bool(_active(cw, due) or cw.totals)


def _dates_text(dates: Sequence[dt.date]) -> str:
    shown = ", ".join(dato_kort(d) for d in dates[:SHOWN_DATES])
    more = len(dates) - SHOWN_DATES
    return f"{shown} og {more} andre" if more > 0 else shown


def _real(data: ProjectData, ctx: Context) -> list[CaseworkerLoad]:
    """The caseworkers of the sheet, without the fictitious ones (Q&A 2018, spørgsmål 6
    om modulet: they hold citizens on leave, not a caseload)."""
    fictitious = fictitious_keys(ctx.pool)
    return [cw for cw in data.caseworkers if caseworker_key(cw.name) not in fictitious]


def summaries(
    data: ProjectData, ctx: Context, dates: Sequence[dt.date] | None = None
) -> list[LoadSummary]:
    """Every real caseworker's whole caseload on ``dates`` (all snapshot dates and every
    date with a count when None), scaled to full time, against the limit. Those of all
    dates are computed once per check of the file (two checks read them; none changes
    them)."""
    if dates is None:
        kept = ctx.memo.get("caseload_summaries")
        if kept is not None and kept[0] is data and kept[1] is ctx.pool:
            return list(kept[2])
    limit = ctx.pool.number("caseload_max")
    full_time = ctx.pool.number("hours_per_week_full_time")
    out = []
    for cw in _real(data, ctx):
        days = dates if dates is not None else sorted(set(data.snapshot_dates) | set(cw.totals))
        out.append(summarise_load(cw, days, limit, full_time))
    if dates is None:
        ctx.memo["caseload_summaries"] = (data, ctx.pool, tuple(out))
    return out


@check(K, emits=(CASELOAD_MISSING,), plugin=CASELOAD)
def check_caseload_totals(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    dates = _due_dates(data)
    if not dates:
        return
    if not data.caseworkers:
        yield CASELOAD_MISSING.finding(
            "Arket Sagsstammer nævner ingen koordinerende sagsbehandlere, så loftet på "
            f"{ctx.pool['caseload_min']}-{ctx.pool['caseload_max']} sager kan ikke bekræftes.",
            file=ctx.file,
            field="caseworkers",
        )
        return
    real = {id(cw) for cw in _real(data, ctx)}
    for cw in data.caseworkers:
        if id(cw) in real and _without_cases(cw, dates):
            continue  # check_without_cases names the caseworker
        missing = [d for d in _active(cw, dates) if d not in cw.totals]
        if missing:
            name = mask_cpr_text(cw.name)  # free text: may hold a CPR number
            yield CASELOAD_MISSING.finding(
                f"Den samlede sagsstamme for {name} mangler {_dates_text(missing)}.",
                file=ctx.file,
                field=f"caseworkers.{name}",
                location=cw.location,
            )


@check(K, emits=(CASEWORKER_NO_CASES,), plugin=CASELOAD)
def check_without_cases(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    due = _due_dates(data)
    for cw in _real(data, ctx):
        if not _without_cases(cw, due):
            continue
        name = mask_cpr_text(cw.name)
        judged = sorted(set(_active(cw, due)) | set(cw.totals))
        state = "0" if cw.totals else "tomt"
        if cw.totals and len(cw.totals) < len(judged):
            state = "0 eller tomt"
        yield CASEWORKER_NO_CASES.finding(
            f"{name} står på arket Sagsstammer uden nogen sager: antallet er {state} på alle "
            f"{len(judged)} opgørelsesdatoer ({_dates_text(judged)}). Alle koordinerende "
            "sagsbehandlere, der arbejder med ressourceforløb, skal indgå i projektet med "
            "deres borgere.",
            file=ctx.file,
            field=f"caseworkers.{name}",
            location=cw.location,
        )


@check(K, emits=(CASELOAD_ABOVE,), plugin=CASELOAD)
def check_caseload_limit(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    """Every month of every caseworker in the project (a month before the start or after
    the end is not judged): the whole caseload scaled to full time (raw counts when the
    hours are unknown) against the pool's limit; one finding per caseworker, at the cell
    of the highest month."""
    limit = ctx.pool.number("caseload_max")
    full_time = ctx.pool.number("hours_per_week_full_time")
    for cw, s in zip(_real(data, ctx), summaries(data, ctx), strict=True):
        if not s.over:
            continue
        top = max(s.over, key=lambda d: (s.counts[d], d))
        cases = s.counts[top]
        name = mask_cpr_text(cw.name)
        months = f"{len(s.over)} opgørelsesdatoer" if len(s.over) > 1 else "1 opgørelsesdato"
        hours = s.hours
        if hours is None:
            given = "ikke oplyst" if cw.hours is None else "ikke et gyldigt antal"
            how = (
                f"Timer pr. uge er {given}, så antallet er vurderet, som om {name} er "
                f"på fuld tid ({hours_text(full_time)} timer pr. uge, antaget)."
            )
        elif hours == full_time:
            how = f"{name} er på fuld tid ({hours_text(hours)} timer pr. uge)."
        else:
            how = (
                f"Ved {hours_text(hours)} timer pr. uge svarer det til "
                f"{number(s.per_fte[top], 1)} sager ved fuld tid (antaget "
                f"{hours_text(full_time)} timer pr. uge)."
            )
        yield CASELOAD_ABOVE.finding(
            f"{name} har over puljens grænse på højst {number(limit)} sager pr. "
            f"koordinerende sagsbehandler på {months} ({_dates_text(s.over)}); højst "
            f"{cases} sager den {dato(top)}. {how} Grænsen gælder hele sagsstammen, også "
            "sager uden for ressourceforløb.",
            file=ctx.file,
            field=f"caseworkers.{name}",
            location=cw.cells.get(top) or cw.location,
        )


def _breaches(found: list[LoadSummary], lo: dt.date, hi: dt.date) -> list[tuple[str, list[str]]]:
    """(caseworker, ['nov 18: 38', ...]) for every month over the limit from lo to hi."""
    out = []
    for s in found:
        over = [d for d in s.over if lo <= d <= hi]
        if over:
            shown = [
                f"{dato_kort(d)}: {number(s.per_fte[d], 0 if s.per_fte[d].is_integer() else 1)}"
                for d in over
            ]
            out.append((mask_cpr_text(s.name), shown))
    return out


def _breaches_text(breaches: list[tuple[str, list[str]]]) -> str:
    named = "; ".join(
        f"{name} ({', '.join(months[:SHOWN_DATES])}{' …' if len(months) > SHOWN_DATES else ''})"
        for name, months in breaches[:SHOWN_WORKERS]
    )
    more = len(breaches) - SHOWN_WORKERS
    return named + (f" og {more} andre" if more > 0 else "")


@check(K, emits=(CASELOAD_CLAIM,), plugin=CASELOAD)
def check_caseload_claims(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    """A status text (its half-year) or a final-report text (the whole project) that says
    the limit was held, while the sheet Sagsstammer shows a month over it then."""
    found = summaries(data, ctx)
    limit = number(ctx.pool.number("caseload_max"))
    texts: list[tuple[str, str, str, dt.date, dt.date, str]] = []
    lay = report_layout(ctx.pool)
    for period, by_key in data.status_texts.items():
        try:
            lo, hi = period_bounds(period)
        except (ValueError, IndexError):
            continue
        for key, text in by_key.items():
            title = (
                f"Statusteksten '{lay.status_sections.get(key, key)}' for {period_label(period)}"
            )
            texts.append((f"status:{period}:{key}", title, text, lo, hi, "i halvåret"))
    for key, text in data.final_texts.items():
        title = f"Slutrapportens tekst '{lay.final_sections.get(key, key)}'"
        texts.append((f"final:{key}", title, text, dt.date.min, dt.date.max, "i projektperioden"))
    for field, title, text, lo, hi, when in texts:
        claim = limit_held_claim(text)
        breaches = _breaches(found, lo, hi) if claim else []
        if not claim or not breaches:
            continue
        who = "1 sagsbehandler" if len(breaches) == 1 else f"{len(breaches)} sagsbehandlere"
        yield CASELOAD_CLAIM.finding(
            f"{title} siger »{claim}«, men arket Sagsstammer viser {who} over loftet på "
            f"{limit} sager pr. fuldtidsstilling {when}: {_breaches_text(breaches)}.",
            file=ctx.file,
            field=field,
            location=data.locations.get(field),
        )


@check(RuleScope.CROSS, emits=(CASELOAD_BELOW_REGISTRATIONS,), plugin=CASELOAD)
def check_caseload_registrations(submission: Any, ctx: Context) -> Iterator[Finding]:
    """The registration sheet's citizens per caseworker on the project data's month ends
    (the caseworker's time in the project only) against the whole caseload there."""
    docs: list[Document] = list(submission.documents)
    projects = [d for d in docs if d.kind == DocKind.PROJECTDATA and d.model is not None]
    regs = [d for d in docs if d.kind == DocKind.REGISTRATIONS and d.model is not None]
    if len(projects) != 1 or not regs:
        return
    data: ProjectData = projects[0].model
    loads = {caseworker_key(cw.name): cw for cw in _real(data, ctx)}
    for reg in regs:
        sheet: RegistrationSheet = reg.model
        if not data.snapshot_dates or not isinstance(sheet, RegistrationSheet):
            continue
        worst: dict[str, tuple[int, int, dt.date]] = {}
        asked = sorted(set(data.snapshot_dates))
        read = sorted(set(ctx.options.snapshot_dates)) or default_snapshot_dates(
            sheet.rows, ctx.pool
        )
        # The reader counted the sheet already; count again only on other dates.
        points = (
            sheet.snapshots
            if asked == read
            else caseload_snapshots(
                sheet.rows,
                data.snapshot_dates,
                ctx.pool,
                keys=sheet.caseworker_keys(),
                citizens=sheet.citizen_keys(),
            )
        )
        for p in points:
            cw = loads.get(caseworker_key(p.caseworker))
            total = cw.totals.get(p.date) if cw is not None else None
            if cw is None or total is None or not cw.active_on(p.date) or p.cases <= total:
                continue
            key = caseworker_key(cw.name)
            if key not in worst or p.cases - total > worst[key][0] - worst[key][1]:
                worst[key] = (p.cases, total, p.date)
        for key, (cases, total, day) in worst.items():
            cw = loads[key]
            name = mask_cpr_text(cw.name)
            yield CASELOAD_BELOW_REGISTRATIONS.finding(
                f"{name} har {cases} borgere i ressourceforløb i registreringsskemaet den "
                f"{dato(day)}, men kun {total} sager i alt på arket Sagsstammer samme dato. "
                "Den samlede sagsstamme omfatter også ressourceforløbene.",
                file=projects[0].file,
                field=f"caseworkers.{name}",
                location=cw.cells.get(day) or cw.location,
            )
