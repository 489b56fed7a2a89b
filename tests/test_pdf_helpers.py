"""PDFs built in code for the PDF tests: a minimal PDF with a Helvetica text layer (what
pypdf reads), a PDF with pages but no text (a scan), and an encrypted copy."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from hir_docs.forms.application import write_application

# A line of a page: one text, or (label, answer) set in two columns like the official form.
Line = str | tuple[str, str]
TOP, LEADING, LEFT, ANSWER_X = 800, 14, 56, 300


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")  # WinAnsiEncoding: æ, ø, å, », «, – are in it
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _stream(lines: list[Line]) -> bytes:
    out = [b"BT /F1 10 Tf"]
    for i, line in enumerate(lines):
        y = TOP - i * LEADING
        cells = [(LEFT, line)] if isinstance(line, str) else [(LEFT, line[0]), (ANSWER_X, line[1])]
        for x, text in cells:
            if text:
                out.append(b"1 0 0 1 %d %d Tm (" % (x, y) + _escape(text) + b") Tj")
    out.append(b"ET")
    return b"\n".join(out)


def write_pdf(path: Path, pages: list[list[Line]]) -> Path:
    """A PDF with one page per list of lines (an empty list: a page without text)."""
    count = len(pages)
    font_id = 3 + 2 * count
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count)), count),
    ]
    for i, lines in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font_id)
        )
        body = _stream(lines) if lines else b""
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        b"/FirstChar 32 /LastChar 255 /Widths [%s] >>" % b" ".join([b"500"] * 224)
    )
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(data))
    return path


def application_pdf(
    folder: Path, answers: Mapping[str, str] | None = None, name: str = "ansoegning.pdf"
) -> Path:
    """A self-made application (headings, Q&A 2018, spørgsmål 20) saved as a PDF: the
    example form's paragraphs, wrapped at 90 characters, 50 lines a page."""
    source = folder / f"{Path(name).stem}-kilde.docx"
    write_application(source, answers, style="headings")
    lines: list[Line] = []
    for para in docx.Document(str(source)).paragraphs:
        for text in para.text.split("\n"):
            lines.extend(textwrap.wrap(text, 90) or [""])
        lines.append("")
    source.unlink()
    return write_pdf(folder / name, [lines[i : i + 50] for i in range(0, len(lines), 50)])


def strategy_pdf(folder: Path, pages: int, name: str = "bilag.pdf") -> Path:
    """The strategy section as a PDF attachment of ``pages`` pages."""
    first = ["Strategi for tilrettelæggelse af indsatsen", "", "Teamet mødes hver morgen."]
    rest = [[f"Uddybning, del {n}.", "Sagsbehandleren følger op."] for n in range(2, pages + 1)]
    return write_pdf(folder / name, [first, *rest])


def scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Pages without a text layer, as a scanner makes them (here: no content at all)."""
    return write_pdf(path, [[] for _ in range(pages)])


def encrypted_copy(src: Path, dest: Path, password: str = "hemmelig") -> Path:
    """``src`` with a password to open it (RC4: pypdf needs no extra package for it)."""
    writer = PdfWriter(clone_from=src)
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    with dest.open("wb") as fh:
        writer.write(fh)
    return dest


@pytest.mark.parametrize("lines", [["Strategi for tilrettelæggelse"], [("Kommune", "Viborg")]])
def test_the_built_pdf_has_a_text_layer_pypdf_reads(tmp_path: Path, lines: list[Line]) -> None:
    pdf = write_pdf(tmp_path / "x.pdf", [lines, []])
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text(extraction_mode="layout")
    assert all(w in text for line in lines for w in ([line] if isinstance(line, str) else line))
    assert not reader.pages[1].extract_text().strip()
