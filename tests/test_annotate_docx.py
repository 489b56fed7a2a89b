"""Issue 14, Word: the findings as review comments in a copy of the application form."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from annotate_helpers import annotate, check_signature, docx_comments, part_changes, sha
from lxml import etree

from hir_docs.annotate.copies import annotate_report
from hir_docs.forms.application import write_application
from hir_docs.forms.application_layout import FIELDS, TITLE
from hir_docs.forms.budget import write_budget

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MISSING = FIELDS["expected_citizens"]


def _app(tmp_path: Path, style: str = "table", **answers: str) -> Path:
    path = tmp_path / "in" / "ansøgning.docx"
    path.parent.mkdir(exist_ok=True)
    write_application(path, {"expected_citizens": "", **answers}, style=style)
    return path


@pytest.mark.parametrize("style", ["table", "paragraphs", "headings"])
def test_missing_field_is_commented_at_its_question(tmp_path: Path, style: str) -> None:
    src = _app(tmp_path, style, requested_amount="3.000.000 kr.")
    report, written, notes = annotate([src], tmp_path / "out")
    assert notes == [] and written == [tmp_path / "out" / "ansøgning (kommenteret).docx"]
    comments = docx_comments(written[0])
    assert len(comments) == len(report.findings) >= 2
    by_code = {text.rsplit("Regel: ", 1)[1]: (anchor, text) for anchor, text in comments}
    anchor, text = by_code["application-field-missing"]
    question = MISSING.label if style != "headings" else MISSING.aliases[0]
    assert anchor.startswith(question[:30]) or "Forventet antal borgere" in anchor
    assert text.startswith("FEJL: ") and "Sådan retter du: " in text
    # A wrong answer is commented at the answer itself, not at its question.
    amount = [a for a, t in comments if "application-amount" in t]
    assert amount and all("3.000.000" in a for a in amount)


def test_comment_author_and_the_checks_date(tmp_path: Path) -> None:
    _, written, _ = annotate([_app(tmp_path)], tmp_path / "out", today=dt.date(2018, 6, 30))
    with zipfile.ZipFile(written[0]) as zf:
        comments = etree.fromstring(zf.read("word/comments.xml"))
    assert len(comments)
    for c in comments.iter(W + "comment"):
        assert c.get(W + "author") == "hir-docs" and c.get(W + "date") == "2018-06-30T00:00:00Z"


def test_without_a_date_comments_carry_the_files_own_save_date(tmp_path: Path) -> None:
    src = _app(tmp_path)
    doc = docx.Document(str(src))
    doc.core_properties.modified = dt.datetime(2017, 12, 8, 14, 0)
    doc.save(str(src))
    _, written, _ = annotate([src], tmp_path / "out")
    with zipfile.ZipFile(written[0]) as zf:
        comments = etree.fromstring(zf.read("word/comments.xml"))
    dates = {c.get(W + "date") for c in comments.iter(W + "comment")}
    assert dates == {"2017-12-08T00:00:00Z"}


def test_copy_reads_the_same_and_changes_only_comment_parts(tmp_path: Path) -> None:
    src = _app(tmp_path)
    before = sha(src)
    _, written, _ = annotate([src], tmp_path / "out")
    assert sha(src) == before  # the input is only read
    assert check_signature(written[0], annotated=True)[1:] == check_signature(src)[1:]
    added, removed, changed = part_changes(src, written[0])
    assert added == {"word/comments.xml", "docProps/custom.xml"} and removed == set()
    assert changed == {
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
        "_rels/.rels",  # the custom properties that mark the copy
    }


def test_document_keeps_paragraphs_tables_controls_header_footer_image(tmp_path: Path) -> None:
    src = _app(tmp_path, "table")
    doc = docx.Document(str(src))
    doc.sections[0].header.paragraphs[0].text = "Viborg Kommune – sidehoved"
    doc.sections[0].footer.paragraphs[0].text = "Side 1"
    doc.add_picture(str(_png(tmp_path / "logo.png")))
    doc.save(str(src))
    _, written, _ = annotate([src], tmp_path / "out")
    added, removed, changed = part_changes(src, written[0])
    assert removed == set() and not any(
        "header" in n or "footer" in n or "media" in n for n in changed
    )
    a, b = docx.Document(str(src)), docx.Document(str(written[0]))
    assert [p.text for p in a.paragraphs] == [p.text for p in b.paragraphs]
    assert [[c.text for c in r.cells] for t in a.tables for r in t.rows] == [
        [c.text for c in r.cells] for t in b.tables for r in t.rows
    ]
    with zipfile.ZipFile(src) as za, zipfile.ZipFile(written[0]) as zb:
        xa, xb = za.read("word/document.xml"), zb.read("word/document.xml")
    assert xa.count(b"<w:drawing>") == xb.count(b"<w:drawing>") == 1


def test_content_controls_of_the_blank_form_are_kept(tmp_path: Path) -> None:
    src = tmp_path / "ansoegningsskema.docx"
    src.write_bytes((Path(__file__).parents[1] / "forms" / "ansoegningsskema.docx").read_bytes())
    report, written, _ = annotate([src], tmp_path / "out")
    with zipfile.ZipFile(src) as za, zipfile.ZipFile(written[0]) as zb:
        xa, xb = za.read("word/document.xml"), zb.read("word/document.xml")
    sdt = re.compile(rb"<w:sdt[ >]")
    assert len(sdt.findall(xa)) + 1 == len(sdt.findall(xb)) > 10  # + the banner
    comments = docx_comments(written[0])
    assert len(comments) == len(report.findings) == len(FIELDS)
    # Placeholders are no answer: every comment stands at its question.
    labels = {f.label for f in FIELDS.values()}
    assert all(anchor.split("\n")[0] in labels for anchor, _ in comments)
    assert check_signature(written[0], annotated=True)[1:] == check_signature(src)[1:]


def test_same_input_same_bytes(tmp_path: Path) -> None:
    src = _app(tmp_path)
    _, one, _ = annotate([src], tmp_path / "a")
    _, two, _ = annotate([src], tmp_path / "b")
    assert one[0].read_bytes() == two[0].read_bytes()


def test_submission_findings_at_the_answer_and_the_title(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    app = _app(tmp_path, requested_amount="1.500.000 kr.")
    write_budget(folder / "budget.xlsx")
    report, written, _ = annotate([folder], tmp_path / "out")
    assert "cross-requested-mismatch" in report.codes()
    comments = docx_comments(tmp_path / "out" / "ansøgning (kommenteret).docx")
    mismatch = [a for a, t in comments if "cross-requested-mismatch" in t]
    assert mismatch == ["1.500.000 kr."]  # the application's own answer
    # Only an application in a folder: "no budget" is a comment at the title.
    (folder / "budget.xlsx").unlink()
    _, written, _ = annotate([folder], tmp_path / "out2")
    comments = docx_comments(written[0])
    assert [a for a, t in comments if "cross-budget-missing" in t] == [TITLE]
    assert app.exists()


def test_existing_comments_are_kept(tmp_path: Path) -> None:
    src = _app(tmp_path)
    doc = docx.Document(str(src))
    doc.add_comment(doc.paragraphs[0].runs, text="Husk at læse korrektur", author="Mette")
    doc.save(str(src))
    _, written, _ = annotate([src], tmp_path / "out")
    texts = [t for _, t in docx_comments(written[0])]
    assert "Husk at læse korrektur" in texts and any("Regel: " in t for t in texts)


def test_comments_survive_libreoffice(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    src = _app(tmp_path, requested_amount="3.000.000 kr.")
    _, written, _ = annotate([src], tmp_path / "out")
    ours = docx_comments(written[0])
    back = docx_comments(lo_convert(written[0], "docx"))
    assert len(back) == len(ours)
    assert sorted(t.split("\n")[0] for _, t in back) == sorted(t.split("\n")[0] for _, t in ours)


def test_libreoffice_saved_input(tmp_path: Path, lo_convert: Callable[[Path, str], Path]) -> None:
    saved = lo_convert(_app(tmp_path), "docx")
    _, written, _ = annotate([saved], tmp_path / "out")
    assert check_signature(written[0], annotated=True)[1:] == check_signature(saved)[1:]
    assert any(a.startswith(MISSING.label) for a, _ in docx_comments(written[0]))


def test_api_annotate_report_with_root(tmp_path: Path) -> None:
    from hir_docs import api

    _app(tmp_path)
    report = api.check_in(tmp_path / "in", ["ansøgning.docx"])
    written, _ = annotate_report(report, tmp_path / "out", root=tmp_path / "in")
    assert [p.name for p in written] == ["ansøgning (kommenteret).docx"]


def _png(path: Path) -> Path:
    """A 1x1 PNG (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    raw = zlib.compress(b"\x00\xff\x00\x00")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    )
    return path
