"""An application or an attachment sent as a PDF, file by file (issue 21, points 4 and 11):
read from the PDF's text layer, a scan said to be unreadable, the strategy's pages counted,
a broken or locked PDF one finding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_pdf_helpers import (
    application_pdf,
    encrypted_copy,
    scanned_pdf,
    strategy_pdf,
    write_pdf,
)

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.forms.application import write_application
from hir_docs.pipeline import process_file
from hir_docs.readers import pdf as pdf_reader
from hir_docs.readers.application import read_application
from hir_docs.readers.pdf import PdfLocked


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def one(findings: list[Finding], code: str) -> Finding:
    (found,) = [f for f in findings if f.code == code]
    return found


# ------------------------------------------------------------------ the application as a PDF


def test_a_self_made_application_pdf_is_read_as_the_application(tmp_path: Path) -> None:
    doc, findings = process_file(application_pdf(tmp_path))
    assert doc.kind == DocKind.APPLICATION
    assert doc.fields["municipality"] == "Viborg Kommune"
    assert doc.fields["municipality_code"] == "791"
    assert doc.fields["requested_amount"] == 1_200_000
    assert doc.fields["cvr"] == "31415926"
    assert doc.fields["passive_share_target"] == {"low": 15.0, "high": 18.0}
    assert "320 borgere" in doc.fields["expected_citizens"]
    note = one(findings, "file-pdf-application")
    assert note.severity is Severity.INFO and note.file.endswith("ansoegning.pdf")
    assert "ud fra pdf-filens tekst (3 sider)" in note.message
    assert "ingen kommenteret kopi" in note.message
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_the_application_rules_run_on_a_pdf_application(tmp_path: Path) -> None:
    """Read from a PDF, the application is checked like the Word form: an amount above
    the pool's maximum is the same error."""
    _, findings = process_file(application_pdf(tmp_path, {"requested_amount": "2.500.000 kr."}))
    above = [f for f in findings if f.severity is Severity.ERROR]
    assert above and all(f.file.endswith("ansoegning.pdf") for f in above)
    assert any("2.500.000 kr." in f.message for f in above)
    _, valid = process_file(application_pdf(tmp_path, name="gyldig.pdf"))
    assert not [f for f in valid if f.severity is Severity.ERROR]


def test_the_official_two_column_form_is_read_row_by_row(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "skema.pdf",
        [
            [
                "Ansøgningsskema for Pulje til Håndholdt ressourceforløb",
                "",
                ("Projektets navn:", "Tæt på i Viborg"),
                "",
                "Ansøger",
                ("Kommune", "Viborg Kommune"),
                ("Projekt- og tilskudsansvarlig: Oplys", "Jobcenter Viborg, CVR-nummer 31415926,"),
                ("navn, adresse, CVR-nummer,", "e-mail anne.fiktiv@viborg.dk"),
                ("telefon og e-mail", "tlf. 11 22 33 44"),
                "",
                ("Angiv det ansøgte beløb", "1.100.000 kr."),
            ]
        ],
    )
    doc, findings = process_file(pdf)
    assert doc.kind == DocKind.APPLICATION
    assert doc.fields["project_name"] == "Tæt på i Viborg"
    assert doc.fields["municipality"] == "Viborg Kommune"
    assert doc.fields["requested_amount"] == 1_100_000
    assert doc.fields["contact_email"] == "anne.fiktiv@viborg.dk"
    assert doc.fields["contact_phone"] == "11223344"
    assert "file-pdf-application" in codes(findings)


def test_a_pdf_saved_from_the_word_form_reads_as_the_word_form(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    """The official form (two-column tables) saved as PDF by an office program: every
    field as read from the Word file."""
    source = tmp_path / "ansoegning.docx"
    write_application(source, statistics_table=True)
    doc, findings = process_file(lo_convert(source, "pdf"))
    assert doc.kind == DocKind.APPLICATION
    assert "file-pdf-application" in codes(findings)
    word = read_application(source).fields
    for key, value in word.items():
        got = doc.fields[key]
        if isinstance(value, str):
            assert got is not None and got.split() == value.split(), key
        else:
            assert got == value, key


# ------------------------------------------------------------------ attachments and scans


def test_a_pdf_without_text_is_said_to_be_probably_scanned(tmp_path: Path) -> None:
    doc, findings = process_file(scanned_pdf(tmp_path / "ansoegning.pdf", pages=2))
    assert doc.kind == DocKind.UNKNOWN
    assert doc.fields == {"pdf_pages": 2, "pdf_text": False}
    (note,) = findings
    assert (note.code, note.severity) == ("file-pdf-no-text", Severity.INFO)
    assert "ansoegning.pdf har ingen tekst, der kan læses — den er sandsynligvis scannet" in (
        note.message
    )
    assert "(2 sider)" in note.message and "om det er ansøgningen" in note.message


def test_a_pdf_with_other_text_is_an_attachment_not_checked(tmp_path: Path) -> None:
    doc, findings = process_file(strategy_pdf(tmp_path, pages=2))
    assert doc.kind == DocKind.UNKNOWN and doc.fields == {"pdf_pages": 2, "pdf_text": True}
    (note,) = findings
    assert (note.code, note.severity) == ("file-not-checked", Severity.INFO)
    assert "bilag.pdf" in note.message


@pytest.mark.parametrize(
    ("pages", "expected"), [(2, False), (3, False), (4, True), (6, True)], ids=str
)
def test_a_strategy_attachment_may_have_at_most_three_pages(
    tmp_path: Path, pages: int, expected: bool
) -> None:
    _, findings = process_file(strategy_pdf(tmp_path, pages))
    long = [f for f in findings if f.code == "file-pdf-strategy-too-long"]
    assert bool(long) is expected
    if expected:
        (f,) = long
        assert f.severity is Severity.WARNING and f.file.endswith("bilag.pdf")
        assert f"har {pages} sider; strategiafsnittet må højst fylde 3 sider" in f.message
        assert "»strategi« står i starten af teksten" in f.message


def test_a_strategy_is_recognised_by_its_file_name_even_when_scanned(tmp_path: Path) -> None:
    _, findings = process_file(scanned_pdf(tmp_path / "Strategi_Viborg.pdf", pages=5))
    assert codes(findings) == ["file-pdf-no-text", "file-pdf-strategy-too-long"]
    assert "»strategi« står i filnavnet" in findings[1].message


def test_a_long_pdf_that_is_not_the_strategy_has_no_page_limit(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "statistik.pdf", [[f"Tabel {n}"] for n in range(8)])
    assert codes(process_file(pdf)[1]) == ["file-not-checked"]


def test_only_the_first_pages_are_read_but_all_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    text = pdf_reader.read_pdf_text(write_pdf(tmp_path / "x.pdf", [["a1"], ["b2"], ["c3"]]))
    assert text.pages == 3
    assert [line.strip() for line in text.lines if line.strip()] == ["a1", "b2"]


# ------------------------------------------------------------------ broken and locked PDFs


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.4\n%%EOF\n", "file-unreadable"),
        (
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + b"\x00\xff" * 500,
            "file-unreadable",
        ),
        (b"Dette er ikke en pdf, men en tekstfil.", "file-not-pdf"),
        (b"", "file-empty"),
    ],
    ids=["no-pages", "truncated", "not-a-pdf", "empty"],
)
def test_a_broken_pdf_is_one_error_finding_never_a_traceback(
    tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "ansoegning.pdf"
    path.write_bytes(content)
    doc, findings = process_file(path)
    assert doc.kind == DocKind.UNKNOWN
    (f,) = findings
    assert (f.code, f.severity, f.file) == (code, Severity.ERROR, str(path))
    if code == "file-unreadable":
        assert "ansoegning.pdf kunne ikke læses" in f.message and "pdf" in (f.hint or "")


def test_a_pdf_that_needs_a_password_is_refused_clearly(tmp_path: Path) -> None:
    locked = encrypted_copy(application_pdf(tmp_path), tmp_path / "laast.pdf")
    doc, findings = process_file(locked)
    assert doc.kind == DocKind.UNKNOWN
    (f,) = findings
    assert (f.code, f.severity) == ("file-encrypted", Severity.ERROR)
    assert "laast.pdf er beskyttet med adgangskode" in f.message
    assert "uden adgangskode" in (f.hint or "")


def test_a_pdf_with_restrictions_only_is_read(tmp_path: Path) -> None:
    """An owner password (printing or copying restricted) does not stop anyone opening it."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=application_pdf(tmp_path))
    writer.encrypt(user_password="", owner_password="ejer", algorithm="RC4-128")
    restricted = tmp_path / "begraenset.pdf"
    with restricted.open("wb") as fh:
        writer.write(fh)
    doc, findings = process_file(restricted)
    assert doc.kind == DocKind.APPLICATION and "file-encrypted" not in codes(findings)


def test_a_cipher_that_cannot_be_undone_is_text_that_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(path: Path) -> pdf_reader.PdfText:
        raise PdfLocked(needs_password=False)

    monkeypatch.setattr("hir_docs.pipeline.read_pdf_text", locked)
    doc, findings = process_file(application_pdf(tmp_path))
    assert doc.fields == {"pdf_text": False}
    (f,) = findings
    assert f.code == "file-pdf-no-text" and "krypteret" in f.message
