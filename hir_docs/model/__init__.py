"""Plain typed document models. No file handles; readers fill them, rules read them.

Money is integer kroner, percentages floats 0-100, dates ``datetime.date``.
CPR numbers are kept in full only in memory (``cpr``); anything serialised uses
``hir_docs.formatting.mask_cpr``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Range:
    low: float
    high: float


class Application:
    """An application's answers by field key: the keys of the pool's form
    (``<pool>/application.toml``, the JSON contract of issue 2) and the keys the reader
    derives from them (``app.requested_amount``, ``app.municipality_code``). A key the
    document or the form does not have reads as None.

    A parsed answer (an amount, a percent range, a municipality) keeps its text as written
    in ``raw`` (field key -> text); ``app.<key>_raw`` reads it too, and ``app.<start>_raw``
    reads the one field whose key starts with ``<start>_`` (``passive_share_raw``).
    """

    def __init__(
        self,
        *,
        locations: dict[str, str] | None = None,
        present: set[str] | None = None,
        placeholders: set[str] | None = None,
        raw: dict[str, str | None] | None = None,
        **answers: Any,
    ) -> None:
        # field key -> section label where the answer belongs (finding location)
        self.locations: dict[str, str] = dict(locations or {})
        # field keys whose label was found in the document
        self.present: set[str] = set(present or ())
        # field keys whose answer is an unfilled placeholder
        self.placeholders: set[str] = set(placeholders or ())
        self.raw: dict[str, str | None] = dict(raw or {})
        for key, value in answers.items():
            if key.endswith("_raw"):
                self.raw[self._raw_key(key[:-4])] = value
            else:
                setattr(self, key, value)

    def _raw_key(self, start: str) -> str:
        if start in self.raw:
            return start
        keys = [k for k in self.raw if k.startswith(start + "_")]
        return keys[0] if len(keys) == 1 else start

    def __getattr__(self, name: str) -> Any:
        # Only called for a name that is not set: an unanswered field, or a raw text.
        if name.startswith("_") or "raw" not in self.__dict__:
            raise AttributeError(name)
        if name.endswith("_raw"):
            return self.raw.get(self._raw_key(name[:-4]))
        return None

    def answers(self) -> dict[str, Any]:
        """Every value read or given (field key -> value), without the bookkeeping."""
        skip = ("locations", "present", "placeholders", "raw")
        return {k: v for k, v in self.__dict__.items() if k not in skip}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Application) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={v!r}" for k, v in self.answers().items())
        return f"Application({values})"


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
