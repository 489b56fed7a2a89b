"""Issue 21, points 19-21: what the annotated copies say and show agrees with the file.

Comments stand at the answer in every layout the reader handles (text boxes, nested
tables, answers typed below the table, frames); amounts in notes next to numbers typed as text say what Excel shows; warning fills differ
from the forms' yellow input cells; the user's own note keeps its text and gets ours
appended; findings about the submission go only into the documents they concern
(every row past the 25 a report shows per rule: tests/test_annotate_capped.py).
Every copy is read back from its bytes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from annotate_helpers import annotate, docx_comments, xlsx_notes
from application_variants import LAYOUTS, wrap_in_frame
from budget_helpers import budget_file, patch
from lxml import etree
from openpyxl import load_workbook
from openpyxl.comments import Comment

from hir_docs.annotate.copies import findings_for
from hir_docs.annotate.xlsx_styles import FILLS
from hir_docs.findings import Document, Report, Severity
from hir_docs.forms.application import EXAMPLE_ANSWERS, write_application
from hir_docs.forms.application_layout import FIELDS
from hir_docs.forms.budget import EXAMPLE_LINES, INPUT_FILL, BudgetLineSpec
from hir_docs.rules import RULES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NOTE = "er skrevet som tekst og regnes som 0"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour[-6:]
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _distance(a: str, b: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(_rgb(a), _rgb(b), strict=True)) ** 0.5


# ------------------------------------------------------------------ point 19: layouts


def _layout(tmp_path: Path, layout: str, amount: str = "3.000.000 kr.") -> Path:
    """The Viborg example in ``layout`` with the amount asked for replaced by ``amount``."""
    path = tmp_path / "in" / f"{layout}.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    LAYOUTS[layout](path)
    with zipfile.ZipFile(path) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in parts:
            if info.filename == "word/document.xml":
                data = data.replace(EXAMPLE_ANSWERS["requested_amount"].encode(), amount.encode())
            zf.writestr(info, data)
    return path


@pytest.mark.parametrize(
    "layout",
    ["text-box", "nested-tables", "answers-below-the-table", "frame-table", "logo-column", "table"],
)
def test_a_wrong_answer_is_commented_at_the_answer_in_every_layout(
    tmp_path: Path, layout: str
) -> None:
    if layout == "table":
        src = tmp_path / "in" / "table.docx"
        src.parent.mkdir()
        write_application(src, {"requested_amount": "3.000.000 kr."}, style="table")
    else:
        src = _layout(tmp_path, layout)
    report, (copy,), _ = annotate([src], tmp_path / "out")
    assert report.codes() == ["application-amount-range"]
    ((anchor, text),) = docx_comments(copy)
    assert anchor == "3.000.000 kr." and text.endswith("Regel: application-amount-range")


def test_a_text_box_comment_is_inside_the_box_not_around_it(tmp_path: Path) -> None:
    _, (copy,), _ = annotate([_layout(tmp_path, "text-box")], tmp_path / "out")
    with zipfile.ZipFile(copy) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    (start,) = root.iter(W + "commentRangeStart")
    assert any(a.tag == W + "txbxContent" for a in start.iterancestors())


def test_an_unanswered_question_in_a_frame_is_commented_at_its_question(tmp_path: Path) -> None:
    path = tmp_path / "in" / "frame.docx"
    path.parent.mkdir()
    write_application(path, {"expected_citizens": ""}, style="table")
    wrap_in_frame(path)
    report, (copy,), _ = annotate([path], tmp_path / "out")
    assert "application-field-missing" in report.codes()
    anchors = [a for a, t in docx_comments(copy) if "application-field-missing" in t]
    assert anchors == [FIELDS["expected_citizens"].label]


# ------------------------------------------------------------------ point 20: amounts


def _with_cached_total(path: Path, ref: str, value: int) -> Path:
    """Give the formula cell ``ref`` of the Budget sheet the value Excel last showed."""
    with zipfile.ZipFile(path) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    pattern = re.compile(rf'(<c r="{ref}"[^>]{{0,40}}><f>[^<]{{0,60}}</f>)<v></v>'.encode())
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet2.xml":
                data, n = pattern.subn(rb"\1<v>" + str(value).encode() + b"</v>", data)
                assert n == 1
            zf.writestr(info, data)
    return path


def test_a_total_next_to_a_text_number_quotes_what_excel_shows(tmp_path: Path) -> None:
    src = patch(budget_file(tmp_path), {"G10": "2.912.000 kr."})  # Excel sums it as 0
    _with_cached_total(src, "I59", 288_000)
    report, (copy,), _ = annotate([src], tmp_path / "out")
    assert "Der søges 3.200.000 kr." in report.one("budget-requested-range").message
    note = xlsx_notes(copy)[("Budget", "I59")]
    assert "Excel viser i dag 288.000 kr. i cellen, fordi G10 " + TEXT_NOTE in note
    # Without a stored value the note still says Excel shows less, never a made-up total.
    line = xlsx_notes(copy)[("Budget", "I10")]
    assert "Excel viser et lavere beløb i cellen, fordi G10 " + TEXT_NOTE in line


def test_notes_without_text_numbers_say_nothing_about_them(tmp_path: Path) -> None:
    src = patch(budget_file(tmp_path), {"G10": 2_912_000})
    report, (copy,), _ = annotate([src], tmp_path / "out")
    assert "budget-requested-range" in report.codes()
    assert not any(TEXT_NOTE in n for n in xlsx_notes(copy).values())


def test_the_text_cell_itself_gets_its_own_number_as_example(tmp_path: Path) -> None:
    src = patch(budget_file(tmp_path), {"G10": "2.912.000 kr."})
    _, (copy,), _ = annotate([src], tmp_path / "out")
    note = xlsx_notes(copy)[("Budget", "G10")]
    assert "(fx 2912000)" in note and "912000)" not in note.replace("2912000)", "")
    assert TEXT_NOTE not in note


# ------------------------------------------------------------------ point 21: what shows


def test_warning_fill_stands_out_from_input_cells_and_errors_stay_red() -> None:
    warning, error = FILLS[Severity.WARNING], FILLS[Severity.ERROR]
    input_yellow = INPUT_FILL.fgColor.rgb
    assert _distance(warning, input_yellow) > 100
    assert _distance(warning, error) > 100
    r, g, b = _rgb(error)
    assert r == 255 and g < 220 and b < 220  # red


def test_input_cell_with_a_warning_is_not_yellow_in_the_copy(tmp_path: Path) -> None:
    consultant = BudgetLineSpec(
        "Eksterne konsulenter og undervisere", "Ekstern konsulent", amounts={2018: 60_000}
    )
    src = budget_file(tmp_path, lines=(*EXAMPLE_LINES, consultant))
    report, (copy,), _ = annotate([src], tmp_path / "out")
    line = report.one("budget-ineligible-line")
    assert line.severity == Severity.WARNING and line.location
    sheet, ref = line.location.split("!")
    assert load_workbook(src)[sheet][ref].fill.fgColor.rgb[-6:] == "FFF2CC"  # an input cell
    assert load_workbook(copy)[sheet][ref].fill.fgColor.rgb == FILLS[Severity.WARNING]


def test_a_users_note_is_kept_and_ours_is_appended(tmp_path: Path) -> None:
    src = patch(budget_file(tmp_path), {"G10": "912.000 kr."})
    wb = load_workbook(src)
    wb["Budget"]["G10"].comment = Comment("Beløbet er aftalt med økonomi", "Mette Hansen")
    wb.save(src)
    _, (copy,), _ = annotate([src], tmp_path / "out")
    note = load_workbook(copy)["Budget"]["G10"].comment
    assert note.author == "Mette Hansen"
    own, ours = note.text.split("––– hir-docs –––")
    assert own.strip() == "Beløbet er aftalt med økonomi"
    assert ours.strip().startswith("FEJL: Tallet »912.000 kr.«")


def test_a_cell_without_a_users_note_gets_our_note_alone(tmp_path: Path) -> None:
    src = patch(budget_file(tmp_path), {"G10": "912.000 kr."})
    _, (copy,), _ = annotate([src], tmp_path / "out")
    note = load_workbook(copy)["Budget"]["G10"].comment
    assert note.author == "hir-docs" and "–––" not in note.text


def test_submission_findings_go_only_into_the_documents_they_name() -> None:
    sheet_rule = RULES["cross-sheet-other-municipality"]
    mismatch = RULES["cross-requested-mismatch"]
    app = Document("ind/ansøgning.docx", "application")
    budget = Document("ind/budget.xlsx", "budget")
    regs = Document("ind/registrering.xlsx", "registrations")
    other = sheet_rule.finding(
        "registrering.xlsx er fra Jobcenter Skive, men ansøgningen er fra Viborg Kommune.",
        file=regs.file,
    )
    both = mismatch.finding(
        "Det ansøgte beløb er 1 kr. i ansøgningsskemaet (ansøgning.docx), men 2 kr. i "
        "budgettet (budget.xlsx).",
        file=budget.file,
    )
    report = Report([app, budget, regs], [other, both])
    together = {app.file, budget.file, regs.file}
    assert findings_for(regs, report, together) == [(other, True)]
    assert findings_for(app, report, together) == [(both, False)]
    assert findings_for(budget, report, together) == [(both, True)]


def test_a_finding_naming_both_files_is_in_both_copies(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_application(folder / "ansøgning.docx")
    (tmp_path / "andet").mkdir()
    budget = budget_file(tmp_path / "andet", recipient="Skive Kommune")
    (folder / "budget.xlsx").write_bytes(budget.read_bytes())
    report, written, _ = annotate([folder], tmp_path / "out")
    assert "cross-municipality-mismatch" in report.codes()
    app_copy = next(p for p in written if p.suffix == ".docx")
    budget_copy = next(p for p in written if p.suffix == ".xlsx")
    in_app = [t for _, t in docx_comments(app_copy)]
    assert any("cross-municipality-mismatch" in t for t in in_app)  # it names both files
    listed = [
        r[4]
        for r in load_workbook(budget_copy).worksheets[0].iter_rows(min_row=3, values_only=True)
    ]
    assert "cross-municipality-mismatch" in listed


# Rows past the 25 a report shows per rule: tests/test_annotate_capped.py.
