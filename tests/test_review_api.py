"""Review findings for the API, the command line and the annotated copies."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from lxml import etree
from openpyxl import Workbook

from hir_docs.annotate.xlsx import annotate_xlsx
from hir_docs.annotate.xlsx_styles import S
from hir_docs.findings import Finding, Severity


def _long_sheet(path: Path, rows: int) -> Path:
    """A workbook whose one sheet has ``rows`` rows of three cells (written as XML: fast)."""
    Workbook().save(path)
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    body = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="C{r}"><v>{2 * r}</v></c></row>'
        for r in range(1, rows + 1)
        if r % 7  # some rows left out: an empty row is created in its place
    )
    parts["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def _annotate_cells(src: Path, dst: Path, refs: list[str]) -> None:
    findings = [
        (Finding("x", Severity.ERROR, f"Fund {ref}.", str(src), None, f"Sheet!{ref}"), True)
        for ref in refs
    ]
    annotate_xlsx(src, dst, findings, {str(src): src.name})


def test_many_findings_in_a_long_sheet_mark_the_right_cells(tmp_path: Path) -> None:
    """104 findings spread over a 50.000-row sheet (existing cells, empty cells in existing
    rows, cells in rows that must be created): each is marked once, rows stay in order.
    (The rows are read once per sheet, not once per finding: see bench_annotate.py.)"""
    src = _long_sheet(tmp_path / "lang.xlsx", 50_000)
    refs = [f"{'ABC'[i % 3]}{i * 480 + 7}" for i in range(104)]  # existing, empty, new rows
    _annotate_cells(src, tmp_path / "mange.xlsx", refs)
    with zipfile.ZipFile(tmp_path / "mange.xlsx") as zf:
        sheet = etree.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    rows = [int(r.get("r")) for r in sheet.iter(f"{S}row")]
    assert rows == sorted(rows) and len(rows) == len(set(rows))
    marked = {c.get("r") for c in sheet.iter(f"{S}c") if c.get("s")}
    assert marked == set(refs)


CPR = "120384-1234"  # a made-up number that looks like a CPR number (12 March 1984)


def test_cannot_continue_message_masks_cpr_numbers(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    application = tmp_path / f"ans {CPR}.xlsx"
    application.write_bytes(b"ikke et regneark")
    budget = tmp_path / "budget.xlsx"
    budget.write_bytes(b"ikke et regneark")
    result = run_cli(
        "report", "init", "--application", application, "--budget", budget,
        "--out", tmp_path / "projektdata.xlsx",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Fejl: " in result.stderr and "ans 120384-xxxx.xlsx" in result.stderr
    assert CPR not in result.output


def test_annotated_copies_are_listed_with_cpr_numbers_masked(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    from hir_docs.forms.budget import write_budget

    src = tmp_path / "in"
    src.mkdir()
    write_budget(src / f"budget {CPR}.xlsx")
    write_budget(src / "budget.xlsx")
    data = json.loads(
        run_cli("check", src, "--annotate", tmp_path / "a", "--format", "json").stdout
    )
    assert sorted(data["annotated"]) == [
        str(tmp_path / "a" / "budget (kommenteret).xlsx"),
        str(tmp_path / "a" / "budget 120384-xxxx (kommenteret).xlsx"),
    ]
    assert CPR not in json.dumps(data)
    text = run_cli("check", src, "--annotate", tmp_path / "b").output
    assert f"Skrevet: {tmp_path / 'b' / 'budget (kommenteret).xlsx'}" in text
    assert f"Skrevet: {tmp_path / 'b' / 'budget 120384-xxxx (kommenteret).xlsx'}" in text
    assert CPR not in text
    assert (tmp_path / "b" / f"budget {CPR} (kommenteret).xlsx").exists()  # the user's name


def test_closing_line_from_counts_and_error_codes() -> None:
    """The closing sentence of ``report_text``, from what the JSON of a check holds."""
    from hir_docs.presentation import closing_line

    none = {"error": 0, "warning": 0, "info": 0}
    assert closing_line(True, none, []) == "Ingen fejl fundet, og ingen advarsler."
    assert "Husk at læse advarslerne" in closing_line(True, {**none, "warning": 1}, [])
    late = closing_line(False, {**none, "error": 1}, ["application-submitted-late"])
    assert "kan ikke rettes" in late and "skal rettes, før" not in late
    both = closing_line(False, {**none, "error": 2}, ["application-submitted-late", "x"])
    assert both.startswith("Der er fejl, som skal rettes") and "kan ikke rettes" in both
    assert closing_line(False, {**none, "error": 1}, ["x"]).startswith("Der er fejl")
