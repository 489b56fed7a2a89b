"""The web worker's check job with less work per file (issue 24 point 10, issue 25), and
the same answers as before.

No clock: what is checked is how often a file's zip is opened and a part inflated, that
nothing is kept after a check, and that every short cut gives what the long way gives
(the JSON byte for byte, the CPR mask on every string).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
import python_calamine

from hir_docs import api, presentation
from hir_docs.annotate import marker
from hir_docs.files import members, package, safety, sheetcache, sheetguard
from hir_docs.formatting import _SEP, mask_cpr_text, scrub_cpr
from hir_docs.pipeline import check_paths, process_file
from hir_docs.readers import projectdata_sheets, xlsx_cells, xlsx_formulas

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "viborg"
FILES = [
    "ansoegning.docx",
    "budget.xlsx",
    "fraflyttede_borgere.xlsx",
    "projektdata.xlsx",
    "registreringsskema.xlsx",
]


def _count_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name (a path, or "bytes" for a zip in memory) of every zip opened."""
    opened: list[str] = []
    real = zipfile.ZipFile

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, file, *args, **kwargs):  # type: ignore[no-untyped-def]
            opened.append(str(file) if isinstance(file, str | Path) else "bytes")
            super().__init__(file, *args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", Counting)
    return opened


def test_each_file_is_opened_as_one_zip_per_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look for our mark, the safety pass and the readers (also ``docx_text``, which
    reads a Word document's main part) share one open zip per file."""
    for name in FILES:
        shutil.copy(EXAMPLE / name, tmp_path / name)
    opened = _count_opens(monkeypatch)
    report = check_paths([tmp_path / n for n in FILES])
    assert len(report.documents) == len(FILES)
    assert opened.count("bytes") == len(FILES)
    assert [o for o in opened if o != "bytes"] == []


def test_a_sheet_is_inflated_once_per_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety guard inflates each worksheet once; the error values, hidden rows and
    formulas without a value are read from that copy."""
    path = tmp_path / "budget.xlsx"
    shutil.copy(EXAMPLE / "budget.xlsx", path)
    inflated: list[str] = []
    real_open, real_member = zipfile.ZipFile.open, members.Member.__init__

    def open_(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: Any, **kw: Any) -> Any:
        inflated.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kw)

    def member(self: members.Member, data: bytes, info: zipfile.ZipInfo) -> None:
        inflated.append(info.filename)  # read from the package's bytes in memory
        real_member(self, data, info)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_)
    monkeypatch.setattr(members.Member, "__init__", member)
    process_file(path)
    sheets = [n for n in inflated if n.startswith("xl/worksheets/")]
    assert sheets and len(sheets) == len(set(sheets))


def test_nothing_is_kept_after_a_check(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    shutil.copy(EXAMPLE / "budget.xlsx", path)
    with package.one_file():
        with package.open_zip(path) as zf:
            kept = zf
        assert package.kept(path) is not None
    assert package.kept(path) is None
    assert kept.fp is None  # the scope closed it
    process_file(path)
    assert package._state.scope is None


def test_each_thread_has_its_own_scope(tmp_path: Path) -> None:
    """A check in another thread neither sees nor closes this thread's zip."""
    path = tmp_path / "budget.xlsx"
    shutil.copy(EXAMPLE / "budget.xlsx", path)
    seen: list[object] = []

    def other() -> None:
        seen.append(package.kept(path))
        process_file(path)

    with package.one_file(), package.open_zip(path) as zf:
        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
        assert seen == [None]
        assert zf.fp is not None and package.kept(path) is not None


def test_outside_a_check_every_look_opens_the_file_itself(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    shutil.copy(EXAMPLE / "budget.xlsx", path)
    with package.open_zip(path) as zf:
        first = zf
    with package.open_zip(path) as zf:
        assert zf is not first
    assert first.fp is None


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    """Kept by path, size and modification time, as the probe's copy of a document. One
    check takes the file as it was when it first looked (the path is looked up once per
    check, not once per sheet); the next check sees the file as it is then."""
    path = tmp_path / "ark.xlsx"
    shutil.copy(EXAMPLE / "budget.xlsx", path)
    with package.one_file():
        with package.open_zip(path) as zf:
            first = zf
            budget_parts = zf.namelist()
        shutil.copy(EXAMPLE / "projektdata.xlsx", path)
        with package.open_zip(path) as zf:
            assert zf is first  # the same check: the file as first seen
    with package.one_file(), package.open_zip(path) as zf:
        assert zf is not first
        assert zf.namelist() != budget_parts
        assert "xl/workbook.xml" in zf.namelist()
    assert sheetcache.workbook(path).sheet_names == list(
        python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    )


def test_the_shared_zip_gives_the_answers_of_separate_opens(tmp_path: Path) -> None:
    for name in ("budget.xlsx", "projektdata.xlsx", "registreringsskema.xlsx"):
        path = tmp_path / name
        shutil.copy(EXAMPLE / name, path)
        with zipfile.ZipFile(path) as zf:
            sheets = re.findall(rb'<sheet [^>]*name="([^"]+)"', zf.read("xl/workbook.xml"))
        names = [s.decode() for s in sheets]
        alone = (
            [xlsx_cells.sheet_cells(path, n) for n in names],
            [xlsx_formulas.uncached_formulas(path, n) for n in names],
            projectdata_sheets.has_error_values(path),
            safety.inspect_file(path),
        )
        with package.one_file():
            shared = (
                safety.inspect_file(path),
                [xlsx_cells.sheet_cells(path, n) for n in names],
                [xlsx_formulas.uncached_formulas(path, n) for n in names],
                projectdata_sheets.has_error_values(path),
            )
        assert alone == (shared[1], shared[2], shared[3], shared[0])


def test_the_guard_sees_the_same_chunks_from_a_whole_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "registreringsskema.xlsx"
    shutil.copy(EXAMPLE / "registreringsskema.xlsx", path)
    limits = sheetguard.SheetLimits(chunk=4096)
    with zipfile.ZipFile(path) as zf:
        entries = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        streamed = [list(sheetguard._chunks(zf, e, limits)) for e in entries]
    with package.one_file(), package.open_zip(path) as zf:
        whole = [list(sheetguard._chunks(zf, e, limits)) for e in entries]
        found = package.kept(path)
        assert found is not None and all(e in found.parts for e in entries)
    assert whole == streamed and any(len(c) > 1 for c in streamed)


def test_a_broken_sheet_is_reported_as_when_streamed(tmp_path: Path) -> None:
    """A sheet that cannot be inflated whole is read part by part, as before: the same
    finding at the same point."""
    good = tmp_path / "god.xlsx"
    shutil.copy(EXAMPLE / "budget.xlsx", good)
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = next(i for i in zf.infolist() if i.filename.startswith("xl/worksheets/"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + info.compress_size // 2, start + info.compress_size - 4):
        data[i] ^= 0x5A
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(data))
    alone = safety.inspect_file(broken)
    with package.one_file():
        shared = safety.inspect_file(broken)
    assert shared == alone and alone


def test_an_annotated_copy_is_still_recognised(tmp_path: Path) -> None:
    src = tmp_path / "filer"
    src.mkdir()
    shutil.copy(EXAMPLE / "budget.xlsx", src / "budget.xlsx")
    report = api.check([src / "budget.xlsx"])
    out = tmp_path / "ud"
    written, _ = api.annotate_report(report, out, force=True)
    assert written
    copy = written[0]
    with package.one_file():
        assert marker.copy_of(copy) == "budget.xlsx"
    assert marker.copy_of(copy) == "budget.xlsx"
    assert marker.copy_of(src / "budget.xlsx") is None
    (tmp_path / "tom.xlsx").write_bytes(b"")
    assert marker.copy_of(tmp_path / "tom.xlsx") is None


# --------------------------------------------------------------------------- the JSON


class _Colour(str):
    pass


def _value(rnd: random.Random, depth: int) -> object:
    kind = rnd.randint(0, 12 if depth < 4 else 6)
    scalars: list[object] = [
        None,
        True,
        False,
        0,
        -(10**20),
        1203841234,
        0.1,
        1e16,
        -0.0,
        float("nan"),
        float("inf"),
        float("-inf"),
        dt.date(2018, 4, 1),
        _Colour("rød"),
        b"x",
    ]
    if kind <= 3:
        return rnd.choice(scalars)
    if kind <= 6:
        return "".join(
            rnd.choice('ab"\\\n\x01\x1fæø\u2028 é😀12-') for _ in range(rnd.randint(0, 8))
        )
    if kind == 7:
        return tuple(_value(rnd, depth + 1) for _ in range(rnd.randint(0, 3)))
    if kind <= 9:
        return [_value(rnd, depth + 1) for _ in range(rnd.randint(0, 4))]
    keys: list[object] = ["a", "b æ", 'c"', 1, 2.5, None, True]
    return {
        (rnd.choice(keys) if rnd.random() < 0.2 else str(_value(rnd, 9))): _value(rnd, depth + 1)
        for _ in range(rnd.randint(0, 4))
    }


def test_the_json_text_is_the_json_modules_byte_for_byte() -> None:
    rnd = random.Random(24)
    for _ in range(3000):
        data = _value(rnd, 0)
        expected = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        assert presentation.json_text(data) == expected


def test_a_checks_json_is_as_before(tmp_path: Path) -> None:
    for name in FILES:
        shutil.copy(EXAMPLE / name, tmp_path / name)
    report = api.check_in(tmp_path, FILES)
    expected = scrub_cpr(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    assert presentation.report_json(report) == expected


# --------------------------------------------------------------------------- the CPR mask

# The pattern as it was: the look-behind first, which makes the engine try every position.
_OLD_CPR = re.compile(rf"(?<![\d])(\d{{2}})({_SEP}?)(\d{{2}})\2(\d{{2}}) ?{_SEP}? ?(\d{{4}})(?!\d)")


def _old_scrub(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        dd, _sep, mm, yy, _ = m.groups()
        if 1 <= int(dd) <= 31 and 1 <= int(mm) <= 12:
            return f"{dd}{mm}{yy}-xxxx"
        return m.group(0)

    return _OLD_CPR.sub(repl, text)


def _old_mask(text: str) -> str:
    text = _OLD_CPR.sub(lambda m: f"{m.group(1)}{m.group(3)}{m.group(4)}-xxxx", text)
    return re.sub(r"(?<![\d])\d{9}(?!\d)", lambda m: f"0{m.group(0)[:5]}-xxxx", text)


def test_the_cpr_mask_finds_what_the_old_pattern_found() -> None:
    rnd = random.Random(25)
    digits = "0123456789"
    others = ' ./-\u2010\u2011\u2012\u2013a\n"٣١'
    for _ in range(20000):
        text = "".join(
            rnd.choice(digits) if rnd.random() < 0.65 else rnd.choice(others)
            for _ in range(rnd.randint(0, 30))
        )
        assert scrub_cpr(text) == _old_scrub(text)
        assert mask_cpr_text(text) == _old_mask(text)


def test_the_probes_rows_of_a_short_sheet_are_the_whole_sheet(tmp_path: Path) -> None:
    """A sheet shorter than the probe's look is converted once: the reader asking for the
    whole sheet gets those rows (once; the next caller converts again), the same rows a
    fresh conversion gives."""
    for name in ("budget.xlsx", "projektdata.xlsx", "fraflyttede_borgere.xlsx"):
        path = tmp_path / name
        shutil.copy(EXAMPLE / name, path)
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for title in book.sheet_names:
            fresh = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            sheetcache.release()
            guarded = sheetcache.sheet(path, title)
            first = guarded.to_python(skip_empty_area=False, nrows=40)
            whole = guarded.to_python(skip_empty_area=False)
            assert whole == fresh, (name, title)
            assert (whole is first) == (len(fresh) < 40), (name, title)
            again = guarded.to_python(skip_empty_area=False)
            assert again == fresh and again is not whole
    sheetcache.release()


def test_normalising_a_normalised_text_again_keeps_a_third_of_it() -> None:
    """Why a probe text over three times a header's length is passed over without being
    normalised again (``readers.citizens._hits``): only Hangul jamo compose (three into
    one syllable) once a text is normalised."""
    from hir_docs.labels import normalise

    rng = random.Random(25)
    jamo = "".join(
        map(chr, [*range(0x1100, 0x1113), *range(0x1161, 0x1176), *range(0x11A8, 0x11C3)])
    )
    alphabet = "abcæøå ÅÆØ ß İ ǰ ﬁ ﬃ % 1 ½ ² ㍿ " + jamo + "".join(map(chr, range(0x300, 0x370)))
    for _ in range(3000):
        text = normalise("".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400))))
        assert 3 * len(normalise(text)) >= len(text), text
    hangul = normalise("\u1100\u1161\u11a8" * 100)  # 300 jamo become 100 syllables
    assert len(normalise(hangul)) * 3 >= len(hangul)


def test_calamine_reads_the_bytes_the_safety_pass_checked(tmp_path: Path) -> None:
    """Inside a check the workbook is parsed from the bytes kept in memory: a file
    replaced on the disk after the safety pass looked at it is not what is read."""
    path = tmp_path / "ark.xlsx"
    shutil.copy(EXAMPLE / "budget.xlsx", path)
    checked = python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    sheetcache.release()
    with package.one_file():
        assert safety.inspect_file(path) == []
        shutil.copy(EXAMPLE / "projektdata.xlsx", path)  # swapped after the safety pass
        assert sheetcache.workbook(path).sheet_names == checked
    sheetcache.release()
    assert sheetcache.workbook(path).sheet_names != checked  # outside a check: the disk's
    sheetcache.release()
