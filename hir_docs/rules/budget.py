"""Rules for the budget workbook (kind "budget"): arithmetic, eligibility, limits, period.

Every rule reads the ``Budget`` model only (rules never open files). Amounts are
compared with a tolerance of 1 kr. Locations point to the cell, e.g. "Budget!I14".
"""

from __future__ import annotations

from collections.abc import Iterator

from hir_docs.findings import Finding, Severity
from hir_docs.formatting import dato, kr, number
from hir_docs.model import Budget, BudgetLine
from hir_docs.model.budgetcalc import (
    TOLERANCE,
    clearly_ineligible,
    differs,
    is_transport,
    line_value,
    salary_function_class,
    salary_product,
    year_sum,
)
from hir_docs.rules import Context, check, define

ARITH = "budgetguide (totaler og beregninger skal stemme); puljeopslag, Krav til regnskab (regnskabet skal modsvares af udgiftsposterne i det godkendte budget)"
ELIGIBLE = "puljeopslag, Tilskudsberettigede udgifter; Q&A 2018, spørgsmål 17"
SALARY = "budgetguide, Løn (funktion, antal personer, timer og timesats); FAQ Flere skal med 2017 (lønudgifter fordelt på antal medarbejdere, arbejdsfunktion, lønsats og timer)"
FTE = "puljeopslag, indledning (tilskud mellem 0,5 og 2 mio. kr., svarende til 1-4 årsværk); årsværk = 1.924 timer"
RATE = (
    "hir-docs skøn over realistisk timesats 150-600 kr. (puljeopslag: 'at budgettet er realistisk')"
)
GRANT = "puljeopslag, indledning (tilskud mellem 0,5 mio. kr. og 2 mio. kr.)"
AUDIT = "puljeopslag, Krav til regnskab (revisorpåtegnet regnskab ved tilskud over 500.000 kr.) og Tilskudsberettigede udgifter (Revision)"
PERIOD = "puljeopslag, Projektperiode (20. december 2017 til 1. april 2019)"
START = "Q&A 2018, spørgsmål 1 til puljeopslaget (den egentlige projektstart er 1. marts 2018)"
RECIPIENT = (
    "puljeopslag, Ansøgerkreds (puljen kan ansøges af kommuner); budgetskema, Tilskudsmodtager"
)

LAYOUT_UNKNOWN = define(
    "budget-layout-unknown",
    Severity.ERROR,
    "budget",
    "puljeopslag, Budgetskema (Excel); budgetguide (udgiftsposter og årskolonner)",
    "Budgettets kolonneoverskrifter (årstal og I alt) blev ikke fundet.",
)

NOT_COMPUTED = define(
    "budget-formula-not-computed",
    Severity.WARNING,
    "budget",
    "budgetguide (totaler som formler); hir-docs: formler uden gemt værdi regnes efter",
    "En formel er gemt uden værdi og kan ikke regnes efter (ukendt funktion eller reference).",
)

NO_LINES = define(
    "budget-no-lines",
    Severity.ERROR,
    "budget",
    SALARY,
    "Budgettet har ingen udfyldte udgiftslinjer.",
)
SALARY_ARITH = define(
    "budget-salary-arithmetic",
    Severity.ERROR,
    "budget",
    ARITH,
    "Timer i alt × timesats giver ikke lønlinjens beløb (tolerance 1 kr.).",
)
YEAR_SUM = define(
    "budget-year-sum",
    Severity.ERROR,
    "budget",
    ARITH,
    "Årskolonnerne summer ikke til 'I alt' på linjen (tolerance 1 kr.).",
)
INELIGIBLE = define(
    "budget-ineligible-line",
    Severity.WARNING,
    "budget",
    ELIGIBLE,
    "Linjen kan ikke dækkes af puljen (kun sagsbehandlerløn, transport/repræsentation til workshoppen og revision).",
)
TRANSPORT_UNCLEAR = define(
    "budget-transport-purpose-unclear",
    Severity.WARNING,
    "budget",
    ELIGIBLE,
    "Det fremgår ikke, at transportlinjen er til erfaringsudvekslingsworkshoppen.",
)
SALARY_UNCLEAR = define(
    "budget-salary-function-unclear",
    Severity.WARNING,
    "budget",
    ELIGIBLE,
    "Det fremgår ikke af funktionen, at lønnen går til sagsbehandlere.",
)
EXCEEDS_ELIGIBLE = define(
    "budget-requested-exceeds-eligible",
    Severity.ERROR,
    "budget",
    ELIGIBLE,
    "Det ansøgte tilskud er større end de tilskudsberettigede udgifter.",
)
SALARY_INCOMPLETE = define(
    "budget-salary-incomplete",
    Severity.ERROR,
    "budget",
    SALARY,
    "En lønlinje mangler funktion, antal personer, timer eller timesats.",
)
FTE_RANGE = define(
    "budget-fte-range",
    Severity.WARNING,
    "budget",
    FTE,
    "Lønnens timer svarer ikke til 1-4 årsværk (timer / 1.924).",
)
RATE_RANGE = define(
    "budget-rate-range", Severity.WARNING, "budget", RATE, "Timesatsen ligger uden for 150-600 kr."
)
REQUESTED_RANGE = define(
    "budget-requested-range",
    Severity.ERROR,
    "budget",
    GRANT,
    "Det ansøgte tilskud ligger uden for 500.000-2.000.000 kr.",
)
NO_AUDIT = define(
    "budget-no-audit",
    Severity.WARNING,
    "budget",
    AUDIT,
    "Tilskud over 500.000 kr. kræver revisorpåtegnet regnskab, men der er ikke budgetteret med revision.",
)
OUTSIDE_PERIOD = define(
    "budget-year-outside-period",
    Severity.ERROR,
    "budget",
    PERIOD,
    "Der er budgetteret beløb i et år uden for projektperioden.",
)
SALARY_EARLY = define(
    "budget-salary-before-start",
    Severity.INFO,
    "budget",
    START,
    "Der er budgetteret løn før den egentlige projektstart 1. marts 2018.",
)
RECIPIENT_MISSING = define(
    "budget-recipient-missing",
    Severity.WARNING,
    "budget",
    RECIPIENT,
    "Tilskudsmodtager er ikke udfyldt med en kommune.",
)

HINT_FORMULA = "Brug en formel (fx =SUM(...)), eller ret tallet, så det stemmer."


def _name(line: BudgetLine) -> str:
    return f"'{line.function}' ({line.post})" if line.function else f"posten {line.post}"


def _what(line: BudgetLine) -> str:
    return f"'{line.function}'" if line.function else "uden beskrivelse"


@check("budget")
def check_budget(budget: Budget, ctx: Context) -> Iterator[Finding]:
    if budget.sheet is None:
        return  # the reader has already said the layout was not found
    if not budget.lines:
        yield NO_LINES.finding(
            "Budgettet har ingen udfyldte udgiftslinjer.",
            file=ctx.file,
            location=budget.locations.get("header"),
            hint="Skriv udgifterne under posterne (fx Løn), med beløb i årskolonnerne.",
        )
        return
    yield from _lines(budget, ctx)
    yield from _grant(budget, ctx)
    if not budget.recipient or not budget.municipality_code:
        written = f" ('{budget.recipient}')" if budget.recipient else ""
        yield RECIPIENT_MISSING.finding(
            f"Tilskudsmodtager{written} er ikke en dansk kommune; puljen kan kun søges af kommuner.",
            file=ctx.file,
            field="municipality",
            location=budget.locations.get("recipient"),
            hint="Skriv kommunens navn ud for Tilskudsmodtager, fx 'Viborg Kommune'.",
        )


def _lines(budget: Budget, ctx: Context) -> Iterator[Finding]:
    pool = ctx.pool
    start, end, real = pool.date("project_start"), pool.date("project_end"), pool.date("real_start")
    rate_min, rate_max = pool.number("hourly_rate_min"), pool.number("hourly_rate_max")
    f = ctx.file
    unknown = set(budget.unknown_cells)
    for line in [*budget.lines, *budget.income_lines]:
        years = year_sum(line)
        if differs(years, line.stated_total) and not unknown & set(line.cells.values()):
            yield YEAR_SUM.finding(
                f"{_name(line)}: årskolonnerne giver {kr(years)}, men I alt er {kr(line.stated_total)}",
                file=f,
                field="lines",
                location=line.total_location,
                hint=HINT_FORMULA,
            )
        for year, amount in line.amounts.items():
            if amount and not start.year <= year <= end.year:
                yield OUTSIDE_PERIOD.finding(
                    f"{_name(line)} har {kr(amount)} i {year}, som ligger uden for projektperioden "
                    f"{dato(start)} - {dato(end)}.",
                    file=f,
                    field="lines",
                    location=line.cells.get(str(year)),
                    hint="Flyt beløbet til et år i projektperioden (2017-2019), eller fjern det.",
                )
    for line in budget.lines:
        if is_transport(line) and not line.eligible and line_value(line):
            yield TRANSPORT_UNCLEAR.finding(
                f"Transportlinjen {_what(line)} ({kr(line_value(line))}): det fremgår ikke, at "
                "udgiften er til erfaringsudvekslingsworkshoppen. Puljen dækker kun transport og "
                "repræsentation i forbindelse med workshoppen, ikke fx kørsel til borgere.",
                file=f,
                field="lines",
                location=line.location,
                hint="Skriv formålet på linjen, fx 'Transport og repræsentation, erfaringsworkshop'. "
                "Anden transport finansieres af kommunen selv (Medfinansiering).",
            )
            continue
        if line.post != "Løn":
            if not line.eligible and line_value(line):  # a line without an amount costs nothing
                yield INELIGIBLE.finding(
                    f"{_name(line)}: {kr(line_value(line))} kan ikke dækkes af puljens tilskud.",
                    file=f,
                    field="lines",
                    location=line.location,
                    hint="Puljen dækker kun løn til sagsbehandlere, transport og repræsentation til "
                    "erfaringsworkshoppen samt revision. Finansiér andre udgifter selv (Medfinansiering).",
                )
            continue
        if not any((line.persons, line.hours, line.rate, line_value(line))):
            continue  # a text row under Løn (a note), not a salary line
        missing = [
            (label, key)
            for label, key, value in [
                ("Medarbejder/funktion", "function", line.function),
                ("Antal personer", "persons", line.persons),
                ("Timer i alt", "hours", line.hours),
                ("Timesats (kr.)", "rate", line.rate),
            ]
            if not value
        ]
        if missing:
            yield SALARY_INCOMPLETE.finding(
                f"Lønlinjen {_name(line)} mangler: {', '.join(label for label, _ in missing)}.",
                file=f,
                field="lines",
                location=line.cells.get(missing[0][1]) or line.location,
                hint="Angiv for hver lønlinje funktion, antal personer, timer i alt og timesats.",
            )
        verdict = salary_function_class(line.function, pool)
        if line.function and verdict == "unclear" and line_value(line):
            yield SALARY_UNCLEAR.finding(
                f"Det fremgår ikke, at '{line.function}' er en sagsbehandler; puljen dækker kun løn til "
                "frikøb eller ansættelse af sagsbehandlere i jobcentret.",
                file=f,
                field="lines",
                location=line.location,
                hint="Skriv funktionen, fx 'Koordinerende sagsbehandler (nyansat)' eller "
                "'Sagsbehandler (frikøb)'.",
            )
        elif verdict == "ineligible" and line_value(line):
            yield INELIGIBLE.finding(
                f"Løn til {line.function} ({kr(line_value(line))}) kan ikke dækkes af puljen: kun løn til "
                "frikøb eller ansættelse af sagsbehandlere i jobcentret.",
                file=f,
                field="lines",
                location=line.location,
                hint="Skriv funktionen tydeligt (fx 'Koordinerende sagsbehandler'), eller finansiér "
                "andre funktioner (virksomhedskonsulent, mentor, projektleder) selv.",
            )
        product = salary_product(line)
        value = line_value(line)
        if (
            product is not None
            and differs(product[1], value)
            and not unknown & set(line.cells.values())
        ):
            yield SALARY_ARITH.finding(
                f"{_name(line)}: {number(line.hours)} timer × {kr(line.rate)} = {kr(product[1])}, "
                f"men linjens beløb er {kr(value)}",
                file=f,
                field="lines",
                location=line.total_location or line.location,
                hint="Timer i alt er alle personers timer tilsammen; ret timer, timesats eller beløb.",
            )
        if line.rate and not rate_min <= line.rate <= rate_max:
            yield RATE_RANGE.finding(
                f"Timesatsen for {_name(line)} er {kr(line.rate)}; en realistisk timesats ligger mellem "
                f"{number(rate_min)} og {kr(rate_max)}",
                file=f,
                field="lines",
                location=line.cells.get("rate"),
                hint="Kontrollér at timesatsen er en timeløn inkl. pension (ikke en månedsløn eller et beløb i 1.000 kr.).",
            )
        for year, amount in line.amounts.items():
            if amount and start.year <= year < real.year:
                yield SALARY_EARLY.finding(
                    f"Der er budgetteret {kr(amount)} i løn i {year}; projektet starter reelt {dato(real)}.",
                    file=f,
                    field="lines",
                    location=line.cells.get(str(year)),
                    hint="Kommunerne har tre måneder fra tilsagn til at ansætte/frikøbe; overvej at flytte lønnen til 2018.",
                )
    salary = [x for x in budget.lines if x.post == "Løn"]
    lo, hi = pool.number("fte_min"), pool.number("fte_max")
    if not salary:
        yield FTE_RANGE.finding(
            "Budgettet har ingen lønlinjer; puljen er til løn til sagsbehandlere (1-4 årsværk).",
            file=f,
            field="fte",
            location=budget.locations.get("header"),
            hint="Budgettér lønnen til de koordinerende sagsbehandlere under posten Løn.",
        )
    elif budget.fte is not None and not lo <= budget.fte <= hi:
        yield FTE_RANGE.finding(
            f"Lønnens timer svarer til {number(budget.fte, 2)} årsværk (timer / 1.924); puljen giver "
            f"{number(lo)}-{number(hi)} årsværk.",
            file=f,
            field="fte",
            location=salary[0].cells.get("hours"),
            hint="Kontrollér Timer i alt (alle personers timer i hele projektperioden).",
        )


def _grant(budget: Budget, ctx: Context) -> Iterator[Finding]:
    pool = ctx.pool
    requested = budget.requested_amount
    if requested is None:
        return
    where = (
        budget.requested_row.total_location
        if budget.requested_row
        else budget.expenses_row.total_location
        if budget.expenses_row
        else None
    )
    lo, hi = pool.amount("grant_min"), pool.amount("grant_max")
    if not lo <= requested <= hi:
        yield REQUESTED_RANGE.finding(
            f"Der søges {kr(requested)}; puljen giver tilskud mellem {kr(lo)} og {kr(hi)}",
            file=ctx.file,
            field="requested_amount",
            location=where,
            hint="Tilpas budgettet, så det ansøgte tilskud ligger inden for puljens grænser.",
        )
    # Only clearly ineligible amounts can make this an error; unclear functions only warn.
    payable = sum(line_value(x) or 0 for x in budget.lines if not clearly_ineligible(x, pool))
    if requested - payable > TOLERANCE and not budget.unknown_cells:
        yield EXCEEDS_ELIGIBLE.finding(
            f"Der søges {kr(requested)}, men kun {kr(payable)} af udgifterne kan dækkes af puljen.",
            file=ctx.file,
            field="requested_amount",
            location=where,
            hint="Finansiér de ikke-tilskudsberettigede udgifter selv (Medfinansiering), eller fjern dem.",
        )
    unknown = set(budget.unknown_cells)  # an audit amount that could not be recomputed counts
    audit = any(
        x.post == "Revision" and ((line_value(x) or 0) > 0 or unknown & set(x.cells.values()))
        for x in budget.lines
    )
    if requested > pool.amount("audit_threshold") and not audit:
        yield NO_AUDIT.finding(
            f"Der søges {kr(requested)}; over {kr(pool.amount('audit_threshold'))} skal regnskabet være "
            "revisorpåtegnet, men der er ikke budgetteret med revision.",
            file=ctx.file,
            field="lines",
            location=where,
            hint="Tilføj en linje under posten Revision (udgiften er tilskudsberettiget).",
        )
