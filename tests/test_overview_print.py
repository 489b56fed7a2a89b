"""STAR's overview workbook on paper: A4 landscape, one page wide, header rows repeated,
long texts wrapped in rows tall enough, columns narrow enough for readable print; the
pool's money stated once on "Regioner". Printed with LibreOffice, the findings sheet is
one page of text that can be read (and extracted) at the example's size."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs import api
from hir_docs.bulk.overview import LINE_POINTS, lines_needed

INBOX = Path(__file__).resolve().parents[1] / "examples" / "inbox"
WRAPPED = {  # sheet -> the headers of its long-text columns
    "Ansøgninger": ("Kommune", "Projektets navn", "Kontakt (e-mail)"),
    "Fund": ("Fil", "Placering", "Kode", "Besked", "Sådan retter du", "Kilde (regel)"),
    "Filer": ("Fil", "Skema", "SHA-256", "Status"),
}
MAX_WIDTH = {"Ansøgninger": 240, "Fund": 200, "Regioner": 100, "Filer": 180}  # characters


@pytest.fixture(scope="module")
def overview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("oversigt") / "oversigt.xlsx"
    api.bulk(INBOX, out)
    return out


def _headers(ws: Worksheet) -> dict[str, str]:
    """Header text -> column letter."""
    return {str(c.value): c.column_letter for c in ws[1] if c.value}


def test_every_sheet_prints_a4_landscape_one_page_wide(overview: Path) -> None:
    wb = load_workbook(overview)
    assert wb.sheetnames == ["Ansøgninger", "Fund", "Regioner", "Filer"]
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        fit = ws.sheet_properties.pageSetUpPr
        assert fit is not None and fit.fitToPage, ws.title
        assert ws.print_title_rows == "$1:$1", ws.title  # the header row on every page
        margins = ws.page_margins
        assert margins.left <= 0.5 and margins.right <= 0.5 and margins.top <= 0.75, ws.title
        footer = ws.oddFooter
        assert footer is not None and "&P" in (footer.center.text or ""), ws.title  # page no.
        widths = [ws.column_dimensions[c].width for c in _headers(ws).values()]
        assert all(6 <= w <= 50 for w in widths), (ws.title, widths)
        assert sum(widths) <= MAX_WIDTH[ws.title], (ws.title, sum(widths))
        for cell in ws[1]:  # no header word wider than its column
            if isinstance(cell.value, str):
                longest = max(len(w) for w in cell.value.split())
                assert ws.column_dimensions[cell.column_letter].width >= longest, cell.value
                assert cell.alignment.wrap_text and cell.font.name == "Calibri", cell.value


def test_long_texts_wrap_in_rows_tall_enough(overview: Path) -> None:
    wb = load_workbook(overview)
    for sheet, headers in WRAPPED.items():
        ws = wb[sheet]
        letters = _headers(ws)
        for header in headers:
            col = letters[header]
            width = ws.column_dimensions[col].width
            for row in range(2, ws.max_row + 1):
                cell = ws[f"{col}{row}"]
                if not isinstance(cell.value, str):
                    continue
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top", cell
                need = lines_needed(cell.value, width)
                if need > 1:
                    height = ws.row_dimensions[row].height or 0
                    assert height >= min(need, 27) * LINE_POINTS, (cell.coordinate, need)
    fund = wb["Fund"]
    besked = _headers(fund)["Besked"]
    assert any(len(str(c.value or "")) > 100 for c in fund[besked][1:])  # really long texts


def test_lines_needed_breaks_between_words() -> None:
    assert lines_needed("kort", 10) == 1
    assert lines_needed("en to tre fire fem seks syv", 10) == 3  # 12 per line
    assert lines_needed("a\nb", 10) == 2
    assert lines_needed("x" * 30, 10) == 3  # a word longer than the column breaks anywhere


def test_regions_state_the_pool_once(overview: Path) -> None:
    ws = load_workbook(overview)["Regioner"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert values.count(19_000_000) == 1
    assert "Til rådighed i puljen" not in values  # no column repeating it on every row
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert [r[0] for r in rows[6:8]] == ["I alt", "Til rådighed (puljen efter evaluering)"]
    assert rows[6][3] == 4_700_000 and rows[7][3] == 19_000_000
    facts = {r[0]: r[3] for r in rows[8:] if r[0]}
    assert facts["Ansøgt i alt"] == 4_700_000
    assert facts["Difference (til rådighed − ansøgt)"] == 14_300_000
    with zipfile.ZipFile(overview) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
        drawing = zf.read("xl/drawings/drawing1.xml").decode()
    assert "'Regioner'!$D$2:$D$8" in chart and "'Regioner'!$A$2:$A$8" in chart
    assert "<lineChart>" not in chart and "<dPt>" in chart  # the pool's column coloured
    assert 'descr="Søjlediagram: det ansøgte beløb' in drawing
    anchor = re.search(r"<(?:xdr:)?from><(?:xdr:)?col>(\d+)<.*?<(?:xdr:)?row>(\d+)<", drawing)
    assert anchor and anchor.groups() == ("0", "16")  # below the numbers, not beside them


def test_submission_text_never_becomes_a_formula(tmp_path: Path) -> None:
    """A finding's text starting with "=" stays text in its wrapped cell."""
    folder = tmp_path / "ind" / "Viborg"
    folder.mkdir(parents=True)
    (folder / "=HYPERLINK(1).xlsx").write_bytes(b"ikke et regneark")
    out = tmp_path / "o.xlsx"
    api.bulk(tmp_path / "ind", out)
    fund = load_workbook(out)["Fund"]
    cell = fund[f"{_headers(fund)['Fil']}2"]
    assert cell.value == "Viborg/=HYPERLINK(1).xlsx" and cell.data_type == "s"
    files = load_workbook(out)["Filer"]
    assert files["A2"].value == "Viborg/=HYPERLINK(1).xlsx" and files["A2"].data_type == "s"


def _page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


def _word_heights(pdf: Path, page: int) -> list[float]:
    """The heights (points) of the words on ``page``: the printed text size, roughly 1.2
    times the font size."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', out)
    return [float(y1) - float(y0) for y0, y1 in boxes]


def test_findings_sheet_prints_readably(
    overview: Path, lo_convert: Callable[[Path, str], Path], tmp_path: Any
) -> None:
    if not shutil.which("pdfinfo") or not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdfinfo, pdftotext) mangler")
    pdf = lo_convert(overview, "pdf")
    texts = _page_texts(pdf)
    fund = [n for n, t in enumerate(texts, start=1) if "Fund – side" in t]
    assert len(fund) == 1, [t[-200:] for t in texts]  # four findings: one page, not four
    text = texts[fund[0] - 1]
    for words in ("Sådan retter du", "Kilde (regel)", "Der søges 1.260.000 kr.", "Budget!I59"):
        assert words in text, words
    heights = _word_heights(pdf, fund[0])
    assert statistics.median(heights) >= 9.0, statistics.median(heights)  # ~7.5 pt or more
    assert len(texts) == 4  # one page per sheet at the example's size


def test_many_findings_print_with_the_header_on_every_page(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    if not shutil.which("pdfinfo") or not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdfinfo, pdftotext) mangler")
    folder = tmp_path / "ind" / "Viborg"
    folder.mkdir(parents=True)
    for n in range(60):
        (folder / f"bilag {n:02d}.xlsx").write_bytes(b"ikke et regneark")
    out = tmp_path / "o.xlsx"
    api.bulk(tmp_path / "ind", out)
    texts = _page_texts(lo_convert(out, "pdf"))
    fund = [t for t in texts if "Fund – side" in t]
    assert 2 <= len(fund) <= 10, len(fund)  # 60 findings of 3-6 lines: a few readable pages
    for text in fund:
        assert "Sådan retter du" in text and "Kommunekode" in text  # the header on every page
    assert sum(t.count("bilag") for t in fund) >= 60
