"""Parts of a package read from its bytes in memory (``files.members``, issue 25) give what
zipfile gives, and anything unusual is left to zipfile, which reports it as before."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from hir_docs.files import package
from hir_docs.files.members import Differs, Member
from hir_docs.files.safety import inspect_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "viborg"


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("name", ["ansoegning.docx", "budget.xlsx", "projektdata.xlsx"])
def test_every_part_reads_as_zipfile_reads_it(name: str) -> None:
    data = (EXAMPLES / name).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            whole = zf.read(info)
            assert Member(data, info).read() == whole, info.filename
            member, chunks = Member(data, info), list[bytes]()
            while chunk := member.read(4096):
                assert len(chunk) == 4096 or len(b"".join(chunks)) + len(chunk) == len(whole)
                chunks.append(chunk)
            assert b"".join(chunks) == whole, info.filename


def test_a_stored_part_and_a_long_part_read_whole_and_in_steps() -> None:
    text = b"<a>" + b"".join(b"<r n='%d'/>" % i for i in range(60_000)) + b"</a>"
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        data = _zip({"x.xml": text}, method)
        info = zipfile.ZipFile(io.BytesIO(data)).getinfo("x.xml")
        assert Member(data, info).read() == text
        member = Member(data, info)
        assert member.read(5) == text[:5] and member.read(100_000) == text[5:100_005]


def _only(data: bytes) -> zipfile.ZipInfo:
    return zipfile.ZipFile(io.BytesIO(data)).infolist()[0]


def test_a_wrong_checksum_is_left_to_zipfile() -> None:
    data = _zip({"x.xml": b"<a/>" * 100})
    info = _only(data)
    info.CRC ^= 1
    member = Member(data, info)
    with pytest.raises(Differs):
        member.read()


def test_a_header_that_names_another_part_is_left_to_zipfile() -> None:
    data = bytearray(_zip({"x.xml": b"<a/>"}))
    data[30] = ord("y")  # the local header's name: "y.xml"
    with pytest.raises(Differs):
        Member(bytes(data), _only(_zip({"x.xml": b"<a/>"})))


def test_a_cut_stream_is_left_to_zipfile() -> None:
    data = _zip({"x.xml": b"<a>" + bytes(range(256)) * 400 + b"</a>"})
    info = _only(data)
    start = 30 + len("x.xml")
    cut = data[: start + info.compress_size // 2]  # the part's bytes end halfway
    with pytest.raises(Differs):
        Member(cut, info)
    broken = bytearray(data)
    broken[start + 40 : start + 60] = b"\xff" * 20  # a damaged deflate stream
    with pytest.raises(Differs):
        Member(bytes(broken), info).read()


def test_an_encrypted_part_is_left_to_zipfile() -> None:
    data = _zip({"x.xml": b"<a/>"})
    info = _only(data)
    info.flag_bits |= 0x1
    with pytest.raises(Differs):
        Member(data, info)


def test_a_damaged_part_gets_the_finding_it_got_from_zipfile(tmp_path: Path) -> None:
    """Inside a check the safety pass reads from memory; a part whose checksum is wrong
    is still reported as damaged, by zipfile's own reading of it."""
    good = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    central = good.rindex(b"PK\x01\x02")  # the directory entry of the last part
    bad = bytearray(good)
    struct.pack_into("<L", bad, central + 16, zlib.crc32(b"other"))
    path = tmp_path / "ansoegning.docx"
    path.write_bytes(bytes(bad))
    outside = [f.code for f in inspect_file(path)]
    with package.one_file():
        inside = [f.code for f in inspect_file(path)]
    assert inside == outside == ["file-corrupt"]


def test_the_header_layout_is_zipfiles() -> None:
    """The local header is read as zipfile reads it (its private constants)."""
    from hir_docs.files import members

    assert members._HEADER.format == getattr(zipfile, "structFileHeader")  # noqa: B009
    assert getattr(zipfile, "stringFileHeader") == members._SIGNATURE  # noqa: B009


@pytest.mark.parametrize(
    ("expected", "limit"), [(10, 100), (4, 100), (50, 100), (10, 6), (0, 100), (-3, 100)]
)
def test_a_file_is_read_as_one_read_of_the_limit_reads_it(expected: int, limit: int) -> None:
    """Read as big as the file was when looked up, then whatever it grew by (to the
    limit): the bytes of ``fh.read(limit)``."""
    content = bytes(range(10))
    assert package.read_at_most(io.BytesIO(content), limit, expected) == content[:limit]
