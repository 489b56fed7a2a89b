"""Issue 14, Excel: notes, fills and a list sheet in a copy of the user's workbook."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from annotate_helpers import (
    annotate,
    check_signature,
    part_changes,
    sha,
    workbook_content,
    xlsx_notes,
)
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from hir_docs.annotate.xlsx import LIST_SHEET, parse_location
from hir_docs.annotate.xlsx_styles import FILLS
from hir_docs.findings import Finding, Severity
from hir_docs.forms.budget import EXAMPLE_LINES, BudgetLineSpec, write_budget

RED, ORANGE = FILLS[Severity.ERROR], FILLS[Severity.WARNING]


def _budget(tmp_path: Path) -> Path:
    """A budget with a deliberate error: a consultant the pool does not pay for."""
    path = tmp_path / "in" / "budget.xlsx"
    path.parent.mkdir(exist_ok=True)
    consultant = BudgetLineSpec(
        "Eksterne konsulenter og undervisere", "Ekstern konsulent", amounts={2018: 60_000}
    )
    write_budget(path, lines=(*EXAMPLE_LINES, consultant))
    return path


def test_finding_is_a_note_and_a_fill_at_its_cell(tmp_path: Path) -> None:
    src = _budget(tmp_path)
    report, written, notes = annotate([src], tmp_path / "out")
    assert notes == [] and written == [tmp_path / "out" / "budget (kommenteret).xlsx"]
    cells = {f.location: f for f in report.findings if f.location}
    assert {f.code for f in cells.values()} >= {"budget-ineligible-line"}
    got = xlsx_notes(written[0])
    wb = load_workbook(written[0])
    for location, f in cells.items():
        sheet, ref = location.split("!")
        note = got[(sheet, ref)]
        assert f.message in note and f"Regel: {f.code}" in note and note.startswith(("FEJL", "ADV"))
        colour = RED if f.severity == "error" else ORANGE
        assert wb[sheet][ref].fill.fgColor.rgb == colour
        assert wb[sheet][ref].comment.author == "hir-docs"
    # The list sheet comes first, opens first, and links every finding to its cell.
    assert wb.sheetnames[0] == LIST_SHEET and wb.active.title == LIST_SHEET
    ws = wb[LIST_SHEET]
    assert ws["A1"].value == "Kommenteret kopi fra hir-docs – send ikke denne fil til STAR"
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(report.findings)
    links = {c.value: c.hyperlink.location for c in ws["B"][2:] if c.hyperlink}
    for location in cells:
        sheet, ref = location.split("!")
        assert links[location] == f"'{sheet}'!{ref}"
    assert not any(isinstance(v, str) and v.startswith("=") for r in rows for v in r)


def test_copy_reads_the_same_and_changes_only_what_it_must(tmp_path: Path) -> None:
    src = _budget(tmp_path)
    before = sha(src)
    _, written, _ = annotate([src], tmp_path / "out")
    assert sha(src) == before
    assert check_signature(written[0], annotated=True) == check_signature(src)
    assert workbook_content(written[0]) == workbook_content(src)
    added, removed, changed = part_changes(src, written[0])
    assert removed == set()
    assert added == {
        "xl/worksheets/sheet3.xml",
        "xl/comments1.xml",
        "xl/drawings/vmlDrawing1.vml",
        "xl/worksheets/_rels/sheet2.xml.rels",
        "docProps/custom.xml",  # the properties marking the copy
    }
    assert changed <= {
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",  # only its tabSelected: the list sheet opens first
        "xl/worksheets/sheet2.xml",  # the marked cells' formats and the notes' drawing
    }


def _rich_workbook(path: Path) -> Path:
    """A workbook with what openpyxl would drop or what must survive: a chart, an
    existing note, a hidden sheet, defined names, validation, merged cells, formats."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["År", "Beløb"])
    for year, amount in ((2018, 912_000), (2019, 228_000)):
        ws.append([year, amount])
    ws["B4"] = "=SUM(B2:B3)"
    ws["B2"].number_format = "#,##0 kr."
    ws.merge_cells("D1:F1")
    ws["D1"] = "Overskrift"
    ws["A6"].comment = Comment("Brugerens egen note", "Mette")
    dv = DataValidation(type="list", formula1='"Ja,Nej"')
    dv.add("C2:C3")
    ws.add_data_validation(dv)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(chart, "H2")
    hidden = wb.create_sheet("Skjult")
    hidden["A1"] = "hemmelig"
    hidden.sheet_state = "hidden"
    wb.defined_names["Total"] = DefinedName("Total", attr_text="Data!$B$4")
    ws.defined_names["Lokal"] = DefinedName("Lokal", attr_text="Data!$A$1")
    wb.save(path)
    return path


def test_charts_notes_and_names_are_kept(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "regneark.xlsx")
    from hir_docs.annotate.xlsx import annotate_xlsx

    def finding(message: str, location: str) -> Finding:
        return Finding(
            "budget-ineligible-line", Severity.WARNING, message, str(src), None, location
        )

    finding, whole = finding("Forkert beløb.", "Data!B3"), finding("Om hele filen.", "Skjult")
    out = tmp_path / "kopi.xlsx"
    annotate_xlsx(src, out, [(finding, True), (whole, True)], {str(src): src.name})
    added, removed, changed = part_changes(src, out)
    assert removed == set()
    assert not any("chart" in n or n.startswith("xl/drawings/drawing") for n in changed)
    assert workbook_content(out) == workbook_content(src)
    notes = xlsx_notes(out)
    assert notes[("Data", "A6")].startswith("Brugerens egen note")
    assert "Forkert beløb." in notes[("Data", "B3")]
    wb = load_workbook(out)
    assert wb["Data"]["B3"].fill.fgColor.rgb == ORANGE
    assert wb["Data"]["B2"].number_format == "#,##0 kr."
    assert wb.sheetnames == [LIST_SHEET, "Data", "Skjult"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible", "hidden"]
    assert wb["Data"].defined_names["Lokal"].attr_text == "Data!$A$1"  # moved with its sheet
    assert [c.value for c in wb[LIST_SHEET]["C"]][2:] == ["Forkert beløb.", "Om hele filen."]
    with zipfile.ZipFile(out) as zf:
        assert any(n.startswith("xl/charts/chart") for n in zf.namelist())


def test_same_input_same_bytes(tmp_path: Path) -> None:
    src = _budget(tmp_path)
    _, one, _ = annotate([src], tmp_path / "a")
    _, two, _ = annotate([src], tmp_path / "b")
    assert one[0].read_bytes() == two[0].read_bytes()


def test_submission_findings_are_listed_in_each_document(tmp_path: Path) -> None:
    from hir_docs.forms.application import write_application

    src = _budget(tmp_path)
    write_application(src.parent / "ansøgning.docx", {"requested_amount": "1.500.000 kr."})
    report, written, _ = annotate([src.parent], tmp_path / "out")
    mismatch = report.one("cross-requested-mismatch")
    ws = load_workbook(tmp_path / "out" / "budget (kommenteret).xlsx")[LIST_SHEET]
    assert mismatch.message in [c.value for c in ws["C"]]
    assert len(written) == 2


@pytest.mark.parametrize(
    "location, place",
    [
        ("Budget!I14", ("Budget", "I14")),
        ("'Mit ark'!b2:C4", ("Mit ark", "B2")),
        ("Mit ark", ("Mit ark", None)),
        ("Andet!A1", None),
        (None, None),
    ],
)
def test_locations(location: str | None, place: tuple[str, str | None] | None) -> None:
    got = parse_location(location, ["Budget", "Mit ark"])
    assert (got and (got.sheet, got.cell)) == place or (got is None and place is None)


def test_notes_survive_libreoffice(tmp_path: Path, lo_convert: Callable[[Path, str], Path]) -> None:
    src = _budget(tmp_path)
    _, written, _ = annotate([src], tmp_path / "out")
    ours = xlsx_notes(written[0])
    back = xlsx_notes(lo_convert(written[0], "xlsx"))
    assert set(back) == set(ours)
    assert all(ours[k].split("\n")[0] in back[k] for k in ours)


def test_libreoffice_saved_input(tmp_path: Path, lo_convert: Callable[[Path, str], Path]) -> None:
    saved = lo_convert(_budget(tmp_path), "xlsx")
    report, written, _ = annotate([saved], tmp_path / "out")
    assert check_signature(written[0], annotated=True) == check_signature(saved)
    assert workbook_content(written[0]) == workbook_content(saved)
    located = {tuple(f.location.split("!")) for f in report.findings if f.location}
    assert located and located <= set(xlsx_notes(written[0]))


def test_rich_copy_opens_in_libreoffice(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    from hir_docs.annotate.xlsx import annotate_xlsx

    src = _rich_workbook(tmp_path / "regneark.xlsx")
    f = Finding("budget-ineligible-line", Severity.ERROR, "Forkert.", str(src), None, "Data!B3")
    out = tmp_path / "kopi.xlsx"
    annotate_xlsx(src, out, [(f, True)], {str(src): src.name})
    back = lo_convert(out, "xlsx")
    notes = xlsx_notes(back)
    assert notes[("Data", "A6")].startswith("Brugerens egen note")
    assert "Forkert." in notes[("Data", "B3")]
    assert load_workbook(back).sheetnames == [LIST_SHEET, "Data", "Skjult"]
