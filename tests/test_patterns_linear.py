"""The last patterns that were super-linear on long input (issue 21, point 22): the
expected citizens in the STAR overview, a finding's cell in an annotated workbook, the
selected sheet tab, the order of sheet entries, note ids, and tag scans that ran on to the
end of a damaged XML part.

Each keeps what it read on ordinary input (asserted here), and gives the right result on
a megabyte of the input that made it quadratic (6 s on 20 KB of digits; 1,8 s on 20 KB of
spaces). Those runs happen in a child process stopped after 60 s, as in
``test_long_text.py``: no clock is read, and only a super-linear blow-up reaches the limit
(each run takes milliseconds). Speed itself is ``benchmarks/fuzz_sweep.py --long``.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hir_docs.annotate.xlsx import _TAB_SELECTED, Place, parse_location
from hir_docs.annotate.xlsx_comments import _IDMAP, _SHAPE_ID, _next_block
from hir_docs.bulk.overview import _citizens
from hir_docs.files.ooxml import FIXED_STAMP, _fix_core
from hir_docs.files.sheetguard import _MERGE, _NAME, _entry_sort_key, inspect_sheets
from hir_docs.readers.base import _WT

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("Vi forventer ca. 320 borgere i projektet", 320),
        ("1.200 nye deltagere", 1200),
        ("1234 personer", 1234),
        ("2018: 40 borgere, 2019: 60 borgere", 40),
        ("ca. 60", 60),
        ("i alt 1.200.", 1200),
        ("12.5 borgere", "12.5 borgere"),  # no whole number (was read as 5)
        ("ingen tal", "ingen tal"),
        ("40 og 60", "40 og 60"),  # two numbers, none before "borgere": as written
        ("1" * 16 + " borgere", "1" * 16 + " borgere"),  # too long to be a count
        (None, None),
        (75, 75),
    ],
)
def test_the_expected_citizens_are_read_from_the_answer(
    answer: str | int | None, shown: str | int | None
) -> None:
    assert _citizens(answer) == shown


@pytest.mark.parametrize(
    ("location", "place"),
    [
        ("Budget!I14", Place("Budget", "I14")),
        ("'Mit ark'!B2:C4", Place("Mit ark", "B2")),
        ("  Budget!$a$7  ", Place("Budget", "A7")),
        ("'Borgers ''ark'''!C3", Place("Borgers 'ark'", "C3")),
        ("budget", Place("Budget", None)),  # a sheet alone, any case
        ("Budget!A12345678", None),  # beyond Excel's grid: no cell
        ("Andet ark!A1", None),  # no such sheet
        ("Budget!", None),
        (None, None),
    ],
)
def test_a_findings_location_is_placed_in_its_sheet(
    location: str | None, place: Place | None
) -> None:
    assert parse_location(location, ["Budget", "Mit ark", "Borgers 'ark'"]) == place


@pytest.mark.parametrize(
    ("xml", "cleared"),
    [
        (b'<sheetView tabSelected="1" workbookViewId="0"/>', b'<sheetView workbookViewId="0"/>'),
        (b'<x:sheetView zoomScale="90"\n  tabSelected="true"/>', b'<x:sheetView zoomScale="90"/>'),
        (b'<sheetView workbookViewId="0"/>', b'<sheetView workbookViewId="0"/>'),
        (b'<sheetView/><other tabSelected="1"/>', b'<sheetView/><other tabSelected="1"/>'),
    ],
)
def test_the_selected_tab_is_cleared_only_on_a_sheet_view(xml: bytes, cleared: bytes) -> None:
    assert _TAB_SELECTED.sub(rb"\1", xml) == cleared


def test_tags_are_read_as_before() -> None:
    assert _WT.findall(b'<w:p><w:t xml:space="preserve">Ja </w:t><w:t>tak</w:t></w:p>') == [
        b"Ja ",
        b"tak",
    ]
    assert _WT.findall(b"<w:tab/><w:t>x</w:t>") == [b"x"]
    assert _MERGE.findall(b'<mergeCells><mergeCell ref="A1:$C$2"/></mergeCells>') == [
        (b"A", b"1", b"C", b"2")
    ]
    assert _NAME.findall(b'<sheets><sheet name="Budget" sheetId="1"/></sheets>') == [b"Budget"]
    assert _IDMAP.findall(b'<o:shapelayout><o:idmap v:ext="edit" data="1,2"/>') == [b"1,2"]
    core = b'<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-01T10:00:00Z</dcterms:created>'
    assert _fix_core(core) == core.replace(b"2024-05-01T10:00:00Z", FIXED_STAMP.encode())


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ("xl/worksheets/sheet12.xml", 12),
        ("xl/worksheets/sheet007.xml", 7),
        ("xl/worksheets/sheet.xml", 0),
        ("xl/worksheets/a1b.xml", 0),
        ("xl/worksheets/sheet" + "1" * 10 + ".xml", 0),  # no sheet count has 10 digits
    ],
)
def test_sheets_are_inspected_in_the_order_of_their_number(entry: str, key: int) -> None:
    assert _entry_sort_key(entry) == key


def test_a_sheet_entry_named_with_thousands_of_digits_is_inspected(tmp_path: Path) -> None:
    """int() refuses more than 4.300 digits: such a name made the file "beskadiget"."""
    path = tmp_path / "ark.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="A"/></sheets></workbook>')
        zf.writestr(f"xl/worksheets/sheet{'1' * 5000}.xml", "<worksheet><sheetData/></worksheet>")
        zf.writestr("xl/worksheets/sheet2.xml", "<worksheet><sheetData/></worksheet>")
    assert inspect_sheets(path) == []


def test_note_ids_are_counted_from_the_drawings_own() -> None:
    """A new note's shape id and a new drawing's id block follow the workbook's own; an
    id too long to be one (a damaged drawing) is not counted, and is no crash."""
    vml = b'<o:idmap v:ext="edit" data="1,3"/><v:shape id="_x0000_s3073"/>'
    assert [int(x) for x in _SHAPE_ID.findall(vml + b'<v:shape id="_x0000_s1025"/>')] == [
        3073,
        1025,
    ]
    package: Any = SimpleNamespace(parts={"xl/drawings/a.vml": vml})
    assert _next_block(package) == 4
    nines = b"9" * 5000
    damaged = b'<o:idmap data="' + nines + b',2"/><v:shape id="_x0000_s' + nines + b'"/>'
    assert _SHAPE_ID.findall(damaged) == []
    package = SimpleNamespace(parts={"xl/drawings/a.vml": damaged})
    assert _next_block(package) == 3


# name -> a comparison run on about 1 MB in the child process; it must print True.
BLOW_UPS = {
    "expected citizens, a million digits": "_citizens('1' * MB) == '1' * MB",
    "expected citizens, digits before 'borgere'": (
        "_citizens('1' * MB + ' borgere') == '1' * MB + ' borgere'"
    ),
    "expected citizens, digits and spaces": "_citizens('1 ' * (MB // 2)) == '1 ' * (MB // 2)",
    "expected citizens, digits and dots": "_citizens('1.' * (MB // 2)) == '1.' * (MB // 2)",
    "expected citizens after a million spaces": "_citizens('12' + ' ' * MB + 'borgere') == 12",
    "location after a million spaces": (
        "parse_location(' ' * MB + 'Budget!A1', ['Budget']) == Place('Budget', 'A1')"
    ),
    "location of spaces and a sheet name": (
        "parse_location(' ' * MB + 'x', ['x']) == Place('x', None)"
    ),
    "location of quotes": "parse_location(\"'\" * MB, ['Budget']) is None",
    "location of names and bangs": "parse_location('a!' * (MB // 2), ['a']) is None",
    "selected tab after a million spaces": (
        "_TAB_SELECTED.sub(rb'\\1', b'<sheetView' + b' ' * MB + b'tabSelected=\"1\"/>')"
        " == b'<sheetView/>'"
    ),
    "sheet view of spaces only": (
        "_TAB_SELECTED.sub(rb'\\1', b'<sheetView' + b' ' * MB) == b'<sheetView' + b' ' * MB"
    ),
    "Word text tags without an end": (
        "_WT.findall(b'<w:t ' * (MB // 5) + b'<w:t>ja</w:t>') == [b'ja']"
    ),
    "merged cells without an end": (
        "_MERGE.findall(b'<mergeCell ' * (MB // 11) + b'<mergeCell ref=\"A1:B2\"/>')"
        " == [(b'A', b'1', b'B', b'2')]"
    ),
    "sheet tags without an end": (
        "_NAME.findall(b'<sheet ' * (MB // 7) + b'<sheet name=\"Budget\"/>') == [b'Budget']"
    ),
    "note id maps without an end": (
        "_IDMAP.findall(b'<o:idmap ' * (MB // 9) + b'<o:idmap data=\"3\"/>') == [b'3']"
    ),
    "error cells without an end": (
        "_ERROR_CELL.search(b'<c ' * (MB // 3)) is None"
        ' and _ERROR_CELL.search(b\'<c r="A1" t="e">\') is not None'
    ),
    "sheet entry named with digits": "_entry_sort_key('xl/worksheets/' + '1' * MB + 'x.xml') == 0",
    "note shape ids of digits": "_SHAPE_ID.findall(b'_x0000_s' + b'1' * MB) == []",
    "document dates without an end": (
        "_fix_core(b'<dcterms:created ' * (MB // 17) + b'<dcterms:created>x</dcterms:created>')"
        ".endswith(b'>' + FIXED_STAMP.encode() + b'</dcterms:created>')"
    ),
}

IMPORTS = """
from hir_docs.annotate.xlsx import _TAB_SELECTED, Place, parse_location
from hir_docs.annotate.xlsx_comments import _IDMAP, _SHAPE_ID
from hir_docs.bulk.overview import _citizens
from hir_docs.files.ooxml import FIXED_STAMP, _fix_core
from hir_docs.files.sheetguard import _MERGE, _NAME, _entry_sort_key
from hir_docs.readers.base import _WT
from hir_docs.readers.projectdata_sheets import _ERROR_CELL
"""

CHILD = """
MB = 1_000_000
for name, statement in CASES.items():
    print(name, flush=True)
    print(repr(eval(statement))[:200], flush=True)
print("done", flush=True)
"""
LIMIT = 60  # seconds for all cases: only a super-linear blow-up gets near it


def results_in_child(imports: str, cases: dict[str, str]) -> dict[str, str]:
    """Evaluate each of ``cases`` (name -> Python expression; ``MB`` is 1.000.000) in one
    child process after ``imports``: name -> the repr of its result (at most 200
    characters). A case still running after the limit fails the test, named."""
    script = f"{imports}\nCASES = {cases!r}\n{CHILD}"
    try:
        run = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=LIMIT,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired as stopped:
        out = stopped.stdout or b""
        seen = (out.decode() if isinstance(out, bytes) else out).splitlines()
        running = len(seen) // 2  # each case prints its name, then its result
        name = list(cases)[running] if running < len(cases) else "(the end)"
        pytest.fail(f"still running after {LIMIT} s in: {name}")
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[-1:] == ["done"], run.stdout[-500:]
    return dict(zip(lines[:-1:2], lines[1:-1:2], strict=True))


def test_no_pattern_blows_up_on_a_megabyte() -> None:
    """Every case gives its right result on about a megabyte, in one child process."""
    assert results_in_child(IMPORTS, BLOW_UPS) == dict.fromkeys(BLOW_UPS, "True")


def test_the_child_names_the_case_that_hangs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard is not blind: a case still running at the limit fails the test, named."""

    def hangs(*_a: object, **_kw: object) -> None:
        raise subprocess.TimeoutExpired("python", LIMIT, output=b"first\nTrue\nsecond\n")

    monkeypatch.setattr(subprocess, "run", hangs)
    with pytest.raises(pytest.fail.Exception, match="still running after 60 s in: second$"):
        results_in_child(IMPORTS, {"first": "True", "second": "True"})
