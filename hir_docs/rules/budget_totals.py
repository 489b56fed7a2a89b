"""Budget rules on totals: post subtotals, Udgifter i alt, Indtægter i alt and
Ansøgt tilskud fra STAR = expenses - income (tolerance 1 kr.); the grant per budgeted årsværk."""

from __future__ import annotations

from collections.abc import Iterator

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import kr, number
from hir_docs.model import Budget, BudgetLine
from hir_docs.model.budgetcalc import differs, line_value, year_sum
from hir_docs.pools import load_shared
from hir_docs.rules import Context, Rule, check, define
from hir_docs.rules.budget import HINT_FORMULA, has_lines

POST_TOTAL = define(
    code="budget-post-total",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="antaget: budgettets beregninger (timer × timesats, årskolonner, posttotaler, udgifter og indtægter i alt) skal stemme, med en tolerance på 1 kr.",
    description="En posts total stemmer ikke med summen af postens linjer.",
    hint="Lad postens total være en formel, der summerer postens linjer (fx =SUM).",
)
EXPENSES_TOTAL = define(
    code="budget-expenses-total",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="antaget: budgettets beregninger (timer × timesats, årskolonner, posttotaler, udgifter og indtægter i alt) skal stemme, med en tolerance på 1 kr.",
    description="'Udgifter i alt' stemmer ikke med summen af udgiftsposterne.",
    hint="Lad 'Udgifter i alt' være en formel, der summerer alle udgiftsposter.",
)
INCOME_TOTAL = define(
    code="budget-income-total",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="antaget: budgettets beregninger (timer × timesats, årskolonner, posttotaler, udgifter og indtægter i alt) skal stemme, med en tolerance på 1 kr.",
    description="'Indtægter i alt' stemmer ikke med summen af indtægterne.",
    hint="Lad 'Indtægter i alt' være en formel, der summerer indtægterne.",
)
REQUESTED_ARITH = define(
    code="budget-requested-arithmetic",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="STAR's budgetguide (tilskuddet er et nettotilskud: udgifter minus indtægter); antaget: tolerance 1 kr.",
    description="'Ansøgt tilskud fra STAR' er ikke udgifter i alt minus indtægter i alt.",
    hint="Tilskuddet er et nettotilskud: Ansøgt tilskud = Udgifter i alt - Indtægter i alt.",
)
REQUESTED_MISSING = define(
    code="budget-requested-missing",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="STAR's budgetguide (tilskuddet er et nettotilskud: udgifter minus indtægter)",
    description="Budgettet angiver ikke 'Ansøgt tilskud fra STAR'.",
    hint="Tilføj rækken 'Ansøgt tilskud fra STAR' = Udgifter i alt minus Indtægter i alt.",
)

GRANT_PER_FTE = define(
    code="budget-grant-per-fte",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="antaget: mere end {grant_per_fte_tolerance_pct} % over puljens forhold mellem tilskud og årsværk er for meget",
    description="Det ansøgte tilskud pr. budgetteret årsværk er mere end {grant_per_fte_tolerance_pct} % "
    "over puljeopslagets forhold ({grant_min:kr} til {fte_min} årsværk, {grant_max:kr} til "
    "{fte_max} årsværk); grænsen på {grant_per_fte_tolerance_pct} % er antaget.",
    hint="Kontrollér Timer i alt på lønlinjerne (alle personers timer i hele projektperioden) og "
    "det ansøgte tilskud. Søger kommunen mere end puljeopslagets beløb pr. årsværk, så skriv i "
    "budgettet, hvad det ekstra beløb dækker.",
)


def _requested() -> str:
    """The label of the requested grant in STAR's budget guide (shared by STAR's pools)."""
    return load_shared("budget")["labels"]["requested"]


@check(
    DocKind.BUDGET,
    emits=(
        EXPENSES_TOTAL,
        INCOME_TOTAL,
        POST_TOTAL,
        REQUESTED_ARITH,
        REQUESTED_MISSING,
    ),
)
def check_budget_totals(budget: Budget, ctx: Context) -> Iterator[Finding]:
    # Without lines the budget rules already said so; with formulas that could not be
    # recomputed the sums are unknown (the reader warned) and are not compared.
    if budget.sheet is None or not budget.lines or budget.unknown_cells:
        return
    yield from _totals(budget, ctx)


def _compare_row(
    row: BudgetLine | None, parts: list[BudgetLine], rule: Rule, what: str, ctx: Context
) -> Iterator[Finding]:
    if row is None:
        return
    for year, stated in row.amounts.items():
        if stated is None:
            continue
        expected = sum(x.amounts.get(year) or 0 for x in parts)
        if differs(stated, expected):
            yield rule.finding(
                f"{what} for {year} er {kr(stated)}, men linjerne giver {kr(expected)}",
                file=ctx.file,
                location=row.cells.get(str(year)),
                hint=HINT_FORMULA,
            )
    expected_total = sum(line_value(x) or 0 for x in parts)
    if differs(row.stated_total, expected_total):
        yield rule.finding(
            f"{what} (kolonnen I alt) er {kr(row.stated_total)}, men linjerne giver {kr(expected_total)}",
            file=ctx.file,
            location=row.total_location,
            hint=HINT_FORMULA,
        )


def _totals(budget: Budget, ctx: Context) -> Iterator[Finding]:
    for post in dict.fromkeys(x.post for x in budget.post_totals):
        rows = [x for x in budget.post_totals if x.post == post]
        lines = [x for x in budget.lines if x.post == post]
        merged = rows[0] if len(rows) == 1 else _merge(rows)
        yield from _compare_row(merged, lines, POST_TOTAL, f"Posten {post}", ctx)
    yield from _compare_row(
        budget.expenses_row, budget.lines, EXPENSES_TOTAL, "Udgifter i alt", ctx
    )
    yield from _compare_row(
        budget.income_row, budget.income_lines, INCOME_TOTAL, "Indtægter i alt", ctx
    )
    row = budget.requested_row
    if row is not None and any(loc in budget.formula_errors for loc in row.cells.values()):
        return  # its formula fails in Excel: said at the cell (budget-formula-error)
    if row is None or (row.stated_total is None and year_sum(row) is None):
        yield REQUESTED_MISSING.finding(
            f"Budgettet angiver ikke '{_requested()}'. Udgifter minus indtægter giver "
            f"{kr(budget.computed.get('requested_amount'))}",
            file=ctx.file,
            field="requested_amount",
            location=row.total_location if row else budget.locations.get("header"),
        )
        return
    # Against the sums of the lines: a wrong "Udgifter i alt" is reported on its own cell.
    expenses = budget.computed.get("total_expenses", 0)
    income = budget.computed.get("income_total", 0)
    stated = row.stated_total if row.stated_total is not None else year_sum(row)
    if differs(stated, expenses - income):
        yield REQUESTED_ARITH.finding(
            f"{_requested()} er {kr(stated)}, men udgifterne ({kr(expenses)}) minus "
            f"indtægterne ({kr(income)}) giver {kr(expenses - income)}",
            file=ctx.file,
            field="requested_amount",
            location=row.total_location or row.location,
        )


def _merge(rows: list[BudgetLine]) -> BudgetLine:
    """Several subtotal rows of one post (the post split in blocks) as one row."""
    out = BudgetLine(post=rows[0].post, cells=dict(rows[0].cells))
    out.total_location = rows[0].total_location
    years = {y for x in rows for y in x.amounts}
    for y in years:
        values = [x.amounts.get(y) for x in rows]
        out.amounts[y] = None if any(v is None for v in values) else sum(v or 0 for v in values)
    totals = [x.stated_total for x in rows]
    out.stated_total = None if any(v is None for v in totals) else sum(v or 0 for v in totals)
    return out


@check(DocKind.BUDGET, emits=(GRANT_PER_FTE,))
def grant_per_fte(budget: Budget, ctx: Context) -> Iterator[Finding]:
    """The puljeopslag pairs 0,5 mio. kr. with 1 årsværk and 2 mio. kr. with 4: about
    grant_max / fte_max per årsværk. Far more per budgeted årsværk means the hours or the
    grant are wrong, or the grant pays for more than staff. Hours outside 1-4 årsværk are
    said by budget-fte-range (the same cause, said once)."""
    pool = ctx.pool
    fte, requested = budget.fte, budget.requested_amount
    lo, hi = pool.number("fte_min"), pool.number("fte_max")
    if not has_lines(budget) or not fte or requested is None or not lo <= fte <= hi:
        return
    per_fte = pool.amount("grant_max") / hi
    pct = pool.number("grant_per_fte_tolerance_pct")
    limit = per_fte * (1 + pct / 100)
    if requested / fte <= limit:
        return
    row = budget.requested_row or budget.expenses_row
    yield GRANT_PER_FTE.finding(
        f"Der søges {kr(requested)} til {number(fte, 2)} årsværk, dvs. {kr(round(requested / fte))} "
        f"pr. årsværk. Puljeopslaget giver tilskud mellem {kr(pool.amount('grant_min'))} og "
        f"{kr(pool.amount('grant_max'))}, svarende til {number(lo)}-{number(hi)} årsværk, dvs. ca. "
        f"{kr(round(per_fte))} pr. årsværk. Vi har antaget, at mere end {number(pct)} % over det "
        f"({kr(round(limit))} pr. årsværk) er for meget.",
        file=ctx.file,
        field="requested_amount",
        location=row.total_location if row else budget.locations.get("header"),
    )
