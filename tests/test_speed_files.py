"""Per-file work done once (issue 24 point 10, issue 25), with the same answers as before.

No clock: what is checked is how often a file is opened or unpacked, and that every
short cut gives what the long way gives.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hir_docs.files import failures, safety, sheetcache, sheetguard
from hir_docs.files.sheetguard import SheetLimits, column_letter, inspect_sheets
from hir_docs.forms.application import write_application
from hir_docs.model.answers import answer_kind
from hir_docs.pipeline import process_file
from hir_docs.pools import load_pool
from hir_docs.readers import application, base, budget_labels
from hir_docs.readers import docx_text as docx_text_module

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "viborg"


def _workbook(tmp_path: Path, refs: list[str], name: str = "ark.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "CPR-nummer"
    for ref in refs:
        ws[ref] = "x"
    path = tmp_path / name
    wb.save(path)
    return path


def _exact_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard as it was before any fast path: every sheet gets the exact pass."""

    def exact(zf: zipfile.ZipFile, entry: str, limits: SheetLimits) -> tuple[str, str] | None:
        return sheetguard._scan(zf, entry, limits, exact=True)[0]

    monkeypatch.setattr(sheetguard, "_inspect_entry", exact)


REFS = [
    ["B2"],
    ["RZ9999"],
    ["AA1", "RZ9999"],
    ["SA1"],
    ["ZZ7000"],
    ["ZZ7200"],
    ["AB10000"],
    ["Z99999"],
    ["AA99999"],
    ["XFD1"],
    ["B150000"],
]
LIMITS = [SheetLimits(), SheetLimits(max_cells=1_000), SheetLimits(max_rows=500, max_cols=30)]


@pytest.mark.parametrize("refs", REFS, ids=["+".join(r) for r in REFS])
def test_the_guard_finds_what_the_exact_pass_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refs: list[str]
) -> None:
    path = _workbook(tmp_path, refs)
    fast = [[f.code for f in inspect_sheets(path, limits)] for limits in LIMITS]
    _exact_only(monkeypatch)
    assert fast == [[f.code for f in inspect_sheets(path, limits)] for limits in LIMITS]


def _exact_passes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    scan = sheetguard._scan

    def counting(
        zf: zipfile.ZipFile, entry: str, limits: SheetLimits, *, exact: bool
    ) -> tuple[tuple[str, str] | None, bool]:
        if exact:
            calls.append(entry)
        return scan(zf, entry, limits, exact=exact)

    monkeypatch.setattr(sheetguard, "_scan", counting)
    return calls


def test_two_letter_columns_on_a_few_thousand_rows_need_no_exact_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = _exact_passes(monkeypatch)
    assert inspect_sheets(_workbook(tmp_path, ["AB12", "RZ9999"], "smal.xlsx")) == []
    assert exact == []
    assert inspect_sheets(_workbook(tmp_path, ["SA12"], "bred.xlsx")) == []
    assert inspect_sheets(_workbook(tmp_path, ["AB10000"], "lang.xlsx")) == []
    assert len(exact) == 2  # beyond RZ9999: the exact pass decides


def test_a_data_validation_text_is_no_cell_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """error="Skriv et tal" ends in r="..." but is no reference: no exact pass for it."""
    exact = _exact_passes(monkeypatch)
    assert sheetguard.inspect_sheets(EXAMPLE / "projektdata.xlsx") == []
    assert exact == []


def test_the_dimension_is_found_as_by_a_search_from_every_tag() -> None:
    samples = [
        b'<worksheet><dimension ref="A1:C3"/><sheetData/></worksheet>',
        b'<x:worksheet><x:dimension ref="B2"/></x:worksheet>',
        b"<a>dimension</a><dimension ref='A1:XFD1048576'/>",
        b'<dimensionless/><dimension  ref = "$A$1:$B$9"/>',
        b"no tags at all, dimension",
        b"",
    ]
    for data in samples:
        found, expected = sheetguard._dimension(data), sheetguard._DIM.search(data)
        assert (found and found.span()) == (expected and expected.span())


def test_the_safety_pass_reads_the_package_directory_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[object] = []
    real = zipfile.ZipFile

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, file: object, *args: object, **kwargs: object) -> None:
            opened.append(file)
            super().__init__(file, *args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", Counting)
    assert safety.inspect_file(EXAMPLE / "budget.xlsx") == []
    assert len(opened) == 1


def test_a_broken_package_is_still_one_finding(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    [finding] = safety.inspect_file(path)
    assert finding.code == "file-corrupt"


def test_a_word_document_is_unpacked_once_per_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ansoegning.docx"
    write_application(path)
    reads: list[Path] = []
    real = docx_text_module.read_document_xml

    def counting(p: Path) -> bytes:
        reads.append(p)
        return real(p)

    monkeypatch.setattr(docx_text_module, "read_document_xml", counting)
    monkeypatch.setattr(application, "read_document_xml", counting)
    doc, _ = process_file(path)
    assert doc.kind == "application"
    assert reads == [path]
    assert base._kept_document is None  # nothing of the file is kept after its check


def test_the_probe_copy_is_only_for_the_same_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    write_application(first)
    write_application(second)
    base.make_probe(first)
    assert base.take_document(second) is None
    base.make_probe(first)
    assert base.take_document(first) == docx_text_module.read_document_xml(first)
    assert base.take_document(first) is None  # given out once


def test_a_word_document_read_as_no_form_is_forgotten(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "brev.docx"
    doc = docx.Document()
    doc.add_paragraph("Kære kommune, tak for brevet.")
    doc.save(str(path))
    process_file(path)
    assert base._kept_document is None


def test_the_sheet_cache_is_released_by_any_spelling_of_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _workbook(tmp_path, ["B2"], "ark.xlsx")
    relative = Path("ark.xlsx")
    wb = sheetcache.workbook(relative)
    assert sheetcache.workbook(relative) is wb  # the same file: parsed once
    sheetcache.release(tmp_path / "andet.xlsx")
    assert sheetcache.workbook(relative) is wb
    sheetcache.release((tmp_path / "ark.xlsx").resolve())
    assert sheetcache._workbook is None


def test_budget_label_lookup_equals_the_linear_prefix_scan() -> None:
    def linear(k: str, labels: dict[str, list[str]]) -> str | None:
        exact: dict[str, str] = {}
        prefixes: list[tuple[str, str]] = []
        for name, variants in labels.items():
            for variant in variants:
                vk = budget_labels._key(variant)
                exact.setdefault(vk, name)
                if len(vk) >= budget_labels.PREFIX_CHARS:
                    prefixes.append((vk[: budget_labels.PREFIX_CHARS], name))
        if k in exact:
            return exact[k]
        return next((name for prefix, name in prefixes if k.startswith(prefix)), None)

    tables = [budget_labels.POSTS, budget_labels.TOTALS, budget_labels.INCOME]
    tables.append(budget_labels.COLUMNS)
    for labels in tables:
        keys = [budget_labels._key(v) for variants in labels.values() for v in variants]
        keys += [k + " og lidt mere tekst bagefter" for k in keys] + [k[:-1] for k in keys]
        keys += ["", "i alt", "løn"]
        for k in keys:
            assert budget_labels.match_key(k, labels) == linear(k, labels), k


def test_years_and_column_letters_as_computed_each_time() -> None:
    def letters(n: int) -> str:
        out = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            out = chr(65 + rest) + out
        return out

    for n in [*range(-2, 800), 16_383, 16_384, 16_385, 10**9]:
        assert column_letter(n) == letters(n)
        assert column_letter(n) == letters(n)  # remembered: the same
    assert len(sheetguard._LETTERS) <= sheetguard.GRID_COLS
    cases = {None: None, "": None, "2018": 2018, "År 2018": 2018, "2018 (kr.)": 2018,
             2019.0: 2019, True: None, "x" * 300: None, "I alt": None}  # fmt: skip
    for value, year in cases.items():
        assert budget_labels.year_of(value) == year
        assert budget_labels.year_of(value) == year


def test_answer_phrases_follow_the_pool() -> None:
    pool = load_pool()
    assert answer_kind("-", pool) == "non-answer"
    phrase = pool.strings("non_answers")[0]
    assert answer_kind(phrase, pool) == "non-answer"
    reference = pool.strings("attachment_references")[0]
    assert answer_kind(reference, pool) == "attachment"
    assert answer_kind("Vi ansætter to sagsbehandlere.", pool) is None


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux' list of descriptors")
def test_muting_native_output_leaks_no_descriptor() -> None:
    with failures.native_stderr_muted():
        pass  # /dev/null is opened once per process
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        with failures.native_stderr_muted():
            os.write(2, b"")
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux' list of descriptors")
def test_a_mute_inside_a_mute_keeps_stderr_muted_until_the_outer_one_ends() -> None:
    """The probe mutes once around all its sheets; each parser call inside only counts."""

    def target() -> str:
        return os.readlink("/proc/self/fd/2")

    own = target()
    with failures.native_stderr_muted():
        assert target() == os.devnull
        with failures.native_stderr_muted():
            assert target() == os.devnull
        assert target() == os.devnull  # the inner one left it muted
        with pytest.raises(ValueError), failures.native_stderr_muted():
            raise ValueError
        assert target() == os.devnull
    assert target() == own


def test_long_texts_are_normalised_once_per_file_and_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hir_docs import labels

    long_answer = "Vi ansætter tre koordinerende sagsbehandlere. " * 10
    path = tmp_path / "ansoegning.docx"
    write_application(path, {"summary": long_answer})
    counted: list[str] = []
    real = labels._normalise

    def counting(text: str) -> str:
        if len(text) > labels.CACHED_CHARS:
            counted.append(text)
        return real(text)

    monkeypatch.setattr(labels, "_normalise", counting)
    doc, _ = process_file(path)
    assert doc.kind == "application"
    assert counted and len(counted) == len(set(counted))  # each long text once
    assert base._file_texts is None  # nothing of the file's text is kept after its check
    assert base.normalised(long_answer) == real(long_answer)
