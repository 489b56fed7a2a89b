"""The fuzzing harness in ``make test``: 300 seeded mutants of the blank forms and
examples (100 per family: raw bytes, OOXML parts, content; see ``tests/fuzz_mutators.py``).

Every mutant must give JSON of the contract on stdout, exit code 0 or 1, nothing on
stderr (also nothing native code writes to file descriptor 2), no traceback, and leave
the input's bytes unchanged. The 10.000-mutant sweep with time and memory limits is
``benchmarks/fuzz_sweep.py`` (docs/benchmarks.md).

The long-text family (issue 21) runs a handful of forms with a 100 KB-1 MB text in a
field, a cell or the file name, each in a child process. No test here measures time:
the child is stopped after 60 s, far above the second or two a check takes even on a
loaded machine, and reached only by a pattern whose time grows with the square of the
text (one took 28 s on 100 KB). The 2-second requirement for every field, cell and
size is checked by ``benchmarks/fuzz_sweep.py --long``.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from fuzz_mutators import (
    FAMILIES,
    FIXED_ZIP_TIME,
    check_in_subprocess,
    check_mutant,
    long_text_cases,
    long_text_mutant,
    mutant,
    mutants,
    seed_files,
)

SEED = 20_180_201
N = 300


def test_mutants_are_deterministic_and_cover_every_seed_and_family() -> None:
    first = [(m.family, m.operation, m.source, m.data) for m in mutants(60, SEED)]
    again = [(m.family, m.operation, m.source, m.data) for m in mutants(60, SEED)]
    assert first == again
    made = list(mutants(N, SEED))
    assert Counter(m.family for m in made) == {f: N // len(FAMILIES) for f in FAMILIES}
    assert {m.source for m in made} == {
        p.relative_to(Path(__file__).resolve().parents[1]).as_posix() for p in seed_files()
    }
    seeds = {p.relative_to(Path(__file__).resolve().parents[1]).as_posix(): p for p in seed_files()}
    assert all(m.data != seeds[m.source].read_bytes() for m in made if m.family == "bytes")


def test_mutant_zip_entries_carry_a_fixed_time_not_the_clock() -> None:
    """Two runs seconds apart make the same bytes: no entry carries the current time."""
    for m in mutants(30, SEED):
        if m.family != "bytes":
            with zipfile.ZipFile(io.BytesIO(m.data)) as zf:
                assert {i.date_time for i in zf.infolist()} == {FIXED_ZIP_TIME}


def test_part_mutants_stay_zip_packages() -> None:
    """The OOXML and content families change parts, not the container: the parsers
    behind the safety pass are what they exercise."""
    for m in mutants(60, SEED):
        if m.family != "bytes":
            with zipfile.ZipFile(io.BytesIO(m.data)) as zf:
                assert zf.testzip() is None


def test_the_contract_check_can_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness is not blind: a check that raises, or prints on stderr, is reported."""
    import sys

    import hir_docs.api as api

    m = mutant(0, SEED)

    def raising(*_a: object, **_k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "check_paths", raising)
    assert check_mutant(m, tmp_path) is not None
    monkeypatch.undo()

    original = api.check_paths

    def noisy(*a: object, **k: object) -> object:
        print("UserWarning: x", file=sys.stderr)
        return original(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "check_paths", noisy)
    assert (check_mutant(m, tmp_path) or "").startswith("stderr:")


@pytest.mark.parametrize("family", FAMILIES)
def test_mutants_keep_the_contract(family: str, tmp_path: Path) -> None:
    failures = []
    for m in mutants(N, SEED):
        if m.family != family:
            continue
        problem = check_mutant(m, tmp_path)
        if problem:
            failures.append(f"{m.name}: {problem}")
    assert failures == []


# A handful of the long-text grid (the whole grid is benchmarks/fuzz_sweep.py --long):
# the texts that were quadratic or cubic, and one of each form and of the file name.
LONG = [
    ("application", "contact", "x", 1_000_000, ""),  # the e-mail pattern: 28 s on 100 KB
    ("application", "contact", " ", 100_000, "tlf"),  # the phone pattern: cubic
    ("application", "passive_share_target", "1", 100_000, ""),  # the percent patterns
    ("application", "caseload_plan", "sager ", 1_000_000, ""),
    ("application", "municipality", ";", 1_000_000, ""),
    ("budget", "function", "kr. ", 100_000, ""),
    ("relocated", "name", "@", 100_000, ""),
    ("registrations", "caseworker", "borgere ", 100_000, ""),
    ("file-name", "examples/viborg/ansoegning.docx", "1 ", 240, ""),
]


def test_the_long_text_grid_covers_every_field_unit_and_size() -> None:
    from fuzz_mutators import LONG_SIZES, LONG_UNITS

    from hir_docs.forms.application_layout import FIELDS

    cases = long_text_cases()
    fields = {(k, f) for k, f, *_ in cases}
    assert {("application", key) for key in FIELDS} <= fields
    assert {("budget", "function"), ("budget", "recipient"), ("relocated", "cpr")} <= fields
    assert {("registrations", "citizen"), ("file-name", "examples/viborg/budget.xlsx")} <= fields
    assert {c[2] for c in cases} == set(LONG_UNITS)
    assert {c[3] for c in cases if c[0] != "file-name"} == set(LONG_SIZES)
    assert set(LONG) <= set(cases)


def test_long_text_mutants_are_deterministic_and_hold_the_text() -> None:
    one = long_text_mutant("application", "contact", "x", 100_000)
    assert one.data == long_text_mutant("application", "contact", "x", 100_000).data
    with zipfile.ZipFile(io.BytesIO(one.data)) as zf:
        assert "x" * 100_000 in zf.read("word/document.xml").decode()
    name = long_text_mutant("file-name", "examples/viborg/budget.xlsx", "æ", 240).file_name
    assert name.endswith(".xlsx") and len(name.encode()) <= 255 and name.startswith("ææ")


@pytest.mark.parametrize("case", LONG, ids=[f"{c[0]}-{c[1]}-{c[2]!r}-{c[3]}" for c in LONG])
def test_a_long_text_is_checked_without_a_crash_and_without_a_blow_up(
    case: tuple[str, str, str, int, str], tmp_path: Path
) -> None:
    kind, field, unit, size, prefix = case
    assert check_in_subprocess(long_text_mutant(kind, field, unit, size, prefix), tmp_path) is None


def test_the_long_text_guard_reports_a_blow_up_and_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard is not blind: a check still running at the limit, or one whose file
    became a crash finding, is reported."""
    import subprocess

    import fuzz_mutators

    m = long_text_mutant("relocated", "name", "x", 100_000)

    def hangs(*_a: object, **kw: object) -> None:
        raise subprocess.TimeoutExpired("hir-docs", float(kw["timeout"]))  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess, "run", hangs)
    assert "still running after 60 s" in (check_in_subprocess(m, tmp_path) or "")
    monkeypatch.undo()

    crashed = {"valid": False, "counts": {}, "documents": [{"file": "x", "kind": "unknown"}]}
    crashed["findings"] = [{"code": "file-unreadable"}]
    assert fuzz_mutators._long_text_problem(crashed) == "crash findings ['file-unreadable']"
    unknown = dict(crashed, findings=[{"code": "file-unknown"}])
    assert (fuzz_mutators._long_text_problem(unknown) or "").startswith("not read as a form")
    refused = dict(crashed, findings=[{"code": "file-zip-bomb"}])
    assert fuzz_mutators._long_text_problem(refused) is None


def test_the_pdf_seeds_are_what_the_pdf_helpers_build(tmp_path: Path) -> None:
    """The PDF reader is fuzzed from these seeds; they stay reproducible from code."""
    from test_pdf_helpers import application_pdf, strategy_pdf

    root = Path(__file__).resolve().parent / "fuzz_seeds"
    assert application_pdf(tmp_path).read_bytes() == (root / "ansoegning.pdf").read_bytes()
    built = strategy_pdf(tmp_path, 4, name="bilag_strategi.pdf")
    assert built.read_bytes() == (root / "bilag_strategi.pdf").read_bytes()
    assert any(m.suffix == ".pdf" for m in mutants(N, SEED))  # and they are mutated
