"""Rules on the approved grant recorded in the project data (``ProjectData.approved``):
the record is not edited (its fingerprint), the editable Budget sheet agrees with it
unless STAR has approved the change in writing (sheet Godkendte ændringer), an old file
without the record is named once, and the record agrees with the approved budget.xlsx
when that is checked beside it (a cross check).

A pool whose re-postings need the grantor's written approval first (``pool.toml``:
``reposting_tolerance_pct``, Flere skal med: 0) has spending above a line's approved
budget (with the approved changes) said as an error of its own
(``projectdata-reposting-not-approved``); another pool lacks the fact and the rule is off
(HIR warns about an unexplained overspend: ``projectdata-over-budget-unexplained``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, RuleScope, Severity
from hir_docs.formatting import dato, kr
from hir_docs.model import Budget
from hir_docs.model.accounts import approved_budget
from hir_docs.model.grant import (
    Difference,
    budget_differences,
    change_complete,
    changes_for,
    covering_change,
    differences,
    fingerprint,
)
from hir_docs.model.projectdata import ApprovedChange, ProjectData
from hir_docs.rules import Context, check, define

K = DocKind.PROJECTDATA
GRANT_SHEET = "Tilsagn"
CHANGES_SHEET = "Godkendte ændringer"


# How a municipality gets a project-data file that carries the approved grant.
NEW_FILE = (
    "Opret en ny projektdata-fil (siden Rapporter: Opret projektdata) ud fra det godkendte "
    "ansøgningsskema og budget, og kopiér dine indtastninger over i den."
)
RECORD_EDITED = define(
    code="projectdata-grant-record-edited",
    severity=Severity.ERROR,
    kind=K,
    source="hir-docs: tilsagnet registreres med et fingeraftryk, når projektdata oprettes",
    description="Arket Tilsagn (det godkendte budget, som det blev registreret, da projektdata "
    "blev oprettet) er ændret bagefter: fingeraftrykket passer ikke.",
    hint=f"{NEW_FILE} En ændring, {{grantor}} har godkendt, skrives på arket Godkendte ændringer.",
)
BUDGET_DIFFERS = define(
    code="projectdata-budget-differs-from-grant",
    severity=Severity.ERROR,
    kind=K,
    source="antaget: ændringer i budgettet kræver tilskudsgiverens skriftlige godkendelse",
    description="Arket Budget i projektdata afviger fra det godkendte budget (arket Tilsagn): "
    "en linjes beløb, beløb pr. år, tilskudsberettigelse eller udgiftspost, en linje for "
    "meget eller for lidt, eller en indtægt (anden tilskudsgiver eller medfinansiering), og "
    "{grantor} har ikke godkendt ændringen skriftligt.",
    hint="Ret arket Budget tilbage til det godkendte budget. Har {grantor} godkendt ændringen "
    "skriftligt, så skriv godkendelsen på arket Godkendte ændringer (dato, {grantor}s reference, "
    "linjen og det nye beløb).",
)
CHANGE_APPROVED = define(
    code="projectdata-grant-change-approved",
    severity=Severity.INFO,
    kind=K,
    source="antaget: ændringer i budgettet kræver tilskudsgiverens skriftlige godkendelse",
    description="Arket Budget afviger fra det godkendte budget, men {grantor} har godkendt "
    "ændringen skriftligt (arket Godkendte ændringer).",
    hint="Ingen handling: ændringen er godkendt af {grantor}.",
)
CHANGE_INCOMPLETE = define(
    code="projectdata-grant-change-incomplete",
    severity=Severity.ERROR,
    kind=K,
    source="antaget: ændringer i budgettet kræver tilskudsgiverens skriftlige godkendelse",
    description="En ændring på arket Godkendte ændringer mangler datoen for {grantor}s skriftlige "
    "godkendelse, {grantor}s reference eller linjen, den gælder; den tæller ikke som godkendt.",
    hint="Skriv datoen for {grantor}s skriftlige godkendelse, {grantor}s reference (brev eller "
    "journalnummer) og linjen (fx L3) eller indtægten.",
)
RECORD_MISSING = define(
    code="projectdata-grant-record-missing",
    severity=Severity.WARNING,
    kind=K,
    source="hir-docs: tilsagnet registreres, når projektdata oprettes",
    description="Projektdata-filen er fra før tilsagnet blev registreret (intet ark Tilsagn): "
    "arket Budget kan ikke sammenlignes med det godkendte budget.",
    hint=NEW_FILE,
)
REPOSTING = define(
    code="projectdata-reposting-not-approved",
    severity=Severity.ERROR,
    kind=K,
    description="Forbruget på en budgetlinje er over linjens godkendte budget (ud over puljens "
    "tolerance, reposting_tolerance_pct): en ompostering mellem budgetposter, som {grantor} "
    "ikke har godkendt skriftligt.",
    hint="Har {grantor} godkendt omposteringen skriftligt, så skriv godkendelsen på arket "
    "Godkendte ændringer (dato, {grantor}s reference, linjen og det nye beløb) og ret arket "
    "Budget. Ellers ret forbruget, eller afhold merforbruget uden for tilskuddet.",
)
BUDGET_FILE_DIFFERS = define(
    code="cross-projectdata-grant-budget",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    description="Det godkendte budget (budgetskemaet), der er kontrolleret sammen med "
    "projektdata, afviger fra tilsagnet, som det er registreret i projektdata (arket Tilsagn).",
    hint="Kontrollér, at det er det godkendte budgetskema, og at projektdata er oprettet ud fra "
    "det. Er projektdata oprettet ud fra et andet budget, så opret en ny (siden "
    "Rapporter: Opret projektdata), og kopiér indtastningerne over.",
)


def _amount(value: Any) -> str:
    return kr(int(value or 0))


def _sentence(text: str) -> str:
    """End with one full stop ('... 25.000 kr.' already has it)."""
    return text if text.endswith(".") else f"{text}."


def describe(diff: Difference, ours: str, theirs: str) -> str:
    """One difference in Danish: what ``ours`` (the approved budget) and ``theirs`` say."""
    if diff.what == "missing":
        return f"{diff.label} på {_amount(diff.recorded)} i {ours} mangler i {theirs}."
    if diff.what == "extra":
        return f"{diff.label} på {_amount(diff.found)} i {theirs} står ikke i {ours}."
    if diff.what == "eligible":
        yes = {True: "tilskudsberettiget", False: "ikke tilskudsberettiget"}
        return (
            f"{diff.label}: i {ours} er linjen {yes[bool(diff.recorded)]}, "
            f"{theirs} siger {yes[bool(diff.found)]}."
        )
    if diff.what == "post":
        return f"{diff.label}: {ours} har '{diff.recorded}', {theirs} har '{diff.found}'."
    when = f" for {diff.what[5:]}" if diff.what.startswith("year:") else ""
    return _sentence(
        f"{diff.label}: {ours}{when} er {_amount(diff.recorded)}, "
        f"{theirs} siger {_amount(diff.found)}"
    )


def _change_text(change: ApprovedChange, grantor: str) -> str:
    """'godkendt af STAR 15. januar 2019 (ref. STAR brev 2019-0456)' (the pool's grantor)."""
    when = f" {dato(change.approved_on)}" if change.approved_on else ""
    return f"godkendt af {grantor}{when} (ref. {change.reference})"


@check(K, emits=(RECORD_MISSING, RECORD_EDITED))
def check_record(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    grant = data.approved
    if grant is None:
        yield RECORD_MISSING.finding(
            "Projektdata har intet ark Tilsagn med det godkendte budget (filen er lavet, før "
            "hir-docs registrerede tilsagnet). Derfor kan arket Budget ikke sammenlignes med "
            "det godkendte budget, og godkendte budgetændringer kan ikke registreres.",
            file=ctx.file,
            field="approved",
        )
        return
    if grant.fingerprint != fingerprint(grant):
        yield RECORD_EDITED.finding(
            f"Arket {GRANT_SHEET} er ændret, efter projektdata blev oprettet: det registrerede "
            "tilsagn passer ikke med sit fingeraftryk, så det godkendte budget kan ikke "
            "længere læses derfra.",
            file=ctx.file,
            field="approved",
            location=grant.location,
        )


@check(K, emits=(BUDGET_DIFFERS, CHANGE_APPROVED, CHANGE_INCOMPLETE))
def check_budget_against_grant(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    grant = data.approved
    if grant is None:
        return
    for change in data.approved_changes:
        if not change_complete(change) or not change.line.strip():
            missing = [
                what
                for what, ok in (
                    (f"datoen for {ctx.pool.grantor}s skriftlige godkendelse", change.approved_on),
                    (f"{ctx.pool.grantor}s reference", (change.reference or "").strip()),
                    ("linjen eller indtægten", change.line.strip()),
                )
                if not ok
            ]
            yield CHANGE_INCOMPLETE.finding(
                f"Ændringen på arket {CHANGES_SHEET} ({change.line or 'uden linje'}, nyt beløb "
                f"{_amount(change.new_amount)}) mangler {' og '.join(missing)}, så den tæller "
                f"ikke som godkendt af {ctx.pool.grantor}.",
                file=ctx.file,
                field="approved_changes",
                location=change.location,
            )
    for diff in differences(data):
        field = f"income.{diff.line}" if diff.income else f"lines.{diff.line}"
        covering = covering_change(grant, diff, data.approved_changes)
        if covering is not None:
            if diff.what.startswith("year:"):
                continue  # the change of the line's total is reported once
            yield CHANGE_APPROVED.finding(
                f"{diff.label}: ændret fra {_amount(diff.recorded)} til {_amount(diff.found)}, "
                f"{_change_text(covering, ctx.pool.grantor)}.",
                file=ctx.file,
                field=field,
                location=diff.location,
            )
            continue
        message = describe(diff, "det godkendte budget", "projektdata")
        known = changes_for(grant, diff.line, data.approved_changes)
        if known and diff.what not in ("eligible", "post"):
            message += (
                f" Den seneste ændring, {_change_text(known[-1], ctx.pool.grantor)}, siger "
                f"{_amount(known[-1].new_amount)}"
            )
        message = _sentence(message)
        yield BUDGET_DIFFERS.finding(message, file=ctx.file, field=field, location=diff.location)


@check(K, emits=(REPOSTING,), applies=lambda pool: pool.known("reposting_tolerance_pct"))
def check_reposting(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    """Spending above a line's approved budget (the grant with the grantor's approved
    changes) moves money between budget lines: for a pool that needs written approval
    first (``reposting_tolerance_pct``), an error. Lines outside the approved budget and
    ineligible lines are said by the spending rules (``rules.projectdata``)."""
    tolerance = ctx.pool.number("reposting_tolerance_pct")
    approved = approved_budget(data).lines
    grantor = ctx.pool.grantor
    for line in data.lines:
        rec = approved.get(line.key) if line.approved else None
        if rec is None or not rec.eligible:
            continue
        spent = line.spent_until(None)
        if spent > rec.budget * (1 + tolerance / 100):
            yield REPOSTING.finding(
                f"'{line.label}' er brugt {_amount(spent)} mod et godkendt budget på "
                f"{_amount(rec.budget)} ({_amount(spent - rec.budget)} over). Et merforbrug på "
                "en budgetlinje er en ompostering mellem budgetposter, og arket "
                f"{CHANGES_SHEET} har ingen skriftlig godkendelse fra {grantor} med dato, "
                "der dækker det.",
                file=ctx.file,
                field=f"lines.{line.key}",
                location=line.location,
            )


@check(RuleScope.CROSS, emits=(BUDGET_FILE_DIFFERS,))
def check_grant_against_budget_file(submission: Any, ctx: Context) -> Iterator[Finding]:
    docs: list[Document] = list(submission.documents)
    projects = [
        d
        for d in docs
        if d.kind == DocKind.PROJECTDATA and isinstance(d.model, ProjectData) and d.model.approved
    ]
    budgets = [d for d in docs if d.kind == DocKind.BUDGET and isinstance(d.model, Budget)]
    if len(projects) != 1:
        return
    project = projects[0]
    grant = project.model.approved
    for doc in budgets:
        name = Path(doc.file).name
        for diff in budget_differences(grant, doc.model):
            text = describe(diff, "tilsagnet i projektdata", name)
            yield BUDGET_FILE_DIFFERS.finding(
                text, file=doc.file, field=f"lines.{diff.line}", location=diff.location
            )
