"""Budget rules on what the workbook holds beyond the budget's cells (issue 15).

A total whose saved value is an Excel error (``#REF!``, ``#VALUE!``, ``#DIV/0!``,
``#NAME?``), amounts in hidden rows, another budget on a hidden sheet, and two visible
budget sheets. The reader (``readers/budget_sheets.py``) records them on the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import kr
from hir_docs.model import Budget, BudgetLine
from hir_docs.model.budgetcalc import line_value
from hir_docs.rules import Context, check, define
from hir_docs.rules.budget import described

FORMULA_ERROR = define(
    code="budget-formula-error",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="antaget: budgettets beregninger (timer × timesats, årskolonner, posttotaler, udgifter og indtægter i alt) skal stemme, med en tolerance på 1 kr.",
    description="En formel i budgettet giver en fejlværdi i Excel (#REF!, #VALUE!, #DIV/0!, #NAME?).",
    hint="Ret formlen (fx =SUM over postens linjer), så cellen viser et beløb, og gem igen.",
)
HIDDEN_ROW = define(
    code="budget-hidden-row",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="antaget: det, {grantor} godkender, er det, der står synligt i budgettet",
    description="En skjult række indeholder et beløb, der tælles med i budgettets summer.",
    hint="Vis rækken (markér rækkerne omkring den, højreklik, Vis), eller slet den, hvis "
    "beløbet ikke hører til budgettet.",
)
HIDDEN_SHEET = define(
    code="budget-hidden-sheet",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="antaget: det, {grantor} godkender, er det, der står synligt i budgettet",
    description="Et skjult ark i projektmappen indeholder et andet budget.",
    hint="Slet det skjulte ark, eller vis det, hvis det er det rigtige budget, og indsend "
    "projektmappen med ét budget.",
)
DUPLICATE_SHEET = define(
    code="budget-duplicate-sheet",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="antaget: det, {grantor} godkender, er det, der står synligt i budgettet",
    description="Projektmappen har flere synlige ark med et budget.",
    hint="Slet de ark, der ikke er budgettet, så projektmappen kun har ét budgetark.",
)

_WHAT = {
    "requested": "Ansøgt tilskud fra STAR (udgifter i alt minus indtægter i alt)",
    "expenses": "Udgifter i alt (summen af udgiftsposterne)",
    "income_total": "Indtægter i alt (summen af indtægterne)",
}


def _sum(lines: list[BudgetLine], column: str) -> int | None:
    """The lines' sum in one column: a year, or "total" (each line's value); None for
    any other column ("hours", "rate", "persons"), where a sum means nothing."""
    if column == "total":
        values = [line_value(x) for x in lines]
    elif column.isdigit():
        values = [x.amounts.get(int(column)) for x in lines]
    else:
        return None
    return sum(v or 0 for v in values)


def _expected(budget: Budget, row: BudgetLine, column: str) -> tuple[int | None, str]:
    """What the failing cell should show, and what it is."""
    expenses, income = budget.lines, budget.income_lines
    if row is budget.requested_row:
        exp, inc = _sum(expenses, column), _sum(income, column)
        value = None if exp is None or inc is None else exp - abs(inc)
        return value, _WHAT["requested"]
    if row is budget.expenses_row:
        return _sum(expenses, column), _WHAT["expenses"]
    if row is budget.income_row:
        inc = _sum(income, column)
        return (abs(inc) if inc is not None else None), _WHAT["income_total"]
    if row in budget.post_totals:
        parts = [x for x in expenses if x.post == row.post]
        return _sum(parts, column), f"posten {row.post} (summen af postens linjer)"
    known = [v for v in row.amounts.values() if v is not None]
    if column == "total" and known:
        return sum(
            known
        ), f"linjen {described(row) if row.function else row.post} (summen af årene)"
    return None, f"linjen {described(row) if row.function else row.post}"


def _rows(budget: Budget) -> list[BudgetLine]:
    totals = (budget.requested_row, budget.expenses_row, budget.income_row)
    return [*(r for r in totals if r), *budget.post_totals, *budget.lines, *budget.income_lines]


_COLUMN = re.compile(r"!\$?([A-Z]+)")


def _from_text_number(budget: Budget, loc: str, error: str) -> bool:
    """#VALUE! in a column holding a number typed as text: "=G10+G11" fails on the text.
    The cause is reported at the text cell (budget-number-as-text), once."""
    texts: dict[str, str] = getattr(budget, "text_numbers", {}) or {}
    if error != "#VALUE!" or not texts:
        return False
    column = _COLUMN.search(loc)
    return column is not None and any(
        (m := _COLUMN.search(t)) is not None and m.group(1) == column.group(1) for t in texts
    )


@check(DocKind.BUDGET, emits=(FORMULA_ERROR,))
def check_formula_errors(budget: Budget, ctx: Context) -> Iterator[Finding]:
    """A cell showing #REF! etc. is an error at that cell, with the value we expect."""
    if not budget.formula_errors:
        return
    done: set[str] = set()
    for row in _rows(budget):
        for column, loc in row.cells.items():
            error = budget.formula_errors.get(loc)
            if error is None or loc in done or _from_text_number(budget, loc, error):
                continue
            done.add(loc)
            value, what = _expected(budget, row, column)
            where = f"for {column}" if column.isdigit() else "i kolonnen I alt"
            expected = (
                f" Her forventes {kr(value)} for {what} {where}."
                if value is not None
                else f" Værdien for {what} kan ikke regnes ud uden formlen."
            )
            yield FORMULA_ERROR.finding(
                f"Cellen {loc} viser fejlværdien {error}: formlen virker ikke i Excel, så "
                f"beløbet kan ikke aflæses.{expected}",
                file=ctx.file,
                field="requested_amount" if row is budget.requested_row else None,
                location=loc,
            )


@check(DocKind.BUDGET, emits=(HIDDEN_ROW,))
def check_hidden_rows(budget: Budget, ctx: Context) -> Iterator[Finding]:
    """Amounts in hidden rows are summed, but neither the applicant nor STAR sees them."""
    for line in budget.hidden_lines:
        what = f"{line.post}: {described(line)}" if line.function else line.post
        yield HIDDEN_ROW.finding(
            f"Rækken med {what} ({line.location}) er skjult, men dens beløb "
            f"({kr(line_value(line))}) tælles med i budgettets summer. Hverken ansøger eller "
            f"{ctx.pool.grantor} ser beløbet, når budgettet læses på skærm eller papir.",
            file=ctx.file,
            location=line.location,
        )


def _amounts(requested: int | None, expenses: int | None) -> str:
    parts = []
    if requested is not None:
        parts.append(f"ansøgt tilskud {kr(requested)}")
    if expenses is not None:
        parts.append(f"udgifter i alt {kr(expenses)}")
    return " og ".join(parts) if parts else "ingen aflæselige totaler"


@check(DocKind.BUDGET, emits=(HIDDEN_SHEET, DUPLICATE_SHEET))
def check_other_sheets(budget: Budget, ctx: Context) -> Iterator[Finding]:
    """Other sheets holding a budget: name them, say which one was checked and why."""
    checked = f"'{budget.sheet}' ({_amounts(budget.requested_amount, budget.total_expenses)})"
    visible = [s for s in budget.other_sheets if s.visibility == "visible"]
    for sheet in budget.other_sheets:
        if sheet.visibility == "visible":
            continue
        how = (
            "meget skjult (kan ikke vises fra Excels menuer)"
            if sheet.visibility == ("veryhidden")
            else "skjult"
        )
        yield HIDDEN_SHEET.finding(
            f"Arket '{sheet.name}' er {how} og indeholder et andet budget "
            f"({_amounts(sheet.requested_amount, sheet.total_expenses)}). Kun arket {checked} er "
            f"kontrolleret; det skjulte budget ser hverken ansøger eller {ctx.pool.grantor}.",
            file=ctx.file,
            location=sheet.name,
        )
    if visible:
        names = " og ".join(f"'{s.name}'" for s in visible)
        why = f", {budget.sheet_reason}" if budget.sheet_reason else ""
        same = all(
            s.requested_amount == budget.requested_amount
            and s.total_expenses == budget.total_expenses
            for s in visible
        )
        compare = (
            "De viser de samme totaler."
            if same
            else "De viser forskellige totaler: "
            + "; ".join(
                f"'{s.name}': {_amounts(s.requested_amount, s.total_expenses)}" for s in visible
            )
        )
        yield DUPLICATE_SHEET.finding(
            f"Projektmappen har flere synlige budgetark: {names} ud over '{budget.sheet}'. "
            f"Kontrolleret er arket {checked}{why}. {compare}",
            file=ctx.file,
            location=budget.sheet,
        )
