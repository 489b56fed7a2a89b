"""A caseworker listed in the registration sheet without any citizen (issue 21, point 6,
the sheet part): the sheet has one row per citizen per caseworker, and all caseworkers
working with citizens in ressourceforløb take part with their citizens (puljeopslag,
indledning; Q&A 2018, spørgsmål 2 og 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from citizen_helpers import LENE, cpr, reg_row

from hir_docs.findings import Finding, codes, one
from hir_docs.forms.citizens import write_registrations
from hir_docs.pipeline import process_file
from hir_docs.rules import CheckOptions

D = dt.date
CODE = "registrations-caseworker-without-citizens"
IDA = ("Ida Nybegynder", "ida.nybegynder@viborg.dk")


def lene() -> list[dict[str, Any]]:
    return [reg_row(cpr(i), LENE, D(2018, 3, 1)) for i in range(5)]


def check(tmp_path: Path, rows: list[dict[str, Any]]) -> list[Finding]:
    path = write_registrations(tmp_path / "registreringer.xlsx", rows)
    doc, findings = process_file(path, CheckOptions())
    assert doc.kind == "registrations"
    return findings


def test_a_caseworker_without_any_citizen_is_one_error_instead_of_row_errors(
    tmp_path: Path,
) -> None:
    findings = check(tmp_path, [*lene(), reg_row(None, IDA, D(2018, 3, 1)), reg_row(None, IDA)])
    f = one(findings, CODE)
    assert (f.severity, f.location, f.field) == ("error", "Registreringer!A12", "citizen")
    assert f.message.startswith("Ida Nybegynder står i skemaet uden nogen borger (række 12 og 13)")
    assert "alle sagsbehandlere" in f.message
    assert "spørgsmål 2 og 15" in (f.source or "")
    # The rows are not also reported one by one (no citizen, no start date).
    assert "registrations-citizen-missing" not in codes(findings)
    assert "registrations-start-missing" not in codes(findings)


def test_many_rows_of_a_caseworker_without_citizens_are_named_briefly(tmp_path: Path) -> None:
    rows = [*lene(), *(reg_row(None, IDA, D(2018, 3, 1)) for _ in range(5))]
    f = one(check(tmp_path, rows), CODE)
    assert "(række 12, 13, 14 m.fl.)" in f.message


def test_a_caseworker_with_citizens_and_one_empty_row_gets_the_row_error(tmp_path: Path) -> None:
    rows = [*lene(), reg_row(cpr(9), IDA, D(2018, 3, 1)), reg_row(None, IDA, D(2018, 3, 1))]
    findings = check(tmp_path, rows)
    assert CODE not in codes(findings)
    assert one(findings, "registrations-citizen-missing").location == "Registreringer!A13"


def test_every_caseworker_with_citizens_is_quiet(tmp_path: Path) -> None:
    rows = [*lene(), reg_row(cpr(9), IDA, D(2018, 3, 1))]
    assert CODE not in codes(check(tmp_path, rows))


def test_a_fictitious_caseworker_without_a_citizen_is_a_missing_citizen(tmp_path: Path) -> None:
    rows = [*lene(), reg_row(None, ("Barsel/fængsel", "123@abc.dk"), D(2018, 8, 1))]
    findings = check(tmp_path, rows)
    assert CODE not in codes(findings)
    assert "registrations-citizen-missing" in codes(findings)
