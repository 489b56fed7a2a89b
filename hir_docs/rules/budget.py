"""Rules for the budget workbook (kind "budget"): arithmetic, eligibility, limits, period.

Every rule reads the ``Budget`` model only (rules never open files). Amounts are
compared with a tolerance of 1 kr. Locations point to the cell, e.g. "Budget!I14".
"""

from __future__ import annotations

from collections.abc import Iterator

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import dato, kr, number
from hir_docs.model import Budget, BudgetLine
from hir_docs.model.budgetcalc import (
    TOLERANCE,
    clearly_ineligible,
    conditional_cost,
    differs,
    ineligible_word,
    is_audit,
    is_transport,
    is_travel,
    line_text,
    line_value,
    salary_function_class,
    salary_product,
    transport_purpose_class,
    year_sum,
)
from hir_docs.model.projectdata import is_own_income
from hir_docs.pools import load_shared
from hir_docs.rules import Context, check, define, message, message_key
from hir_docs.values import parse_amount

# A source here holds for every pool (STAR's shared budget guide, an assumption marked
# "antaget"); where a pool's own documents state the rule, its folder cites them
# (``<pool>/rules.toml``; a quotation in »…« is verbatim from the cited document).

LAYOUT_UNKNOWN = define(
    code="budget-layout-unknown",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="STAR's budgetguide (udgiftsposterne); antaget: beløbene står i en kolonne pr. år og en kolonne I alt",
    description="Budgettets kolonneoverskrifter (årstal og I alt) blev ikke fundet.",
    hint="Brug puljens officielle budgetskema, og behold overskrifterne over beløbskolonnerne.",
)

NOT_COMPUTED = define(
    code="budget-formula-not-computed",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="antaget: en formel gemt uden værdi regnes efter, før budgettet kontrolleres",
    description="En formel er gemt uden værdi og kan ikke regnes efter (ukendt funktion eller reference).",
    hint="Åbn filen i Excel eller LibreOffice, og gem den igen, så formlerne bliver beregnet.",
)

NO_LINES = define(
    code="budget-no-lines",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    description="Budgettet har ingen udfyldte udgiftslinjer.",
    hint="Skriv udgifterne under posterne (fx Løn), med beløb i årskolonnerne.",
)
SALARY_ARITH = define(
    code="budget-salary-arithmetic",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="antaget: budgettets beregninger (timer × timesats, årskolonner, posttotaler, udgifter og indtægter i alt) skal stemme, med en tolerance på 1 kr.",
    description="Timer i alt × timesats giver ikke lønlinjens beløb (tolerance 1 kr.).",
    hint="Timer i alt er alle personers timer tilsammen; ret timer, timesats eller beløb.",
)
YEAR_SUM = define(
    code="budget-year-sum",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="antaget: budgettets beregninger (timer × timesats, årskolonner, posttotaler, udgifter og indtægter i alt) skal stemme, med en tolerance på 1 kr.",
    description="Årskolonnerne summer ikke til 'I alt' på linjen (tolerance 1 kr.).",
    hint="Ret årsbeløbene eller 'I alt' på linjen, så årene summer til totalen.",
)
INELIGIBLE = define(
    code="budget-ineligible-line",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    description="Linjen kan ikke dækkes af puljen (den er ikke en af puljens tilskudsberettigede udgifter).",
    hint="Puljen betaler kun de udgifter, puljeopslaget nævner som tilskudsberettigede. Andre udgifter kan ikke søges fra puljen; vil ansøgeren have dem med i projektet, betaler den dem selv (skriv beløbet under Medfinansiering).",
)
TRANSPORT_UNCLEAR = define(
    code="budget-transport-purpose-unclear",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    description="Det fremgår ikke, at transportlinjen er til det formål, puljen betaler transport til.",
    hint="Puljen betaler kun transport til de formål, puljeopslaget nævner. Er linjen til et af dem, så skriv det på linjen; anden transport betaler ansøgeren selv (Medfinansiering).",
)
SALARY_UNCLEAR = define(
    code="budget-salary-function-unclear",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    description="Det fremgår ikke af funktionen, at lønnen går til en stilling, puljen betaler løn til (eller stillingen deles med en anden funktion).",
    hint="Beskriv stillingens funktion. Puljen betaler kun løn til de stillinger, puljeopslaget nævner; er stillingen (eller en del af den) en anden, betaler ansøgeren den del selv (Medfinansiering).",
)
EXCEEDS_ELIGIBLE = define(
    code="budget-requested-exceeds-eligible",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    description="Det ansøgte tilskud er større end de tilskudsberettigede udgifter.",
    hint="Finansiér de ikke-tilskudsberettigede udgifter selv (Medfinansiering), eller fjern dem.",
)
INELIGIBLE_WORD = define(
    code="budget-ineligible-word",
    severity=Severity.WARNING,  # text matching may misread a line: asked, not an error
    kind=DocKind.BUDGET,
    description="Linjen nævner en udgift, som puljen aldrig dækker, uanset posten (puljens "
    "liste: ineligible_words).",
    hint="Fjern udgiften fra det ansøgte tilskud (kommunen kan betale den selv: skriv beløbet "
    "under Medfinansiering), eller ret linjens tekst, hvis den ikke er en sådan udgift.",
)
CONDITIONAL = define(
    code="budget-conditional-line",
    severity=Severity.WARNING,  # eligible only if conditions hold that the budget cannot show
    kind=DocKind.BUDGET,
    description="Linjen er en udgift, puljen kun dækker på betingelser (puljens liste: "
    "conditional_costs); at betingelserne er opfyldt, antages ikke.",
    hint="Skriv i ansøgningen (eller linjens bemærkning), at betingelserne er opfyldt; ellers "
    "kan udgiften ikke dækkes af puljen og betales af kommunen selv (Medfinansiering).",
)
SALARY_DETAIL = define(
    code="budget-salary-detail-missing",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    description="En lønlinje mangler funktion, antal personer, timer eller timesats, og puljen "
    "kræver dem i budgettet (salary_detail_required).",
    hint="Angiv for hver lønlinje funktion, antal personer, timer i alt og timesats.",
)
SALARY_INCOMPLETE = define(
    code="budget-salary-incomplete",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="antaget: et detaljeret lønbudget viser for hver lønlinje funktion, antal personer, timer og timesats",
    description="En lønlinje mangler funktion, antal personer, timer eller timesats.",
    hint="Angiv for hver lønlinje funktion, antal personer, timer i alt og timesats.",
)
FTE_RANGE = define(
    code="budget-fte-range",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="antaget: et årsværk er {hours_per_fte} timer ({hours_per_week_full_time} timer om ugen i 52 uger)",
    description="Lønnens timer svarer ikke til {fte_min}-{fte_max} årsværk (timer / {hours_per_fte}).",
    hint="Tilpas lønlinjernes timer, så de svarer til {fte_min}-{fte_max} årsværk ({hours_per_fte} timer pr. årsværk).",
)
RATE_RANGE = define(
    code="budget-rate-range",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    source="antaget: en realistisk timesats er {hourly_rate_min}-{hourly_rate_max:kr}",
    description="Timesatsen ligger uden for {hourly_rate_min}-{hourly_rate_max:kr}",
    hint="Kontrollér at timesatsen er en timeløn inkl. pension (ikke en månedsløn eller et beløb i 1.000 kr.).",
)
REQUESTED_RANGE = define(
    code="budget-requested-range",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    description="Det ansøgte tilskud ligger uden for {grant_min}-{grant_max:kr}",
    hint="Tilpas budgettet, så det ansøgte tilskud ligger inden for puljens grænser.",
)
NO_AUDIT = define(
    code="budget-no-audit",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    description="Tilskud over {audit_threshold:kr} kræver revisorpåtegnet regnskab, men der er ikke budgetteret med revision.",
    hint="Tilføj en linje under posten {audit_post} (udgiften er tilskudsberettiget).",
)
OUTSIDE_PERIOD = define(
    code="budget-year-outside-period",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    description="Der er budgetteret beløb i et år uden for projektperioden.",
    hint="Flyt beløbet til et år i projektperioden ({project_start:år}-{project_end:år}), eller fjern det.",
)
SALARY_EARLY = define(
    code="budget-salary-before-start",
    severity=Severity.INFO,
    kind=DocKind.BUDGET,
    description="Der er budgetteret løn før den egentlige projektstart {real_start:dato}.",
    hint="Kommunerne har {hiring_months:ord} måneder fra tilsagn til at ansætte/frikøbe; overvej at flytte lønnen til {real_start:år}.",
)
RECIPIENT_MISSING = define(
    code="budget-recipient-missing",
    severity=Severity.WARNING,
    kind=DocKind.BUDGET,
    description="Tilskudsmodtager er ikke udfyldt med en kommune.",
    hint="Skriv kommunens navn ud for Tilskudsmodtager, fx 'Viborg Kommune'.",
)

NUMBER_AS_TEXT = define(
    code="budget-number-as-text",
    severity=Severity.ERROR,
    kind=DocKind.BUDGET,
    source="antaget: budgetskemaets summer er formler, som skal regne med alle beløbene (Excel regner et tal skrevet som tekst som 0)",
    description="Et tal i en celle, som en formel regner med, er skrevet som tekst; Excel regner det som 0, så summerne i skemaet bliver forkerte.",
    hint="Skriv kun tallet i cellen (cifrene, uden punktummer), uden »kr.«, og formatér cellen som tal. Så regner Excel og summerne det med.",
)

# The parts of messages a pool words in its own terms (``rules.toml``, ``[messages]``).
TRANSPORT_OTHER_EVENT = message_key(
    "budget_transport_other_event",
    "budget-transport-purpose-unclear: a travel line names another event than the one the "
    "pool pays travel for",
)
TRANSPORT_PURPOSE = message_key(
    "budget_transport_purpose_unclear",
    "budget-transport-purpose-unclear: a travel line does not say what it is for",
)
LINE_NOT_ELIGIBLE = message_key(
    "budget_line_not_eligible",
    "budget-ineligible-line: a line under another post than salary names nothing eligible",
)
SALARY_FUNCTION_UNCLEAR = message_key(
    "budget_salary_function_unclear",
    "budget-salary-function-unclear: after \"Det fremgår ikke, at '<funktion>' \"",
)
SALARY_FUNCTION_INELIGIBLE = message_key(
    "budget_salary_function_ineligible",
    'budget-ineligible-line: after "Løn til <funktion> (<beløb>) kan ikke dækkes af puljen: "',
)
NO_SALARY = message_key(
    "budget_no_salary",
    'budget-fte-range: after "Budgettet har ingen lønlinjer; "',
)
NO_SALARY_HINT = message_key(
    "budget_no_salary_hint", "budget-fte-range: the hint without salary lines"
)

HINT_FORMULA = "Brug en formel (fx =SUM(...)), eller ret tallet, så det stemmer."


def described(line: BudgetLine, width: int = 80) -> str:
    """The line's description as a message quotes it: at most ``width`` characters."""
    text = " ".join((line.function or "")[: width * 4].split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _name(line: BudgetLine) -> str:
    return f"'{described(line)}' ({line.post})" if line.function else f"posten {line.post}"


def _what(line: BudgetLine) -> str:
    return f"'{described(line)}'" if line.function else "uden beskrivelse"


def has_lines(budget: Budget) -> bool:
    """The reader found the layout and at least one expense line (else other rules say so)."""
    return budget.sheet is not None and bool(budget.lines)


@check(DocKind.BUDGET, emits=(NO_LINES,))
def lines_present(budget: Budget, ctx: Context) -> Iterator[Finding]:
    if budget.sheet is not None and not budget.lines:
        yield NO_LINES.finding(
            "Budgettet har ingen udfyldte udgiftslinjer.",
            file=ctx.file,
            location=budget.locations.get("header"),
        )


@check(DocKind.BUDGET, emits=(NUMBER_AS_TEXT,))
def numbers_as_text(budget: Budget, ctx: Context) -> Iterator[Finding]:
    for location, text in budget.text_numbers.items():
        value = parse_amount(text)
        typed = f"fx {value}" if value is not None else "kun cifre"
        yield NUMBER_AS_TEXT.finding(
            f"Tallet »{text[:40]}« er skrevet som tekst, så Excel regner det som 0 – skriv det "
            "som et tal. Summerne i skemaet tæller det ikke med.",
            file=ctx.file,
            field="lines",
            location=location,
            hint=f"Skriv kun tallet i cellen ({typed}), uden »kr.«, og formatér cellen som tal. "
            "Så regner Excel og summerne det med.",
        )


@check(DocKind.BUDGET, emits=(YEAR_SUM, OUTSIDE_PERIOD))
def year_columns(budget: Budget, ctx: Context) -> Iterator[Finding]:
    if not has_lines(budget):
        return
    start, end = ctx.pool.date("project_start"), ctx.pool.date("project_end")
    unknown = set(budget.unknown_cells)
    for line in [*budget.lines, *budget.income_lines]:
        years = year_sum(line)
        if differs(years, line.stated_total) and not unknown & set(line.cells.values()):
            yield YEAR_SUM.finding(
                f"{_name(line)}: årskolonnerne giver {kr(years)}, men I alt er {kr(line.stated_total)}",
                file=ctx.file,
                field="lines",
                location=line.total_location,
                hint=HINT_FORMULA,
            )
        for year, amount in line.amounts.items():
            if amount and not start.year <= year <= end.year:
                yield OUTSIDE_PERIOD.finding(
                    f"{_name(line)} har {kr(amount)} i {year}, som ligger uden for projektperioden "
                    f"{dato(start)} - {dato(end)}.",
                    file=ctx.file,
                    field="lines",
                    location=line.cells.get(str(year)),
                )


def _salary_lines(budget: Budget, ctx: Context) -> Iterator[BudgetLine]:
    """Salary lines with something in them (a text row under Løn is a note, not a line;
    workshop travel under Løn is travel)."""
    for line in budget.lines:
        has_content = any((line.persons, line.hours, line.rate, line_value(line)))
        if line.post == ctx.pool["salary_post"] and has_content and not is_travel(line, ctx.pool):
            yield line


@check(DocKind.BUDGET, emits=(TRANSPORT_UNCLEAR, INELIGIBLE, SALARY_UNCLEAR))
def eligibility(budget: Budget, ctx: Context) -> Iterator[Finding]:
    if not has_lines(budget):
        return
    f = ctx.file
    for line in budget.lines:
        if ineligible_word(line, ctx.pool) or conditional_cost(line, ctx.pool):
            continue  # said by ineligible_words / conditional_lines
        if is_travel(line, ctx.pool):
            if line.eligible or not line_value(line):
                continue
            if transport_purpose_class(line_text(line, ctx.pool), ctx.pool) == "other-workshop":
                why = message(
                    ctx.pool,
                    TRANSPORT_OTHER_EVENT,
                    "linjen nævner et andet arrangement end det, puljen betaler transport til.",
                )
            else:
                why = message(
                    ctx.pool,
                    TRANSPORT_PURPOSE,
                    "det fremgår ikke, at udgiften er til et formål, puljen betaler transport til.",
                )
            which = (
                "Transportlinjen" if is_transport(line, ctx.pool) else f"Linjen under {line.post}"
            )
            yield TRANSPORT_UNCLEAR.finding(
                f"{which} {_what(line)} ({kr(line_value(line))}): {why}",
                file=f,
                field="lines",
                location=line.location,
            )
            continue
        if line.post != ctx.pool["salary_post"]:
            if not line.eligible and line_value(line):  # a line without an amount costs nothing
                yield INELIGIBLE.finding(
                    f"{_name(line)}: {kr(line_value(line))} kan ikke dækkes af puljens tilskud. "
                    + message(
                        ctx.pool,
                        LINE_NOT_ELIGIBLE,
                        "Linjen nævner ingen af puljens tilskudsberettigede udgifter.",
                    ),
                    file=f,
                    field="lines",
                    location=line.location,
                )
            continue
        if not line_value(line):
            continue
        verdict = salary_function_class(line.function, ctx.pool)
        if line.function and verdict == "unclear":
            yield SALARY_UNCLEAR.finding(
                f"Det fremgår ikke, at '{described(line)}' "
                + message(
                    ctx.pool,
                    SALARY_FUNCTION_UNCLEAR,
                    "er en stilling, puljen betaler løn til.",
                ),
                file=f,
                field="lines",
                location=line.location,
            )
        elif verdict == "ineligible":
            yield INELIGIBLE.finding(
                f"Løn til {described(line)} ({kr(line_value(line))}) kan ikke dækkes af puljen: "
                + message(
                    ctx.pool,
                    SALARY_FUNCTION_INELIGIBLE,
                    "puljen betaler ikke løn til den stilling.",
                ),
                file=f,
                field="lines",
                location=line.location,
            )


def _missing_detail(line: BudgetLine) -> list[tuple[str, str]]:
    """The salary columns (label, key) the line leaves empty, in the form's order."""
    labels = load_shared("budget")["labels"]  # STAR's budget guide: the salary columns
    return [
        (label, key)
        for label, key, value in [
            (labels["function"], "function", line.function),
            (labels["persons"], "persons", line.persons),
            (labels["hours"], "hours", line.hours),
            (labels["rate"], "rate", line.rate),
        ]
        if not value
    ]


@check(DocKind.BUDGET, emits=(SALARY_INCOMPLETE, SALARY_ARITH, RATE_RANGE, SALARY_EARLY))
def salary_lines(budget: Budget, ctx: Context) -> Iterator[Finding]:
    """The salary lines' detail (a warning; a pool that requires it: salary_detail), their
    arithmetic, the rate's range and salary before the real start. A part needing a fact
    the pool does not know is skipped (its rule is off for the pool)."""
    if not has_lines(budget):
        return
    pool = ctx.pool
    dated = pool.known("project_start") and pool.known("real_start")
    start, real = (pool.date("project_start"), pool.date("real_start")) if dated else (None, None)
    rates = pool.known("hourly_rate_min") and pool.known("hourly_rate_max")
    rate_min = pool.number("hourly_rate_min") if rates else 0.0
    rate_max = pool.number("hourly_rate_max") if rates else 0.0
    detail_required = pool.known("salary_detail_required")  # salary_detail says it, as an error
    f = ctx.file
    unknown = set(budget.unknown_cells)
    for line in _salary_lines(budget, ctx):
        missing = _missing_detail(line)
        if missing and not detail_required:
            yield SALARY_INCOMPLETE.finding(
                f"Lønlinjen {_name(line)} mangler: {', '.join(label for label, _ in missing)}. "
                "Ansøgningsskemaet beder om et detaljeret budget; at det for hver lønlinje viser "
                "funktion, antal personer, timer og timesats, er antaget.",
                file=f,
                field="lines",
                location=line.cells.get(missing[0][1]) or line.location,
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
            )
        if rates and line.rate and not rate_min <= line.rate <= rate_max:
            yield RATE_RANGE.finding(
                f"Timesatsen for {_name(line)} er {kr(line.rate)}; en realistisk timesats ligger (antaget) mellem "
                f"{number(rate_min)} og {kr(rate_max)}",
                file=f,
                field="lines",
                location=line.cells.get("rate"),
            )
        for year, amount in line.amounts.items() if start and real else ():
            if amount and start and real and start.year <= year < real.year:
                yield SALARY_EARLY.finding(
                    f"Der er budgetteret {kr(amount)} i løn i {year}; projektet starter reelt {dato(real)}.",
                    file=f,
                    field="lines",
                    location=line.cells.get(str(year)),
                )


@check(
    DocKind.BUDGET,
    emits=(SALARY_DETAIL,),
    applies=lambda pool: pool.known("salary_detail_required"),
)
def salary_detail(budget: Budget, ctx: Context) -> Iterator[Finding]:
    """A pool that requires the salary lines' detail (``salary_detail_required``, Flere skal
    med) has it said as an error; for another pool salary_lines warns."""
    if not has_lines(budget):
        return
    required = str(ctx.pool["salary_detail_required"])
    for line in _salary_lines(budget, ctx):
        missing = _missing_detail(line)
        if missing:
            yield SALARY_DETAIL.finding(
                f"Lønlinjen {_name(line)} mangler: {', '.join(label for label, _ in missing)}. "
                f"Puljen kræver, at budgettet angiver lønudgifterne fordelt på {required}.",
                file=ctx.file,
                field="lines",
                location=line.cells.get(missing[0][1]) or line.location,
            )


@check(
    DocKind.BUDGET, emits=(INELIGIBLE_WORD,), applies=lambda pool: pool.known("ineligible_words")
)
def ineligible_words(budget: Budget, ctx: Context) -> Iterator[Finding]:
    """A line naming a cost the pool never pays (``ineligible_words``), whatever its post."""
    if not has_lines(budget):
        return
    ctx.pool["ineligible_words"]  # a pool without the list: the rule is off
    for line in budget.lines:
        word = ineligible_word(line, ctx.pool)
        if word and line_value(line):
            yield INELIGIBLE_WORD.finding(
                f"{_name(line)} ({kr(line_value(line))}) nævner »{word}«, som puljen ikke "
                "dækker, uanset posten. hir-docs har læst linjens tekst efter ordet; er "
                "udgiften noget andet, så ret teksten.",
                file=ctx.file,
                field="lines",
                location=line.location,
            )


@check(DocKind.BUDGET, emits=(CONDITIONAL,), applies=lambda pool: pool.known("conditional_costs"))
def conditional_lines(budget: Budget, ctx: Context) -> Iterator[Finding]:
    """A line naming a cost the pool pays only on conditions (``conditional_costs``): the
    conditions are asked about, never assumed to hold."""
    if not has_lines(budget):
        return
    ctx.pool["conditional_costs"]  # a pool without them: the rule is off
    for line in budget.lines:
        cost = conditional_cost(line, ctx.pool)
        if cost is None or ineligible_word(line, ctx.pool) or not line_value(line):
            continue
        conditions = "; ".join(f"{i}) {c}" for i, c in enumerate(cost.conditions, 1))
        yield CONDITIONAL.finding(
            f"{_name(line)} ({kr(line_value(line))}) er {cost.label}, som puljen kun dækker, "
            f"når betingelserne er opfyldt: {conditions}. Budgettet viser ikke, at de er det; "
            "linjen regnes ikke som tilskudsberettiget, før det er bekræftet.",
            file=ctx.file,
            field="lines",
            location=line.location,
        )


@check(DocKind.BUDGET, emits=(FTE_RANGE,))
def staff_years(budget: Budget, ctx: Context) -> Iterator[Finding]:
    if not has_lines(budget):
        return
    pool = ctx.pool
    salary = [x for x in budget.lines if x.post == ctx.pool["salary_post"]]
    lo, hi = pool.number("fte_min"), pool.number("fte_max")
    if not salary:
        yield FTE_RANGE.finding(
            "Budgettet har ingen lønlinjer; "
            + message(
                ctx.pool,
                NO_SALARY,
                "puljens tilskud svarer til {fte_min}-{fte_max} årsværk.",
            ),
            file=ctx.file,
            field="fte",
            location=budget.locations.get("header"),
            hint=message(ctx.pool, NO_SALARY_HINT, "Budgettér lønnen under posten {salary_post}."),
        )
    elif budget.fte is not None and not lo <= budget.fte <= hi:
        yield FTE_RANGE.finding(
            f"Lønnens timer svarer til {number(budget.fte, 2)} årsværk (timer / "
            f"{number(pool.number('hours_per_fte'))}, antaget timetal pr. årsværk); puljen giver "
            f"{number(lo)}-{number(hi)} årsværk.",
            file=ctx.file,
            field="fte",
            location=salary[0].cells.get("hours"),
            hint="Kontrollér Timer i alt (alle personers timer i hele projektperioden).",
        )


@check(DocKind.BUDGET, emits=(RECIPIENT_MISSING,))
def recipient(budget: Budget, ctx: Context) -> Iterator[Finding]:
    if has_lines(budget) and (not budget.recipient or not budget.municipality_code):
        written = f" ('{budget.recipient}')" if budget.recipient else ""
        yield RECIPIENT_MISSING.finding(
            f"Tilskudsmodtager{written} er ikke en dansk kommune; puljen kan kun søges af "
            f"{ctx.pool['applicants']}.",
            file=ctx.file,
            field="municipality",
            location=budget.locations.get("recipient"),
        )


@check(DocKind.BUDGET, emits=(REQUESTED_RANGE, EXCEEDS_ELIGIBLE, NO_AUDIT))
def grant(budget: Budget, ctx: Context) -> Iterator[Finding]:
    if has_lines(budget):
        yield from _grant(budget, ctx)


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
        )
    # Only clearly ineligible amounts can make this an error; unclear functions only warn.
    payable = sum(line_value(x) or 0 for x in budget.lines if not clearly_ineligible(x, pool))
    # With no ineligible line, asking for more than the lines hold is a sum error (the
    # totals rules name the cell), not a question of what the pool pays for.
    some_ineligible = any(clearly_ineligible(x, pool) and line_value(x) for x in budget.lines)
    # What another grantor pays for is not STAR's to pay (the grant is a net grant: Q&A
    # 2018, spørgsmål 13); the municipality's own co-financing may cover any line.
    others = sum(v or 0 for k, v in budget.income.items() if not is_own_income(k))
    star_max = payable - others
    if requested - star_max > TOLERANCE and some_ineligible and not budget.unknown_cells:
        covered = f" ({kr(payable)} minus {kr(others)} fra andre tilskudsgivere)" if others else ""
        yield EXCEEDS_ELIGIBLE.finding(
            f"Der søges {kr(requested)}, men kun {kr(star_max)} af udgifterne kan dækkes af "
            f"puljen{covered}.",
            file=ctx.file,
            field="requested_amount",
            location=where,
        )
    unknown = set(budget.unknown_cells)  # an audit amount that could not be recomputed counts
    audit = any(
        is_audit(x, pool) and ((line_value(x) or 0) > 0 or unknown & set(x.cells.values()))
        for x in budget.lines
    )
    if requested > pool.amount("audit_threshold") and not audit:
        yield NO_AUDIT.finding(
            f"Der søges {kr(requested)}; over {kr(pool.amount('audit_threshold'))} skal regnskabet være "
            "revisorpåtegnet, men der er ikke budgetteret med revision.",
            file=ctx.file,
            field="lines",
            location=where,
        )
