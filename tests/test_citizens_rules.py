"""Each rule of the citizen sheets fires on a bad sheet and stays quiet on a good one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from citizen_helpers import cpr

from hir_docs.findings import Finding, codes, one
from hir_docs.forms.citizens import write_registrations, write_relocated
from hir_docs.pipeline import process_file
from hir_docs.rules import CheckOptions
from hir_docs.rules.registry import catalogue

D = dt.date
LENE = ("Lene Eksempel", "lene.eksempel@viborg.dk")
SOFIE = ("Sofie Fiktiv", "sofie.fiktiv@viborg.dk")


def relocated_rows() -> list[dict[str, Any]]:
    return [
        {
            "cpr": "120384-1234",  # fails modulus 11, still valid
            "name": "Peter Fiktivsen",
            "caseworker": LENE[0],
            "email": LENE[1],
            "start": D(2018, 3, 1),
            "end": D(2018, 8, 15),
            "destination": "Aarhus Kommune",
        },
        {
            "cpr": "0702901122",
            "name": "Maja Opdigtet",
            "caseworker": SOFIE[0],
            "email": SOFIE[1],
            "start": D(2018, 3, 1),
            "end": D(2019, 1, 31),
            "destination": "Skive",
        },
    ]


def reg(
    i: int, who: tuple[str, str], hours: float, start: dt.date, end: dt.date | None = None
) -> dict[str, Any]:
    return {
        "citizen": cpr(i),
        "caseworker": who[0],
        "email": who[1],
        "hours": hours,
        "start": start,
        "end": end,
    }


def registration_rows() -> list[dict[str, Any]]:
    rows = [reg(i, LENE, 37, D(2018, 3, 1) if i < 30 else D(2018, 9, 3)) for i in range(32)]
    rows += [reg(100 + i, SOFIE, 30, D(2018, 3, 1) if i < 24 else D(2019, 1, 7)) for i in range(25)]
    return rows


def check_rel(tmp_path: Path, rows: list[dict[str, Any]], **kw: Any) -> list[Finding]:
    path = write_relocated(tmp_path / "fraflyttede.xlsx", rows, **kw)
    doc, findings = process_file(path)
    assert doc.kind == "relocated"
    return findings


def check_reg(
    tmp_path: Path, rows: list[dict[str, Any]], on: tuple[dt.date, ...] = (), **kw: Any
) -> list[Finding]:
    path = write_registrations(tmp_path / "registreringer.xlsx", rows, **kw)
    doc, findings = process_file(path, CheckOptions(snapshot_dates=on))
    assert doc.kind == "registrations"
    return findings


# ------------------------------------------------------------------ relocated


def test_valid_relocated_sheet_is_quiet(tmp_path: Path) -> None:
    assert check_rel(tmp_path, relocated_rows()) == []


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("320184-1234", "fødselsdato"),
        ("12038412", "10 cifre"),
        ("ukendt", "10 cifre"),
        ("120384123²", "10 cifre"),
        (None, "mangler"),
    ],
)
def test_cpr_invalid(tmp_path: Path, value: str | None, fragment: str) -> None:
    rows = relocated_rows()
    rows[1]["cpr"] = value
    f = one(check_rel(tmp_path, rows), "relocated-cpr-invalid")
    assert f.severity == "error" and fragment in f.message
    assert f.location == "Fraflyttede!A8"


def test_cpr_after_2007_failing_modulus_11_is_accepted(tmp_path: Path) -> None:
    from stdnum.dk import cpr as stdnum_cpr

    assert stdnum_cpr.checksum("1203841234") != 0  # fails the old modulus 11 check
    rows = relocated_rows()
    rows[0]["cpr"] = "120384-1234"
    assert "relocated-cpr-invalid" not in codes(check_rel(tmp_path, rows))


def test_duplicate_citizen(tmp_path: Path) -> None:
    rows = relocated_rows()
    rows[1]["cpr"] = "1203841234"  # same citizen as row 7, without hyphen
    f = one(check_rel(tmp_path, rows), "relocated-duplicate-citizen")
    assert "række 7" in f.message and f.location == "Fraflyttede!A8"


@pytest.mark.parametrize(
    ("key", "value", "code", "severity", "cell"),
    [
        ("end", None, "relocated-end-missing", "error", "F7"),
        ("start", None, "relocated-start-missing", "warning", "E7"),
        ("destination", None, "relocated-destination-unknown", "warning", "G7"),
        ("destination", "Atlantis", "relocated-destination-unknown", "warning", "G7"),
        ("destination", "Viborg Kommune", "relocated-destination-own", "warning", "G7"),
        ("email", None, "relocated-email-invalid", "warning", "D7"),
        ("email", "lene.eksempel@viborg", "relocated-email-invalid", "warning", "D7"),
        ("email", "lene eksempel@viborg.dk", "relocated-email-invalid", "warning", "D7"),
    ],
)
def test_relocated_row_rules(
    tmp_path: Path, key: str, value: object, code: str, severity: str, cell: str
) -> None:
    rows = relocated_rows()
    rows[0][key] = value
    f = one(check_rel(tmp_path, rows), code)
    assert (f.severity, f.field, f.location) == (severity, key, f"Fraflyttede!{cell}")


def test_date_unreadable(tmp_path: Path) -> None:
    rows = relocated_rows()
    rows[0]["end"] = "sidst i august"
    found = check_rel(tmp_path, rows)
    f = one(found, "relocated-date-unreadable")
    assert f.location == "Fraflyttede!F7"
    assert "relocated-end-missing" not in codes(found)


def test_end_before_start(tmp_path: Path) -> None:
    rows = relocated_rows()
    rows[0]["end"] = D(2018, 2, 28)
    rows[0]["start"] = D(2018, 3, 1)
    found = check_rel(tmp_path, rows)
    assert one(found, "relocated-end-before-start").location == "Fraflyttede!F7"


@pytest.mark.parametrize(("key", "value"), [("end", D(2019, 4, 2)), ("start", D(2017, 12, 19))])
def test_date_outside_period(tmp_path: Path, key: str, value: dt.date) -> None:
    rows = relocated_rows()
    rows[1][key] = value
    f = one(check_rel(tmp_path, rows), "relocated-date-outside-period")
    assert f.field == key and "projektperioden" in f.message


def test_period_edges_are_inside(tmp_path: Path) -> None:
    rows = relocated_rows()
    rows[1]["start"], rows[1]["end"] = D(2017, 12, 20), D(2019, 4, 1)
    assert check_rel(tmp_path, rows) == []


@pytest.mark.parametrize("jobcenter", [None, "Jobcenter Atlantis"])
def test_jobcenter_missing(tmp_path: Path, jobcenter: str | None) -> None:
    f = one(
        check_rel(tmp_path, relocated_rows(), jobcenter=jobcenter), "relocated-jobcenter-missing"
    )
    assert f.severity == "warning"


def test_empty_sheet(tmp_path: Path) -> None:
    assert codes(check_rel(tmp_path, [])) == ["relocated-empty"]


def test_column_missing(tmp_path: Path) -> None:
    from hir_docs.forms.citizens import RELOCATED_HEADERS

    headers = {k: v for k, v in RELOCATED_HEADERS.items() if k not in ("end", "name")}
    found = check_rel(tmp_path, relocated_rows(), headers=headers)
    missing = {f.field: (f.code, f.severity) for f in found if "column" in f.code}
    assert missing == {
        "end": ("relocated-column-missing", "error"),
        "name": ("relocated-column-recommended-missing", "warning"),
    }


def test_no_header_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Fraflyttede"
    ws["A1"] = "Skema til fraflyttede borgere"
    for i, label in enumerate(["CPR-nummer", "Navn", "Tilflytningskommune"], start=3):
        ws.cell(i, 1, label)  # labels under each other, not a header row
    path = tmp_path / "x.xlsx"
    wb.save(path)
    doc, found = process_file(path)
    assert doc.kind == "relocated"
    assert codes(found) == ["relocated-no-header"]


def test_many_bad_rows_are_capped(tmp_path: Path) -> None:
    rows = [dict(relocated_rows()[0], cpr=f"99{i:08d}") for i in range(60)]
    found = [f for f in check_rel(tmp_path, rows) if f.code == "relocated-cpr-invalid"]
    assert len(found) == 26
    assert "35 rækker mere" in found[-1].message


# ------------------------------------------------------------------ registrations


def test_valid_registrations_are_quiet(tmp_path: Path) -> None:
    assert check_reg(tmp_path, registration_rows()) == []


def test_open_twice(tmp_path: Path) -> None:
    rows = registration_rows()
    rows.append(reg(0, SOFIE, 30, D(2018, 6, 1)))  # citizen 0 also open with Lene
    f = one(check_reg(tmp_path, rows), "registrations-open-twice")
    assert f.severity == "error" and f.location == "Registreringer!F7"
    assert "010160-xxxx" in f.message


def test_caseworker_change_done_right_is_quiet(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[0]["end"] = D(2018, 5, 31)
    rows.append(reg(0, SOFIE, 30, D(2018, 6, 1)))
    assert check_reg(tmp_path, rows) == []


def test_caseworker_change_on_the_same_day_is_quiet(tmp_path: Path) -> None:
    """End date of the old row = start date of the new one (Q&A 2018, spørgsmål 3 om
    modulet): not two open rows, and the citizen counts once on that day."""
    rows = registration_rows()
    lene = [r for r in rows if r["caseworker"] == LENE[0] and r["start"] == D(2018, 3, 1)]
    rows += [reg(200 + i, LENE, 37, D(2018, 3, 1), D(2018, 8, 31)) for i in range(5)]  # 35
    # on 31 May one of Lene's citizens goes on leave and a new citizen takes the place
    lene[0]["end"] = D(2018, 5, 31)
    rows.append(
        {"citizen": lene[0]["citizen"], "caseworker": "Barsel/fængsel", "email": "123@abc.dk"}
        | {"hours": 0, "start": D(2018, 5, 31), "end": None}
    )
    rows.append(reg(300, LENE, 37, D(2018, 5, 31)))
    # and one of Sofie's moves to Lene while one of Lene's moves to Sofie, the same day
    sofie = next(r for r in rows if r["caseworker"] == SOFIE[0])
    for old, new in ((lene[1], SOFIE), (sofie, LENE)):
        old["end"] = D(2018, 5, 31)
        rows.append(
            reg(0, new, 30 if new is SOFIE else 37, D(2018, 5, 31)) | {"citizen": old["citizen"]}
        )
    assert check_reg(tmp_path, rows) == []


@pytest.mark.parametrize(("old_end", "new_end"), [(D(2018, 6, 30), None), (None, D(2018, 9, 30))])
def test_overlapping_registrations(
    tmp_path: Path, old_end: dt.date | None, new_end: dt.date | None
) -> None:
    rows = registration_rows()
    rows[0]["end"] = old_end  # ends a month after Sofie took over, or never
    rows.append(reg(0, SOFIE, 30, D(2018, 6, 1), new_end))
    found = check_reg(tmp_path, rows)
    f = one(found, "registrations-overlap")
    assert (f.severity, f.location) == ("warning", "Registreringer!F7")
    assert "række 7 (Lene Eksempel" in f.message and "række 64 (Sofie Fiktiv" in f.message
    assert "registrations-open-twice" not in codes(found)


def test_open_twice_finds_the_citizen_however_written(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[0]["citizen"] = "Hans Hansen 120384-1234"
    rows.append(reg(0, SOFIE, 30, D(2018, 6, 1)) | {"citizen": "Hans Hansen 1203841234"})
    f = one(check_reg(tmp_path, rows), "registrations-open-twice")
    assert f.message.startswith("Borgeren Hans Hansen 120384-xxxx har to åbne registreringer")


def test_registrations_end_before_start(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[3]["end"] = D(2018, 2, 1)
    f = one(check_reg(tmp_path, rows), "registrations-end-before-start")
    assert f.location == "Registreringer!F10"


@pytest.mark.parametrize(
    ("email", "hours", "expected"),
    [
        ("123@abc.dk", 0, set()),
        ("lene.eksempel@viborg.dk", 0, {"registrations-fictitious-email"}),
        ("123@abc.dk", 37, {"registrations-fictitious-hours"}),
        (None, None, {"registrations-fictitious-email", "registrations-fictitious-hours"}),
    ],
)
def test_fictitious_caseworkers(
    tmp_path: Path, email: str | None, hours: float | None, expected: set[str]
) -> None:
    rows = registration_rows()
    rows[0]["end"] = D(2018, 7, 31)
    rows.append(
        {"citizen": cpr(0), "caseworker": "Sag overdraget til pensionsnævnet", "email": email}
        | {"hours": hours, "start": D(2018, 8, 1), "end": None}
    )
    assert set(codes(check_reg(tmp_path, rows))) == expected


def test_fictitious_caseworkers_never_count(tmp_path: Path) -> None:
    rows = registration_rows()
    rows += [
        {"citizen": cpr(300 + i), "caseworker": "Barsel/fængsel", "email": "123@abc.dk"}
        | {"hours": 0, "start": D(2018, 3, 1), "end": None}
        for i in range(40)
    ]
    path = write_registrations(tmp_path / "r.xlsx", rows)
    doc, found = process_file(path)
    assert found == []
    assert {p["caseworker"] for p in doc.fields["caseload"]} == {LENE[0], SOFIE[0]}
    assert "Barsel/fængsel" not in doc.fields["caseworkers"]


def test_real_caseworker_with_zero_hours(tmp_path: Path) -> None:
    rows = registration_rows()
    for r in rows:
        if r["caseworker"] == SOFIE[0]:
            r["hours"] = 0
    found = check_reg(tmp_path, rows)
    assert codes(found).count("registrations-hours-zero") == 25
    assert "registrations-caseload-too-high" not in codes(found)


def test_hours_missing(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[0]["hours"] = "fuld tid"
    f = one(check_reg(tmp_path, rows), "registrations-hours-missing")
    assert f.location == "Registreringer!D7"


@pytest.mark.parametrize("hours", [1505851234, -5])
def test_hours_no_week_has_are_unreadable_and_not_echoed(tmp_path: Path, hours: float) -> None:
    rows = registration_rows()
    rows[0]["hours"] = hours
    found = check_reg(tmp_path, rows)
    f = one(found, "registrations-hours-missing")
    assert f.location == "Registreringer!D7" and "150" not in f.message
    assert "registrations-hours-above-full-time" not in codes(found)


def test_fictitious_hours_that_are_a_number_no_week_has(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[0]["end"] = D(2018, 7, 31)
    rows.append(
        {"citizen": cpr(0), "caseworker": "Barsel / Fængsel", "email": " 123@ABC.dk"}
        | {"hours": 303901234, "start": D(2018, 8, 1), "end": None}
    )
    f = one(check_reg(tmp_path, rows), "registrations-fictitious-hours")
    assert "et ugyldigt antal timer" in f.message and "303" not in f.message


def test_fictitious_email_must_be_exact(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[0]["end"] = D(2018, 7, 31)
    rows.append(
        {"citizen": cpr(0), "caseworker": "Barsel/fængsel", "email": "123.abc.dk"}
        | {"hours": 0, "start": D(2018, 8, 1), "end": None}
    )
    assert codes(check_reg(tmp_path, rows)) == ["registrations-fictitious-email"]


def test_hours_above_full_time(tmp_path: Path) -> None:
    rows = registration_rows()
    for r in rows[:32]:
        r["hours"] = 40
    assert codes(check_reg(tmp_path, rows)).count("registrations-hours-above-full-time") == 25 + 1


def test_one_caseworker_with_different_hours(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[5]["hours"] = 30
    f = one(check_reg(tmp_path, rows), "registrations-hours-differ")
    assert (
        f.severity == "warning" and "30 og 37" in f.message and f.location == "Registreringer!D12"
    )


def test_registrations_email_invalid(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[2]["email"] = "lene.eksempel(at)viborg.dk"
    assert one(check_reg(tmp_path, rows), "registrations-email-invalid").severity == "warning"


def test_caseload_above_35_per_full_time(tmp_path: Path) -> None:
    rows = registration_rows()
    # Sofie, 30 hours: 29 citizens = 35.8 per full time from 1 February 2019.
    rows += [reg(200 + i, SOFIE, 30, D(2019, 2, 1)) for i in range(4)]
    found = check_reg(tmp_path, rows)
    f = one(found, "registrations-caseload-too-high")
    assert f.severity == "error"
    assert "Sofie Fiktiv har for mange sager: 29 borgere" in f.message and "35,8" in f.message
    assert f.location == "Registreringer!B39"


def test_caseload_of_35_is_fine(tmp_path: Path) -> None:
    rows = registration_rows()
    rows += [reg(200 + i, LENE, 37, D(2019, 2, 1)) for i in range(3)]  # Lene: 35
    assert check_reg(tmp_path, rows) == []


def test_caseload_snapshot_dates_from_option(tmp_path: Path) -> None:
    rows = registration_rows()
    rows += [reg(200 + i, LENE, 37, D(2018, 4, 1), D(2018, 4, 30)) for i in range(6)]  # 36 in April
    assert "registrations-caseload-too-high" in codes(check_reg(tmp_path, rows))
    assert check_reg(tmp_path, rows, on=(D(2018, 3, 31), D(2018, 5, 31))) == []
    assert "registrations-caseload-too-high" in codes(
        check_reg(tmp_path, rows, on=(D(2018, 4, 15),))
    )


def test_too_few_registration_dates(tmp_path: Path) -> None:
    rows = [dict(r, start=D(2018, 3, 1)) for r in registration_rows()]
    f = one(check_reg(tmp_path, rows), "registrations-too-few-dates")
    assert f.severity == "warning" and "1 forskellige" in f.message


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("citizen", None, "registrations-citizen-missing"),
        ("citizen", "3201601001", "registrations-cpr-invalid"),
        ("citizen", "12.01.60-1001", "registrations-cpr-invalid"),
        ("caseworker", None, "registrations-caseworker-missing"),
        ("start", None, "registrations-start-missing"),
        ("start", "i foråret", "registrations-start-missing"),
        ("end", "snart", "registrations-end-unreadable"),
    ],
)
def test_row_problems(tmp_path: Path, key: str, value: object, code: str) -> None:
    rows = registration_rows()
    rows[4][key] = value
    found = check_reg(tmp_path, rows)
    assert code in codes(found)
    assert one(found, code).severity == "error"


def test_citizen_as_name_is_accepted(tmp_path: Path) -> None:
    rows = registration_rows()
    rows[0]["citizen"] = "Hans Hansen"
    assert check_reg(tmp_path, rows) == []


def test_registrations_column_missing_and_empty(tmp_path: Path) -> None:
    from hir_docs.forms.citizens import REGISTRATION_HEADERS

    headers = {k: v for k, v in REGISTRATION_HEADERS.items() if k != "end"}
    f = one(
        check_reg(tmp_path, registration_rows(), headers=headers), "registrations-column-missing"
    )
    assert f.field == "end" and f.severity == "error"
    headers = {k: v for k, v in REGISTRATION_HEADERS.items() if k != "email"}
    f = one(
        check_reg(tmp_path, registration_rows(), headers=headers),
        "registrations-column-recommended-missing",
    )
    assert f.field == "email" and f.severity == "warning"
    assert codes(check_reg(tmp_path, [])) == ["registrations-empty"]


def test_registrations_no_header_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Registreringsskema"
    for i, label in enumerate(["Borger", "Sagsbehandler", "Timer pr. uge", "Dato start"], 2):
        ws.cell(i, 1, label)  # labels under each other, not a header row
    wb.save(tmp_path / "r.xlsx")
    doc, found = process_file(tmp_path / "r.xlsx")
    assert doc.kind == "registrations"
    assert codes(found) == ["registrations-no-header"]


CITIZEN_CROSS = (
    "registrations-end-in-future",
    "cross-relocated-not-registered",
    "cross-relocated-caseworker-differs",
)


def test_every_rule_has_a_source_and_a_test() -> None:
    ours = [r for r in catalogue() if r.scope in ("relocated", "registrations")]
    ours += [r for r in catalogue() if r.code in CITIZEN_CROSS]
    assert len(ours) >= 30
    here = Path(__file__)
    files = [*here.parent.glob("test_citizen*.py"), here.with_name("test_registrations_changes.py")]
    text = "".join(p.read_text("utf-8") for p in files)
    for r in ours:
        assert r.source() and ("Q&A 2018" in r.source() or "puljeopslag" in r.source()), r.code
        assert r.code in text, r.code


def test_cpr_check_agrees_with_stdnum() -> None:
    """The cached check gives python-stdnum's verdict for every century digit."""
    import random

    from stdnum.dk import cpr as stdnum_cpr

    from hir_docs.rules.citizen_text import cpr_problem

    rng = random.Random(7)
    numbers = ["2902000000", "2902004000", "2902005000", "2902585000", "2902575000"]
    numbers += ["3104851234", "0101374321", "0101364321", "0101579999", "0101589999"]
    numbers += [f"{rng.randint(1, 31):02d}{rng.randint(1, 13):02d}{rng.randint(0, 99):02d}"
                f"{rng.randint(0, 9999):04d}" for _ in range(3000)]  # fmt: skip
    for n in numbers:
        assert (cpr_problem(n) is None) == stdnum_cpr.is_valid(n), n


def test_capped_date_problems_are_counted_not_built(tmp_path: Path) -> None:
    """Rows past the 25 shown per code are only counted (never formatted), and the
    summary still says how many there were, per code."""
    base = relocated_rows()[0]
    rows = [
        dict(
            base, cpr=f"0101{50 + i % 40:02d}{1000 + i:04d}", start=D(2018, 5, 1), end=D(2018, 3, 1)
        )
        for i in range(40)
    ]
    found = check_rel(tmp_path, rows)
    before = [f for f in found if f.code == "relocated-end-before-start"]
    assert len(before) == 26 and before[-1].location is None
    assert "15 rækker mere" in before[-1].message
    assert all("række" in f.message for f in before[:25])


def test_capped_registration_rows_count_each_code(tmp_path: Path) -> None:
    rows = registration_rows()
    for r in rows[:30]:
        r["end"] = D(2017, 1, 1)  # before the start
    found = check_reg(tmp_path, rows)
    bad = [f for f in found if f.code == "registrations-end-before-start"]
    assert len(bad) == 26 and "5 rækker mere" in bad[-1].message
