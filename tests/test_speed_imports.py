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


def test_the_cpr_library_loads_without_openssl() -> None:
    """A CPR number checked: python-stdnum is loaded, OpenSSL is not (its helpers import
    ``ssl`` for online look-ups hir-docs never makes)."""
    loaded = _loaded(
        "from hir_docs.rules.citizen_text import cpr_problem\n"
        "assert cpr_problem('1203841234') is None\n"
        "from hir_docs.rules.application import _valid_cvr\n"
        "assert not _valid_cvr('12345678')\n"
        "import sys\n"
        "print('pydoc' if 'pydoc' in sys.modules else '')"
    )
    assert "stdnum" in loaded and "ssl" not in loaded and "pydoc" not in loaded


def test_what_stdnum_imported_in_its_place_is_the_real_module_when_used() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from hir_docs.rules import stdnum_dk\n"
            "cpr = stdnum_dk.cpr()\n"
            "import stdnum.util as u\n"
            "assert 'ssl' not in sys.modules\n"
            "import ssl\n"  # an import after it: the real module
            "assert type(ssl).__name__ == 'module' and ssl.Purpose.SERVER_AUTH\n"
            "assert u.ssl.create_default_context is ssl.create_default_context\n"
            # stdnum's stand-in passes everything on: a change to the real module is seen
            "ssl.hir_docs_probe = 1\n"
            "assert u.ssl.hir_docs_probe == 1\n"
            "u.ssl.hir_docs_probe = 2\n"
            "assert ssl.hir_docs_probe == 2 and 'hir_docs_probe' not in vars(u.ssl)\n"
            "assert u.pydoc.splitdoc('a\\n\\nb') == ('a', 'b')\n"
            "assert stdnum_dk.cpr() is cpr and stdnum_dk.cvr().is_valid('12345674')\n"
            # a stand-in asked while it is still in sys.modules leaves it for the real one
            "sys.modules.pop('pydoc', None)\n"
            "stand_in = sys.modules['pydoc'] = stdnum_dk._Deferred('pydoc')\n"
            "assert stand_in.splitdoc('c\\n\\nd') == ('c', 'd')\n"
            "assert sys.modules['pydoc'] is not stand_in and sys.modules['pydoc'].splitdoc\n"
            "print(cpr.get_birth_date('0101840000').year)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["1984"]
