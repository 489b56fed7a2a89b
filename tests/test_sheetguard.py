"""The sheet guard's fast path must never let an oversized sheet through."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from hir_docs.files.sheetguard import inspect_sheets


def _workbook_with_cell(tmp_path: Path, ref: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "CPR-nummer"
    ws[ref] = "x"
    path = tmp_path / "sheet.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("ref", ["A150000", "XFD1", "AZ120000", "C999999"])
def test_far_cells_are_refused(tmp_path: Path, ref: str) -> None:
    findings = inspect_sheets(_workbook_with_cell(tmp_path, ref))
    assert [f.code for f in findings] == ["file-sheet-too-large"]


@pytest.mark.parametrize("ref", ["Z99999", "AB500", "G2000"])
def test_ordinary_sheets_pass(tmp_path: Path, ref: str) -> None:
    assert inspect_sheets(_workbook_with_cell(tmp_path, ref)) == []


def test_a_lying_dimension_does_not_hide_a_far_cell(tmp_path: Path) -> None:
    src = _workbook_with_cell(tmp_path, "B300000")
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(hostile, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<dimension ref="A1:B300000"/>', b'<dimension ref="A1:B2"/>')
            zout.writestr(item, data)
    assert [f.code for f in inspect_sheets(hostile)] == ["file-sheet-too-large"]
