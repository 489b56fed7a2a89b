"""No full CPR number in any output: text, JSON, rules, error messages.

The fixtures put CPR numbers everywhere a caseworker might (CPR column, wrong columns,
duplicates, invalid numbers) and the test searches every command's output for them,
with and without hyphen.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from hir_docs.forms.citizens import write_registrations, write_relocated
from hir_docs.rules.citizens import shown, who

D = dt.date
CPRS = ["120384-1234", "0702901122", "3112851113", "150776-4321", "010203-4567"]


def _forms(tmp_path: Path) -> Path:
    folder = tmp_path / "indsendelse"
    base = {
        "name": "Peter Fiktivsen",
        "caseworker": "Lene Eksempel",
        "email": "lene.eksempel@viborg.dk",
        "start": D(2018, 3, 1),
        "end": D(2018, 8, 15),
        "destination": "Aarhus Kommune",
    }
    write_relocated(
        folder / "fraflyttede.xlsx",
        [
            dict(base, cpr=CPRS[0]),
            dict(base, cpr="1203841234"),  # duplicate without hyphen
            dict(base, cpr=CPRS[1], end="0702901122"),  # CPR typed in the date column
            dict(base, cpr=CPRS[2], email=CPRS[2], destination=CPRS[3]),  # wrong columns
            dict(base, cpr="3213851113"),  # invalid date, must not be echoed
            dict(base, cpr=CPRS[4], name=f"Navn {CPRS[4]}", destination="Viborg"),
        ],
    )
    reg = {"caseworker": "Lene Eksempel", "email": "lene.eksempel@viborg.dk", "hours": 37}
    write_registrations(
        folder / "registreringer.xlsx",
        [
            dict(reg, citizen=CPRS[0], start=D(2018, 3, 1), end=None),
            dict(reg, citizen="1203841234", start=D(2018, 4, 1), end=None),  # open twice
            dict(reg, citizen=CPRS[1], start=D(2018, 3, 1), end=CPRS[1]),  # unreadable end
            dict(reg, citizen=CPRS[2], caseworker=CPRS[2], start=D(2018, 3, 1), end=None),
            dict(reg, citizen=CPRS[3], start=CPRS[3], end=None),
            dict(reg, citizen=CPRS[4], start=D(2018, 5, 1), end=D(2018, 4, 1)),
            dict(reg, citizen=f"{CPRS[4]} Hansen", start=D(2018, 3, 1), end=None, hours=0),
        ],
    )
    return folder


def _full_numbers() -> list[str]:
    out = []
    for c in CPRS + ["3213851113"]:
        digits = c.replace("-", "")
        out += [digits, f"{digits[:6]}-{digits[6:]}", f"{digits[:6]} {digits[6:]}"]
    return out


def _assert_masked(result: Result) -> str:
    text = result.output + (result.stderr if result.stderr_bytes else "")
    for number in _full_numbers():
        assert number not in text, f"fuldt CPR-nummer {number[:6]}... i output"
    return text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_output_never_shows_full_cpr(
    tmp_path: Path, run_cli: Callable[..., Result], fmt: str
) -> None:
    folder = _forms(tmp_path)
    for args in (
        ["check", folder, "--format", fmt],
        ["check", folder / "fraflyttede.xlsx", "--format", fmt],
        ["check", folder / "registreringer.xlsx", "--format", fmt, "--on", "2018-03-31"],
    ):
        result = run_cli(*args)
        assert result.exit_code == 1  # the fixtures have errors
        text = _assert_masked(result)
        assert "120384-xxxx" in text  # the citizen is named, masked
    if fmt == "json":
        data = json.loads(run_cli("check", folder, "--format", "json").output)
        codes = {f["code"] for f in data["findings"]}
        assert {"relocated-duplicate-citizen", "registrations-open-twice"} <= codes
        assert {"relocated-date-unreadable", "registrations-end-unreadable"} <= codes


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
