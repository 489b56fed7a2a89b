"""Rules of STAR's grant letters (``hir-docs grants``) and of the revised budget a grant
below the amount applied for asks of the municipality.

The decision rules are built by ``hir_docs.grants`` while it reads the decision sheet
(no check is registered for them: they live here so ``hir-docs rules`` lists them). The
revised budget is a check of the project data: the approved grant recorded on its sheet
Tilsagn is below what the approved budget asks of the pool (expenses minus other income),
and no change STAR approved in writing (sheet Godkendte ændringer) has brought the budget
down to the grant.
"""

from __future__ import annotations

from collections.abc import Iterator

from hir_docs.findings import DocKind, Finding, RuleScope, Severity
from hir_docs.formatting import kr
from hir_docs.model.grant import approved_amount
from hir_docs.model.projectdata import ApprovedChange, ApprovedGrant, ProjectData
from hir_docs.rules import Context, check, define

# Our own service: a letter is written only from a decision filled in (no ";").
OWN_LETTERS = "hir-docs: et tilsagnsbrev skrives kun ud fra en udfyldt afgørelse"

DECISION_INCOMPLETE = define(
    code="grants-decision-incomplete",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source=OWN_LETTERS,
    description="En afgørelse på arket Afgørelser mangler noget, brevet skal sige (for et "
    "tilsagn: bevilget beløb, journalnummer og fristen for hver rapport og hvert regnskab; "
    "for et afslag: journalnummer); brevet er ikke skrevet.",
    hint="Udfyld de gule felter i afgørelsens række, og skriv brevene igen.",
)
DECISION_INVALID = define(
    code="grants-decision-invalid",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source=OWN_LETTERS,
    description="En celle på arket Afgørelser kan ikke læses (bevilget skal være ja eller nej, "
    "beløb hele kroner, frister datoer), eller det bevilgede beløb er over det ansøgte; "
    "brevet er ikke skrevet.",
    hint="Ret cellen, og skriv brevene igen.",
)
DECISION_MISSING = define(
    code="grants-decision-missing",
    severity=Severity.INFO,
    kind=RuleScope.CROSS,
    source=OWN_LETTERS,
    description="En ansøgning på arket Afgørelser har endnu ingen afgørelse (bevilget er "
    "tom); der er ikke skrevet noget brev til kommunen.",
    hint="Skriv ja eller nej i kolonnen 'Bevilget (ja/nej)', når {grantor} har truffet afgørelsen.",
)
BUDGET_UNREADABLE = define(
    code="grants-budget-unreadable",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source="hir-docs: tilsagnet registrerer det godkendte budget fra kommunens budgetskema",
    description="Kommunens budgetskema i indbakken kan ikke læses (eller findes ikke), så "
    "tilsagnet kan ikke registrere de godkendte budgetlinjer; hverken tilsagnsbrev eller "
    "tilsagnsfil er skrevet.",
    hint="Bed kommunen sende budgetskemaet igen, læg det i indsendelsens mappe i indbakken, "
    "og skriv brevene igen.",
)
REVISED_BUDGET = define(
    code="projectdata-grant-revised-budget",
    severity=Severity.WARNING,
    kind=DocKind.PROJECTDATA,
    source="antaget: et tilsagn under det ansøgte beløb kræver et revideret budget, som "
    "tilskudsgiveren godkender skriftligt",
    description="Tilsagnet (arket Tilsagn) er mindre end det, det godkendte budget søger om "
    "(udgifter minus andre indtægter): kommunen skal sende et revideret budget, der svarer "
    "til tilsagnet, og {grantor}s skriftlige godkendelse af det skrives på arket Godkendte "
    "ændringer.",
    hint="Send et revideret budget til {grantor}. Når {grantor} har godkendt det skriftligt, "
    "så skriv de nye beløb på arket Godkendte ændringer (dato, {grantor}s reference, linjen "
    "og det nye beløb) og ret arket Budget.",
)


def budget_need(grant: ApprovedGrant, changes: list[ApprovedChange]) -> int:
    """What the approved budget asks of the pool now: the approved expense lines minus the
    income rows (other grantors and own financing), each with the changes STAR approved."""
    lines = sum(approved_amount(grant, line.key, changes) for line in grant.lines)
    income = sum(approved_amount(grant, name, changes) for name in grant.income)
    return lines - income


@check(DocKind.PROJECTDATA, emits=(REVISED_BUDGET,))
def check_revised_budget(data: ProjectData, ctx: Context) -> Iterator[Finding]:
    yield from revised_budget_findings(data, ctx.pool.grantor, ctx.file)


def revised_budget_findings(data: ProjectData, grantor: str, file: str | None) -> list[Finding]:
    """The finding "revideret budget" while the approved budget asks for more than the
    grant (none for a record whose grant is not known)."""
    grant = data.approved
    if grant is None or grant.grant is None:
        return []
    need = budget_need(grant, data.approved_changes)
    if need <= grant.grant:
        return []
    return [
        REVISED_BUDGET.finding(
            f"Tilsagnet er {kr(grant.grant)}, men det godkendte budget søger om {kr(need)} "
            f"({kr(need - grant.grant)} mere). Send et revideret budget, der svarer til "
            f"tilsagnet, til {grantor}, og skriv {grantor}s godkendelse på arket Godkendte "
            "ændringer.",
            file=file,
            field="approved",
            location=grant.location,
        )
    ]
