"""Checks across application and budget (issue 3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from budget_helpers import budget_file
from click.testing import Result

from hir_docs.findings import Document
from hir_docs.forms.application import write_application
from hir_docs.pipeline import Submission, cross_check


def app_doc(
    amount: int | None = 1_200_000, code: str = "791", name: str = "Viborg Kommune"
) -> Document:
    fields = {"requested_amount": amount, "municipality_code": code, "municipality": name}
    return Document("ind/ansoegning.docx", "application", fields)


def budget_doc(
    amount: int | None = 1_200_000, code: str = "791", name: str = "Viborg Kommune"
) -> Document:
    fields = {"requested_amount": amount, "municipality_code": code, "municipality": name}
    return Document("ind/budget.xlsx", "budget", fields)


def cross(*docs: Document, complete: bool = True) -> list[Any]:
    return cross_check(Submission(list(docs), expect_complete=complete))


def test_matching_application_and_budget_are_quiet() -> None:
    assert cross(app_doc(), budget_doc()) == []
    assert cross(app_doc(1_200_000), budget_doc(1_200_001)) == []  # 1 kr. tolerance


def test_requested_amounts_must_match_naming_both_files() -> None:
    (f,) = cross(app_doc(1_300_000), budget_doc(1_200_000))
    assert (f.code, f.severity, f.file) == ("cross-requested-mismatch", "error", "ind/budget.xlsx")
    assert "ansoegning.docx" in f.message and "budget.xlsx" in f.message
    assert "1.300.000 kr." in f.message and "1.200.000 kr." in f.message


def test_missing_amount_is_not_a_mismatch() -> None:
    assert cross(app_doc(None), budget_doc()) == []


def test_municipality_must_match() -> None:
    (f,) = cross(app_doc(), budget_doc(code="751", name="Aarhus Kommune"))
    assert (f.code, f.severity) == ("cross-municipality-mismatch", "error")
    assert "Viborg Kommune" in f.message and "Aarhus Kommune" in f.message


def test_application_without_budget_is_an_error_only_for_a_complete_submission() -> None:
    (f,) = cross(app_doc(), complete=True)
    assert (f.code, f.severity, f.file) == ("cross-budget-missing", "error", "ind/ansoegning.docx")
    assert cross(app_doc(), complete=False) == []
    # The reverse: a budget needs the Word application form (issue 15).
    (g,) = cross(budget_doc(), complete=True)
    assert (g.code, g.severity, g.file) == ("cross-application-missing", "error", "ind/budget.xlsx")
    assert cross(budget_doc(), complete=False) == []


def _json(result: Result) -> dict[str, Any]:
    return dict(json.loads(result.stdout))


def test_cli_check_application_and_budget_together(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    app = tmp_path / "ansoegning.docx"
    write_application(app)
    budget = budget_file(tmp_path)
    ok = run_cli("check", "--format", "json", app, budget)
    data = _json(ok)
    assert [d["kind"] for d in data["documents"]] == ["application", "budget"]
    assert not [f for f in data["findings"] if f["code"].startswith("cross-")]

    write_application(app, answers={"requested_amount": "1.300.000 kr."})
    bad = run_cli("check", "--format", "json", app, budget)
    assert bad.exit_code == 1
    (f,) = [f for f in _json(bad)["findings"] if f["code"] == "cross-requested-mismatch"]
    assert f["location"] == "Budget!I59"
    assert "ansoegning.docx" in f["message"] and "budget.xlsx" in f["message"]
    text = run_cli("check", app, budget)
    assert "cross-requested-mismatch" in text.stdout or "1.300.000 kr." in text.stdout


@pytest.mark.parametrize("with_budget", [True, False])
def test_cli_folder_with_application(
    tmp_path: Path, run_cli: Callable[..., Result], with_budget: bool
) -> None:
    folder = tmp_path / "viborg"
    folder.mkdir()
    write_application(folder / "ansoegning.docx")
    if with_budget:
        budget_file(folder)
    data = _json(run_cli("check", "--format", "json", folder))
    missing = [f for f in data["findings"] if f["code"] == "cross-budget-missing"]
    assert bool(missing) is not with_budget


def test_unreadable_file_may_be_the_budget_of_any_application_group() -> None:
    """Two applications (grouped by municipality) and a budget that could not be opened:
    no group reports its budget as missing (the broken file has its own error)."""
    from hir_docs.pipeline import group_documents

    aarhus = Document("ind/a.docx", "application", {"municipality_code": "751"})
    viborg = Document("ind/v.docx", "application", {"municipality_code": "791"})
    budget = Document("ind/vb.xlsx", "budget", {"municipality_code": "791"})
    broken = Document("ind/ab.xlsx", "unknown", {})
    groups = group_documents([aarhus, viborg, budget, broken], True, ["ind/ab.xlsx"])
    assert len(groups) == 2
    codes = [f.code for g in groups for f in cross_check(g)]
    assert "cross-budget-missing" not in codes


def test_citizen_sheet_from_another_jobcenter_in_the_submission() -> None:
    app = app_doc()
    budget = budget_doc()
    sheet = Document(
        "ind/fraflyttede.xlsx",
        "relocated",
        {"municipality_code": "751", "jobcenter": "Jobcenter Aarhus"},
    )
    (f,) = cross(app, budget, sheet)
    assert (f.code, f.severity, f.file) == (
        "cross-sheet-other-municipality",
        "warning",
        "ind/fraflyttede.xlsx",
    )
    assert "Jobcenter Aarhus" in f.message and "Viborg Kommune" in f.message
    own = Document("ind/f.xlsx", "relocated", {"municipality_code": "791"})
    assert cross(app, budget, own) == []


# ---------------------------------------------------------------- complete submissions (issue 21)


def pdf_doc(name: str = "ind/bilag.pdf", text: bool = True) -> Document:
    return Document(name, "unknown", {"pdf_pages": 2, "pdf_text": text})


def test_a_submission_of_only_pdfs_misses_the_application_and_the_budget() -> None:
    from hir_docs.pipeline import group_documents

    (sub,) = group_documents([pdf_doc()], expect_complete=True)
    found = {f.code: f for f in cross_check(sub)}
    assert set(found) == {"cross-application-missing", "cross-budget-missing"}
    app = found["cross-application-missing"]
    assert (app.severity, app.file) == ("error", "ind/bilag.pdf")
    assert app.message == (
        "Indsendelsen har intet ansøgningsskema: der er kun pdf-filen bilag.pdf. pdf-filen "
        "bilag.pdf viser ikke ansøgningsskemaets overskrifter."
    )
    assert found["cross-budget-missing"].message == (
        "Indsendelsen har intet budgetskema: der er kun pdf-filen bilag.pdf, og ingen af dem er "
        "et budget."
    )


def test_a_scanned_pdf_is_named_as_unreadable_where_the_application_is_missing() -> None:
    from hir_docs.pipeline import group_documents

    (sub,) = group_documents([pdf_doc("ind/scan.pdf", text=False), budget_doc()], True)
    assert sub.scanned == ["ind/scan.pdf"]
    (f,) = cross_check(sub)
    assert f.code == "cross-application-missing" and f.file == "ind/budget.xlsx"
    assert "scan.pdf har ingen tekst, der kan læses — den er sandsynligvis scannet" in f.message


def test_pdfs_alone_are_not_a_submission_when_checked_one_by_one_or_beside_other_files() -> None:
    from hir_docs.pipeline import group_documents

    assert group_documents([pdf_doc()], expect_complete=False) == []
    other = Document("ind/noter.docx", "unknown", {})
    assert group_documents([other], expect_complete=True) == []


def test_citizen_sheets_and_project_data_are_not_judged_as_an_application() -> None:
    sheet = Document("ind/fraflyttede.xlsx", "relocated", {"municipality_code": "791"})
    data = Document("ind/projektdata.xlsx", "projectdata", {})
    for docs in ([sheet], [data], [sheet, data]):
        sub = Submission(docs, expect_complete=True, attachments=["ind/brev.pdf"])
        assert cross_check(sub) == []


def test_the_application_missing_rule_no_longer_says_a_pdf_cannot_be_used() -> None:
    from hir_docs.rules.cross import APPLICATION_MISSING, BUDGET_MISSING

    for text in (APPLICATION_MISSING.source(), APPLICATION_MISSING.hint()):
        assert "kun strategiafsnittet" not in text and "kan ikke bruges" not in text
    assert "spørgsmål 20" in APPLICATION_MISSING.source()
    assert "pdf" in BUDGET_MISSING.description()
    (f,) = cross(budget_doc(), complete=True)
    assert f.message == (
        "Der er et budgetskema (budget.xlsx) fra Viborg Kommune, men intet ansøgningsskema, der "
        "kan læses."
    )


def test_a_broken_pdf_may_be_the_missing_form_so_only_its_own_error_is_shown() -> None:
    from hir_docs.pipeline import group_documents

    broken = Document("ind/ansoegning.pdf", "unknown", {})
    (sub,) = group_documents([broken], True, unreadable=["ind/ansoegning.pdf"])
    assert cross_check(sub) == []
