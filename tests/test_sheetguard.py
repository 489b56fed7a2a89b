"""The sheet guard's fast path must never let an oversized sheet through."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hir_docs.files.sheetguard import UNUSUAL_OR_ODD, fast_pass_pattern, inspect_sheets


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


# The fast pass runs its pattern with RE2; Python's ``re`` reading the same pattern is the
# reference. Both must find the same first match on anything a sheet may hold.
_PIECES = [
    b'<c r="A1" s="2">',
    b'<c r="AB12">',  # two letters: unusual
    b"<c r='AB12'>",
    b'<c r="A123456">',  # a six-digit row
    b'<c r="123456">',
    b'<row r="12345">',  # five digits: ordinary
    b'<c r="ab1">',  # lower case letters count as letters
    b'error="Skriv et tal"',  # letters, then no digit: ordinary
    b"r =",
    b"r\x0b=",  # a vertical tab (RE2's own \s lacks it)
    b"r=\x0c",
    b"r=\t",
    b"r\n\n=",
    b"r=",
    b'r="',
    b"\xc3\xa6r",  # bytes that are no ASCII (read one by one, as Python's bytes patterns)
    b"\xff",
    b"\x00",
    b"rr",
    b"r",
    b'"',
    b"'",
    b"Z9",
    b"7",
    b" ",
    b"Borger",
]


def _reference() -> re.Pattern[bytes]:
    return re.compile(UNUSUAL_OR_ODD)


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_pass_finds_what_python_re_finds(seed: int) -> None:
    rng = random.Random(seed)
    python_re, fast = _reference(), fast_pass_pattern()
    found = 0
    for _ in range(1500):
        data = b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        expected = python_re.search(data)
        got = fast.search(data)
        assert (got.span() if got else None) == (expected.span() if expected else None), data
        found += expected is not None
    assert 300 < found < 1500  # both outcomes are exercised


@pytest.mark.parametrize(
    ("text", "unusual"),
    [
        (b'<c r="A1"/><c r="Z99999"/>', False),
        (b'<dataValidation error="Skriv et tal"/>', False),
        (b'<c r="AA1"/>', True),
        (b"<c r='B1000000'/>", True),
        (b'<c r\x0b="A1"/>', True),
        (b'<c r=\x0c"A1"/>', True),
    ],
)
def test_the_fast_pass_on_plain_cases(text: bytes, unusual: bool) -> None:
    assert (fast_pass_pattern().search(text) is not None) is unusual
    assert (_reference().search(text) is not None) is unusual
