"""Every submission checked as a folder (or several files) is judged complete or not, also
when the application is a PDF or there is nothing but a PDF (issue 21, point 14)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from budget_helpers import budget_file
from click.testing import Result
from openpyxl import load_workbook
from test_pdf_helpers import application_pdf, scanned_pdf, strategy_pdf

from hir_docs.bulk.run import run_bulk
from hir_docs.findings import Finding, Severity
from hir_docs.forms.application import write_application
from hir_docs.forms.citizens import write_relocated
from hir_docs.pipeline import check_paths

RELOCATED_ROW = {
    "cpr": "120384-1234",
    "name": "Peter Fiktivsen",
    "caseworker": "Lene Eksempel",
    "email": "lene.eksempel@viborg.dk",
    "start": "2018-03-01",
    "end": "2018-08-15",
    "destination": "Aarhus Kommune",
}


def folder(tmp_path: Path, name: str = "viborg") -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


def by_code(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def data(result: Result) -> dict[str, Any]:
    return dict(json.loads(result.stdout))


def test_a_folder_with_only_a_pdf_application_misses_its_budget(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    ind = folder(tmp_path)
    application_pdf(ind)
    result = run_cli("check", "--format", "json", ind)
    assert result.exit_code == 1
    out = data(result)
    assert [d["kind"] for d in out["documents"]] == ["application"]
    (missing,) = [f for f in out["findings"] if f["code"] == "cross-budget-missing"]
    assert missing["severity"] == "error" and missing["file"].endswith("ansoegning.pdf")
    assert "ansoegning.pdf" in missing["message"] and "Viborg Kommune" in missing["message"]
    codes = [f["code"] for f in out["findings"]]
    assert "file-pdf-application" in codes and "cross-application-missing" not in codes
    text = run_cli("check", ind)
    assert text.exit_code == 1 and "Ingen fejl fundet" not in text.stdout


def test_a_pdf_application_with_its_budget_is_checked_across_both(tmp_path: Path) -> None:
    ind = folder(tmp_path)
    application_pdf(ind)
    budget_file(ind)
    report = check_paths([ind])
    assert not [f for f in report.findings if f.code.startswith("cross-")]
    assert report.valid
    # The amounts of the two must agree, as for the Word form.
    (ind / "ansoegning.pdf").unlink()
    application_pdf(ind, {"requested_amount": "1.300.000 kr."})
    (mismatch,) = by_code(check_paths([ind]).findings, "cross-requested-mismatch")
    assert "1.300.000 kr." in mismatch.message and "ansoegning.pdf" in mismatch.message


def test_a_folder_with_only_a_scanned_pdf_misses_both_forms_and_says_why(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    ind = folder(tmp_path)
    scanned_pdf(ind / "ansoegning.pdf", pages=4)
    result = run_cli("check", "--format", "json", ind)
    assert result.exit_code == 1
    findings = data(result)["findings"]
    (app,) = [f for f in findings if f["code"] == "cross-application-missing"]
    (budget,) = [f for f in findings if f["code"] == "cross-budget-missing"]
    assert app["severity"] == budget["severity"] == "error"
    assert app["file"].endswith("ansoegning.pdf")
    assert (
        "Indsendelsen har intet ansøgningsskema: der er kun pdf-filen ansoegning.pdf."
        in (app["message"])
    )
    assert "ingen tekst, der kan læses" in app["message"] and "scannet" in app["message"]
    assert "der er kun pdf-filen ansoegning.pdf" in budget["message"]
    assert "file-pdf-no-text" in [f["code"] for f in findings]


def test_a_folder_with_only_attachments_misses_both_forms(tmp_path: Path) -> None:
    ind = folder(tmp_path)
    strategy_pdf(ind, pages=2, name="strategi.pdf")
    findings = check_paths([ind]).findings
    (app,) = by_code(findings, "cross-application-missing")
    assert "strategi.pdf viser ikke ansøgningsskemaets overskrifter" in app.message
    assert "scannet" not in app.message
    assert by_code(findings, "cross-budget-missing")


def test_a_budget_beside_a_scanned_pdf_says_the_application_cannot_be_read(
    tmp_path: Path,
) -> None:
    ind = folder(tmp_path)
    scanned_pdf(ind / "ansoegning.pdf")
    budget = budget_file(ind)
    (missing,) = by_code(check_paths([ind]).findings, "cross-application-missing")
    assert missing.file == str(budget) and missing.severity is Severity.ERROR
    assert "intet ansøgningsskema, der kan læses. ansoegning.pdf har ingen tekst" in (
        missing.message
    )
    assert "kan ikke bruges" not in missing.message


def test_the_word_form_with_pdf_attachments_is_complete(tmp_path: Path) -> None:
    ind = folder(tmp_path)
    write_application(ind / "ansoegning.docx")
    budget_file(ind)
    strategy_pdf(ind, pages=2, name="strategi.pdf")
    scanned_pdf(ind / "underskrift.pdf", pages=1)
    report = check_paths([ind])
    assert report.valid
    assert not [f for f in report.findings if f.code.startswith("cross-")]


def test_a_six_page_strategy_in_a_complete_submission_is_a_warning(tmp_path: Path) -> None:
    ind = folder(tmp_path)
    write_application(ind / "ansoegning.docx")
    budget_file(ind)
    strategy_pdf(ind, pages=6, name="strategi.pdf")
    report = check_paths([ind])
    (long,) = by_code(report.findings, "file-pdf-strategy-too-long")
    assert long.severity is Severity.WARNING and "6 sider" in long.message
    assert report.valid  # a warning: the applicant shortens it before sending


def test_citizen_sheets_with_a_pdf_are_not_an_application(tmp_path: Path) -> None:
    """A folder of citizen sheets (another job) with a PDF letter beside them is not
    judged as an application submission; nor is one with the sheets alone."""
    ind = folder(tmp_path)
    write_relocated(ind / "fraflyttede.xlsx", [RELOCATED_ROW])
    alone = check_paths([ind]).findings
    strategy_pdf(ind, pages=1, name="følgebrev.pdf")
    with_letter = check_paths([ind]).findings
    for findings in (alone, with_letter):
        assert not by_code(findings, "cross-application-missing")
        assert not by_code(findings, "cross-budget-missing")


def test_one_pdf_checked_alone_is_not_judged_complete(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    scanned = scanned_pdf(tmp_path / "ansoegning.pdf")
    result = run_cli("check", scanned)
    assert result.exit_code == 0
    assert "sandsynligvis scannet" in result.stdout
    app = application_pdf(tmp_path, name="ansoegning2.pdf")
    out = data(run_cli("check", "--format", "json", app))
    assert not [f for f in out["findings"] if f["code"].startswith("cross-")]


def test_a_pdf_application_in_a_bulk_inbox_is_read(tmp_path: Path) -> None:
    inbox = folder(tmp_path, "indbakke")
    viborg = folder(inbox, "viborg")
    application_pdf(viborg)
    budget_file(viborg)
    out = tmp_path / "oversigt.xlsx"
    result = run_bulk(inbox, out)
    rows = list(load_workbook(out)["Ansøgninger"].iter_rows(values_only=True))
    header, values = rows[0], rows[1:]
    (row,) = [dict(zip(header, r, strict=True)) for r in values]
    assert row["Kommune"] == "Viborg Kommune" and row["Ansøgt beløb"] == 1_200_000
    assert result.valid
