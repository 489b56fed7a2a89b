"""The fuzzing harness in ``make test``: 300 seeded mutants of the blank forms and
examples (100 per family: raw bytes, OOXML parts, content; see ``tests/fuzz_mutators.py``).

Every mutant must give JSON of the contract on stdout, exit code 0 or 1, nothing on
stderr (also nothing native code writes to file descriptor 2), no traceback, and leave
the input's bytes unchanged. The 10.000-mutant sweep with time and memory limits is
``benchmarks/fuzz_sweep.py`` (docs/benchmarks.md).
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from fuzz_mutators import FAMILIES, check_mutant, mutant, mutants, seed_files

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
