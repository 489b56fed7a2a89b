"""Checks on the reporting of the project-data workbook: report deadlines, labour status
for the final report, the pool's obligations (done, and when: workshops in their quarter,
surveys in their assumed third of the period), payments, and the report being rendered
(``CheckOptions.report``). The rules themselves are declared in ``rules.projectdata``,
which also checks spending, sections and the registrations sheet; the caseload sheet is
checked in ``rules.projectdata_caseload``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, RuleScope, Severity
from hir_docs.formatting import dato, kr
from hir_docs.forms import projectdata_layout as L
from hir_docs.labels import normalise
from hir_docs.model.accounts import deadline
from hir_docs.model.caseload import citizen_key
from hir_docs.model.citizens import RegistrationSheet, RelocatedSheet
from hir_docs.model.projectdata import (
    ProjectData,
    ReportDue,
    obligation_due,
    obligation_window,
    period_label,
    surveys,
    window_text,
    workshops,
)
from hir_docs.pools.reports import ReportLayout, report_layout
from hir_docs.rules import ARREARS, CASELOAD, Context, check, define
from hir_docs.rules.projectdata import (
    LABOUR_MISSING,
    LABOUR_SUM,
    LATE,
    LATE_ASSUMED,
    OBLIGATION_MISSING,
    OVERPAID,
    PARTICIPANTS_REGISTRATIONS,
    REPORT_INCOMPLETE,
    SURVEY_TIMING,
    WORKSHOP_OUTSIDE,
    final_accounts,
    reported_period,
)

K = DocKind.PROJECTDATA
MOVED = "Flyttet"  # the labour-market status of citizens who moved away (pool fact)

RELOCATED_LABOUR = define(
    code="projectdata-labour-status-relocated",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    source="antaget: en fraflyttet borger står som 'Flyttet' ved projektafslutning",
    description="Skemaet til fraflyttede borgere har flere borgere, end arbejdsmarkedsstatus "
    "ved projektafslutning har i statussen 'Flyttet'.",
    hint="Tæl de fraflyttede borgere med i 'Flyttet' ved projektafslutning på arket "
    "Arbejdsmarkedsstatus, eller kontrollér skemaet til fraflyttede borgere.",
)


def _lateness(
    rep: ReportDue, due: dt.date, assumed: bool, today: dt.date, grantor: str
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
            f"Send rapporten til {grantor} hurtigst muligt og skriv datoen i 'Indsendt dato' på "
            "arket Rapporter." + fix,
        )
    if rep.submitted is not None and rep.submitted > due:
        return (
            f"{rep.title} blev sendt {dato(rep.submitted)}, efter {what}.",
            f"Kontakt {grantor} om den sene aflevering; tilskuddet udbetales først på "
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
        late = _lateness(rep, due, assumed, today, ctx.pool.grantor)
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
    """The participants' labour-market status at start and end (the final report's). Off
    for a pool whose facts do not give the statuses (``labour_market_status``)."""
    if not ctx.pool.known("labour_market_status"):
        return
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


def _labour_sums(data: ProjectData) -> dict[str, int]:
    """'ved projektstart'/'ved projektafslutning' -> the labour-status total (filled only)."""
    starts = [s for s, _ in data.labour_status.values() if s is not None]
    ends = [e for _, e in data.labour_status.values() if e is not None]
    sums = {"ved projektstart": sum(starts), "ved projektafslutning": sum(ends)}
    return {k: v for k, v in sums.items() if v}


def _moved_at_end(data: ProjectData) -> int | None:
    for name, (_start, end) in data.labour_status.items():
        if normalise(name) == normalise(MOVED):
            return end
    return None


@check(RuleScope.CROSS, emits=(PARTICIPANTS_REGISTRATIONS, RELOCATED_LABOUR), plugin=CASELOAD)
def check_participants_sheets(submission: Any, ctx: Context) -> Iterator[Finding]:
    """The labour-market status covers every citizen in the project: without a total in
    the project data, its sums against the registration sheet's citizens (the total is
    compared with the sheet in ``rules.projectdata``); the relocated citizens counted in
    'Flyttet' at the end."""
    docs: list[Document] = list(submission.documents)
    projects = [d for d in docs if d.kind == DocKind.PROJECTDATA and d.model is not None]
    if len(projects) != 1:
        return
    data: ProjectData = projects[0].model
    sums = _labour_sums(data)
    regs = [d for d in docs if d.kind == DocKind.REGISTRATIONS and d.model is not None]
    for reg in regs:
        sheet = reg.model
        if data.participants is not None or not isinstance(sheet, RegistrationSheet):
            continue
        citizens = {citizen_key(r.citizen) for r in sheet.rows} - {""}
        for when, value in sums.items():
            if value != len(citizens):
                yield PARTICIPANTS_REGISTRATIONS.finding(
                    f"Arbejdsmarkedsstatus {when} summer til {value}, men "
                    f"registreringsskemaet har {len(citizens)} borgere.",
                    file=projects[0].file,
                    field="labour_status",
                )
    moved: set[str] = set()
    for doc in docs:
        if doc.kind == DocKind.RELOCATED and isinstance(doc.model, RelocatedSheet):
            moved |= {citizen_key(r.cpr or r.name) for r in doc.model.rows} - {""}
    at_end = _moved_at_end(data)
    if moved and "ved projektafslutning" in sums and (at_end or 0) < len(moved):
        yield RELOCATED_LABOUR.finding(
            f"Skemaet til fraflyttede borgere har {len(moved)} borgere, men "
            f"arbejdsmarkedsstatus ved projektafslutning har {at_end or 0} i '{MOVED}'.",
            file=projects[0].file,
            field="labour_status",
        )


@check(K, emits=(OBLIGATION_MISSING,))
def check_obligations(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    horizon = data.reporting_horizon()
    if horizon is None:
        return
    for key, label in report_layout(ctx.pool).obligations.items():
        due = obligation_due(key, ctx.pool, data.project_end)
        ob = data.obligations.get(key)
        if due > horizon or (ob is not None and ob.done):
            continue
        state = (
            "er markeret som ikke gennemført" if ob and ob.done is False else "er ikke registreret"
        )
        when = window_text(key, ctx.pool, data.project_end)
        yield OBLIGATION_MISSING.finding(
            f"'{label}' skulle være gennemført i {when}, men {state} på arket Forpligtelser "
            f"(rapporteret til og med {dato(horizon)}).",
            file=ctx.file,
            field=f"obligations.{key}",
            location=ob.location if ob else None,
        )


def _dated(data: ProjectData, key: str) -> dt.date | None:
    """The date a duty took place, unless it is marked as not done."""
    ob = data.obligations.get(key)
    return ob.date if ob is not None and ob.done is not False else None


def _order_text(data: ProjectData, key: str, day: dt.date, lay: ReportLayout) -> str:
    """' Den ligger desuden før ...' when a survey is dated out of order."""
    order = surveys(lay)
    i = order.index(key)
    out = []
    for j, other in enumerate(order):
        when = _dated(data, other)
        if when is None or j == i:
            continue
        if (j < i and when > day) or (j > i and when < day):
            side = "før" if j < i else "efter"
            out.append(f"{side} '{lay.obligations[other]}' ({dato(when)})")
    return f" Den ligger desuden {' og '.join(out)}." if out else ""


@check(K, emits=(WORKSHOP_OUTSIDE, SURVEY_TIMING))
def check_obligation_dates(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    """A workshop dated outside the quarter the puljeopslag names; a survey dated outside
    its (assumed) third of the project period, or out of order."""
    lay = report_layout(ctx.pool)
    held = workshops(lay)
    for key in (*held, *surveys(lay)):
        day = _dated(data, key)
        window = obligation_window(key, ctx.pool, data.project_end)
        if day is None:
            continue
        early = window.first is not None and day < window.first
        if not early and (window.last is None or day <= window.last):
            continue
        label, where = lay.obligations[key], data.obligations[key].location
        when = window_text(key, ctx.pool, data.project_end)
        if key in held:
            rule, message = (
                WORKSHOP_OUTSIDE,
                f"'{label}' er registreret som holdt {dato(day)}, uden for {when}, som "
                "puljeopslaget nævner.",
            )
        else:
            rule, message = (
                SURVEY_TIMING,
                f"'{label}' er dateret {dato(day)}, {'før' if early else 'efter'} {when}."
                + _order_text(data, key, day, lay),
            )
        yield rule.finding(message, file=ctx.file, field=f"obligations.{key}", location=where)


@check(K, emits=(OVERPAID,), payment=ARREARS)
def check_paid(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    if not data.instalments:
        return
    acc = final_accounts(data, ctx)
    if acc.repayment > 0:
        yield OVERPAID.finding(
            f"{ctx.pool.grantor} har udbetalt {kr(acc.paid)}, men det tilskudsberettigede forbrug (højst "
            f"tilskuddet) er {kr(acc.grant_covered)} Der skal betales {kr(acc.repayment)} "
            "tilbage.",
            file=ctx.file,
            field="instalments",
            location=data.instalments[-1].location,
        )


# --- the report being rendered --------------------------------------------------------


def _project_field(key: str, ctx: Context) -> str:
    return f"'{L.project_fields(ctx.pool)[key][0]}' på arket {L.PROJECT}"


def _report_gaps(data: ProjectData, ctx: Context) -> Iterator[tuple[str, str, str]]:
    """(field key, what is missing, how to fix it) for the report being rendered."""
    report, period = ctx.options.report, reported_period(data, ctx)
    lay = report_layout(ctx.pool)
    if not data.journal_number:
        yield (
            "journal_number",
            _project_field("journal_number", ctx),
            f"Skriv journalnummeret fra tilsagnsbrevet; {ctx.pool.grantor} finder sagen ud fra det.",
        )
    if report == "status" and period is not None:
        texts = data.status_texts.get(period, {})
        for key in lay.status_required:
            if not texts.get(key):
                yield (
                    f"status:{period}:{key}",
                    f"Statusafsnittet '{lay.status_sections[key]}' for {period_label(period)} "
                    f"på arket {L.STATUS}",
                    "Beskriv halvårets aktiviteter og fremdrift på arket Status.",
                )
    if report == "final":
        for key in lay.final_required:
            if not data.final_texts.get(key):
                yield (
                    f"final:{key}",
                    f"Slutrapportens afsnit '{lay.final_sections[key]}' på arket {L.FINAL}",
                    "Skriv afsnittet på arket Slutrapport.",
                )
        if data.participants is None:
            yield (
                "participants",
                _project_field("participants", ctx),
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
