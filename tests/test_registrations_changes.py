"""Registrations: caseworker changes per citizen (issue 11, item 5; Q&A 2018, spørgsmål 3
om modulet; puljeopslag, Kriterier for tildeling af tilskud: én gennemgående koordinerende
sagsbehandler). End dates that are forecasts are judged with the relocated sheet of the
same submission: tests/test_citizen_cross.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hir_docs.findings import Report, codes, one
from hir_docs.forms.citizens import write_registrations
from hir_docs.pipeline import process_file
from hir_docs.presentation import report_text
from hir_docs.rules import CheckOptions

D = dt.date
CW = {
    "lene": ("Lene Eksempel", "lene.eksempel@viborg.dk"),
    "sofie": ("Sofie Fiktiv", "sofie.fiktiv@viborg.dk"),
    "jonas": ("Jonas Opdigt", "jonas.opdigt@viborg.dk"),
    "barsel": ("Barsel/fængsel", "123@abc.dk"),
}


def row(citizen: str, cw: str, start: dt.date, end: dt.date | None = None) -> dict[str, Any]:
    name, email = CW[cw]
    hours = 0 if cw == "barsel" else 37
    return {"citizen": citizen, "caseworker": name, "email": email, "hours": hours}


def rows_of(*spec: tuple[str, str, dt.date, dt.date | None]) -> list[dict[str, Any]]:
    return [row(c, w, s, e) | {"start": s, "end": e} for c, w, s, e in spec]


BASE = [
    ("0101601001", "lene", D(2018, 3, 1), None),
    ("0202611002", "lene", D(2018, 3, 1), D(2018, 5, 31)),  # one change: fine
    ("0202611002", "sofie", D(2018, 6, 1), None),
    ("0303621003", "sofie", D(2018, 3, 1), None),
    ("0404631004", "jonas", D(2018, 3, 1), None),
]


def check(tmp_path: Path, spec: list[Any], **options: Any) -> tuple[Any, list[Any]]:
    path = write_registrations(tmp_path / "registreringer.xlsx", rows_of(*spec))
    doc, findings = process_file(path, CheckOptions(**options))
    assert doc.kind == "registrations"
    return doc, findings


def test_one_change_is_quiet_and_counted(tmp_path: Path) -> None:
    doc, findings = check(tmp_path, BASE, today=D(2019, 4, 1))
    assert codes(findings) == []
    changes = doc.fields["caseworker_changes"]
    assert changes["citizens_changed"] == 1 and changes["citizens_above_one"] == 0
    assert changes["per_citizen"] == [{"citizen": "020261-xxxx", "changes": 1}]


def test_more_than_one_change_is_a_warning_with_the_count(tmp_path: Path) -> None:
    spec = [
        *BASE[:2],
        ("0202611002", "sofie", D(2018, 6, 1), D(2018, 9, 30)),
        ("0202611002", "jonas", D(2018, 10, 1), None),
        *BASE[3:],
    ]
    doc, findings = check(tmp_path, spec, today=D(2019, 4, 1))
    f = one(findings, "registrations-caseworker-changes")
    assert f.severity == "warning"
    assert "2 gange" in f.message and "020261-xxxx" in f.message
    assert "0202611002" not in f.message
    assert doc.fields["caseworker_changes"]["citizens_above_one"] == 1
    text = report_text(Report([doc], findings))
    assert "Sagsbehandlerskift: 1 borger har skiftet sagsbehandler mere end én gang" in text


def test_fictitious_caseworker_in_between_is_no_change(tmp_path: Path) -> None:
    spec = [
        ("0101601001", "lene", D(2018, 3, 1), D(2018, 5, 31)),
        ("0101601001", "barsel", D(2018, 6, 1), D(2018, 9, 30)),
        ("0101601001", "lene", D(2018, 10, 1), None),
    ]
    doc, findings = check(tmp_path, spec, today=D(2019, 4, 1))
    assert codes(findings) == []
    assert doc.fields["caseworker_changes"]["citizens_changed"] == 0
