"""Fill STAR's decisions for the example inbox (issue 26): the sheet Afgørelser of the
workbook ``hir-docs grants decisions`` wrote, by its header texts, as a caseworker at STAR
would.

* Viborg         granted in full: 1.200.000 kr.;
* Frederikshavn  granted less than applied for: 700.000 kr. of 800.000 kr. (the letter asks
                 for a revised budget), with a condition;
* Aarhus         refused (the budget asks for costs the pool does not pay);
* Odense         no decision yet (its budget is broken): no letter.

    .venv/bin/python examples/decide.py out/afgoerelser.xlsx
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from hir_docs.files.ooxml import save_workbook
from hir_docs.files.output import set_text

# The deadlines STAR sets (the letters say them): two months after each half-year for the
# status report and part accounts, three months after the project end for the final ones.
DEADLINES = {
    "status:2018-H1": dt.date(2018, 8, 31),
    "part:2018-H1": dt.date(2018, 8, 31),
    "status:2018-H2": dt.date(2019, 2, 28),
    "part:2018-H2": dt.date(2019, 2, 28),
    "final": dt.date(2019, 7, 1),
    "accounts": dt.date(2019, 7, 1),
}
DECISIONS: dict[str, dict[str, Any]] = {
    "791": {
        "Bevilget (ja/nej)": "ja",
        "Bevilget beløb": 1_200_000,
        "Journalnummer": "2018-0791-HIR",
        "deadlines": True,
    },
    "813": {
        "Bevilget (ja/nej)": "ja",
        "Bevilget beløb": 700_000,
        "Journalnummer": "2018-0813-HIR",
        "Vilkår": "Projektet deltager i STAR's evaluering af puljen.",
        "deadlines": True,
    },
    "751": {
        "Bevilget (ja/nej)": "nej",
        "Journalnummer": "2018-0751-HIR",
        "Begrundelse for afslag": "Budgettet søger om udgifter, som puljen ikke dækker, og "
        "det ansøgte beløb er ikke det samme i ansøgningsskemaet og budgettet.",
    },
}


def decide(path: Path, decisions: dict[str, dict[str, Any]] | None = None) -> Path:
    """Write ``decisions`` (default: the example's) into the sheet Afgørelser of ``path``."""
    wb = load_workbook(path)
    ws = wb["Afgørelser"]
    heads = {str(c.value): c.column for c in ws[1] if c.value}
    deadline_cols = {
        h.rsplit("(", 1)[1].rstrip(")"): col for h, col in heads.items() if h.startswith("Frist:")
    }
    for row in range(2, ws.max_row + 1):
        code = str(ws.cell(row, heads["Kommunekode"]).value or "")
        for label, value in (decisions or DECISIONS).get(code, {}).items():
            if label == "deadlines":
                for key, col in deadline_cols.items() if value else ():
                    ws.cell(row, col).value = DEADLINES[key]
            elif isinstance(value, str):
                set_text(ws.cell(row, heads[label]), value)
            else:
                ws.cell(row, heads[label]).value = value
    save_workbook(wb, path)
    return path


if __name__ == "__main__":  # pragma: no cover
    print(decide(Path(sys.argv[1] if len(sys.argv) > 1 else "out/afgoerelser.xlsx")))
