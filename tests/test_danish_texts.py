"""Everything a user reads is Danish and in their words (issue 11, item 9)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from hir_docs.findings import Finding, Report, Severity
from hir_docs.forms.application import build_blank_application
from hir_docs.forms.budget import write_blank_budget
from hir_docs.presentation import report_text
from hir_docs.rules.registry import catalogue

ENGLISH = re.compile(
    r"\b(Usage|Options|Commands|Show this message|Error|Invalid value|Missing (option|argument)"
    r"|does not exist|No such (option|command)|Try '|for help|is not one of|Got unexpected"
    r"|OPTIONS|COMMAND|PATH|TEXT|INTEGER)\b"
)


# ---------------------------------------------------------------- click's own texts


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("check", "--help"),
        ("bulk", "--help"),
        ("render", "--help"),
        ("report", "init", "--help"),
    ],
)
def test_help_is_danish(run_cli: Callable[..., Result], args: tuple[str, ...]) -> None:
    result = run_cli(*args, "--help") if not args else run_cli(*args)
    assert result.exit_code == 0
    assert not ENGLISH.search(result.output), result.output
    assert "Brug:" in result.output and "Vis denne hjælp og afslut." in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("check", "findes/ikke.docx"), "findes ikke"),
        (("check",), "Mangler argumentet"),
        (("report", "init", "--application", "x"), "findes ikke"),
        (("bulk", "."), "Mangler tilvalget '--out'"),
        (("check", ".", "--submitted", "i går"), "Ugyldig værdi for '--submitted'"),
        (("check", ".", "--nej"), "Ukendt tilvalg"),
        (("rules", "--format", "xml"), "er ikke en af"),
        (("nej",), "Ukendt kommando"),
    ],
)
def test_usage_errors_are_danish_with_exit_code_2(
    run_cli: Callable[..., Result], args: tuple[str, ...], fragment: str
) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Fejl:" in text and fragment in text, text
    assert not ENGLISH.search(text), text


# ---------------------------------------------------------------- rule sources


def test_rule_sources_use_the_documents_own_names() -> None:
    internal = re.compile(r"seed|README|kildeoversigt|hir-docs sikkerhed|hir-docs \(", re.I)
    for rule in catalogue():
        assert not internal.search(rule.source()), (rule.code, rule.source())


# ---------------------------------------------------------------- the blank forms


def test_blank_application_controls_have_danish_titles_and_language(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    build_blank_application(path)
    with zipfile.ZipFile(path) as zf:
        document = zf.read("word/document.xml").decode()
        styles = zf.read("word/styles.xml").decode()
    titles = re.findall(r'<w:alias w:val="([^"]*)"/>', document)
    tags = re.findall(r'<w:tag w:val="([^"]*)"/>', document)
    assert "project_name" in tags and "caseload_plan" in tags  # the keys stay as tags
    assert "Projektets navn" in titles and "Sagsmængde" in titles
    assert not set(titles) & set(tags)
    assert 'w:lang w:val="da-DK"' in styles and "en-US" not in styles


def test_budget_guide_names_what_is_checked_not_a_command(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    write_blank_budget(path)
    ws = load_workbook(path)["Vejledning"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "hir-docs check" not in text and "budget.xlsx" not in text
    assert "kontrolleres" in text


# ---------------------------------------------------------------- the closing line


def _finding(code: str, severity: Severity) -> Finding:
    return Finding(code, severity, "Noget.", "a.docx", None, None, None, "puljeopslag")


def test_closing_line_fits_the_result() -> None:
    clean = report_text(Report())
    assert (
        "Husk at læse advarslerne" not in clean
        and "Ingen fejl fundet, og ingen advarsler." in clean
    )
    warned = report_text(Report([], [_finding("budget-rate-range", Severity.WARNING)]))
    assert "Husk at læse advarslerne" in warned
    late = report_text(Report([], [_finding("application-submitted-late", Severity.ERROR)]))
    assert "kan ikke rettes ved at ændre i dokumenterne" in late
    assert "skal rettes, før" not in late
