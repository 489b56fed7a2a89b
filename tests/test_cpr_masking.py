"""No full CPR number in any output: check (text, JSON), bulk (every sheet of the overview,
stdout, JSON), the status report's caseload table, rules, error messages.

The fixtures put CPR numbers everywhere a caseworker might (CPR column as text and as
number cells, wrong columns, names, e-mail, hours, jobcenter, duplicates, invalid and
oddly separated numbers) and the tests search every command's output for the full
numbers in every way they could be printed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from citizen_helpers import ROW
from click.testing import Result
from openpyxl import load_workbook

from hir_docs.formatting import mask_cpr_text, scrub_cpr
from hir_docs.forms.citizens import write_registrations, write_relocated
from hir_docs.rules.citizen_text import shown, who

D = dt.date
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "viborg"
# Full numbers of the fixtures (fictional), as digits.
CPRS = [
    "1203841234", "0702901122", "3112851113", "1507764321", "0102034567", "3213851113",
    "1505851234", "0303901234", "0505901234", "0606061234", "2304851234", "0101901234",
]  # fmt: skip
BASE = {k: v for k, v in ROW.items() if k != "cpr"}
REG = {"caseworker": "Lene Eksempel", "email": "lene.eksempel@viborg.dk", "hours": 37}


def _forms(folder: Path) -> Path:
    write_relocated(
        folder / "fraflyttede.xlsx",
        [
            dict(BASE, cpr="120384-1234"),
            dict(BASE, cpr="1203841234"),  # duplicate without hyphen
            dict(BASE, cpr=1203841234),  # duplicate as a number cell
            dict(BASE, cpr="0702901122", end="0702901122"),  # CPR typed in the date column
            dict(BASE, cpr="3112851113", email="3112851113", destination="150776-4321"),
            dict(BASE, cpr="3213851113"),  # invalid date, must not be echoed
            dict(BASE, cpr="010203-4567", name="Navn 010203-4567", destination="Viborg"),
            dict(BASE, cpr="120384.1234", destination="Atlantis"),  # odd separator
            dict(BASE, cpr=101901234, email="0606061234@viborg"),  # lost leading zero
            dict(BASE, cpr="2304851234", caseworker="12.03.84-1234", start="15.05.85 1234"),
        ],
        jobcenter="Jobcenter 0505901234",
    )
    write_registrations(
        folder / "registreringer.xlsx",
        [
            dict(REG, citizen="120384-1234", start=D(2018, 3, 1), end=None),
            dict(REG, citizen="1203841234", start=D(2018, 4, 1), end=None),  # open twice
            dict(REG, citizen="0702901122", start=D(2018, 3, 1), end="0702901122"),
            dict(REG, citizen="3112851113", caseworker="3112851113", start=D(2018, 3, 1)),
            dict(REG, citizen="150776-4321", start="150776-4321", end=None),
            dict(REG, citizen="010203-4567", start=D(2018, 5, 1), end=D(2018, 4, 1)),
            dict(REG, citizen="Hans 010203-4567", start=D(2018, 3, 1), hours=0),
            dict(REG, citizen="3213851113", start=D(2018, 3, 1)),  # invalid date
            dict(REG, citizen="0303901234", caseworker="1505851234", hours="1505851234")
            | {"email": "1505851234@viborg.dk", "start": D(2018, 3, 1)},
            dict(REG, citizen="0505901234", caseworker="Barsel/fængsel", hours=303901234)
            | {"email": "0505901234@abc.dk", "start": D(2018, 3, 1)},
            dict(REG, citizen="Hans Hansen 2304851234", start=D(2018, 3, 1), hours=101901234),
        ],
    )
    return folder


def _variants(digits: str) -> list[str]:
    """Every way a full number could be printed: plain, hyphen, space, dot, Danish
    thousands (a number cell formatted by the messages), and without a leading zero."""
    out = [digits, f"{digits[:6]}-{digits[6:]}", f"{digits[:6]} {digits[6:]}"]
    out += [f"{digits[:6]}.{digits[6:]}", f"{int(digits):,}".replace(",", ".")]
    if digits.startswith("0"):
        out.append(digits[1:])
    return out


def assert_no_full_cpr(text: str, where: str) -> None:
    for digits in CPRS:
        for variant in _variants(digits):
            assert variant not in text, f"fuldt CPR-nummer {digits[:6]}... i {where}"


def _output(result: Result) -> str:
    return result.output + (result.stderr if result.stderr_bytes else "")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return _forms(tmp_path / "indsendelse")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_output_never_shows_full_cpr(
    folder: Path, run_cli: Callable[..., Result], fmt: str
) -> None:
    for args in (
        ["check", folder, "--format", fmt],
        ["check", folder / "fraflyttede.xlsx", "--format", fmt],
        ["check", folder / "registreringer.xlsx", "--format", fmt, "--on", "2018-03-31"],
    ):
        result = run_cli(*args)
        assert result.exit_code == 1  # the fixtures have errors
        text = _output(result)
        assert_no_full_cpr(text, f"check {fmt}")
        assert "120384-xxxx" in text  # the citizen is named, masked
    data = json.loads(run_cli("check", folder, "--format", "json").output)
    codes = {f["code"] for f in data["findings"]}
    assert {"relocated-duplicate-citizen", "registrations-open-twice"} <= codes
    assert {"relocated-date-unreadable", "registrations-end-unreadable"} <= codes
    assert {"registrations-hours-missing", "registrations-fictitious-hours"} <= codes
    fields = {d["kind"]: d["fields"] for d in data["documents"]}
    assert fields["relocated"]["jobcenter"] == "Jobcenter 050590-xxxx"
    assert "150585-xxxx" in fields["registrations"]["caseworkers"]


def test_bulk_outputs_never_show_full_cpr(
    folder: Path, tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    inbox = tmp_path / "indbakke"
    inbox.mkdir()
    folder.rename(inbox / "Viborg")
    out, export = tmp_path / "oversigt.xlsx", tmp_path / "cpr.xlsx"
    res = run_cli("bulk", inbox, "--out", out, "--export-registrations", export)
    assert res.exit_code == 1
    res_json = run_cli("bulk", inbox, "--out", out, "--force", "--format", "json")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Ansøgninger", "Fund", "Regioner", "Filer"]
    for ws in wb.worksheets:
        cells = "\n".join(str(c.value) for r in ws.iter_rows() for c in r if c.value is not None)
        assert_no_full_cpr(cells, f"oversigtens ark {ws.title}")
    assert_no_full_cpr(_output(res), "bulk text")
    assert_no_full_cpr(_output(res_json), "bulk json")
    assert "120384-xxxx" in "\n".join(str(c.value) for r in wb["Fund"].iter_rows() for c in r)
    exported = [r[5] for r in load_workbook(export).active.iter_rows(min_row=3, values_only=True)]
    assert "120384-1234" in exported  # the one file with full numbers


def test_status_report_caseload_table_never_shows_full_cpr(
    folder: Path, tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    out = tmp_path / "rapporter"
    res = run_cli(
        "render", "status", EXAMPLES / "projektdata.xlsx", "--period", "2018-H1",
        "--registrations", folder / "registreringer.xlsx", "--out", out,
        "--draft",  # the sheet's citizens differ from the example's 99: only a draft is made
    )  # fmt: skip
    assert res.exit_code == 0, _output(res)
    assert_no_full_cpr(_output(res), "render status")
    (report,) = out.glob("*.docx")
    with zipfile.ZipFile(report) as zf:
        xml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))
    text = re.sub(r"<[^>]+>", "", xml)
    assert "150585-xxxx" in text  # the caseworker column held a CPR number: shown masked
    assert_no_full_cpr(text, "statusrapportens XML")


def test_rules_output_has_no_cpr(run_cli: Callable[..., Result]) -> None:
    for fmt in ("text", "json"):
        result = run_cli("rules", "--format", fmt)
        assert result.exit_code == 0
        assert "relocated-cpr-invalid" in result.output
        assert not re.search(r"\d{6}-?\d{4}", result.output)


def test_message_helpers_mask() -> None:
    assert shown("se 120384-1234 og 0702901122") == "se 120384-xxxx og 070290-xxxx"
    assert who("1203841234") == "borgeren 120384-xxxx"
    assert who("Hans 120384 1234") == "borgeren Hans 120384-xxxx"
    assert who("120384.1234") == "borgeren 120384-xxxx"
    assert shown("3213851113") == "321385-xxxx"  # a mistyped number is still someone's
    assert shown("101901234") == "010190-xxxx"  # a number cell dropped the leading zero


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("120384-1234", "120384-xxxx"),
        ("12.03.84-1234", "120384-xxxx"),
        ("12 03 84 1234", "120384-xxxx"),
        ("CPR: 120384 - 1234.", "CPR: 120384-xxxx."),
        ("120384–1234", "120384-xxxx"),
    ],
)
def test_scrub_cpr_separators(text: str, masked: str) -> None:
    assert scrub_cpr(text) == masked == mask_cpr_text(text)


@pytest.mark.parametrize(
    "text", ["01-03-2018", "1.200.000 kr.", "tlf. 12 34 56 78", "2018-03-01", "31415926"]
)
def test_scrub_cpr_leaves_other_numbers(text: str) -> None:
    assert scrub_cpr(text) == text == mask_cpr_text(text)


def test_a_number_that_looks_like_a_cpr_number_is_masked_as_valid_json() -> None:
    """An amount typed as 1203841234 (a birth date in its first six digits) is masked in
    the JSON as the text "120384-xxxx", never a bare 120384-xxxx that no JSON reader
    accepts (found by the fuzzing sweep: a mutated application's requested amount). Other
    numbers keep their type; a masked float likewise."""
    from hir_docs.findings import Document, Report
    from hir_docs.presentation import report_json

    fields = {"requested_amount": 1203841234, "other": 1200000, "ratio": 120384.1234, "n": [7]}
    report = Report(documents=[Document("ansøgning.docx", "application", fields)])
    data = json.loads(report_json(report))
    shown = data["documents"][0]["fields"]
    assert shown == {
        "requested_amount": "120384-xxxx",
        "other": 1200000,
        "ratio": "120384-xxxx",
        "n": [7],
    }
