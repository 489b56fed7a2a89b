"""Make a copy of the Viborg example with deliberate errors, for ``make demo``.

Writes OUT/ansoegning.docx (the example application, untouched) and OUT/budget.xlsx (the
example budget of examples/build_budget.py with one extra budget line the pool does not
pay for, so the requested amount is too high and differs from the application). Then ``hir-docs check OUT
--annotate DIR`` shows the findings as comments in copies of both files.

    .venv/bin/python examples/make_error_copy.py out/fejl
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from build_budget import FUND_INCOME, LINES  # the example's budget (examples/ is on the path)

from hir_docs.forms.budget import BudgetLineSpec, write_budget

VIBORG = Path(__file__).resolve().parent / "viborg"


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(VIBORG / "ansoegning.docx", out / "ansoegning.docx")
    consultant = BudgetLineSpec(
        "Eksterne konsulenter og undervisere",
        "Ekstern konsulent til kompetenceudvikling",
        amounts={2018: 60_000},
    )
    write_budget(out / "budget.xlsx", lines=(*LINES, consultant), income=FUND_INCOME)
    print(f"Skrevet: {out}/ansoegning.docx, {out}/budget.xlsx (med en fejl i budgettet)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "out/fejl")))
