"""What real Office files hold (issue 15): Excel error values, hidden rows and sheets, two
budget sheets, LibreOffice's own formats and PDFs in place of a form, and the cases that
were right before (tracked changes, fields, split runs, 1904 dates, text dates).

Every file is built in code; the application layouts (layout tables, text boxes, Strict
OOXML, nested tables) are in ``application_variants`` and the one parametrised reader test.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from application_variants import wrap_in_frame
from budget_helpers import budget_file, by_code, check
from citizen_helpers import ROW
from docx.oxml import parse_xml
from odf_helpers import ODS, ODT, odf
from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from test_application_reader import EXPECTED

from hir_docs.findings import DocKind, Severity
from hir_docs.forms.application import PLACEHOLDER, write_application
from hir_docs.forms.citizens import write_relocated
from hir_docs.pipeline import check_paths, process_file
from hir_docs.readers.application import read_application
from hir_docs.readers.citizens import read_relocated

SHEET_XML = "xl/worksheets/sheet2.xml"  # the "Budget" sheet of write_budget's workbook


def _patch_xml(path: Path, part: str, fn: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, fn(data) if info.filename == part else data)
    return path


def _error_cell(ref: str, error: str) -> Callable[[bytes], bytes]:
    """The formula cell ``ref`` saved as Excel saves a failing formula."""

    def fn(data: bytes) -> bytes:
        pattern = rb'<c r="' + ref.encode() + rb'"([^>]*)><f>([^<]*)</f><v>[^<]*</v></c>'
        new, n = re.subn(
            pattern,
            lambda m: (
                b'<c r="'
                + ref.encode()
                + b'"'
                + m.group(1)
                + b' t="e"><f>SUM(#REF!)</f><v>'
                + error.encode()
                + b"</v></c>"
            ),
            data,
        )
        assert n == 1, ref
        return new

    return fn


def codes(findings: list) -> set[str]:  # type: ignore[type-arg]
    return {f.code for f in findings}


# ---------------------------------------------------------------- error values


@pytest.mark.parametrize("error", ["#REF!", "#VALUE!", "#DIV/0!", "#NAME?"])
def test_error_value_in_the_requested_total(tmp_path: Path, error: str) -> None:
    path = _patch_xml(budget_file(tmp_path), SHEET_XML, _error_cell("I59", error))
    doc, findings = check(path)
    [finding] = by_code(findings, "budget-formula-error")
    assert finding.severity is Severity.ERROR
    assert finding.location == "Budget!I59" and finding.field == "requested_amount"
    assert error in finding.message and "1.200.000 kr." in finding.message
    # Never "the label is missing", never replaced silently.
    assert not by_code(findings, "budget-requested-missing")
    assert doc.model.formula_errors == {"Budget!I59": error}


def test_error_value_in_the_expenses_total_and_a_year(tmp_path: Path) -> None:
    path = budget_file(tmp_path)
    _patch_xml(path, SHEET_XML, _error_cell("I52", "#DIV/0!"))
    _patch_xml(path, SHEET_XML, _error_cell("G52", "#REF!"))
    _, findings = check(path)
    found = {f.location: f.message for f in by_code(findings, "budget-formula-error")}
    assert set(found) == {"Budget!I52", "Budget!G52"}
    assert "1.200.000 kr." in found["Budget!I52"] and "Udgifter i alt" in found["Budget!I52"]
    assert "for 2018" in found["Budget!G52"]


# ---------------------------------------------------------------- hidden content


def test_hidden_row_with_an_amount(tmp_path: Path) -> None:
    path = budget_file(tmp_path)
    _patch_xml(path, SHEET_XML, lambda d: d.replace(b'<row r="25"', b'<row r="25" hidden="1"', 1))
    _, findings = check(path)
    [finding] = by_code(findings, "budget-hidden-row")
    assert finding.severity is Severity.WARNING and finding.location == "Budget!B25"
    assert "20.000 kr." in finding.message and "skjult" in finding.message


def test_hidden_empty_row_is_not_reported(tmp_path: Path) -> None:
    path = budget_file(tmp_path)
    _patch_xml(path, SHEET_XML, lambda d: d.replace(b'<row r="27"', b'<row r="27" hidden="1"', 1))
    _, findings = check(path)
    assert not by_code(findings, "budget-hidden-row")


def _copy_budget(path: Path, title: str, *, first: bool, state: str = "visible") -> Path:
    """Excel's Move or Copy: a copy of the Budget sheet (another amount in it)."""
    wb = load_workbook(path)
    copy = wb.copy_worksheet(wb["Budget"])
    copy.title = title
    copy.sheet_state = state
    copy["G25"] = 30_000  # the copy's transport line differs
    if first:
        wb.move_sheet(copy, offset=-(len(wb.sheetnames) - 1))
    wb.save(path)
    return path


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheet_with_another_budget(tmp_path: Path, state: str) -> None:
    path = _copy_budget(budget_file(tmp_path), "Budget gammel", first=False, state=state)
    doc, findings = check(path)
    assert doc.model.sheet == "Budget" and doc.fields["requested_amount"] == 1_200_000
    [finding] = by_code(findings, "budget-hidden-sheet")
    assert finding.severity is Severity.WARNING and finding.location == "Budget gammel"
    assert "'Budget gammel'" in finding.message and "'Budget'" in finding.message
    assert ("meget skjult" in finding.message) == (state == "veryHidden")
    assert "1.225.000 kr." in finding.message  # the hidden budget's own requested amount
    assert not by_code(findings, "budget-duplicate-sheet")


def test_two_visible_budget_sheets(tmp_path: Path) -> None:
    """'Budget (2)' before the original: the original is read, both are named, and why."""
    path = _copy_budget(budget_file(tmp_path), "Budget (2)", first=True)
    assert load_workbook(path, read_only=True).sheetnames[0] == "Budget (2)"
    doc, findings = check(path)
    assert doc.model.sheet == "Budget"
    [finding] = by_code(findings, "budget-duplicate-sheet")
    assert finding.severity is Severity.WARNING
    assert "'Budget (2)'" in finding.message and "Kontrolleret er arket 'Budget'" in finding.message
    assert "kopi" in finding.message  # why: Excel's name for a copy
    assert "forskellige totaler" in finding.message and "1.225.000 kr." in finding.message


def test_two_visible_budgets_without_a_copy_name(tmp_path: Path) -> None:
    path = _copy_budget(budget_file(tmp_path), "Budget 2019", first=True)
    doc, findings = check(path)
    assert doc.model.sheet == "Budget 2019"
    [finding] = by_code(findings, "budget-duplicate-sheet")
    assert "står først" in finding.message and "'Budget'" in finding.message


# ---------------------------------------------------------------- ODF and PDF stand-ins


def test_libreoffice_formats_are_errors_but_read_and_checked(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    app = tmp_path / "ansoegning.docx"
    write_application(app, style="content-controls")
    odt = lo_convert(app, "odt")
    ods = lo_convert(budget_file(tmp_path), "ods")
    doc, findings = process_file(odt)
    assert doc.kind == DocKind.APPLICATION and doc.fields == EXPECTED
    [odf] = by_code(findings, "file-odf-form")
    assert odf.severity is Severity.ERROR and "gem som .docx" in odf.message
    doc, findings = process_file(ods)
    assert doc.kind == DocKind.BUDGET and doc.fields["requested_amount"] == 1_200_000
    [odf] = by_code(findings, "file-odf-form")
    assert "gem som .xlsx" in odf.message
    report = check_paths([odt, ods])
    assert not report.valid
    assert sorted(f.code for f in report.findings) == ["file-odf-form", "file-odf-form"]


def _cell(text: str) -> str:
    return f"<table:table-cell><text:p>{text}</text:p></table:table-cell>"


def test_odt_written_by_hand_is_read(tmp_path: Path) -> None:
    """Tables, a text box in a frame, a tracked deletion and a comment in ODF XML."""
    rows = "".join(
        f"<table:table-row>{_cell(label)}{_cell(answer)}</table:table-row>"
        for label, answer in [
            ("Projektets navn:", "Tæt<text:s/>på"),
            (
                "Kommune",
                "Viborg Kommune<office:annotation><text:p>NOTE</text:p></office:annotation>",
            ),
        ]
    )
    box = (
        "<text:p><draw:frame><draw:text-box><text:p>Angiv det ansøgte beløb</text:p>"
        "<text:p>1.200.000 kr.</text:p></draw:text-box></draw:frame></text:p>"
    )
    body = (
        "<office:text><text:tracked-changes><text:changed-region><text:deletion>"
        "<text:p>Kommune</text:p><text:p>Aarhus</text:p></text:deletion></text:changed-region>"
        f"</text:tracked-changes><text:h>Ansøgningsskema for Pulje til Håndholdt "
        f"ressourceforløb</text:h><table:table>{rows}</table:table>"
        f"<text:h>Projektresumé</text:h><text:p>Kort resumé.</text:p>{box}</office:text>"
    )
    path = odf(tmp_path / "ansoegning.odt", ODT, body)
    doc, findings = process_file(path)
    assert doc.kind == DocKind.APPLICATION
    assert (doc.fields["project_name"], doc.fields["municipality"]) == ("Tæt på", "Viborg Kommune")
    assert (doc.fields["summary"], doc.fields["requested_amount"]) == ("Kort resumé.", 1_200_000)
    assert by_code(findings, "file-odf-form")


def test_odf_package_checks(tmp_path: Path) -> None:
    wrong = odf(tmp_path / "budget.ods", ODT, "<office:text/>")
    assert codes(process_file(wrong)[1]) == {"file-not-office"}
    macro = odf(tmp_path / "a.odt", ODT, "<office:text/>", {"Basic/Standard/M.xml": "<x/>"})
    assert codes(process_file(macro)[1]) == {"file-macro-enabled"}
    entity = odf(tmp_path / "e.odt", ODT, "<office:text/>", {"styles.xml": "<!DOCTYPE x><x/>"})
    assert codes(process_file(entity)[1]) == {"file-xml-entities"}


def test_ods_with_millions_of_repeated_cells_is_not_parsed(tmp_path: Path) -> None:
    """One repeated cell would be 100 million cells in calamine (12 GB, 49 s)."""
    row = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="100" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    body = f'<office:spreadsheet><table:table table:name="Budget">{row}</table:table></office:spreadsheet>'
    path = odf(tmp_path / "budget.ods", ODS, body)
    doc, findings = process_file(path)
    assert doc.kind == DocKind.UNKNOWN and codes(findings) == {"file-sheet-too-large"}
    # LibreOffice's own huge repeat counts on EMPTY rows and cells are fine.
    empty = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    body = (
        '<office:spreadsheet><table:table table:name="Ark1"><table:table-row>'
        f"{_cell('x')}</table:table-row>{empty}</table:table></office:spreadsheet>"
    )
    assert "file-sheet-too-large" not in codes(process_file(odf(tmp_path / "b.ods", ODS, body))[1])


# ---------------------------------------------------------------- right before, right now

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_word_features_stay_read_as_before(tmp_path: Path) -> None:
    """Fields, split runs and spell-check marks, hyperlinks, comments, tracked changes,
    line breaks and non-breaking spaces, also inside a layout frame."""
    doc = docx.Document()
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Projektets navn:"
    table.cell(1, 0).text = "Kommune"
    table.cell(2, 0).text = "Angiv det ansøgte beløb"
    name = table.cell(0, 1).paragraphs[0]._p
    for xml in (
        f'<w:r {W}><w:t xml:space="preserve">Tæt </w:t></w:r>',
        f'<w:proofErr {W} w:type="spellStart"/>',
        f"<w:r {W}><w:t>p</w:t></w:r>",
        f"<w:r {W}><w:t>å</w:t></w:r>",
        f'<w:proofErr {W} w:type="spellEnd"/>',
        f'<w:commentRangeStart {W} w:id="0"/>',
        f'<w:ins {W} w:id="3" w:author="x"><w:r><w:t xml:space="preserve"> Viborg</w:t></w:r></w:ins>',
        f'<w:del {W} w:id="4" w:author="x"><w:r><w:delText> Aarhus</w:delText></w:r></w:del>',
        f'<w:commentRangeEnd {W} w:id="0"/>',
    ):
        name.append(parse_xml(xml))
    kommune = table.cell(1, 1).paragraphs[0]._p
    for xml in (
        f'<w:hyperlink {W} w:anchor="x"><w:r><w:t>Viborg</w:t></w:r></w:hyperlink>',
        f'<w:r {W}><w:t xml:space="preserve">\u00a0Kommune</w:t></w:r>',
    ):
        kommune.append(parse_xml(xml))
    amount = table.cell(2, 1).paragraphs[0]._p
    for xml in (
        f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {W}><w:instrText xml:space="preserve"> =SUM(ABOVE) </w:instrText></w:r>',
        f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {W}><w:t>1.200.000 kr.</w:t></w:r>",
        f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        amount.append(parse_xml(xml))
    contact = doc.add_table(rows=1, cols=2).rows[0]
    contact.cells[0].text = "Projekt- og tilskudsansvarlig"
    p = contact.cells[1].paragraphs[0]
    p.add_run("Mette Eksempel").add_break()
    p.add_run("CVR-nummer 31415926, tlf. 12 34 56 78")
    path = tmp_path / "features.docx"
    doc.save(str(path))
    fields = read_application(path).fields
    assert fields["project_name"] == "Tæt på Viborg"
    assert (fields["municipality"], fields["municipality_code"]) == ("Viborg Kommune", "791")
    assert fields["requested_amount"] == 1_200_000
    assert fields["contact"] == "Mette Eksempel\nCVR-nummer 31415926, tlf. 12 34 56 78"
    assert (fields["cvr"], fields["contact_phone"]) == ("31415926", "12345678")


def test_placeholders_inside_a_frame_still_count_as_empty(tmp_path: Path) -> None:
    """A layout frame keeps the placeholder rule (the answers-below rule needs text)."""
    path = tmp_path / "f.docx"
    write_application(path, {"summary": PLACEHOLDER, "goals": PLACEHOLDER}, style="table")
    wrap_in_frame(path)
    fields, model = read_application(path).fields, read_application(path).model
    assert fields["summary"] is None and fields["goals"] is None
    assert model.placeholders == {"summary", "goals"}
    assert fields["strategy"] == EXPECTED["strategy"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.date(2018, 8, 15), dt.date(2018, 8, 15)),
        ("15-08-2018", dt.date(2018, 8, 15)),  # typed as text
        ("15. august 2018", dt.date(2018, 8, 15)),
    ],
)
def test_1904_workbook_and_text_dates(tmp_path: Path, raw: object, expected: dt.date) -> None:
    """A workbook with the 1904 date system (old Mac Excel) gives the same dates."""
    path = write_relocated(tmp_path / "r.xlsx", [dict(ROW, end=raw)])
    wb = load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.datetime):
                    cell.value = cell.value  # written again as a 1904 serial
    wb.save(path)
    assert b"date1904" in zipfile.ZipFile(path).read("xl/workbook.xml")
    (r,) = read_relocated(path).rows
    assert (r.start, r.end) == (ROW["start"], expected)
