"""Reader of STAR's budget workbook (kind "budget", .xlsx).

Reads by label: any sheet name, any offset, a guide sheet in front, inserted rows,
shifted columns. The header row is the row with the year columns ("2017", "2018", ...)
and "I alt"; posts, totals and income rows are found by their labels. Numbers may be
numbers or Danish text. Values come from calamine (fast); formula cells saved without a
value are recomputed from the sheet (``xlsx_formulas``), never read as 0.
Readers never judge: rules in ``hir_docs.rules.budget`` do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from hir_docs.files import package, sheetcache
from hir_docs.findings import DocKind
from hir_docs.kommuner import find_kommune
from hir_docs.labels import normalise
from hir_docs.model import Budget, BudgetLine
from hir_docs.model.budgetcalc import line_eligible, line_value, salary_product
from hir_docs.readers import budget_labels as L
from hir_docs.readers.base import FormReader, Probe, ReadResult
from hir_docs.readers.budget_grid import MAX_COLS, Grid, Layout, to_kroner
from hir_docs.readers.budget_sheets import choose_sheet, mark_cells
from hir_docs.rules import Context
from hir_docs.rules.budget import LAYOUT_UNKNOWN, NOT_COMPUTED

# ---------------------------------------------------------------- detection

_DETECT_COLUMNS = {"hours", "rate"}
_OTHER_WORKBOOK_SHEETS = {"forbrug", "udbetalinger", "regnskab", "slutrapport", "statusrapport"}


def detect(probe: Probe) -> int:
    """Score by budget labels (the probe sees the first 40 rows of each sheet)."""
    score = 0
    seen: set[str] = set()
    for text in set(probe.texts):
        if text.startswith("budgetskema") or text.startswith("tilskudsmodtager"):
            score += 5
        total, column, income, post = (
            _short_detect_labels(text) if len(text) <= 200 else _detect_labels(text)
        )
        if total in ("requested", "expenses", "income_total") and total not in seen:
            seen.add(total)
            score += 10
        elif income:
            score += 10
        elif column in _DETECT_COLUMNS and column not in seen:
            seen.add(column)
            score += 5
        elif post:
            score += 3
    strong = seen & {"requested", "expenses"} or seen >= _DETECT_COLUMNS
    if not strong or score < 25:
        return 0
    # A reporting/accounts workbook repeats the budget's labels on one of its sheets.
    if {normalise(n) for n in probe.sheet_names} & _OTHER_WORKBOOK_SHEETS:
        return score // 3
    return score


def _detect_labels(text: str) -> tuple[str | None, str | None, bool, bool]:
    """(total, column, is an income label, is a post label) of one probe text."""
    k = L.key(text)  # once per text, for the four tables
    return (
        L.match_key(k, L.TOTALS),
        L.match_key(k, L.COLUMNS),
        bool(L.match_key(k, L.INCOME)),
        bool(L.match_key(k, L.POSTS)),
    )


# Every workbook's probe is scored, mostly of the same few hundred texts (the forms'
# labels): short texts are remembered, at most 4.096 (the least recently used go first).
_short_detect_labels = lru_cache(maxsize=4096)(_detect_labels)


# ---------------------------------------------------------------- reading


def _header_fields(
    grid: Grid, layout: Layout, tables: L.Tables | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    header = (tables or L.tables()).header
    values: dict[str, str] = {}
    where: dict[str, str] = {}
    for r in range(1, layout.header):
        row = grid.rows[r - 1]
        for c, v in enumerate(row[:MAX_COLS], start=1):
            if not isinstance(v, str) or not v.strip():
                continue
            label, _, rest = v.partition(":")
            name = L.match(label, header)
            if name is None or name in values:
                continue
            answer = rest.strip() or None
            cell = (r, c)
            if answer is None:
                for cc in range(c + 1, min(len(row), MAX_COLS) + 1):
                    raw = grid.raw(r, cc)
                    if raw not in (None, ""):
                        answer, cell = str(raw).strip(), (r, cc)
                        break
            if answer:
                values[name] = answer
                where[name] = grid.loc(*cell)
    return values, where


@dataclass
class _Columns:
    """Where a line's cells are, worked out once per sheet for all its rows."""

    function: int | None  # the Medarbejder/funktion column
    labels: list[int]  # without it: the label columns, the first text is the description
    roles: list[tuple[str, int]]  # ("persons" | "hours" | "rate", column)
    years: list[tuple[int, str, int]]  # (year, its key in ``cells``, column)
    total: int | None
    remark: int | None
    texts: list[int]  # the columns of a line's description and of its numbers (``blank``)
    numbers: list[int]


def _columns(layout: Layout) -> _Columns:
    cols = layout.cols
    function = cols.get("function") or None
    roles: list[tuple[str, int]] = [(k, cols[k]) for k in ("persons", "hours", "rate") if k in cols]
    years = [(year, str(year), c) for year, c in layout.years.items()]
    total = cols.get("total")
    numbers = [c for _, c in roles] + [c for _, _, c in years] + ([] if total is None else [total])
    texts = [function] if function else layout.label_cols
    return _Columns(
        function, layout.label_cols, roles, years, total, cols.get("remark"), texts, numbers
    )


def _row_line(grid: Grid, where: _Columns, r: int, post: str) -> BudgetLine:
    line = BudgetLine(post=post)
    cells = line.cells
    num, loc = grid.num, grid.loc
    func_col = where.function
    if func_col:
        line.function = grid.text(r, func_col)
        line.location = loc(r, func_col)
    else:  # no Medarbejder/funktion column: the description is the row's label text
        for c in where.labels:
            text = grid.text(r, c)
            if text:
                line.function, line.location = text, loc(r, c)
                break
        else:
            line.location = loc(r, where.labels[0] if where.labels else 1)
    if line.function:
        cells["function"] = line.location or ""
    for role, c in where.roles:
        setattr(line, role, num(r, c))
        cells[role] = loc(r, c)
    amounts = line.amounts
    for year, name, c in where.years:
        amounts[year] = to_kroner(num(r, c))
        cells[name] = loc(r, c)
    if where.total is not None:
        line.stated_total = to_kroner(num(r, where.total))
        line.total_location = loc(r, where.total)
        cells["total"] = line.total_location
    if where.remark is not None:
        line.remark = grid.text(r, where.remark)
    line.total = line_value(line)
    return line


def _has_data(line: BudgetLine) -> bool:
    if line.function:
        return True
    for v in (line.persons, line.hours, line.rate, line.stated_total):
        if v is not None and v != 0:
            return True
    return any(v is not None and v != 0 for v in line.amounts.values())


def _classify(grid: Grid, layout: Layout, r: int, tables: L.Tables) -> tuple[str, str, int] | None:
    """(row class, name, column) of the row's label: requested/expenses/.../post/subtotal."""
    for c in layout.label_cols:
        text = grid.text(r, c)
        if not text:
            continue
        k = L.key(text)  # once per text, for the tables
        total = L.match_key(k, tables.totals)
        if total:
            return total, "", c
        income = L.match_key(k, tables.income)
        if income:
            return "income", income, c
        sub = L.post_subtotal_key(k, tables.posts)
        if sub is not None:
            return "subtotal", sub, c
        if c in layout.post_cols:
            post = L.match_key(k, tables.posts)
            if post is None and "function" in layout.cols and c < layout.cols["function"]:
                post = L.post_by_first_words(text, tables.posts)
            if post:
                return "post", post, c
    return None


def read_sheet(grid: Grid, layout: Layout, budget: Budget, tables: L.Tables | None = None) -> None:
    """The lines and total rows of the budget table, by the labels of ``tables`` (a pool's
    ``L.tables(pool)``; default: STAR's shared labels)."""
    tables = tables or L.tables()
    current: str | None = None
    head: BudgetLine | None = None
    block: list[BudgetLine] = []

    def close_block() -> None:
        nonlocal head, block
        if head is not None:
            if not any(_has_data(x) for x in block) and _has_data(head):
                budget.lines.append(head)  # a post written on one row
            elif _has_data(head) and head.function is None:
                budget.post_totals.append(head)
            elif _has_data(head):
                budget.lines.append(head)
        budget.lines.extend(x for x in block if _has_data(x))
        head, block = None, []

    where = _columns(layout)
    # A line's data is read from ``where.texts`` and ``where.numbers`` (``_has_data``): a
    # blank row (most are) gives a line without data, which a block and its post's row
    # drop, so it is not read.
    texts, numbers = where.texts, where.numbers
    for r in range(layout.header + 1, grid.height + 1):
        row_class = _classify(grid, layout, r, tables)
        if row_class is None:
            if current is not None and not grid.blank(r, texts, numbers):
                block.append(_row_line(grid, where, r, current))
            continue
        what, name, col = row_class
        if what == "post":
            close_block()
            current = name
            if grid.blank(r, texts, numbers):
                continue  # ``head`` stays None, as good as a head without data
            head = _row_line(grid, where, r, name)
            if head.cells.get("function") == grid.loc(r, col):  # the post label itself
                head.function = None
                del head.cells["function"]
            if head.function is None:
                head.location = grid.loc(r, col)
            continue
        if what == "subtotal":
            post = name or current
            if post:
                sub = _row_line(grid, where, r, post)
                sub.function, sub.location = None, grid.loc(r, col)
                budget.post_totals.append(sub)
            continue
        close_block()
        current = None
        row = _row_line(grid, where, r, name or what)
        row.function, row.location = None, grid.loc(r, col)
        if what == "expenses" and budget.expenses_row is None:
            budget.expenses_row = row
        elif what == "income":
            budget.income_lines.append(row)
        elif what == "income_total" and budget.income_row is None:
            budget.income_row = row
        elif what == "requested" and budget.requested_row is None:
            budget.requested_row = row
    close_block()


def _known(line: BudgetLine, unknown: set[str]) -> bool:
    """No cell of the line is a formula that could not be recomputed."""
    return not unknown & set(line.cells.values())


def finish(budget: Budget, ctx: Context) -> None:
    """Totals, eligibility and FTE. A sum that needs a value that could not be
    recomputed stays None (unknown): a missing value is never read as 0."""
    pool = ctx.pool
    unknown = set(budget.unknown_cells)
    for line in budget.lines:
        line.eligible = line_eligible(line, pool)
    lines_known = all(_known(x, unknown) for x in budget.lines)
    income_known = all(_known(x, unknown) for x in budget.income_lines)
    expenses = sum(line_value(x) or 0 for x in budget.lines) if lines_known else None
    # Some economists enter income as negative amounts; the grant is expenses - income.
    income_sum = sum(line_value(x) or 0 for x in budget.income_lines)
    income = abs(income_sum) if income_known else None
    computed = {"total_expenses": expenses, "income_total": income}
    if expenses is not None and income is not None:
        computed["requested_amount"] = expenses - income
    budget.computed = {k: v for k, v in computed.items() if v is not None}
    budget.income = {x.post: line_value(x) for x in budget.income_lines}

    def stated(row: BudgetLine | None) -> int | None:
        if row is None or not _known(row, unknown):
            return None
        return row.stated_total if row.stated_total is not None else line_value(row)

    stated_inc = stated(budget.income_row)
    budget.total_expenses = _first(stated(budget.expenses_row), expenses)
    budget.income_total = _first(abs(stated_inc) if stated_inc is not None else None, income)
    budget.requested_amount = _first(
        stated(budget.requested_row), budget.computed.get("requested_amount")
    )
    eligible = [line_value(x) or 0 for x in budget.lines if x.eligible]
    budget.eligible_expenses = sum(eligible) if lines_known else None
    salary = pool["salary_post"]
    hours = [salary_product(x) for x in budget.lines if x.post == salary]
    known = [h[0] for h in hours if h is not None]
    budget.fte = round(sum(known) / pool.number("hours_per_fte"), 2) if known else None
    kommune = find_kommune(budget.recipient)
    if kommune is not None:
        budget.municipality = kommune.official_name
        budget.municipality_code = kommune.code


def _first(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)


def to_fields(budget: Budget) -> dict[str, Any]:
    def line_dict(x: BudgetLine) -> dict[str, Any]:
        return {
            "post": x.post,
            "function": x.function,
            "persons": x.persons,
            "hours": x.hours,
            "rate": x.rate,
            "amounts": {str(y): v for y, v in x.amounts.items()},
            "total": x.total,
            "eligible": x.eligible,
            "location": x.location,
        }

    return {
        "recipient": budget.recipient,
        "municipality": budget.municipality,
        "municipality_code": budget.municipality_code,
        "project_name": budget.project_name,
        "period": budget.period,
        "years": budget.years,
        "requested_amount": budget.requested_amount,
        "total_expenses": budget.total_expenses,
        "income_total": budget.income_total,
        "eligible_expenses": budget.eligible_expenses,
        "fte": budget.fte,
        "income": budget.income,
        "lines": [line_dict(x) for x in budget.lines],
        "sheet": budget.sheet,
    }


def read_budget(path: Path, ctx: Context) -> ReadResult:
    # The sheet's XML is read for its formulas and for its error values and hidden rows:
    # the zip is opened and the part inflated once (inside a check's scope already).
    try:
        with package.one_file():
            return _read(path, ctx)
    finally:
        sheetcache.release(path)


def _summary(grid: Grid, layout: Layout, ctx: Context) -> Budget:
    """Another sheet's budget, read only to compare it with the one checked."""
    budget = Budget(sheet=grid.sheet, years=sorted(layout.years))
    read_sheet(grid, layout, budget, L.tables(ctx.pool))
    budget.unknown_cells = list(dict.fromkeys(grid.unknown))
    finish(budget, ctx)
    return budget


def _read(path: Path, ctx: Context) -> ReadResult:
    # Several sheets may hold a budget (a copy, an old hidden version): one is chosen with
    # a reason and the others are listed (budget_sheets; the rules warn).
    choice = choose_sheet(path, lambda g, lay: _summary(g, lay, ctx))
    budget = Budget()
    if choice is None:
        finding = LAYOUT_UNKNOWN.finding(
            "Budgettets kolonneoverskrifter blev ikke fundet: der skal være en kolonne pr. år "
            f"({', '.join(map(str, ctx.pool.project_years))}) og en kolonne 'I alt'.",
            file=ctx.file,
        )
        return ReadResult(budget, to_fields(budget), [finding])
    grid, layout = choice.grid, choice.layout
    budget.other_sheets, budget.sheet_reason = choice.others, choice.reason
    budget.sheet = grid.sheet
    budget.years = sorted(layout.years)
    tables = L.tables(ctx.pool)
    header, where = _header_fields(grid, layout, tables)
    budget.recipient = header.get("recipient")
    budget.project_name = header.get("project_name")
    budget.period = header.get("period")
    budget.locations.update(where)
    budget.locations["header"] = grid.loc(layout.header, min(layout.cols.values() or [1]))
    read_sheet(grid, layout, budget, tables)
    budget.recomputed_cells = grid.recomputed
    budget.unknown_cells = list(dict.fromkeys(grid.unknown))
    budget.text_numbers = grid.text_numbers()
    finish(budget, ctx)
    mark_cells(path, budget)  # Excel error values, lines in hidden rows
    findings = []
    if budget.unknown_cells:
        cells = ", ".join(budget.unknown_cells[:5]) + (
            " ..." if len(budget.unknown_cells) > 5 else ""
        )
        findings.append(
            NOT_COMPUTED.finding(
                f"{len(budget.unknown_cells)} formel(er) er gemt uden værdi og kan ikke regnes efter "
                f"({cells}). Budgettets summer og det ansøgte beløb kan derfor ikke kontrolleres.",
                file=ctx.file,
                location=budget.unknown_cells[0],
            )
        )
    return ReadResult(budget, to_fields(budget), findings)


# .ods: LibreOffice's own format; the pipeline says it must be saved as .xlsx, and reads it.
READER = FormReader(DocKind.BUDGET, (".xlsx", ".ods"), detect, read_budget)
