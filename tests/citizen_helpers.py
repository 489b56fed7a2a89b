"""Shared fixtures of the citizen-sheet tests: one relocated citizen, a raw sheet writer,
and a registration row for the caseload functions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from hir_docs.model import Registration

D = dt.date
ROW: dict[str, Any] = {
    "cpr": "120384-1234",
    "name": "Peter Fiktivsen",
    "caseworker": "Lene Eksempel",
    "email": "lene.eksempel@viborg.dk",
    "start": D(2018, 3, 1),
    "end": D(2018, 8, 15),
    "destination": "Aarhus Kommune",
}


def sheet(path: Path, rows: list[list[Any]], title: str = "Ark1") -> Path:
    """A workbook with ``rows`` as written (no form layout)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def registration(
    citizen: str, caseworker: str, hours: float, start: dt.date, end: dt.date | None = None
) -> Registration:
    return Registration(citizen, caseworker, "a@b.dk", hours, start, end, row=7, location="R!A7")
