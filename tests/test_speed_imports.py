"""Imports stay lazy (issue 25): what a check of a sheet never uses is not loaded when the
command line starts — each costs every process its import time (`hir-docs check`, a web
worker, a bulk run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# python-stdnum's helpers import ssl (~15 ms); openpyxl and docxtpl (~0,8 s) only write;
# the bulk, follow-up and payment models belong to their own commands; Babel's dates (time
# zones) wait for the first date named, LibreOffice's runner (subprocess) for a PDF.
NOT_AT_START = (
    "ssl",
    "stdnum",
    "babel.dates",
    "hir_docs.files.office",
    "openpyxl",
    "docxtpl",
    "hir_docs.bulk.model",
    "hir_docs.followup.model",
    "hir_docs.render.payments",
)


def _loaded(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def test_the_command_line_starts_without_what_a_check_does_not_need() -> None:
    assert _loaded("import hir_docs.cli") == []


def test_the_payment_model_and_the_cpr_library_load_when_used() -> None:
    loaded = _loaded(
        "from hir_docs import api\nassert api.Grant.__name__ == 'Grant'\n"
        "from hir_docs.rules.citizen_text import cpr_problem\n"
        "assert cpr_problem('1203841234') is None"
    )
    assert "hir_docs.render.payments" in loaded and "stdnum" in loaded
