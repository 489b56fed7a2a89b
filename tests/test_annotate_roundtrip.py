"""Issue 21, points 15-18: annotated copies survive the round trip.

Users fix problems in the "(kommenteret)" copy and check or annotate it again: our earlier
round is replaced, never stacked; a fixed problem leaves no trace; a copy is marked as a
copy (banner, property) and flagged when checked alone, skipped next to its original;
Strict Open XML files get a copy too. Every copy is read back from its bytes.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from annotate_helpers import annotate, check_signature, docx_comments, xlsx_notes
from application_variants import STRICT, _rewrite
from budget_helpers import patch
from click.testing import Result
from lxml import etree
from odf_helpers import ODT, odf
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from hir_docs import api
from hir_docs.annotate.marker import BANNER, copy_of
from hir_docs.annotate.xlsx import LIST_SHEET
from hir_docs.annotate.xlsx_styles import FILLS
from hir_docs.findings import Severity
from hir_docs.forms.application import write_application
from hir_docs.forms.budget import EXAMPLE_LINES, BudgetLineSpec, write_budget

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONSULTANT = BudgetLineSpec(
    "Eksterne konsulenter og undervisere", "Ekstern konsulent", amounts={2018: 60_000}
)
STRICT_XLSX = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": (
        b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


def _app(folder: Path, **answers: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ansøgning.docx"
    write_application(path, answers, style="table")
    return path


def _budget(folder: Path, *, consultant: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "budget.xlsx"
    write_budget(path, lines=(*EXAMPLE_LINES, CONSULTANT) if consultant else EXAMPLE_LINES)
    return path


def _codes(path: Path) -> list[str]:
    return sorted(f.code for f in api.check([path]).findings)


def _ours(comments: list[tuple[str, str]]) -> list[str]:
    """Our comments, without the one saying the file is a copy (a copy annotated again)."""
    return [t for _, t in comments if "Regel: " in t and "Regel: file-annotated-copy" not in t]


def _banners(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode().count(BANNER)


# ------------------------------------------------------------------ point 15: no stacking


def test_annotating_a_word_copy_again_replaces_our_comments_and_keeps_the_users(
    tmp_path: Path,
) -> None:
    src = _app(tmp_path / "in", requested_amount="3.000.000 kr.")
    doc = docx.Document(str(src))
    doc.add_comment(doc.paragraphs[0].runs, text="Husk korrektur", author="Mette Hansen")
    doc.save(str(src))
    report, (first,), _ = annotate([src], tmp_path / "r1")
    _, (second,), _ = annotate([first], tmp_path / "r2")
    one, two = docx_comments(first), docx_comments(second)
    assert len(_ours(two)) == len(_ours(one)) == len(report.findings)
    assert sorted(_ours(two)) == sorted(_ours(one))
    assert [t for _, t in two if "Regel: " not in t] == ["Husk korrektur"]
    assert _banners(first) == _banners(second) == 1
    assert second.name == "ansøgning (kommenteret).docx"  # the name does not stack either


def test_a_problem_fixed_in_the_word_copy_leaves_no_trace(tmp_path: Path) -> None:
    src = _app(tmp_path / "in", requested_amount="3.000.000 kr.")
    _, (copy,), _ = annotate([src], tmp_path / "r1")
    assert any("application-amount" in t for t in _ours(docx_comments(copy)))
    # The user fixes the amount in the copy (where the comment is) and saves it.
    doc = docx.Document(str(copy))
    for p in (p for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs):
        if p.text == "3.000.000 kr.":
            for run in p.runs[1:]:
                run.text = ""
            p.runs[0].text = "1.200.000 kr."
    doc.save(str(copy))
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    shutil.copy(copy, fixed / copy.name)
    report, (again,), _ = annotate([fixed / copy.name], tmp_path / "r2")
    assert not any(f.code.startswith("application-amount") for f in report.findings)
    assert report.codes() == ["file-annotated-copy"]
    texts = [t for _, t in docx_comments(again)]
    assert len(texts) == 1 and texts[0].endswith("Regel: file-annotated-copy")


def test_a_word_copy_checks_like_its_original_plus_the_copy_warning(tmp_path: Path) -> None:
    src = _app(tmp_path / "in", requested_amount="3.000.000 kr.", expected_citizens="")
    _, (copy,), _ = annotate([src], tmp_path / "r1")
    _, (copy2,), _ = annotate([copy], tmp_path / "r2")
    assert check_signature(copy, annotated=True) == check_signature(src)
    assert check_signature(copy2, annotated=True) == check_signature(src)


def test_annotating_an_excel_copy_again_replaces_notes_fills_and_list_sheet(
    tmp_path: Path,
) -> None:
    src = _budget(tmp_path / "in")
    wb = load_workbook(src)
    wb["Budget"]["B17"].comment = Comment("Tjek med økonomi", "Mette Hansen")
    wb["Budget"]["A3"].comment = Comment("Vores egen note", "Mette Hansen")
    wb.save(src)
    report, (first,), _ = annotate([src], tmp_path / "r1")
    _, (second,), _ = annotate([first], tmp_path / "r2")
    assert load_workbook(second).sheetnames == load_workbook(first).sheetnames
    assert load_workbook(second).sheetnames.count(LIST_SHEET) == 1
    assert xlsx_notes(second) == xlsx_notes(first)
    notes = xlsx_notes(second)
    assert notes[("Budget", "A3")] == "Vores egen note"
    user_and_ours = notes[("Budget", "B17")]
    assert user_and_ours.startswith("Tjek med økonomi") and user_and_ours.count("hir-docs –––") == 1
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("xl/styles.xml") == b.read("xl/styles.xml")  # no formats pile up
    rows = list(load_workbook(second)[LIST_SHEET].iter_rows(min_row=3, values_only=True))
    assert sorted(r[4] for r in rows) == sorted([*report.codes(), "file-annotated-copy"])


def test_a_problem_fixed_in_the_excel_copy_leaves_no_trace(tmp_path: Path) -> None:
    src = _budget(tmp_path / "in")
    own_fill = load_workbook(src)["Budget"]["B17"].fill.fgColor.rgb
    _, (copy,), _ = annotate([src], tmp_path / "r1")
    assert ("Budget", "B17") in xlsx_notes(copy)
    # The user deletes the consultant line in the copy and saves it (styles renumbered).
    patch(copy, {"A17": None, "B17": None, "G17": None, "I17": None})
    report, (again,), _ = annotate([copy], tmp_path / "r2")
    assert "budget-ineligible-line" not in report.codes()
    assert ("Budget", "B17") not in xlsx_notes(again)
    cell = load_workbook(again)["Budget"]["B17"]
    assert cell.fill.fgColor.rgb == own_fill and cell.fill.fgColor.rgb not in FILLS.values()
    listed = [r[4] for r in load_workbook(again)[LIST_SHEET].iter_rows(min_row=3, values_only=True)]
    assert "budget-ineligible-line" not in listed


def test_an_excel_copy_checks_like_its_original_plus_the_copy_warning(tmp_path: Path) -> None:
    src = _budget(tmp_path / "in")
    _, (copy,), _ = annotate([src], tmp_path / "r1")
    _, (copy2,), _ = annotate([copy], tmp_path / "r2")
    assert check_signature(copy, annotated=True) == check_signature(src)
    assert check_signature(copy2, annotated=True) == check_signature(src)


def test_a_clean_excel_copy_gets_its_own_cell_formats_back(tmp_path: Path) -> None:
    from hir_docs.annotate.clean import clean_copy

    src = _budget(tmp_path / "in")
    _, (copy,), _ = annotate([src], tmp_path / "r1")
    clean = tmp_path / "clean.xlsx"
    clean_copy(copy, clean)
    assert copy_of(clean) is None
    a, b = load_workbook(src), load_workbook(clean)
    assert b.sheetnames == a.sheetnames
    assert xlsx_notes(clean) == {}
    for ref in ("B17", "I59"):
        assert b["Budget"][ref].style_id == a["Budget"][ref].style_id


# ------------------------------------------------------------------ point 16: folder checks


def test_a_folder_check_skips_a_copy_next_to_its_original(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    app, budget = _app(folder), _budget(folder)
    alone = api.check([folder])
    annotate([folder], folder / "kommenteret")
    report = api.check([folder])
    skipped = [f for f in report.findings if f.code == "file-annotated-copy-skipped"]
    assert sorted(Path(f.file or "").name for f in skipped) == [
        "ansøgning (kommenteret).docx",
        "budget (kommenteret).xlsx",
    ]
    assert all(f.severity == Severity.INFO for f in skipped)
    assert "af ansøgning.docx" in skipped[0].message and "af budget.xlsx" in skipped[1].message
    assert [d.file for d in report.documents] == [str(app), str(budget)]
    rest = sorted((f.code, f.file) for f in report.findings if f not in skipped)
    assert rest == sorted((f.code, f.file) for f in alone.findings)


def test_a_renamed_copy_is_recognised_by_its_mark_and_a_look_alike_name_is_not(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    app = _app(folder)
    _budget(folder)
    _, written, _ = annotate([app], tmp_path / "out")
    shutil.copy(written[0], folder / "ansøgning version 2.docx")
    shutil.copy(app, folder / "gammel (kommenteret).docx")  # the user's own file
    report = api.check([folder])
    skipped = {
        Path(f.file or "").name for f in report.findings if f.code == "file-annotated-copy-skipped"
    }
    assert skipped == {"ansøgning version 2.docx"}
    assert copy_of(folder / "gammel (kommenteret).docx") is None


def test_a_copy_that_is_the_only_form_of_its_kind_counts_and_is_flagged(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _app(folder)
    budget = _budget(tmp_path / "other", consultant=False)
    _, (copy,), _ = annotate([budget], tmp_path / "out")
    shutil.copy(copy, folder / copy.name)
    report = api.check([folder])
    assert "cross-budget-missing" not in report.codes()
    assert report.one("file-annotated-copy").file == str(folder / copy.name)
    assert "file-annotated-copy-skipped" not in report.codes()


def test_the_bulk_inbox_skips_a_copy_next_to_its_original(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    folder = inbox / "Viborg"
    _app(folder)
    _budget(folder, consultant=False)
    annotate([folder], folder)
    result = api.bulk(inbox, tmp_path / "oversigt.xlsx")
    (group,) = result.groups
    codes = [f.code for f in group.findings]
    assert codes.count("file-annotated-copy-skipped") == 2
    assert "cross-budget-missing" not in codes and "file-annotated-copy" not in codes
    assert sorted(d.kind for d in group.docs) == ["application", "budget"]


# ------------------------------------------------------------------ point 17: visible marks


def test_a_word_copy_opens_with_a_banner_and_carries_the_mark(tmp_path: Path) -> None:
    src = _app(tmp_path / "in")
    _, (copy,), _ = annotate([src], tmp_path / "out")
    with zipfile.ZipFile(copy) as zf:
        body = etree.fromstring(zf.read("word/document.xml")).find(W + "body")
    first = "".join(t.text or "" for t in body[0].iter(W + "t"))
    assert first == BANNER == "Kommenteret kopi fra hir-docs – send ikke denne fil til STAR"
    assert copy_of(copy) == "ansøgning.docx" and copy_of(src) is None


def test_an_excel_copy_opens_on_the_findings_sheet_with_a_banner(tmp_path: Path) -> None:
    src = _budget(tmp_path / "in")
    _, (copy,), _ = annotate([src], tmp_path / "out")
    wb = load_workbook(copy)
    assert wb.sheetnames[0] == LIST_SHEET and wb.active.title == LIST_SHEET
    assert wb[LIST_SHEET]["A1"].value == BANNER
    assert {p.name: p.value for p in wb.custom_doc_props.props}["hir-docs kommenteret kopi af"] == (
        "budget.xlsx"
    )


def test_checking_a_copy_alone_warns_and_the_original_does_not(tmp_path: Path) -> None:
    src = _budget(tmp_path / "in")
    _, (copy,), _ = annotate([src], tmp_path / "out")
    warning = api.check([copy]).one("file-annotated-copy")
    assert warning.severity == Severity.WARNING and warning.file == str(copy)
    assert "af budget.xlsx" in warning.message and "send ikke denne fil til STAR" in warning.message
    assert "file-annotated-copy" not in _codes(src)


# ------------------------------------------------------------------ point 18: Strict OOXML


def test_a_strict_word_file_gets_a_strict_copy(tmp_path: Path) -> None:
    src = _app(tmp_path / "in", requested_amount="3.000.000 kr.")
    _rewrite(src, namespaces=STRICT)
    report, written, notes = annotate([src], tmp_path / "out")
    assert notes == [] and len(written) == 1
    with zipfile.ZipFile(written[0]) as zf:
        xml = zf.read("word/document.xml")
        assert b"purl.oclc.org/ooxml/wordprocessingml/main" in xml
        assert b"schemas.openxmlformats.org/wordprocessingml" not in xml
        comments = zf.read("word/comments.xml")
    assert comments.count(b"Regel: ") == len(report.findings) > 0
    assert check_signature(written[0], annotated=True)[1:] == check_signature(src)[1:]


def _strict_budget(folder: Path) -> Path:
    src = _budget(folder)
    with zipfile.ZipFile(src) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(src, "w") as zf:
        for info, data in parts:
            for old, new in STRICT_XLSX.items():
                data = data.replace(old, new)
            zf.writestr(info, data)
    return src


def test_a_strict_excel_file_gets_a_strict_copy(tmp_path: Path) -> None:
    src = _strict_budget(tmp_path / "in")
    report, written, notes = annotate([src], tmp_path / "out")
    assert notes == [] and len(written) == 1
    assert "budget-ineligible-line" in report.codes()
    with zipfile.ZipFile(written[0]) as zf:
        names = zf.namelist()
        assert b"purl.oclc.org/ooxml/spreadsheetml/main" in zf.read("xl/workbook.xml")
        comments = next(n for n in names if n.startswith("xl/comments"))
        assert b"Ekstern konsulent" in zf.read(comments) or b"Regel: " in zf.read(comments)
    assert check_signature(written[0], annotated=True) == check_signature(src)


def test_an_odt_application_is_told_why_it_gets_no_copy(tmp_path: Path) -> None:
    rows = "".join(
        "<table:table-row>"
        f"<table:table-cell><text:p>{label}</text:p></table:table-cell>"
        f"<table:table-cell><text:p>{answer}</text:p></table:table-cell></table:table-row>"
        for label, answer in [("Projektets navn:", "Tæt på"), ("Kommune", "Viborg Kommune")]
    )
    body = (
        "<office:text><text:h>Ansøgningsskema for Pulje til Håndholdt ressourceforløb</text:h>"
        f"<table:table>{rows}</table:table></office:text>"
    )
    (tmp_path / "in").mkdir()
    odt = odf(tmp_path / "in" / "ansøgning.odt", ODT, body)
    report, written, notes = annotate([odt], tmp_path / "out")
    assert report.documents[0].kind == "application" and written == []
    (note,) = notes
    assert note.code == "annotate-odf-skipped" and note.severity == Severity.INFO
    assert "ansøgning.odt" in note.message and ".docx/.xlsx" in note.message


def test_a_docx_application_gets_a_copy_and_no_odf_note(tmp_path: Path) -> None:
    _, written, notes = annotate([_app(tmp_path / "in")], tmp_path / "out")
    assert len(written) == 1 and notes == []


def test_a_strict_excel_copy_opens_in_libreoffice_with_its_notes(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    _, (copy,), _ = annotate([_strict_budget(tmp_path / "in")], tmp_path / "out")
    back = lo_convert(copy, "xlsx")
    assert load_workbook(back).sheetnames[0] == LIST_SHEET
    assert "Regel: budget-ineligible-line" in xlsx_notes(back)[("Budget", "B17")]


def test_a_strict_word_copy_opens_in_libreoffice_with_its_comments(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    src = _app(tmp_path / "in", requested_amount="3.000.000 kr.")
    _rewrite(src, namespaces=STRICT)
    _, (copy,), _ = annotate([src], tmp_path / "out")
    back = docx_comments(lo_convert(copy, "docx"))
    assert [a for a, t in back if "application-amount-range" in t] == ["3.000.000 kr."]


def test_check_annotate_into_the_checked_folder_twice_gives_the_same_copies(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "in"
    _app(folder, requested_amount="1.260.000 kr.")
    _budget(folder)
    out = folder / "kommenteret"
    first = run_cli("check", folder, "--annotate", out, "--today", "2018-06-30")
    copies = {p.name: p.read_bytes() for p in out.iterdir()}
    second = run_cli("check", folder, "--annotate", out, "--force", "--today", "2018-06-30")
    assert first.exit_code == second.exit_code == 1  # the consultant line is an error
    assert {p.name: p.read_bytes() for p in out.iterdir()} == copies
    assert second.output.count("file-annotated-copy-skipped") == 2


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def _as_word_saves_it(copy: Path) -> None:
    """What Word adds on saving: paragraph ids in the comments and a commentsExtended part
    naming each comment by its first paragraph's id."""
    with zipfile.ZipFile(copy) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    comments = etree.fromstring(parts["word/comments.xml"])
    entries = []
    for n, c in enumerate(comments.iter(W + "comment")):
        pid = f"{n + 1:08X}"
        next(c.iter(W + "p")).set(f"{{{W14}}}paraId", pid)
        entries.append(f'<w15:commentEx w15:paraId="{pid}" w15:done="0"/>')
    parts["word/comments.xml"] = etree.tostring(comments)
    parts["word/commentsExtended.xml"] = (
        f'<w15:commentsEx xmlns:w15="{W15}">{"".join(entries)}</w15:commentsEx>'
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2011/relationships/'
        'commentsExtended" Target="commentsExtended.xml"/></Relationships>',
    ).encode()
    with zipfile.ZipFile(copy, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_words_reply_and_done_entries_of_our_comments_go_with_them(tmp_path: Path) -> None:
    src = _app(tmp_path / "in", requested_amount="3.000.000 kr.")
    doc = docx.Document(str(src))
    doc.add_comment(doc.paragraphs[0].runs, text="Husk korrektur", author="Mette Hansen")
    doc.save(str(src))
    _, (copy,), _ = annotate([src], tmp_path / "r1")
    _as_word_saves_it(copy)
    _, (again,), _ = annotate([copy], tmp_path / "r2")
    with zipfile.ZipFile(again) as zf:
        extended = etree.fromstring(zf.read("word/commentsExtended.xml"))
        comments = etree.fromstring(zf.read("word/comments.xml"))
    kept = [e.get(f"{{{W15}}}paraId") for e in extended]
    users = [
        next(c.iter(W + "p")).get(f"{{{W14}}}paraId")
        for c in comments.iter(W + "comment")
        if c.get(W + "author") == "Mette Hansen"
    ]
    assert kept == users and len(kept) == 1


def test_a_copy_the_user_took_all_our_marks_off_is_a_plain_file_again(tmp_path: Path) -> None:
    src = _budget(tmp_path / "in")
    _, (copy,), _ = annotate([src], tmp_path / "out")
    wb = load_workbook(copy)
    del wb[LIST_SHEET]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.author == "hir-docs":
                    cell.comment = None
                if cell.fill.fgColor.rgb in FILLS.values():
                    cell.fill = PatternFill("solid", fgColor="FFF2CC")
    wb.save(copy)
    assert copy_of(copy) == "budget.xlsx"  # the property is still there, unseen
    assert "file-annotated-copy" not in _codes(copy)
    folder = tmp_path / "ny"
    folder.mkdir()
    shutil.copy(copy, folder / "budget.xlsx")
    _app(folder)
    assert "file-annotated-copy-skipped" not in _codes(folder)
