"""Plain typed document models. No file handles; readers fill them, rules read them.

Money is integer kroner, percentages floats 0-100, dates ``datetime.date``.
CPR numbers are kept in full only in memory (``cpr``); anything serialised uses
``hir_docs.formatting.mask_cpr``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Range:
    low: float
    high: float


@dataclass
class Application:
    # field key -> extracted value; keys as in the JSON contract (issue 2):
    # project_name, municipality, municipality_code, contact, cvr, contact_email,
    # contact_phone, summary, expected_citizens, current_caseload, activities,
    # caseload_plan, strategy, goals, passive_share_target, organisation, anchoring,
    # requested_amount
    project_name: str | None = None
    municipality: str | None = None  # official name, e.g. "Viborg Kommune"
    municipality_code: str | None = None  # "791"
    municipality_raw: str | None = None  # as written
    contact: str | None = None
    cvr: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    summary: str | None = None
    expected_citizens: str | None = None
    current_caseload: str | None = None
    activities: str | None = None
    caseload_plan: str | None = None
    strategy: str | None = None
    goals: str | None = None
    passive_share_target: Range | None = None
    passive_share_raw: str | None = None
    organisation: str | None = None
    anchoring: str | None = None
    requested_amount: int | None = None
    requested_amount_raw: str | None = None
    # field key -> section label where the answer belongs (finding location)
    locations: dict[str, str] = field(default_factory=dict)
    # field keys whose label was found in the document
    present: set[str] = field(default_factory=set)
    # field keys whose answer is an unfilled placeholder
    placeholders: set[str] = field(default_factory=set)


@dataclass(slots=True)
class OtherBudgetSheet:
    """Another sheet of the workbook that holds a budget (not the one read)."""

    name: str
    visibility: str  # "visible" | "hidden" | "veryhidden"
    requested_amount: int | None = None
    total_expenses: int | None = None


@dataclass
class BudgetLine:
    post: str  # canonical expense post from the pool file, e.g. "Løn"
    function: str | None = None  # Medarbejder/funktion or description
    persons: float | None = None
    hours: float | None = None
    rate: float | None = None
    amounts: dict[int, int | None] = field(default_factory=dict)  # year -> kroner
    total: int | None = None
    eligible: bool = False
    remark: str | None = None
    location: str | None = None  # "Budget!B14"
    total_location: str | None = None  # cell of "I alt"
    # issue 3 (budget reader): "I alt" as written (None = empty or not computable);
    # ``total`` is the effective amount (sum of the years, else the stated total).
    stated_total: int | None = None
    cells: dict[str, str] = field(default_factory=dict)  # "hours"/"rate"/"2018"... -> "Budget!D10"


@dataclass
class Budget:
    recipient: str | None = None
    project_name: str | None = None
    period: str | None = None
    years: list[int] = field(default_factory=list)
    lines: list[BudgetLine] = field(default_factory=list)
    total_expenses: int | None = None
    income: dict[str, int | None] = field(default_factory=dict)
    income_total: int | None = None
    requested_amount: int | None = None
    eligible_expenses: int | None = None
    fte: float | None = None
    municipality: str | None = None
    municipality_code: str | None = None
    locations: dict[str, str] = field(default_factory=dict)
    # issue 3 (budget reader): total rows as written (amounts per year + stated "I alt"),
    # income lines, and the totals recomputed from the line items.
    sheet: str | None = None
    post_totals: list[BudgetLine] = field(default_factory=list)
    expenses_row: BudgetLine | None = None
    income_lines: list[BudgetLine] = field(default_factory=list)
    income_row: BudgetLine | None = None
    requested_row: BudgetLine | None = None
    computed: dict[str, int] = field(default_factory=dict)
    recomputed_cells: int = 0  # formula cells without a saved value that were recomputed
    unknown_cells: list[str] = field(default_factory=list)  # formulas that could not be recomputed
    # issue 15 (what real workbooks hold): cells whose saved value is an Excel error
    # (location -> "#REF!"), lines in hidden rows, other sheets holding a budget.
    formula_errors: dict[str, str] = field(default_factory=dict)
    hidden_lines: list[BudgetLine] = field(default_factory=list)
    other_sheets: list[OtherBudgetSheet] = field(default_factory=list)
    sheet_reason: str | None = None  # why ``sheet`` was read when several hold a budget
    # numbers typed as text in cells a formula uses (Excel sums them as 0): location -> text
    text_numbers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class RelocatedRow:
    cpr: str | None  # full, in memory only
    name: str | None
    caseworker: str | None
    email: str | None
    start: dt.date | None
    end: dt.date | None
    destination: str | None
    row: int
    location: str  # "Fraflyttede!A7"
    raw_start: object = None
    raw_end: object = None


@dataclass(slots=True)
class Registration:
    citizen: str | None  # CPR or name as registered (full, in memory only)
    caseworker: str | None
    email: str | None
    hours: float | None
    start: dt.date | None
    end: dt.date | None
    row: int
    location: str
    raw_start: object = None
    raw_end: object = None
