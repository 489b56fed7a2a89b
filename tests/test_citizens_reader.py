"""Reading the citizen sheets: header and date variants, detection, fields, caseload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from citizen_helpers import ROW, registration, sheet

from hir_docs.forms.citizens import (
    RELOCATED_HEADERS,
    write_blank_registrations,
    write_blank_relocated,
    write_registrations,
    write_relocated,
)
from hir_docs.model.caseload import caseload_snapshots, citizen_key, default_snapshot_dates
from hir_docs.pipeline import process_file
from hir_docs.pools import load_pool
from hir_docs.readers.citizens import read_registrations, read_relocated

D = dt.date


@pytest.mark.parametrize(
    "headers",
    [
        ["CPR-nr.", "Navn", "Sagsbehandler", "E-mail", "Dato start", "Fraflytningsdato", "Ny kommune"],
        ["Personnummer", "Borgerens navn", "Sagsbehandlers navn", "Mail", "Start", "Slutdato", "Flyttet til"],
        ["Cpr nummer", "Navn", "Koordinerende sagsbehandler", "Sagsbehandlers e-mail",
         "Startdato (dd-mm-åååå)", "Slutdato/fraflytningsdato (dd-mm-åååå)", "Tilflytningskommune"],
        ["CPR-NUMMER*", "NAVN", "SAGSBEHANDLER*", "SAGSBEHANDLERS E-MAIL", "STARTDATO", "SLUTDATO", "TILFLYTNINGSKOMMUNE"],
    ],
)  # fmt: skip
def test_header_synonyms_and_position(tmp_path: Path, headers: list[str]) -> None:
    rows: list[list[Any]] = [["Fraflyttede borgere"], [], ["Jobcenter", "Jobcenter Viborg"]]
    rows += [[]] * 8 + [[None, *headers], [None, *ROW.values()]]
    path = sheet(tmp_path / "a.xlsx", rows, "Mine borgere")
    doc, findings = process_file(path)
    assert doc.kind == "relocated" and findings == []
    model = read_relocated(path)
    (r,) = model.rows
    assert (r.cpr, r.start, r.end, r.destination) == (
        "1203841234",
        ROW["start"],
        ROW["end"],
        "Aarhus Kommune",
    )
    assert r.row == 13 and r.location == "Mine borgere!B13"
    assert model.layout.cell("end", r.row) == "Mine borgere!G13"
    assert doc.fields == {
        "jobcenter": "Jobcenter Viborg",
        "municipality_code": "791",
        "rows": 1,
        "citizens": 1,
        "sheet": "Mine borgere",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (D(2018, 4, 1), D(2018, 4, 1)),
        (dt.datetime(2018, 4, 1, 0, 0), D(2018, 4, 1)),
        ("01-04-2018", D(2018, 4, 1)),
        ("1.11.2018", D(2018, 11, 1)),
        ("2018-04-01", D(2018, 4, 1)),
        ("01.04.18", D(2018, 4, 1)),
        ("1. april 2018", D(2018, 4, 1)),
        (43191, D(2018, 4, 1)),  # Excel serial number
    ],
)
def test_date_variants(tmp_path: Path, raw: object, expected: dt.date) -> None:
    path = write_relocated(tmp_path / "d.xlsx", [dict(ROW, end=raw)])
    (r,) = read_relocated(path).rows
    assert r.end == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("120384-1234", "1203841234"),
        ("1203841234", "1203841234"),
        (" 120384 1234 ", "1203841234"),
        (1203841234, "1203841234"),
        (702901122, "0702901122"),  # a number cell lost the leading zero
    ],
)
def test_cpr_variants(tmp_path: Path, raw: object, expected: str) -> None:
    path = write_relocated(tmp_path / "c.xlsx", [dict(ROW, cpr=raw)])
    assert read_relocated(path).rows[0].cpr == expected


def test_jobcenter_in_one_cell_and_blank_rows_skipped(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["Jobcenter: Jobcenter Skive"], list(RELOCATED_HEADERS.values())]
    rows += [list(ROW.values()), [None] * 7, [], list(dict(ROW, cpr="0702901122").values())]
    path = sheet(tmp_path / "j.xlsx", rows)
    model = read_relocated(path)
    assert model.jobcenter == "Jobcenter Skive" and model.municipality_code == "779"
    assert [r.row for r in model.rows] == [3, 6]


def test_blank_forms_are_recognised_and_deterministic(tmp_path: Path) -> None:
    write_blank_relocated(tmp_path / "f1.xlsx")
    write_blank_relocated(tmp_path / "f2.xlsx")
    assert (tmp_path / "f1.xlsx").read_bytes() == (tmp_path / "f2.xlsx").read_bytes()
    write_blank_registrations(tmp_path / "r.xlsx")
    doc, _ = process_file(tmp_path / "f1.xlsx")
    assert doc.kind == "relocated" and doc.fields["rows"] == 0
    doc, _ = process_file(tmp_path / "r.xlsx")
    assert doc.kind == "registrations" and doc.fields["rows"] == 0


def test_filled_writer_is_deterministic(tmp_path: Path) -> None:
    a = write_registrations(tmp_path / "a.xlsx", [REG])
    b = write_registrations(tmp_path / "b.xlsx", [REG])
    assert a.read_bytes() == b.read_bytes()


REG = {
    "citizen": "120384-1234",
    "caseworker": "Lene Eksempel",
    "email": "lene.eksempel@viborg.dk",
    "hours": 37,
    "start": D(2018, 3, 1),
    "end": None,
}


@pytest.mark.parametrize(
    "headers",
    [
        ["Borger", "Sagsbehandler*", "E-mail*", "Timer pr. uge*", "Dato start*", "Dato slut"],
        ["CPR-nummer", "Sagsbehandler", "Email", "Timer pr uge", "Startdato", "Slutdato"],
        ["Cpr nummer", "Koordinerende sagsbehandler", "Mail", "Ugentlige timer", "Start", "Slut"],
    ],
)
def test_registration_header_variants(tmp_path: Path, headers: list[str]) -> None:
    rows: list[list[Any]] = [["Registreringsskema"], headers]
    rows.append(
        ["120384-1234", "Lene Eksempel", "lene.eksempel@viborg.dk", "37", "01-03-2018", None]
    )
    path = sheet(tmp_path / "r.xlsx", rows, "Sagsstamme")
    doc, findings = process_file(path)
    assert doc.kind == "registrations"
    (r,) = read_registrations(path)
    assert (r.citizen, r.caseworker, r.hours, r.start, r.end) == (
        "1203841234", "Lene Eksempel", 37.0, D(2018, 3, 1), None,
    )  # fmt: skip
    assert r.location == "Sagsstamme!A3"
    assert doc.fields["municipality_code"] == "791"  # from the e-mail domain


def test_registration_fields_contract(tmp_path: Path) -> None:
    rows = [dict(REG, citizen=f"0{i % 9 + 1}0190{1000 + i}") for i in range(30)]
    rows.append(dict(REG, caseworker="Barsel/fængsel", email="123@abc.dk", hours=0))
    path = write_registrations(tmp_path / "r.xlsx", rows, jobcenter=None)
    doc, _ = process_file(path)
    f = doc.fields
    assert f["rows"] == 31 and f["caseworkers"] == ["Lene Eksempel"]
    assert f["municipality_code"] == "791"
    first = f["caseload"][0]
    assert first == {
        "caseworker": "Lene Eksempel",
        "date": "2018-03-31",
        "cases": 30,
        "hours": 37.0,
        "cases_per_fte": 30.0,
    }


def test_caseload_snapshots_scale_to_full_time() -> None:
    pool = load_pool()
    regs = [registration(f"a{i}", "Anna", 30, D(2018, 3, 1)) for i in range(27)]
    regs += [registration(f"b{i}", "Bo", 37, D(2018, 3, 1), D(2018, 3, 31)) for i in range(10)]
    regs += [registration(f"c{i}", "Barsel/fængsel", 0, D(2018, 3, 1)) for i in range(5)]
    points = caseload_snapshots(regs, [D(2018, 3, 31), D(2018, 4, 1)], pool)
    got = {(p.caseworker, p.date): (p.cases, p.cases_per_fte) for p in points}
    assert got[("Anna", D(2018, 3, 31))] == (27, pytest.approx(33.3, abs=0.05))
    assert got[("Bo", D(2018, 3, 31))] == (10, 10.0)  # end date counts that day
    assert ("Bo", D(2018, 4, 1)) not in got
    assert all(p.caseworker != "Barsel/fængsel" for p in points)


def test_caseload_counts_each_citizen_once_a_day() -> None:
    """Q&A 2018, spørgsmål 3 and 6 om modulet: the old row ends, the new one starts. When
    both touch the snapshot day, the citizen counts once, for the new row."""
    pool = load_pool()
    day = D(2018, 3, 31)
    regs = [
        # caseworker change on the day itself: counts for Bo only
        registration("010190-1234", "Anna", 37, D(2018, 3, 1), day),
        registration("0101901234", "Bo", 37, day),
        # the same citizen registered twice with Anna: one case
        registration("020290-1234", "Anna", 37, D(2018, 3, 1)),
        registration("0202901234", "Anna", 37, D(2018, 3, 1)),
        # to parental leave on the day: counts for nobody
        registration("030390-1234", "Anna", 37, D(2018, 3, 1), day),
        registration("030390-1234", "Barsel/fængsel", 0, day),
        # Q&A example: ended the day before, so the next day counts for the new one only
        registration("Hans Hansen", "Anna", 37, D(2018, 1, 1), D(2018, 3, 30)),
        registration("hans  hansen", "Bo", 37, D(2018, 3, 31)),
    ]
    points = caseload_snapshots(regs, [day], pool)
    assert {p.caseworker: p.cases for p in points} == {"Anna": 1, "Bo": 2}
    earlier = caseload_snapshots(regs, [D(2018, 3, 30)], pool)
    assert {p.caseworker: p.cases for p in earlier} == {"Anna": 4}


def test_citizen_key() -> None:
    same = ["120384-1234", "1203841234", "Hans Hansen 120384-1234", " 120384 1234"]
    assert {citizen_key(c) for c in same} == {"1203841234"}
    assert citizen_key("Hans  HANSEN") == citizen_key("hans hansen") == "hans hansen"
    assert citizen_key(None) == ""


def test_caseworker_named_by_a_cpr_number_is_masked() -> None:
    """A CPR number typed in the caseworker column never reaches a caseload table."""
    regs = [registration("0101901234", "1505851234", 37, D(2018, 3, 1))]
    (point,) = caseload_snapshots(regs, [D(2018, 3, 31)], load_pool())
    assert point.caseworker == "150585-xxxx"


def test_default_snapshot_dates_are_month_ends_in_the_period() -> None:
    pool = load_pool()
    regs = [
        registration("a", "Anna", 37, D(2017, 11, 5), D(2018, 2, 10)),
        registration("b", "Anna", 37, D(2019, 3, 1)),
    ]
    dates = default_snapshot_dates(regs, pool)
    assert dates[0] == D(2017, 12, 31) and dates[-1] == D(2019, 3, 31)
    assert D(2018, 2, 28) in dates and len(dates) == 16


def test_large_sheet_reads(tmp_path: Path) -> None:
    rows = [dict(ROW, cpr=f"{i % 28 + 1:02d}0190{1000 + i:04d}") for i in range(3000)]
    path = write_relocated(tmp_path / "big.xlsx", rows, deterministic=False)
    doc, findings = process_file(path)
    assert doc.fields["rows"] == 3000 and doc.fields["citizens"] == 3000
    assert findings == []


def _fill_blank_form(path: Path) -> Path:
    """A caseworker fills the blank form's yellow cells (openpyxl, as Excel would)."""
    from openpyxl import load_workbook

    write_blank_relocated(path)
    wb = load_workbook(path)
    ws = wb["Fraflyttede"]
    ws["B2"] = "Jobcenter Viborg"
    for col, value in zip("ABCDEFG", ROW.values(), strict=True):
        ws[f"{col}7"] = value
    ws["A8"] = "0702901122"
    ws["B8"], ws["C8"], ws["D8"] = "Maja Opdigtet", "Sofie Fiktiv", "sofie.fiktiv@viborg.dk"
    ws["E8"], ws["F8"], ws["G8"] = "01-03-2018", "31.01.2019", "Skive"
    wb.save(path)
    return path


def test_filled_blank_form_reads_only_filled_rows(tmp_path: Path) -> None:
    path = _fill_blank_form(tmp_path / "udfyldt.xlsx")
    doc, findings = process_file(path)
    assert findings == []
    assert doc.fields["rows"] == 2 and doc.fields["municipality_code"] == "791"
    second = read_relocated(path).rows[1]
    assert (second.cpr, second.start, second.end) == ("0702901122", D(2018, 3, 1), D(2019, 1, 31))


def test_blank_form_survives_libreoffice(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    """Filled in and saved by LibreOffice Calc, the sheet still reads the same."""
    saved = lo_convert(_fill_blank_form(tmp_path / "udfyldt.xlsx"), "xlsx")
    doc, findings = process_file(saved)
    assert doc.kind == "relocated" and findings == []
    rows = read_relocated(saved).rows
    assert [(r.cpr, r.end, r.location) for r in rows] == [
        ("1203841234", D(2018, 8, 15), "Fraflyttede!A7"),
        ("0702901122", D(2019, 1, 31), "Fraflyttede!A8"),
    ]


def test_rewritten_file_is_read_again(tmp_path: Path) -> None:
    """The shared calamine cache never serves an old version of a rewritten file."""
    path = tmp_path / "f.xlsx"
    write_relocated(path, [ROW])
    assert process_file(path)[0].fields["rows"] == 1
    write_relocated(path, [ROW, dict(ROW, cpr="0702901122")])
    assert process_file(path)[0].fields["rows"] == 2
    assert len(read_relocated(path).rows) == 2
