"""Checks on the reporting of the project-data workbook: report deadlines, labour status
for the final report, caseload totals, the pool's obligations, payments, and the report
being rendered (``CheckOptions.report``). The rules themselves are declared in
``rules.projectdata``, which also checks spending, sections and the registrations sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hir_docs.findings import DocKind, Finding
from hir_docs.formatting import dato, dato_kort, kr, mask_cpr_text
from hir_docs.forms import projectdata_layout as L
from hir_docs.model.accounts import compute_accounts, deadline
from hir_docs.model.projectdata import (
    FINAL_REQUIRED,
    FINAL_SECTIONS,
    OBLIGATIONS,
    STATUS_REQUIRED,
    STATUS_SECTIONS,
    ProjectData,
    ReportDue,
    obligation_due,
    period_bounds,
    period_label,
)
from hir_docs.rules import Context, check
from hir_docs.rules.projectdata import (
    CASELOAD_MISSING,
    LABOUR_MISSING,
    LABOUR_SUM,
    LATE,
    LATE_ASSUMED,
    OBLIGATION_MISSING,
    OVERPAID,
    REPORT_INCOMPLETE,
    reported_period,
)

K = DocKind.PROJECTDATA


def _lateness(
    rep: ReportDue, due: dt.date, assumed: bool, today: dt.date
) -> tuple[str, str] | None:
    """(message, hint) when ``rep`` is overdue or was sent after ``due``."""
    what = (
        f"den forventede frist {dato(due)} (antaget af hir-docs – fristen står i tilsagnsbrevet)"
        if assumed
        else f"fristen {dato(due)}"
    )
    fix = " Skriv fristen fra tilsagnsbrevet i 'Frist' på arket Rapporter." if assumed else ""
    if rep.submitted is None and today > due:
        return (
            f"{rep.title} skulle være sendt senest {what} og er ikke markeret som sendt.",
            "Send rapporten til STAR hurtigst muligt og skriv datoen i 'Indsendt dato' på "
            "arket Rapporter." + fix,
        )
    if rep.submitted is not None and rep.submitted > due:
        return (
            f"{rep.title} blev sendt {dato(rep.submitted)}, efter {what}.",
            "Kontakt STAR om den sene aflevering; tilskuddet udbetales først på "
            "baggrund af rapporten." + fix,
        )
    return None


@check(K, emits=(LATE, LATE_ASSUMED))
def check_deadlines(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    today = ctx.options.today or dt.date.today()
    for rep in data.reports:
        due, assumed = deadline(data, rep.key, ctx.pool)
        if due is None:
            continue
        late = _lateness(rep, due, assumed, today)
        if late:
            message, hint = late
            yield (LATE_ASSUMED if assumed else LATE).finding(
                message,
                file=ctx.file,
                field=f"reports.{rep.key}",
                location=rep.location,
                hint=hint,
            )


def _final_due(data: ProjectData) -> bool:
    """The project's last half-year is accounted for: the final report is being written."""
    return bool(data.periods) and data.has_spending(data.periods[-1])


@check(K, emits=(LABOUR_MISSING, LABOUR_SUM))
def check_labour(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    starts = [s for s, _ in data.labour_status.values() if s is not None]
    ends = [e for _, e in data.labour_status.values() if e is not None]
    loc = ctx.file
    if _final_due(data) and ctx.options.report != "final":  # else check_report says it
        missing = []
        if data.participants is None:
            missing.append("'Borgere i projektet i alt' på arket Projekt")
        if not sum(starts):
            missing.append("arbejdsmarkedsstatus ved projektstart")
        if not sum(ends):
            missing.append("arbejdsmarkedsstatus ved projektafslutning")
        if missing:
            yield LABOUR_MISSING.finding(
                f"Slutrapporten skal vise deltagernes arbejdsmarkedsstatus, men "
                f"{' og '.join(missing)} er ikke udfyldt.",
                file=loc,
                field="labour_status",
                location=data.locations.get("participants") if data.participants is None else None,
            )
            return
    if not starts and not ends:
        return
    total = data.participants
    sums = {"ved projektstart": sum(starts), "ved projektafslutning": sum(ends)}
    if total is None:
        if sums["ved projektstart"] != sums["ved projektafslutning"] and starts and ends:
            yield LABOUR_SUM.finding(
                f"Arbejdsmarkedsstatus ved projektstart summer til {sums['ved projektstart']}, "
                f"men ved projektafslutning til {sums['ved projektafslutning']}.",
                file=loc,
                field="labour_status",
            )
        return
    for when, value in sums.items():
        if value and value != total:
            yield LABOUR_SUM.finding(
                f"Arbejdsmarkedsstatus {when} summer til {value}, men der er {total} borgere "
                "i projektet i alt.",
                file=loc,
                field="labour_status",
                location=data.locations.get("participants"),
            )


def _horizon(data: ProjectData) -> dt.date | None:
    """The last day the reporting covers: the end of the last half-year with spending."""
    last = data.last_reported_period()
    if last is None:
        return None
    end = period_bounds(last)[1]
    return min(end, data.project_end) if data.project_end else end


@check(K, emits=(CASELOAD_MISSING,))
def check_caseload_totals(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    horizon = _horizon(data)
    if horizon is None:
        return
    dates = [d for d in data.snapshot_dates if d <= horizon]
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
    for cw in data.caseworkers:
        missing = [d for d in dates if d not in cw.totals]
        if missing:
            days = ", ".join(dato_kort(d) for d in missing[:3])
            more = f" og {len(missing) - 3} andre" if len(missing) > 3 else ""
            name = mask_cpr_text(cw.name)  # free text: may hold a CPR number
            yield CASELOAD_MISSING.finding(
                f"Den samlede sagsstamme for {name} mangler {days}{more}.",
                file=ctx.file,
                field=f"caseworkers.{name}",
                location=cw.location,
            )


@check(K, emits=(OBLIGATION_MISSING,))
def check_obligations(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    horizon = _horizon(data)
    if horizon is None:
        return
    for key, label in OBLIGATIONS.items():
        due = obligation_due(key, ctx.pool, data.project_end)
        ob = data.obligations.get(key)
        if due > horizon or (ob is not None and ob.done):
            continue
        state = (
            "er markeret som ikke gennemført" if ob and ob.done is False else "er ikke registreret"
        )
        yield OBLIGATION_MISSING.finding(
            f"'{label}' skulle være gennemført senest {dato(due)}, men {state} på arket "
            "Forpligtelser.",
            file=ctx.file,
            field=f"obligations.{key}",
            location=ob.location if ob else None,
        )


@check(K, emits=(OVERPAID,))
def check_paid(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    if not data.instalments:
        return
    acc = compute_accounts(data, None, ctx.pool)
    if acc.payable < 0:
        yield OVERPAID.finding(
            f"STAR har udbetalt {kr(acc.paid)}, men det tilskudsberettigede forbrug (højst "
            f"tilskuddet) er {kr(acc.grant_covered)} Der skal betales {kr(-acc.payable)} tilbage.",
            file=ctx.file,
            field="instalments",
            location=data.instalments[-1].location,
        )


# --- the report being rendered --------------------------------------------------------


def _project_field(key: str) -> str:
    return f"'{L.PROJECT_FIELDS[key][0]}' på arket {L.PROJECT}"


def _report_gaps(data: ProjectData, ctx: Context) -> Iterator[tuple[str, str, str]]:
    """(field key, what is missing, how to fix it) for the report being rendered."""
    report, period = ctx.options.report, reported_period(data, ctx)
    if not data.journal_number:
        yield (
            "journal_number",
            _project_field("journal_number"),
            "Skriv journalnummeret fra tilsagnsbrevet; STAR finder sagen ud fra det.",
        )
    if report == "status" and period is not None:
        texts = data.status_texts.get(period, {})
        for key in STATUS_REQUIRED:
            if not texts.get(key):
                yield (
                    f"status:{period}:{key}",
                    f"Statusafsnittet '{STATUS_SECTIONS[key]}' for {period_label(period)} "
                    f"på arket {L.STATUS}",
                    "Beskriv halvårets aktiviteter og fremdrift på arket Status.",
                )
    if report == "final":
        for key in FINAL_REQUIRED:
            if not data.final_texts.get(key):
                yield (
                    f"final:{key}",
                    f"Slutrapportens afsnit '{FINAL_SECTIONS[key]}' på arket {L.FINAL}",
                    "Skriv afsnittet på arket Slutrapport.",
                )
        if data.participants is None:
            yield (
                "participants",
                _project_field("participants"),
                "Skriv, hvor mange borgere der har været i projektet i alt.",
            )
        for when, index in (("projektstart", 0), ("projektafslutning", 1)):
            if not sum(v[index] or 0 for v in data.labour_status.values()):
                yield (
                    "labour_status",
                    f"Deltagernes arbejdsmarkedsstatus ved {when} på arket {L.LABOUR}",
                    "Skriv, hvor mange borgere der var i hver status.",
                )
    last = data.periods[-1] if data.periods else None
    if report in ("final", "accounts") and period is None and last and not data.has_spending(last):
        yield (
            f"spent:{last}",
            f"Forbruget for projektets sidste halvår ({period_label(last)}) på arket {L.SPENDING}",
            "Bogfør forbruget for hele projektperioden, før regnskab og slutrapport laves.",
        )
    if report == "accounts" and period is not None and not data.has_spending(period):
        yield (
            f"spent:{period}",
            f"Forbruget for {period_label(period)} på arket {L.SPENDING}",
            "Skriv halvårets forbrug pr. budgetlinje, før delregnskabet laves.",
        )


REPORT_NAMES = {"status": "Statusrapporten", "final": "Slutrapporten", "accounts": "Regnskabet"}


@check(K, emits=(REPORT_INCOMPLETE,))
def check_report(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    """When a report is rendered (``CheckOptions.report``): everything that report shows
    must be filled in, so no official document goes out with empty sections."""
    report = ctx.options.report
    if report not in REPORT_NAMES:
        return
    name = REPORT_NAMES[report]
    period = reported_period(data, ctx)
    if report == "accounts" and period is not None:
        name = f"Delregnskabet for {period_label(period)}"
    elif report == "status" and period is not None:
        name = f"Statusrapporten for {period_label(period)}"
    for key, what, hint in _report_gaps(data, ctx):
        yield REPORT_INCOMPLETE.finding(
            f"{name} kan ikke laves: {what} er ikke udfyldt.",
            file=ctx.file,
            field=key,
            location=data.locations.get(key),
            hint=hint,
        )
