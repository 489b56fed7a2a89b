"""Issue 10: no input may crash ``check`` or stop ``bulk``.

Any failure while reading one file is one finding on that file, whatever its type: a
broken deflate stream (``zlib.error``), a Rust panic from python-calamine (a
``BaseException``), a reader killing its worker process; cells outside Excel's grid are
refused before any parser runs; parsers print nothing on the terminal.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from openpyxl import Workbook, load_workbook

import hir_docs.pipeline as pipeline
from hir_docs.files.failures import ParserCrash, parser_call
from hir_docs.files.safety import inspect_file
from hir_docs.findings import one
from hir_docs.pipeline import process_file

ROOT = Path(__file__).resolve().parents[1]
VIBORG = ROOT / "examples" / "viborg"


def zlib_corrupt(src: Path, dest: Path, entry: str) -> Path:
    """A copy of ``src`` whose ``entry`` holds an invalid deflate stream (the zip's
    directory stays intact, so only reading the entry fails, with zlib.error)."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(entry)
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start : start + info.compress_size] = b"\xff" * info.compress_size  # reserved block type
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(bytes(data))
    return dest


def panicking_sheet(path: Path) -> Path:
    """A sheet with a date-formatted cell holding -1e15: python-calamine 0.9.1 panics
    ("TimeDelta::milliseconds out of bounds") when it converts the cell."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Startdato"
    ws["A2"] = -1e15
    ws["A2"].number_format = "yyyy-mm-dd"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_calamine_really_panics_and_parser_call_tames_it(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from python_calamine import CalamineWorkbook

    path = panicking_sheet(tmp_path / "p.xlsx")
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sheet")
    with pytest.raises(BaseException) as raw:
        sheet.to_python()
    assert not isinstance(raw.value, Exception)  # pyo3_runtime.PanicException
    assert "out of bounds" in str(raw.value)
    capfd.readouterr()  # the raw panic printed its message on fd 2
    with pytest.raises(ParserCrash, match="PanicException: TimeDelta"), parser_call():
        sheet.to_python()
    assert capfd.readouterr().err == ""  # muted


def test_panicking_sheet_is_one_finding(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = panicking_sheet(tmp_path / "p.xlsx")
    doc, findings = process_file(path)
    assert doc.kind == "unknown"
    f = one(findings, "file-unreadable")
    assert len(findings) == 1
    assert f.message == "p.xlsx kunne ikke læses (teknisk årsag: PanicException)."
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("entry", ["xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml"])
def test_zlib_corrupt_part_is_file_corrupt(tmp_path: Path, entry: str) -> None:
    path = zlib_corrupt(VIBORG / "budget.xlsx", tmp_path / "b.xlsx", entry)
    findings = inspect_file(path)
    assert [(f.code, f.message) for f in findings] == [
        (
            "file-corrupt",
            "Filen er beskadiget og kan ikke åbnes (teknisk årsag: zlib.error).",
        )
    ]
    assert [f.code for f in process_file(path)[1]] == ["file-corrupt"]


def test_zlib_corrupt_deep_inside_a_sheet_is_found_by_the_sheet_guard(tmp_path: Path) -> None:
    """The safety pass reads only each part's first bytes; the sheet guard streams the
    whole sheet and meets the broken stream there."""
    wb = Workbook()
    ws = wb.active
    for i in range(1, 3000):
        ws.append([f"tekst {i}", i * 7.5, f"mere tekst {i * 31}"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    off = info.header_offset
    start = off + 30 + int.from_bytes(raw[off + 26 : off + 28], "little")
    start += int.from_bytes(raw[off + 28 : off + 30], "little")
    mid = start + info.compress_size * 3 // 4
    raw[mid : mid + 64] = b"\xff" * 64
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(raw))
    findings = process_file(bad)[1]
    assert len(findings) == 1 and findings[0].code == "file-corrupt"


@pytest.mark.parametrize(
    ("ref", "attr"),
    [
        ("ZZZZ1", "r='{}'"),
        ("XFE1", "r='{}'"),
        ("A1048577", "r='{}'"),
        ("AAAAAAAAAAAAAAAAAAAAAAAA7", "r='{}'"),
        ("A99999999999999999999", "r='{}'"),
        ("ZZZZ1", 'r = "{}"'),  # white space around "=": legal XML, never written by Office
        ("ZZZZ1", 'r=\n"{}"'),
    ],
)
def test_cell_outside_excels_grid_is_refused(tmp_path: Path, ref: str, attr: str) -> None:
    wb = Workbook()
    wb.active["A1"] = "x"
    path = tmp_path / "grid.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b'r="A1"', attr.format(ref).encode())
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    findings = process_file(path)[1]
    f = one(findings, "file-sheet-too-large")
    assert len(findings) == 1
    assert "uden for Excels ark (efter kolonne XFD eller række 1.048.576)" in f.message


def test_openpyxl_says_nothing_on_the_terminal(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Absurd date serials in the project-data workbook (read with openpyxl): findings,
    no UserWarning on stderr."""
    path = tmp_path / "projektdata.xlsx"
    shutil.copy(VIBORG / "projektdata.xlsx", path)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.is_date:
                    cell.value = None
                    cell.number_format = "yyyy-mm-dd"
                    cell.value = 1e12  # far beyond year 9999
    wb.save(path)
    process_file(path)
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_file_that_is_not_office_is_not_also_a_missing_budget(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "Viborg"
    folder.mkdir()
    shutil.copy(VIBORG / "ansoegning.docx", folder / "ansoegning.docx")
    (folder / "budget.xlsx").write_text("ikke et regneark")
    res = run_cli("check", folder, "--format", "json")
    assert res.exit_code == 1
    codes = [f["code"] for f in json.loads(res.stdout)["findings"]]
    assert "cross-budget-missing" not in codes
    assert codes.count("file-not-office") == 1


def _killing(original: Any) -> Any:
    def read(path: Path, ctx: Any) -> Any:
        if "dræber" in path.name:
            os.kill(os.getpid(), signal.SIGKILL)  # as the OS's out-of-memory killer does
        return original(path, ctx)

    return read


def test_bulk_survives_corrupt_panicking_and_worker_killing_files(
    tmp_path: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = pipeline.READERS["application"]
    monkeypatch.setitem(pipeline.READERS, "application", replace(app, read=_killing(app.read)))
    inbox = tmp_path / "indbakke"
    (inbox / "Viborg").mkdir(parents=True)
    for name in ("ansoegning.docx", "budget.xlsx", "fraflyttede_borgere.xlsx"):
        shutil.copy(VIBORG / name, inbox / "Viborg" / name)
    shutil.copy(VIBORG / "ansoegning.docx", inbox / "Viborg" / "dræber.docx")
    zlib_corrupt(
        VIBORG / "budget.xlsx", inbox / "Skive" / "skadet.xlsx", "xl/worksheets/sheet1.xml"
    )
    panicking_sheet(inbox / "Skive" / "panik.xlsx")
    out = tmp_path / "oversigt.xlsx"
    res = run_cli("bulk", inbox, "--out", out, "--jobs", "2", "--format", "json")
    assert res.exit_code == 1
    assert out.exists()
    fund = list(load_workbook(out)["Fund"].iter_rows(values_only=True))[1:]
    per_file: dict[str, list[str]] = {}
    for row in fund:
        per_file.setdefault(str(row[2]), []).append(str(row[4]))
    assert per_file == {
        "Viborg/dræber.docx": ["file-reader-crashed"],
        "Skive/skadet.xlsx": ["file-corrupt"],
        "Skive/panik.xlsx": ["file-unreadable"],
    }
    data = json.loads(res.stdout)
    assert data["counts"]["error"] == 3
    assert {r["submission"]: r["status"] for r in data["rows"]} == {
        "Viborg": "Fejl",
        "Skive": "Fejl",
    }
    assert "Traceback" not in res.stdout + res.stderr
