"""Build the example budget for Viborg Kommune (consistent with the example application).

Writes examples/viborg/budget.xlsx (deterministic): 3 new coordinating caseworkers,
6.000 hours at 190 kr. (912.000 kr. in 2018, 228.000 kr. in 2019), transport and
representation for the experience workshop 20.000 kr., audit 40.000 kr.; expenses
1.200.000 kr., no income, requested 1.200.000 kr. (3,12 FTE). Then checks it: no errors
and no warnings. Run: .venv/bin/python examples/build_budget.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from hir_docs.forms.budget import write_budget
from hir_docs.forms.example_check import build_and_check

OUT = Path(__file__).resolve().parent / "viborg" / "budget.xlsx"


def main() -> int:
    return build_and_check(
        OUT,
        write_budget,  # the defaults are the shared Viborg example
        "budget",
        lambda f: f"ansøgt {f.get('requested_amount')}, årsværk {f.get('fte')}",
    )


if __name__ == "__main__":
    sys.exit(main())
