"""Review fixes in the readers and the file guards: hostile budgets and .odt/.ods files,
time limits, non-finite numbers, a docx whose main part has another name."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from budget_helpers import budget_file, check, patch
from odf_helpers import ODS, ODT, odf

from hir_docs.files import safety, sheetguard
from hir_docs.files.odfguard import inspect_ods
from hir_docs.findings import DocKind, codes, one
from hir_docs.forms.application import EXAMPLE_ANSWERS, write_application
from hir_docs.pipeline import process_file
from hir_docs.readers import budget_grid, odf_text
from hir_docs.readers.odf_text import odt_texts
from hir_docs.values import parse_amount, parse_number


def _summed_text_spy(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    real = budget_grid._find_summed_text

    def spy(grid: budget_grid.Grid) -> Any:
        seen.append((grid, real(grid)))
        return seen[-1][1]

    monkeypatch.setattr(budget_grid, "_find_summed_text", spy)
    return seen


def test_text_number_under_thousands_of_big_ranges_is_found_cheaply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1.800 formulas each summing 9.500 cells around the text number, and a chain of
    # 1.800 formulas in reverse order: the old search expanded every range into a set of
    # cells (17 million) and followed the chain one link per pass over all formulas.
    cells: dict[str, Any] = {"G10": "912.000 kr.", "AE1900": 1}
    for r in range(60, 1900):
        cells[f"AB{r}"] = "=SUM(C1:G1900)"
        cells[f"AC{r}"] = f"=AC{r + 1}+1"
    cells["AC1900"] = "=G10"
    cells["AD1"] = "=SUM(A1:Z1900)"  # 49.400 cells: never recomputed, so not searched
    seen = _summed_text_spy(monkeypatch)
    _, findings = check(patch(budget_file(tmp_path), cells))
    assert codes(findings) == ["budget-number-as-text"]
    assert one(findings, "budget-number-as-text").location == "Budget!G10"
    grid, found = next((g, f) for g, f in seen if f.cells)
    assert grid.height == 1900
    assert found.cells == [(10, 7)]
    assert {"AB60", "AB1899", "AC60", "AC1900"} <= found.formulas.keys()
    assert "AD1" not in found.formulas
    assert found.links < 1_000_000  # ranges kept whole, not 17 million cells


# ------------------------------------------------------------------ .odt / .ods spaces


def _odt(tmp_path: Path, name: str) -> Path:
    rows = "".join(
        f"<table:table-row><table:table-cell><text:p>{a}</text:p></table:table-cell>"
        f"<table:table-cell><text:p>{b}</text:p></table:table-cell></table:table-row>"
        for a, b in [("Projektets navn:", f"Tæt{name}på"), ("Kommune", "Viborg Kommune")]
    )
    body = (
        "<office:text><text:h>Ansøgningsskema for Pulje til Håndholdt ressourceforløb</text:h>"
        f"<table:table>{rows}</table:table></office:text>"
    )
    return odf(tmp_path / "ansoegning.odt", ODT, body)


@pytest.mark.parametrize("count", ["abc", "", "-5", "300000000"])
def test_odt_space_count_from_the_file_is_bounded(tmp_path: Path, count: str) -> None:
    path = _odt(tmp_path, f'<text:s text:c="{count}"/>')
    texts = odt_texts(path)
    assert max(map(len, texts)) <= 1_100
    doc, findings = process_file(path)
    assert doc.kind == DocKind.APPLICATION
    assert doc.fields["municipality"] == "Viborg Kommune"
    if count != "300000000":
        assert doc.fields["project_name"] == "Tæt på"


def _ods(tmp_path: Path, sheet: str, rows: str) -> Path:
    body = f'<office:spreadsheet><table:table table:name="{sheet}">{rows}</table:table></office:spreadsheet>'
    return odf(tmp_path / "budget.ods", ODS, body)


def _spaces_row(spaces: int, columns: int = 1, rows: int = 1) -> str:
    return (
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        f'<text:p>a<text:s text:c="{spaces}"/>b</text:p></table:table-cell></table:table-row>'
    )


@pytest.mark.parametrize(
    ("spaces", "columns", "rows"), [(100_000_000, 1, 1), (1_000, 100, 20), (200, 100, 100)]
)
def test_ods_with_millions_of_spaces_is_not_parsed(
    tmp_path: Path, spaces: int, columns: int, rows: int
) -> None:
    """calamine writes out every space of every repeated cell (100 million: 452 MB)."""
    path = _ods(tmp_path, "Budget", _spaces_row(spaces, columns, rows))
    doc, findings = process_file(path)
    assert doc.kind == DocKind.UNKNOWN and codes(findings) == ["file-sheet-too-large"]
    assert "mellemrum" in findings[0].message and "'Budget'" in findings[0].message


def test_ods_with_a_few_spaces_is_read(tmp_path: Path) -> None:
    path = _ods(tmp_path, "Budget", _spaces_row(5, 10, 10))
    assert inspect_ods(path) == []


def test_ods_sheet_name_with_a_comma_keeps_it(tmp_path: Path) -> None:
    row = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="100" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    [finding] = inspect_ods(_ods(tmp_path, "Budget, kopi", row))
    assert "'Budget, kopi'" in finding.message
    assert "1.000.000 rækker og 100 kolonner" in finding.message


# ------------------------------------------------------------------ time limit, OS errors


def _time_up(*_: object, **__: object) -> Any:
    raise TimeoutError("tidsgrænse")


@pytest.mark.parametrize(
    ("module", "name"),
    [(safety, "_inspect_file"), (safety, "_wrong_program"), (sheetguard, "_inspect_entry")],
)
def test_time_limit_in_a_file_guard_is_a_timeout_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> None:
    """bulk's per-file alarm raises TimeoutError wherever the file is being read."""
    path = budget_file(tmp_path)
    monkeypatch.setattr(module, name, _time_up)
    with pytest.raises(TimeoutError):
        safety.inspect_file(path)
    doc, findings = process_file(path)
    assert doc.kind == DocKind.UNKNOWN and codes(findings) == ["file-timeout"]


def test_file_the_system_cannot_open_is_told_in_danish(tmp_path: Path) -> None:
    [finding] = safety.inspect_file(tmp_path / "mangler.docx")
    assert finding.code == "file-unreadable"
    assert finding.message == "Filen kan ikke åbnes: den findes ikke."


# ------------------------------------------------------------------ numbers out of range


def _with_value(path: Path, old: str, new: str) -> Path:
    """The budget with one saved value replaced in the sheet's XML."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    sheet = next(n for n in parts if f"<v>{old}</v>".encode() in parts[n])
    parts[sheet] = parts[sheet].replace(f"<v>{old}</v>".encode(), f"<v>{new}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("value", ["1E999", "-1E999", "1E300", "NaN"])
def test_budget_amount_beyond_any_number_is_read_as_empty(tmp_path: Path, value: str) -> None:
    path = _with_value(patch(budget_file(tmp_path), {"G10": 123457}), "123457", value)
    doc, findings = check(path)
    assert doc.kind == DocKind.BUDGET
    assert "file-unreadable" not in codes(findings)
    assert doc.fields["lines"][0]["amounts"]["2018"] is None


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e15, "1" + "0" * 400, 10**400])
def test_parse_number_gives_no_infinite_or_absurd_number(value: object) -> None:
    assert parse_number(value) is None and parse_amount(value) is None
    assert parse_number(999_999_999_999_999) == 999_999_999_999_999


# ------------------------------------------------------------------ docx main part


def test_docx_whose_main_part_has_another_name_is_classified_and_read(tmp_path: Path) -> None:
    """The package names its main part in _rels/.rels; word/document.xml is only usual."""
    path = tmp_path / "ansoegning.docx"
    write_application(path)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    renamed = {
        "word/document.xml": "word/main.xml",
        "word/_rels/document.xml.rels": "word/_rels/main.xml.rels",
    }
    fix = {"[Content_Types].xml", "_rels/.rels"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            if name in fix:
                data = data.replace(b"word/document.xml", b"word/main.xml")
            zf.writestr(renamed.get(name, name), data)
    doc, findings = process_file(path)
    assert doc.kind == DocKind.APPLICATION
    assert doc.fields["municipality"] == EXAMPLE_ANSWERS["municipality"]
    assert "file-unreadable" not in codes(findings)


def test_odt_content_is_parsed_once_for_probe_and_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _odt(tmp_path, "<text:s/>")
    calls: list[bytes] = []
    real = odf_text.fromstring

    def counted(data: bytes) -> Any:
        calls.append(data)
        return real(data)

    monkeypatch.setattr(odf_text, "fromstring", counted)
    doc, _ = process_file(path)
    assert doc.fields["project_name"] == "Tæt på" and len(calls) == 1
