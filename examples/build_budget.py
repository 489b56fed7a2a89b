"""Build the example budget for Viborg Kommune (consistent with the example application).

Writes examples/viborg/budget.xlsx (deterministic): 3 new coordinating caseworkers,
6.000 hours at 190 kr. (912.000 kr. in 2018, 228.000 kr. in 2019), one existing
caseworker released for 500 hours at 200 kr. (100.000 kr., paid by a fictional fund),
transport and representation for the experience workshop 20.000 kr., audit 40.000 kr.;
expenses 1.300.000 kr., income from the fund 100.000 kr., requested 1.200.000 kr.
Then checks it: no errors and no warnings. Run: .venv/bin/python examples/build_budget.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from hir_docs.forms.budget import EXAMPLE_LINES, BudgetLineSpec, write_budget
from hir_docs.forms.example_check import build_and_check

OUT = Path(__file__).resolve().parent / "viborg" / "budget.xlsx"
# The fictional fund's money (income post "Tilskud fra andre tilskudsgivere", Q&A 2018,
# spørgsmål 13) pays for one existing caseworker's release to the project.
FUND_INCOME = {"Tilskud fra andre tilskudsgivere": {2018: 80_000, 2019: 20_000}}
FUND_LINE = BudgetLineSpec(
    "Løn",
    "Koordinerende sagsbehandler (frikøb, betalt af fonden)",
    persons=1,
    hours=500,
    rate=200,
    amounts={2018: 80_000, 2019: 20_000},
    remark="Fonden for Lokal Beskæftigelse (fiktiv) betaler 100.000 kr.",
)
LINES = (EXAMPLE_LINES[0], FUND_LINE, *EXAMPLE_LINES[1:])


def write(path: Path) -> None:
    write_budget(path, lines=LINES, income=FUND_INCOME)


def main() -> int:
    return build_and_check(
        OUT,
        write,
        "budget",
        lambda f: f"ansøgt {f.get('requested_amount')}, årsværk {f.get('fte')}",
    )


if __name__ == "__main__":
    sys.exit(main())
