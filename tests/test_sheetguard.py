"""The sheet guard's fast path must never let an oversized sheet through."""

from __future__ import annotations

import random
import re
import sys
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
    hostile = _sheet_xml_replaced(
        _workbook_with_cell(tmp_path, "B300000"),
        b'<dimension ref="A1:B300000"/>',
        b'<dimension ref="A1:B2"/>',
    )
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

# The pattern the fast pass ran on Python's ``re`` before RE2, kept as the specification:
# the RE2 pass must find what it found, on any bytes.
_BEFORE_RE2 = re.compile(rb"r(?:=(?:[\"'](?:[A-Za-z]{2,}\d|[A-Za-z]?\d{6})|\s)|\s+=)")


@pytest.mark.parametrize(
    ("text", "unusual"),
    [
        (b'<c r="A1"/><c r="Z99999"/>', False),
        (b'<dataValidation error="Skriv et tal"/>', False),
        (b'<c r="AA1"/>', True),
        (b"<c r='B1000000'/>", True),
        (b'<c r="A100000"/>', True),  # a row of exactly six digits
        (b'<c r\x0b="A1"/>', True),
        (b'<c r=\x0c"A1"/>', True),
    ],
)
def test_the_fast_pass_on_plain_cases(text: bytes, unusual: bool) -> None:
    assert (fast_pass_pattern().search(text) is not None) is unusual
    assert (_BEFORE_RE2.search(text) is not None) is unusual


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_pass_finds_what_the_pattern_before_re2_found(seed: int) -> None:
    rng = random.Random(seed)
    pieces = _PIECES * 10 + [bytes([b]) for b in range(256)]  # and every byte value
    found = 0
    for _ in range(3000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        got, want = fast_pass_pattern().search(data), _BEFORE_RE2.search(data)
        assert (got.span() if got else None) == (want.span() if want else None), data
        found += want is not None
    assert 300 < found < 2700  # both outcomes are exercised


def _sheet_xml_replaced(src: Path, old: bytes, new: bytes) -> Path:
    """A copy of the workbook ``src`` whose sheet XML has ``old`` replaced by ``new`` (read
    by the guard only: never handed to a parser here)."""
    out = src.with_name("changed.xlsx")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new, 1)
            zout.writestr(item, data)
    return out


@pytest.mark.parametrize("space", [b" ", b"\t", b"\n", b"\r"])
@pytest.mark.parametrize("form", [b'r%s="XFD1048576"', b'r=%s"XFD1048576"'])
def test_xml_white_space_around_a_references_equals_is_seen(
    tmp_path: Path, space: bytes, form: bytes
) -> None:
    """XML allows white space around "=" (calamine reads such a far cell and aborts)."""
    path = _sheet_xml_replaced(_workbook_with_cell(tmp_path, "B2"), b'r="B2"', form % space)
    assert [f.code for f in inspect_sheets(path)] == ["file-sheet-too-large"]


@pytest.mark.parametrize("padding", [900_000, 2_200_000])
def test_a_far_cell_in_a_tag_longer_than_a_chunk_is_seen(tmp_path: Path, padding: int) -> None:
    """A tag padded past the guard's 1 MB chunks: its reference is still looked at (a tag
    over a chunk was once dropped unseen, and calamine aborted on the far cell)."""
    far = b'<c r="XFD1048576" t="inlineStr" x="' + b"Q" * padding + b'"><is><t>y</t></is></c>'
    path = _sheet_xml_replaced(_workbook_with_cell(tmp_path, "B2"), b"</row>", far + b"</row>")
    assert [f.code for f in inspect_sheets(path)] == ["file-sheet-too-large"]


def test_without_re2_the_same_pattern_runs_on_pythons_re(monkeypatch: pytest.MonkeyPatch) -> None:
    """A platform without a google-re2 wheel still checks every sheet (slower), instead of
    reporting each one as broken."""
    monkeypatch.setitem(sys.modules, "re2", None)  # import re2 raises ImportError
    fallback = fast_pass_pattern.__wrapped__()
    assert isinstance(fallback, re.Pattern) and fallback.pattern == UNUSUAL_OR_ODD
    assert fallback.search(b'<c r="AA1"/>') and not fallback.search(b'<c r="A1"/>')


def test_re2_reads_bytes_as_latin_1_and_logs_nothing() -> None:
    """One byte, one character (as Python's bytes patterns); and nothing written to file
    descriptor 2 (RE2 logs there when its automaton runs out of memory)."""
    import re2

    options = fast_pass_pattern().options
    assert options.encoding == re2.Options.Encoding.LATIN1
    assert options.log_errors is False
