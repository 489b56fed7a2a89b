"""Rules for the project-data workbook (reporting after the grant is approved): the
catalogue of every project-data rule, the checks on what the workbook keeps (spending
per budget line, the required sections) and the registrations sheet against the project
(a cross check). The checks on reporting (deadlines, labour status, obligations,
payments, the report being rendered) are in ``rules.projectdata_reports``, those on the
caseload sheet in ``rules.projectdata_caseload``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, HirDocsError, RuleScope, Severity
from hir_docs.formatting import kr, percent
from hir_docs.kommuner import find_kommune
from hir_docs.model.accounts import Accounts, compute_accounts
from hir_docs.model.projectdata import (
    ProjectData,
    SpendLine,
    parse_period,
    period_label,
)
from hir_docs.pools.reports import report_layout
from hir_docs.rules import ARREARS, CASELOAD, Context, Rule, check, define

K = DocKind.PROJECTDATA

NOT_APPROVED = define(
    code="projectdata-line-not-approved",
    severity=Severity.WARNING,
    kind=K,
    source="antaget: en udgift uden for det godkendte budget er ikke tilskudsberettiget og vises i regnskabet som kommunens egen finansiering med kommunens forklaring",
    description="Der er forbrug på en linje, som ikke står i det godkendte budget; regnskabet "
    "viser det som kommunens egen finansiering med kommunens forklaring.",
    hint="Hører udgiften til en godkendt budgetlinje, så før den dér. Ellers afholder kommunen "
    "den selv; {grantor} dækker den ikke.",
)
NOT_APPROVED_UNEXPLAINED = define(
    code="projectdata-line-not-approved-unexplained",
    severity=Severity.ERROR,
    kind=K,
    source="antaget: en udgift uden for det godkendte budget er ikke tilskudsberettiget og vises i regnskabet som kommunens egen finansiering med kommunens forklaring",
    description="Der er forbrug på en linje, som ikke står i det godkendte budget, og ingen "
    "forklaring i bemærkningen.",
    hint="Skriv i linjens bemærkning, hvad udgiften er, og hvorfor den ligger uden for det "
    "godkendte budget.",
)
AUDIT_EXACT = define(
    code="projectdata-audit-threshold-exact",
    severity=Severity.INFO,
    kind=K,
    source="antaget: et tilskud på præcis {audit_threshold:kr} er ikke over grænsen, så det endelige regnskab ledelsespåtegnes",
    description="Tilskuddet er præcis {audit_threshold:kr}: puljeopslaget nævner "
    "revisorpåtegning over og ledelsespåtegning under beløbet, men ikke præcis beløbet.",
    hint="Se i tilsagnsbrevet, om {grantor} kræver revisorpåtegning; ellers laves det endelige "
    "regnskab med ledelsespåtegning.",
)
INCOME_NOT_REPORTED = define(
    code="projectdata-income-not-reported",
    severity=Severity.WARNING,
    kind=K,
    source="antaget: tilskud fra andre tilskudsgivere opgøres, som de er modtaget, pr. halvår, og er intet opgjort, fratrækkes hele det godkendte beløb",
    description="Det er ikke opgjort, hvad en anden tilskudsgiver har udbetalt pr. halvår; "
    "regnskabet fratrækker derfor hele det godkendte beløb fra {grantor}'s andel.",
    hint="Skriv de beløb, tilskudsgiveren har udbetalt, pr. halvår i projektdata.",
)
INELIGIBLE = define(
    code="projectdata-ineligible-spending",
    severity=Severity.ERROR,
    kind=K,
    description="Der er forbrug på en budgetlinje, som ikke er tilskudsberettiget.",
    hint="Fjern forbruget fra regnskabet til {grantor}; kommunen afholder det selv.",
)
OVER_BUDGET = define(
    code="projectdata-over-budget-unexplained",
    severity=Severity.WARNING,
    kind=K,
    source="hir-docs: afvigelser over {over_budget_tolerance_pct} % forklares",
    description="En budgetlinje er overskredet med mere end {over_budget_tolerance_pct} % uden en "
    "forklaring i bemærkningen.",
    hint="Forklar overskridelsen i linjens bemærkning.",
)
MISSING = define(
    code="projectdata-missing-section",
    severity=Severity.ERROR,
    kind=K,
    description="Et påkrævet felt eller afsnit i projektdata er tomt.",
    hint="Udfyld feltet i projektdata-projektmappen.",
)
LATE = define(
    code="projectdata-report-late",
    severity=Severity.WARNING,
    kind=K,
    source="hir-docs: fristen som skrevet i projektdata",
    description="En rapport eller et regnskab er ikke sendt inden fristen fra tilsagnsbrevet.",
    hint="Send rapporten eller regnskabet til {grantor} hurtigst muligt, og skriv datoen i projektdata.",
)
LATE_ASSUMED = define(
    code="projectdata-report-late-assumed-deadline",
    severity=Severity.WARNING,
    kind=K,
    source="antaget af hir-docs: statusrapport og delregnskab {part_report_due_months} måneder efter halvåret",
    description="En rapport eller et regnskab er ikke sendt inden den frist, hir-docs forventer "
    "(fristen fra tilsagnsbrevet er ikke skrevet i projektdata).",
    hint="Skriv fristen fra tilsagnsbrevet i kolonnen 'Frist' på arket Rapporter.",
)
LABOUR_MISSING = define(
    code="projectdata-labour-status-missing",
    severity=Severity.ERROR,
    kind=K,
    description="Slutrapporten mangler deltagernes arbejdsmarkedsstatus ved start og afslutning "
    "eller antallet af borgere i projektet.",
    hint="Udfyld arket Arbejdsmarkedsstatus og 'Borgere i projektet i alt' på arket Projekt.",
)
LABOUR_SUM = define(
    code="projectdata-labour-status-sum",
    severity=Severity.ERROR,
    kind=K,
    description="Arbejdsmarkedsstatus ved start eller afslutning summer ikke til antallet af "
    "borgere i projektet.",
    hint="Hver borger i projektet skal tælles én gang ved start (eller ved sin start i "
    "projektet) og én gang ved afslutning.",
)
CASELOAD_MISSING = define(
    code="projectdata-caseload-total-missing",
    severity=Severity.WARNING,
    kind=K,
    description="Den samlede sagsstamme mangler for en koordinerende sagsbehandler på en "
    "opgørelsesdato, så loftet kan ikke bekræftes i statusrapporten.",
    hint="Skriv sagsbehandlerens samlede antal sager (alle borgere) på arket Sagsstammer.",
)
OBLIGATION_MISSING = define(
    code="projectdata-obligation-missing",
    severity=Severity.WARNING,
    kind=K,
    source="antaget af hir-docs: surveys »ved projektopstart«, »midtvejs« og »ved afslutning« læses som første, midterste og sidste tredjedel af projektperioden",
    description="En workshop, en sagsbehandlersurvey eller en registrering, der skulle være "
    "gennemført i den rapporterede periode, er ikke registreret som gennemført (en survey: "
    "når dens antagne tredjedel af projektperioden er forbi).",
    hint="Skriv 'Ja' og datoen på arket Forpligtelser, eller forklar i bemærkningen, hvorfor "
    "den ikke er gennemført.",
)
WORKSHOP_OUTSIDE = define(
    code="projectdata-workshop-outside-quarter",
    severity=Severity.WARNING,
    kind=K,
    description="En workshop er registreret med en dato uden for det kvartal, puljeopslaget "
    "nævner.",
    hint="Tjek datoen på arket Forpligtelser. Er den rigtig, så forklar i bemærkningen, "
    "hvorfor workshoppen lå uden for kvartalet.",
)
SURVEY_TIMING = define(
    code="projectdata-survey-timing",
    severity=Severity.WARNING,
    kind=K,
    source="antaget af hir-docs: surveys »ved projektopstart«, »midtvejs« og »ved afslutning« læses som første, midterste og sidste tredjedel af projektperioden",
    description="En sagsbehandlersurvey er dateret uden for sin (antagne) del af "
    "projektperioden eller i forkert rækkefølge (opstart, midtvejs, afslutning).",
    hint="Tjek datoen på arket Forpligtelser: opstartssurveyen ved projektets start, "
    "midtvejssurveyen midt i perioden og den afsluttende survey ved projektets afslutning.",
)
CASEWORKER_NO_CASES = define(
    code="projectdata-caseworker-without-cases",
    severity=Severity.WARNING,
    kind=K,
    description="En koordinerende sagsbehandler står på arket Sagsstammer uden nogen sager "
    "(0 eller tomt) på alle opgørelsesdatoer.",
    hint="Skriv sagsbehandlerens samlede antal sager pr. opgørelsesdato. Arbejder personen "
    "ikke med borgere i ressourceforløb, så fjern rækken; alle, der gør, skal indgå i "
    "projektet med deres borgere.",
)
CASELOAD_ABOVE = define(
    code="projectdata-caseload-above-limit",
    severity=Severity.ERROR,
    kind=K,
    source="antaget af hir-docs: sagerne omregnes til fuld tid på {hours_per_week_full_time} timer pr. uge",
    description="En koordinerende sagsbehandler har over {caseload_max} sager (hele "
    "sagsstammen, omregnet til fuld tid; antaget: {hours_per_week_full_time} timer pr. uge) "
    "på en eller flere opgørelsesdatoer.",
    hint="Fordel sagerne, så hver koordinerende sagsbehandler har højst "
    "{caseload_min}-{caseload_max} sager pr. fuld stilling, og tjek timer pr. uge og "
    "antallet af sager på arket Sagsstammer.",
)
PARTICIPANTS_REGISTRATIONS = define(
    code="projectdata-participants-registrations",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    description="Antallet af borgere i projektdata svarer ikke til antallet af borgere i "
    "registreringsskemaet.",
    hint="Ret 'Borgere i projektet i alt' (og arbejdsmarkedsstatus), eller kontrollér "
    "registreringsskemaet.",
)
OTHER_JOBCENTER = define(
    code="projectdata-registrations-other-jobcenter",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    description="Registreringsskemaet er fra et andet jobcenter end projektets kommune.",
    hint="Brug kommunens eget registreringsskema.",
)
REPORT_INCOMPLETE = define(
    code="projectdata-report-incomplete",
    severity=Severity.ERROR,
    kind=K,
    source="antaget: journalnummeret står i tilsagnsbrevet",
    description="Rapporten eller regnskabet, der skal laves, mangler et afsnit eller en "
    "oplysning i projektdata.",
    hint="Udfyld det, der mangler, i projektdata-projektmappen, og lav rapporten igen.",
)
OVERPAID = define(
    code="projectdata-overpaid",
    severity=Severity.WARNING,
    kind=K,
    description="De udbetalte rater er større end det tilskudsberettigede forbrug (op til tilskuddet).",
    hint="Kontrollér de udbetalte rater på arket Udbetalinger og forbruget på arket Forbrug.",
)


def _on_line(
    rule: Rule, ctx: Context, line: SpendLine, message: str, hint: str | None = None
) -> Finding:
    """A finding about one budget line, pointing at its row on the sheet Forbrug."""
    return rule.finding(
        message, file=ctx.file, field=f"lines.{line.key}", location=line.location, hint=hint
    )


@check(K, emits=(INELIGIBLE, NOT_APPROVED, NOT_APPROVED_UNEXPLAINED, OVER_BUDGET))
def check_lines(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    tolerance = ctx.pool.number("over_budget_tolerance_pct")
    for line in data.lines:
        spent = line.spent_until(None)
        if not line.approved:
            if spent:
                yield _outside_budget(ctx, line, spent)
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
        if spent > limit and not line.remark and not line.remarks:
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


def _outside_budget(ctx: Context, line: SpendLine, spent: int) -> Finding:
    """Spending on a line the municipality added: shown in the accounts as its own
    financing with its explanation (a warning); without an explanation an error."""
    if line.remark or line.remarks:
        return _on_line(
            NOT_APPROVED,
            ctx,
            line,
            f"Forbrug på {kr(spent)} på '{line.label}', som ikke står i det godkendte budget. "
            "Regnskabet viser det som ikke tilskudsberettiget og finansieret af kommunen, med "
            "kommunens forklaring.",
        )
    return _on_line(
        NOT_APPROVED_UNEXPLAINED,
        ctx,
        line,
        f"Forbrug på {kr(spent)} på '{line.label}', som ikke står i det godkendte budget, og "
        "der er ingen forklaring i bemærkningen.",
    )


@check(K, emits=(AUDIT_EXACT,))
def check_audit_threshold(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    """A grant of exactly the threshold: the puljeopslag names neither side of it."""
    limit = ctx.pool.amount("audit_threshold")
    grant = data.approved.grant if data.approved and data.approved.grant else data.grant
    if grant == limit:
        yield AUDIT_EXACT.finding(
            f"Tilskuddet er på præcis {kr(limit)}: puljeopslaget kræver revisorpåtegning ved "
            f"tilskud over {kr(limit)} og ledelsespåtegning ved tilskud under {kr(limit)}, men "
            "nævner ikke præcis det beløb. Det endelige regnskab laves med ledelsespåtegning "
            "(antaget: tilskuddet er ikke over grænsen).",
            file=ctx.file,
            field="grant",
            location=data.locations.get("grant"),
        )


def final_accounts(data: ProjectData, ctx: Context) -> Accounts:
    """``compute_accounts(data, None, ctx.pool)``, computed once per check of the file
    (several checks read the final accounts; none changes them)."""
    kept = ctx.memo.get("final_accounts")
    if kept is not None and kept[0] is data and kept[1] is ctx.pool:
        return kept[2]
    acc = compute_accounts(data, None, ctx.pool)
    ctx.memo["final_accounts"] = (data, ctx.pool, acc)
    return acc


@check(K, emits=(INCOME_NOT_REPORTED,), payment=ARREARS)
def check_income_received(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    """Another grantor's money is counted as received: say where nothing is reported."""
    last = data.last_reported_period()
    if last is None:
        return
    acc = final_accounts(data, ctx)
    for other in acc.other_income:
        if other.reported or other.budget is None:
            continue
        yield INCOME_NOT_REPORTED.finding(
            f"Der er ikke opgjort, hvad {other.name} har udbetalt pr. halvår. Regnskabet "
            f"fratrækker derfor hele det godkendte beløb på {kr(other.budget)} fra {ctx.pool.grantor}'s "
            "andel.",
            file=ctx.file,
            field=f"income_received.{other.name}",
            location=data.income_locations.get(other.name),
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
    covered = reported_period(data, ctx) if ctx.options.report == "status" else None
    lay = report_layout(ctx.pool)
    for period in data.periods:
        if not data.has_spending(period):
            continue  # nothing reported for this half-year yet
        if period == covered:
            continue  # check_report names what the status report being made lacks
        texts = data.status_texts.get(period, {})
        for key in lay.status_required:
            if not texts.get(key):
                yield _missing(
                    ctx,
                    data,
                    f"status:{period}:{key}",
                    f"Statusafsnittet '{lay.status_sections[key]}' for {period_label(period)}",
                    "Der er forbrug i halvåret, så statusrapporten skal beskrive aktiviteterne. "
                    "Skriv teksten på arket Status.",
                )
    if last and ctx.options.report != "final" and data.has_spending(last):
        for key in lay.final_required:
            if not data.final_texts.get(key):
                yield _missing(
                    ctx,
                    data,
                    f"final:{key}",
                    f"Slutrapportens afsnit '{lay.final_sections[key]}'",
                    "Projektperiodens sidste halvår er regnskabsført, så slutrapporten skal "
                    "skrives. Udfyld afsnittet på arket Slutrapport.",
                )


def reported_period(data: ProjectData, ctx: Context) -> str | None:
    """The half-year of the status report or part accounts being rendered (the default
    when none is named; None when the named one is no half-year of the project: ``render``
    says so)."""
    if ctx.options.period is None:
        return data.default_period() if ctx.options.report == "status" else None
    try:
        period = parse_period(ctx.options.period)
    except HirDocsError:
        return None
    return period if not data.periods or period in data.periods else None


@check(RuleScope.CROSS, emits=(PARTICIPANTS_REGISTRATIONS, OTHER_JOBCENTER), plugin=CASELOAD)
def check_projectdata_registrations(submission: Any, ctx: Context) -> Iterator[Finding]:
    docs: list[Document] = list(submission.documents)
    projects = [d for d in docs if d.kind == DocKind.PROJECTDATA and d.model is not None]
    regs = [d for d in docs if d.kind == DocKind.REGISTRATIONS]
    if len(projects) != 1 or not regs:
        return
    data: ProjectData = projects[0].model
    for reg in regs:
        yield from registrations_mismatch(data, reg.fields, reg.file)


def registrations_mismatch(
    data: ProjectData, fields: dict[str, Any], file: str
) -> Iterator[Finding]:
    """The registrations sheet (its reader's fields) against the project data: same
    jobcenter, and as many citizens as the project has in all."""
    code = fields.get("municipality_code")
    own = data.municipality_code
    if code and own and str(code) != str(own):
        other = find_kommune(str(code))
        name = other.name if other else f"kommunekode {code}"
        yield OTHER_JOBCENTER.finding(
            f"Registreringsskemaet er fra {name}, men projektets kommune er "
            f"{data.municipality or own}.",
            file=file,
            field="municipality_code",
        )
        return
    citizens = fields.get("citizens")
    if (
        data.participants is not None
        and isinstance(citizens, int)
        and citizens != data.participants
    ):
        yield PARTICIPANTS_REGISTRATIONS.finding(
            f"Registreringsskemaet har {citizens} borgere, men projektdata siger "
            f"{data.participants} borgere i projektet i alt.",
            file=file,
            field="participants",
            location=data.locations.get("participants"),
        )
