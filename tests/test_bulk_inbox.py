"""Inbox handling for bulk intake: safe zip extraction and hostile files in a real inbox."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hir_docs.bulk.inbox import InboxLimits, extract_zip, find_units, open_inbox
from hir_docs.bulk.run import run_bulk
from hir_docs.findings import HirDocsError
from hir_docs.forms.application import write_application
from hir_docs.forms.budget import write_budget


def test_zip_limits(tmp_path: Path) -> None:
    z = tmp_path / "in.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("A/a.txt", "a")
        zf.writestr("A/b.txt", "b")
        zf.writestr("B/bomb.docx", b"\0" * (3 * 1024 * 1024))  # ratio ~1000
        zf.writestr("/etc/passwd", "x")
        zf.writestr("C\\..\\..\\evil.txt", "x")
    with pytest.raises(HirDocsError, match="grænsen"):
        extract_zip(z, tmp_path / "x", InboxLimits(max_entries=2))
    with pytest.raises(HirDocsError, match="zip-bombe"):
        extract_zip(z, tmp_path / "y", InboxLimits(max_total=1024))
    dest = tmp_path / "ok"
    dest.mkdir()
    findings = extract_zip(z, dest)
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        "A/a.txt",
        "A/b.txt",
    ]
    assert [f.file for f in findings] == ["B/bomb.docx", "/etc/passwd", "C\\..\\..\\evil.txt"]
    assert all(f.code == "bulk-zip-entry-unsafe" for f in findings)
    assert not (tmp_path / "evil.txt").exists()


def _zip_with_raw_names(path: Path, names: dict[str, bytes]) -> None:
    """A zip whose entry names are stored as raw bytes without the UTF-8 flag, as Linux
    zip (UTF-8 bytes) and Windows Explorer (cp850 in Denmark) write them."""
    placeholders = {f"{i:0{len(raw)}d}"[: len(raw)]: raw for i, raw in enumerate(names.values())}
    with zipfile.ZipFile(path, "w") as zf:
        for placeholder in placeholders:
            zf.writestr(placeholder, "x")
    data = path.read_bytes()
    for placeholder, raw in placeholders.items():
        data = data.replace(placeholder.encode(), raw)  # same length: offsets stay valid
    path.write_bytes(data)


def test_danish_names_in_zip_without_utf8_flag(tmp_path: Path) -> None:
    z = tmp_path / "in.zip"
    _zip_with_raw_names(
        z,
        {
            "linux": "Viborg/ansøgning.docx".encode(),
            "windows": "Århus/budget æøå.xlsx".encode("cp850"),
        },
    )
    with zipfile.ZipFile(z) as zf:
        assert not any(i.flag_bits & 0x800 for i in zf.infolist())
    dest = tmp_path / "ud"
    dest.mkdir()
    assert extract_zip(z, dest) == []
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        "Viborg/ansøgning.docx",
        "Århus/budget æøå.xlsx",
    ]


def test_rejected_zip_entry_joins_its_submission(tmp_path: Path) -> None:
    """A zipped inbox ("indbakke/Viborg/...") with one hostile entry: one finding in
    "Fund" and one row in "Filer", under Viborg, named like the other files."""
    folder = tmp_path / "src"
    folder.mkdir()
    write_application(folder / "a.docx")
    write_budget(folder / "b.xlsx")
    z = tmp_path / "indbakke.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(folder / "a.docx", "indbakke/Viborg/ansøgning.docx")
        zf.write(folder / "b.xlsx", "indbakke/Viborg/budget.xlsx")
        zf.writestr("indbakke/Viborg/bombe.docx", b"\0" * (3 * 1024 * 1024))  # ratio ~1000
    out = tmp_path / "o.xlsx"
    result = run_bulk(z, out)
    assert [(g.submission, g.code) for g in result.groups] == [("Viborg", "791")]
    assert [(f.file, f.code) for _, f in result.findings] == [
        ("Viborg/bombe.docx", "bulk-zip-entry-unsafe")
    ]
    wb = load_workbook(out)
    files = {r[0]: r for r in wb["Filer"].iter_rows(min_row=2, values_only=True)}
    assert sorted(files) == ["Viborg/ansøgning.docx", "Viborg/bombe.docx", "Viborg/budget.xlsx"]
    assert files["Viborg/bombe.docx"][1:3] == ("Viborg", "791")
    assert files["Viborg/bombe.docx"][6] == "Fejl (bulk-zip-entry-unsafe)"
    (row,) = wb["Ansøgninger"].iter_rows(min_row=2, values_only=True)
    assert (row[0], row[11], row[12], row[14]) == ("791", 3, 1, "Fejl")


@pytest.mark.parametrize(
    "names",
    [
        ["Viborg/a", "Viborg/a/x.docx"],  # a file where a folder must be
        ["Viborg/a/x.docx", "Viborg/a"],  # a folder where a file must be
        ["Viborg/" + "😀" * 70 + ".docx"],  # a name longer than the file system allows
        ["Viborg/" + "x" * 300 + "/b.docx"],
    ],
)
def test_zip_entries_that_cannot_be_files_are_one_finding_each(
    tmp_path: Path, names: list[str]
) -> None:
    z = tmp_path / "ind.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for name in names:
            zf.writestr(name, "x")
        zf.writestr("Viborg/ok.txt", "ok")
    dest = tmp_path / "x"
    dest.mkdir()
    findings = extract_zip(z, dest)
    assert len(findings) == 1 and findings[0].code == "bulk-zip-entry-unsafe"
    assert (dest / "Viborg" / "ok.txt").read_text() == "ok"
    out = tmp_path / "o.xlsx"
    result = run_bulk(z, out)  # the overview is written all the same
    assert out.exists() and not result.valid


def test_wrapper_folder_and_junk_are_skipped(tmp_path: Path) -> None:
    root = tmp_path / "zipped"
    for name in ("indbakke/Viborg/a.docx", "indbakke/Aarhus/b.docx", "indbakke/.DS_Store"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    (root / "indbakke/Viborg/~$a.docx").write_text("lock file")
    base, units = find_units(root)
    assert base == root / "indbakke"
    assert [(u.label, [f.name for f in u.files]) for u in units] == [
        ("Aarhus", ["b.docx"]),
        ("Viborg", ["a.docx"]),
    ]


def test_not_a_zip_or_folder(tmp_path: Path) -> None:
    f = tmp_path / "inbox.txt"
    f.write_text("x")
    with pytest.raises(HirDocsError, match="hverken en mappe"), open_inbox(f):
        pass


def _entities_docx(src: Path, dst: Path) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
            zout.writestr(info, data)


def test_hostile_files_are_one_finding_each(tmp_path: Path) -> None:
    root = tmp_path / "indbakke"
    good = root / "Viborg"
    good.mkdir(parents=True)
    write_application(good / "ansøgning.docx")
    write_budget(good / "budget.xlsx")
    bad = root / "Skive"
    bad.mkdir()
    write_application(bad / "ansøgning.docx", {"municipality": "Skive Kommune"})
    shutil.copy(good / "budget.xlsx", bad / "budget.xlsm")  # macro-enabled name
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512
    (bad / "kodeord.docx").write_bytes(ole)
    _entities_docx(good / "ansøgning.docx", bad / "entiteter.docx")
    (bad / "tom.xlsx").write_bytes(b"")
    (bad / "halv.xlsx").write_bytes((good / "budget.xlsx").read_bytes()[:2000])
    with zipfile.ZipFile(bad / "bombe.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))  # ratio ~1000

    out = tmp_path / "o.xlsx"
    result = run_bulk(root, out, jobs=2)
    assert not result.valid
    expected = {
        "Skive/budget.xlsm": "file-macro-enabled",
        "Skive/kodeord.docx": "file-encrypted",
        "Skive/entiteter.docx": "file-xml-entities",
        "Skive/tom.xlsx": "file-empty",
        "Skive/halv.xlsx": "file-corrupt",
        "Skive/bombe.xlsx": "file-zip-bomb",
    }
    wb = load_workbook(out)
    fund = [r for r in wb["Fund"].iter_rows(min_row=2, values_only=True)]
    for name, code in expected.items():
        hits = [r for r in fund if r[2] == name]
        assert [(r[0], r[4]) for r in hits] == [("779", code)], name
    files: dict[str, Any] = {r[0]: r for r in wb["Filer"].iter_rows(min_row=2, values_only=True)}
    for name, code in expected.items():
        assert files[name][6] == f"Fejl ({code})"
        assert files[name][3] == "ukendt fil"
    statuses = {r[1]: r[14] for r in wb["Ansøgninger"].iter_rows(min_row=2, values_only=True)}
    assert statuses == {"Skive Kommune": "Fejl", "Viborg Kommune": "OK"}


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig.docx"
    secret.write_text("x")
    root = tmp_path / "ind"
    (root / "Viborg").mkdir(parents=True)
    (root / "Viborg" / "a.docx").write_text("x")
    (root / "Viborg" / "link.docx").symlink_to(secret)
    (root / "link-mappe").symlink_to(tmp_path)
    (root / "løs.docx").symlink_to(secret)
    _base, units = find_units(root)
    assert [(u.label, [f.name for f in u.files]) for u in units] == [("Viborg", ["a.docx"])]
