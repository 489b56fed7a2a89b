"""Hostile or broken files: one plain error finding each, no traceback, refused before any parser."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from hir_docs.files.safety import Limits, inspect_file
from hir_docs.forms.application import write_application

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n<w:document><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def _valid_docx(tmp_path: Path) -> bytes:
    path = tmp_path / "valid.docx"
    write_application(path)
    return path.read_bytes()


def _replace_part(
    data: bytes, name: str, content: bytes, extra: dict[str, bytes] | None = None
) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(
                item.filename, content if item.filename == name else src.read(item.filename)
            )
        for extra_name, extra_data in (extra or {}).items():
            dst.writestr(extra_name, extra_data)
    return out.getvalue()


def _empty(tmp: Path) -> bytes:
    return b""


def _text(tmp: Path) -> bytes:
    return "Ansøgning fra Viborg Kommune\nProjektets navn: Tæt på\n".encode()


def _truncated(tmp: Path) -> bytes:
    data = _valid_docx(tmp)
    return data[: len(data) // 2]


def _garbage_zip(tmp: Path) -> bytes:
    return b"PK\x03\x04" + bytes(range(256)) * 20


def _encrypted(tmp: Path) -> bytes:
    # An OLE compound file whose directory names the EncryptionInfo stream, as Office writes it.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
    directory += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 50
    return header + directory + b"\x00" * 1024


def _old_doc(tmp: Path) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")


def _vba_inside(tmp: Path) -> bytes:
    return _replace_part(_valid_docx(tmp), "", b"", {"word/vbaProject.bin": b"\x00" * 100})


def _zip_bomb(tmp: Path) -> bytes:
    # 40 KB on disk, 40 MB of XML when unpacked.
    huge = b'<?xml version="1.0"?><w:document>' + b" " * 40_000_000 + b"</w:document>"
    return _replace_part(_valid_docx(tmp), "word/document.xml", huge)


def _many_entries(tmp: Path) -> bytes:
    extra = {f"word/media/x{i}.xml": b"<a/>" for i in range(5_100)}
    return _replace_part(_valid_docx(tmp), "", b"", extra)


def _entity_bomb(tmp: Path) -> bytes:
    return _replace_part(_valid_docx(tmp), "word/document.xml", BILLION_LAUGHS)


def _entity_bomb_padded(tmp: Path) -> bytes:
    padded = BILLION_LAUGHS.replace(
        b"\n<!DOCTYPE", b"\n<!--" + b"x" * 20_000 + b"-->\n<!DOCTYPE", 1
    )
    return _replace_part(_valid_docx(tmp), "word/document.xml", padded)


def _entity_bomb_utf16(tmp: Path) -> bytes:
    text = BILLION_LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    return _replace_part(
        _valid_docx(tmp), "word/document.xml", b"\xff\xfe" + text.encode("utf-16-le")
    )


def _excel_named_docx(tmp: Path) -> bytes:
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    return buf.getvalue()


CASES: list[tuple[str, str, Callable[[Path], bytes], str]] = [
    ("empty", "tom.docx", _empty, "file-empty"),
    ("text-named-docx", "tekst.docx", _text, "file-not-office"),
    ("excel-named-docx", "regneark.docx", _excel_named_docx, "file-not-office"),
    ("truncated-zip", "halv.docx", _truncated, "file-corrupt"),
    ("garbage-zip", "skrald.docx", _garbage_zip, "file-corrupt"),
    ("password", "kode.docx", _encrypted, "file-encrypted"),
    ("old-doc-renamed", "gammel.docx", _old_doc, "file-old-format"),
    ("docm", "makro.docm", lambda tmp: _valid_docx(tmp), "file-macro-enabled"),
    ("vba-in-docx", "skjult_makro.docx", _vba_inside, "file-macro-enabled"),
    ("zip-bomb", "bombe.docx", _zip_bomb, "file-zip-bomb"),
    ("many-entries", "mange.docx", _many_entries, "file-zip-bomb"),
    ("entity-bomb", "entitet.docx", _entity_bomb, "file-xml-entities"),
    ("entity-bomb-padded", "entitet2.docx", _entity_bomb_padded, "file-xml-entities"),
    ("entity-bomb-utf16", "entitet3.docx", _entity_bomb_utf16, "file-xml-entities"),
]


@pytest.mark.parametrize(("name", "filename", "build", "code"), CASES, ids=[c[0] for c in CASES])
def test_one_plain_error_per_bad_file(
    tmp_path: Path,
    run_cli: Callable[..., Result],
    name: str,
    filename: str,
    build: Callable[[Path], bytes],
    code: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / filename
    path.write_bytes(build(tmp_path))
    # No clock here (the time per file is benchmarks/bench_bulk.py): the safety pass
    # refuses the file before any parser unpacks it; reaching one would add a finding.
    import hir_docs.pipeline as pipeline

    def no_parser(*_a: object) -> None:
        raise AssertionError("a parser saw a file the safety pass should refuse")

    monkeypatch.setattr(pipeline, "make_probe", no_parser)
    result = run_cli("check", path, "--format", "json")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    report = json.loads(result.output)
    assert report["valid"] is False
    assert report["counts"]["error"] == 1
    [finding] = report["findings"]
    assert (finding["code"], finding["severity"], finding["file"]) == (code, "error", str(path))
    assert finding["message"] and finding["hint"]
    assert report["documents"][0]["kind"] == "unknown"

    text = run_cli("check", path)
    assert text.exit_code == 1 and "Traceback" not in text.output
    assert str(path) in text.output and "FEJL" in text.output


def test_inspect_file_passes_a_real_form(tmp_path: Path) -> None:
    path = tmp_path / "ok.docx"
    write_application(path)
    assert inspect_file(path) == []


def test_large_xml_part_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stor.docx"
    path.write_bytes(_valid_docx(tmp_path))
    [finding] = inspect_file(path, Limits(max_xml_part=1_000))
    assert finding.code == "file-zip-bomb"


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "stor.docx"
    path.write_bytes(_valid_docx(tmp_path))
    [finding] = inspect_file(path, Limits(max_file_bytes=100))
    assert finding.code == "file-too-large" and finding.file == str(path)


def test_workbook_that_is_no_form_is_one_warning(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Indkøbsliste"
    ws["A2"] = "Kaffe"
    path = tmp_path / "liste.xlsx"
    wb.save(path)
    data = json.loads(run_cli("check", path, "--format", "json").output)
    assert [f["code"] for f in data["findings"]] == ["file-unknown-kind"]
    assert data["documents"][0]["kind"] == "unknown"


def test_input_files_are_never_modified(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    inbox = tmp_path / "indbakke"
    inbox.mkdir()
    write_application(inbox / "ansoegning.docx")
    for _, filename, build, _ in CASES[:6]:
        (inbox / filename).write_bytes(build(tmp_path))
    (inbox / "strategi.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    before = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in inbox.iterdir()
    }
    result = run_cli("check", inbox, "--format", "json")
    assert result.exit_code == 1
    after = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in inbox.iterdir()
    }
    assert after == before  # same files, same bytes, nothing added (no lock or temp files)
