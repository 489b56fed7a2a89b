"""The golden master: every HIR output is byte-identical to tests/golden/*.txt.

Recorded by ``tests/golden/record.py`` before the pool moved into data (issue 22); a change
here is either a regression or a deliberate change made in its own commit with the masters
rewritten (``.venv/bin/python tests/golden/record.py``).
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def _recorder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("golden_record", GOLDEN / "record.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_golden_master_is_identical() -> None:
    texts = _recorder().record()
    stored = {f.stem for f in GOLDEN.glob("*.txt")}
    assert stored == set(texts), "record.py and tests/golden/*.txt name different outputs"
    for name, text in texts.items():
        old = (GOLDEN / f"{name}.txt").read_text("utf-8")
        if old != text:
            diff = "".join(
                list(difflib.unified_diff(old.splitlines(True), text.splitlines(True), n=1))[:60]
            )
            raise AssertionError(f"golden master {name}.txt differs:\n{diff}")
