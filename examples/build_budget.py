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
from hir_docs.pipeline import process_file

OUT = Path(__file__).resolve().parent / "viborg" / "budget.xlsx"


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_budget(OUT)  # the defaults are the shared Viborg example
    doc, findings = process_file(OUT)
    fields = doc.fields
    print(
        f"{OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}: "
        f"{doc.kind}, ansøgt {fields.get('requested_amount')}, årsværk {fields.get('fte')}"
    )
    problems = [f for f in findings if f.severity in ("error", "warning")]
    for f in problems:
        print(f"  {f.severity}: {f.code} {f.location}: {f.message}")
    expected = (doc.kind, fields.get("requested_amount"), fields.get("municipality_code"))
    if problems or expected != ("budget", 1_200_000, "791"):
        print("Eksempelbudgettet er ikke fejlfrit.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
