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


def cpr(i: int) -> str:
    """A distinct, valid-looking CPR number for citizen ``i``."""
    return f"{1 + i % 28:02d}{1 + i % 12:02d}{60 + i % 40:02d}{1000 + i:04d}"


def registrations_sheet(tmp_path: Path, n: int = 36, **kw: object) -> Path:
    """A registration sheet with ``n`` citizens, all Lene Eksempel's from 1 March 2018."""
    from hir_docs.forms.citizens import write_registrations

    lene = ("Lene Eksempel", "lene.eksempel@viborg.dk")
    rows = [
        {
            "citizen": cpr(i),
            "caseworker": lene[0],
            "email": lene[1],
            "hours": 37,
            "start": dt.date(2018, 3, 1),
            "end": None,
        }
        for i in range(n)
    ]
    return write_registrations(tmp_path / "registreringer.xlsx", rows, **kw)


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


LENE = ("Lene Eksempel", "lene.eksempel@viborg.dk")
SOFIE = ("Sofie Fiktiv", "sofie.fiktiv@viborg.dk")
FICTITIOUS_EMAIL = "123@abc.dk"


def reg_row(
    citizen: str | None,
    who: tuple[str, str],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, Any]:
    """A row for ``write_registrations``: ``who`` = (caseworker, e-mail); 37 hours a week,
    0 for a fictitious caseworker (e-mail 123@abc.dk)."""
    hours = 0 if who[1] == FICTITIOUS_EMAIL else 37
    return {"citizen": citizen, "caseworker": who[0], "email": who[1], "hours": hours} | {
        "start": start,
        "end": end,
    }
