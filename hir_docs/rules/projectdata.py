"""Rules for the project-data workbook (reporting after the grant is approved)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import dato, kr, percent
from hir_docs.model.accounts import compute_accounts
from hir_docs.model.projectdata import (
    FINAL_REQUIRED,
    FINAL_SECTIONS,
    STATUS_REQUIRED,
    STATUS_SECTIONS,
    ProjectData,
    ReportDue,
    SpendLine,
    period_label,
)
from hir_docs.rules import Context, Rule, check, define

K = DocKind.PROJECTDATA

NOT_APPROVED = define(
    code="projectdata-line-not-approved",
    severity=Severity.ERROR,
    kind=K,
    source="puljeopslag, Krav til regnskab (regnskabet skal modsvares af udgiftsposterne i det godkendte budget)",
    description="Der er forbrug på en linje, som ikke står i det godkendte budget.",
    hint="Bogfør forbruget på en af de godkendte budgetlinjer, eller søg STAR om en budgetændring.",
)
INELIGIBLE = define(
    code="projectdata-ineligible-spending",
    severity=Severity.ERROR,
    kind=K,
    source="puljeopslag, Tilskudsberettigede udgifter; Q&A 2018, spørgsmål 17",
    description="Der er forbrug på en budgetlinje, som ikke er tilskudsberettiget.",
    hint="Fjern forbruget fra regnskabet til STAR; kommunen afholder det selv.",
)
OVER_BUDGET = define(
    code="projectdata-over-budget-unexplained",
    severity=Severity.WARNING,
    kind=K,
    source="puljeopslag, Krav til regnskab (regnskabet skal modsvares af det godkendte budget); "
    "hir-docs: afvigelser over 10 % forklares",
    description="En budgetlinje er overskredet med mere end 10 % uden en forklaring i bemærkningen.",
    hint="Forklar overskridelsen i linjens bemærkning.",
)
MISSING = define(
    code="projectdata-missing-section",
    severity=Severity.ERROR,
    kind=K,
    source="puljeopslag, Krav om afrapportering (halvårlig statusrapport; slutrapport/selvevaluering)",
    description="Et påkrævet felt eller afsnit i projektdata er tomt.",
    hint="Udfyld feltet i projektdata-projektmappen.",
)
LATE = define(
    code="projectdata-report-late",
    severity=Severity.WARNING,
    kind=K,
    source="puljeopslag, Krav til regnskab (endeligt regnskab senest tre måneder efter projektperioden; "
    "delregnskaber halvårligt – hir-docs-standardfrist 2 måneder efter halvåret)",
    description="En rapport eller et regnskab er ikke sendt inden fristen.",
    hint="Send rapporten eller regnskabet til STAR hurtigst muligt, og skriv datoen i projektdata.",
)
OVERPAID = define(
    code="projectdata-overpaid",
    severity=Severity.WARNING,
    kind=K,
    source="puljeopslag, Udbetaling (tilskuddet udbetales bagudrettet på baggrund af regnskaberne)",
    description="De udbetalte rater er større end det tilskudsberettigede forbrug (op til tilskuddet).",
    hint="Kontrollér de udbetalte rater på arket Udbetalinger og forbruget på arket Forbrug.",
)


def _on_line(rule: Rule, ctx: Context, line: SpendLine, message: str, hint: str) -> Finding:
    """A finding about one budget line, pointing at its row on the sheet Forbrug."""
    return rule.finding(
        message, file=ctx.file, field=f"lines.{line.key}", location=line.location, hint=hint
    )


@check(
    K,
    emits=(
        INELIGIBLE,
        NOT_APPROVED,
        OVER_BUDGET,
    ),
)
def check_lines(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    tolerance = ctx.pool.number("over_budget_tolerance_pct")
    for line in data.lines:
        spent = line.spent_until(None)
        if not line.approved:
            if spent:
                yield _on_line(
                    NOT_APPROVED,
                    ctx,
                    line,
                    f"Forbrug på {kr(spent)} på '{line.label}', som ikke står i det godkendte budget.",
                    "Før udgiften på den godkendte budgetlinje, den hører til, eller få STARs "
                    "skriftlige godkendelse af en budgetændring først.",
                )
            continue
        if spent and not line.eligible:
            yield _on_line(
                INELIGIBLE,
                ctx,
                line,
                f"Forbrug på {kr(spent)} på '{line.label}', som ikke er tilskudsberettiget.",
                "Tilskuddet dækker kun løn til koordinerende sagsbehandlere, transport og "
                "repræsentation til erfaringsworkshoppen samt revision. Fjern forbruget fra "
                "regnskabet, eller finansiér det selv.",
            )
        limit = line.budget * (1 + tolerance / 100)
        if spent > limit and not line.remark:
            over = (spent - line.budget) / line.budget * 100 if line.budget else 100.0
            yield _on_line(
                OVER_BUDGET,
                ctx,
                line,
                f"'{line.label}' er brugt {kr(spent)} mod et budget på {kr(line.budget)} "
                f"({percent(over)} over), og der er ingen forklaring.",
                "Skriv i kolonnen 'Bemærkning / forklaring på afvigelse', hvorfor linjen er "
                "overskredet.",
            )


def _missing(ctx: Context, data: ProjectData, key: str, what: str, hint: str) -> Finding:
    return MISSING.finding(
        f"{what} er ikke udfyldt.",
        file=ctx.file,
        field=key,
        location=data.locations.get(key),
        hint=hint,
    )


@check(K, emits=(MISSING,))
def check_sections(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    facts = {
        "project_name": (data.project_name, "Projektets navn"),
        "municipality": (data.municipality, "Kommune"),
        "grant": (data.grant, "Bevilget tilskud"),
    }
    for key, (value, label) in facts.items():
        if not value:
            yield _missing(
                ctx, data, key, f"'{label}' på arket Projekt", "Skriv værdien fra tilsagnsbrevet."
            )
    last = data.periods[-1] if data.periods else None
    for period in data.periods:
        if not any(line.spent.get(period) for line in data.lines):
            continue  # nothing reported for this half-year yet
        texts = data.status_texts.get(period, {})
        for key in STATUS_REQUIRED:
            if not texts.get(key):
                yield _missing(
                    ctx,
                    data,
                    f"status:{period}:{key}",
                    f"Statusafsnittet '{STATUS_SECTIONS[key]}' for {period_label(period)}",
                    "Der er forbrug i halvåret, så statusrapporten skal beskrive aktiviteterne. "
                    "Skriv teksten på arket Status.",
                )
    if last and any(line.spent.get(last) for line in data.lines):
        for key in FINAL_REQUIRED:
            if not data.final_texts.get(key):
                yield _missing(
                    ctx,
                    data,
                    f"final:{key}",
                    f"Slutrapportens afsnit '{FINAL_SECTIONS[key]}'",
                    "Projektperiodens sidste halvår er regnskabsført, så slutrapporten skal "
                    "skrives. Udfyld afsnittet på arket Slutrapport.",
                )


def _lateness(rep: ReportDue, today: dt.date) -> tuple[str, str] | None:
    """(message, hint) when ``rep`` is overdue or was sent after its deadline."""
    if rep.deadline is None:
        return None
    if rep.submitted is None and today > rep.deadline:
        return (
            f"{rep.title} skulle være sendt senest {dato(rep.deadline)} og er ikke markeret "
            "som sendt.",
            "Send rapporten til STAR hurtigst muligt og skriv datoen i 'Indsendt dato' på "
            "arket Rapporter. Er fristen en anden i jeres tilsagnsbrev, så ret 'Frist'.",
        )
    if rep.submitted is not None and rep.submitted > rep.deadline:
        return (
            f"{rep.title} blev sendt {dato(rep.submitted)}, efter fristen {dato(rep.deadline)}.",
            "Kontakt STAR om den sene aflevering; tilskuddet udbetales først på "
            "baggrund af rapporten.",
        )
    return None


@check(K, emits=(LATE,))
def check_deadlines(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    today = ctx.options.today or dt.date.today()
    for rep in data.reports:
        late = _lateness(rep, today)
        if late:
            message, hint = late
            yield LATE.finding(
                message,
                file=ctx.file,
                field=f"reports.{rep.key}",
                location=rep.location,
                hint=hint,
            )


@check(K, emits=(OVERPAID,))
def check_paid(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    if not data.instalments:
        return
    acc = compute_accounts(data, None, ctx.pool)
    if acc.payable < 0:
        yield OVERPAID.finding(
            f"STAR har udbetalt {kr(acc.paid)}, men det tilskudsberettigede forbrug (højst "
            f"tilskuddet) er {kr(acc.grant_covered)}. Der skal betales {kr(-acc.payable)} tilbage.",
            file=ctx.file,
            field="instalments",
            location=data.instalments[-1].location,
        )
