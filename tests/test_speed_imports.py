"""Imports stay lazy (issue 25): what a check of a sheet never uses is not loaded when the
command line starts — each costs every process its import time (`hir-docs check`, a web
worker, a bulk run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from citizen_helpers import ROW, sheet

from hir_docs.forms.citizens import RELOCATED_HEADERS

ROOT = Path(__file__).resolve().parents[1]
# python-stdnum's helpers import ssl (~15 ms); openpyxl and docxtpl (~0,8 s) only write;
# the bulk, follow-up and payment models belong to their own commands; Babel's dates (time
# zones) wait for the first date named, LibreOffice's runner (subprocess) for a PDF;
# lxml for the first Word file or annotated copy, hashlib for a grant's fingerprint, RE2
# (the sheet guard's engine) for the first sheet.
NOT_AT_START = (
    "lxml",
    "re2",
    "hashlib",
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


def _relocated_sheet(tmp_path: Path) -> Path:
    rows: list[list[Any]] = [["Jobcenter: Jobcenter Skive"], list(RELOCATED_HEADERS.values())]
    return sheet(tmp_path / "fraflyttede.xlsx", [*rows, list(ROW.values())])


def test_lxml_loads_with_the_first_word_file_not_for_sheets(tmp_path: Path) -> None:
    """A check of a citizen sheet never parses Word XML: lxml stays out (~5 ms of every
    such process); the application form loads it, and its answers are read with it."""
    relocated = _relocated_sheet(tmp_path)
    word = ROOT / "examples" / "viborg" / "ansoegning.docx"
    check = "from pathlib import Path\nfrom hir_docs import api\nr = api.check([Path({!r})])\n"
    after_sheet = _loaded(check.format(str(relocated)) + "assert r.documents[0].kind.value")
    assert "lxml" not in after_sheet and "re2" in after_sheet
    after_word = _loaded(
        check.format(str(word)) + "assert r.documents[0].fields.get('project_name')"
    )
    assert "lxml" in after_word and "re2" not in after_word


def test_the_command_line_sets_every_object_aside_before_python_shuts_down(
    tmp_path: Path,
) -> None:
    """``hir-docs`` freezes the collector's objects at exit, so the interpreter's last full
    collection visits none of them; a caller of ``main`` (a test runner) is not frozen
    while it runs."""
    relocated = _relocated_sheet(tmp_path)
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('alive', len(gc.get_objects()), gc.get_freeze_count()))\n"
        "from hir_docs.cli import main\n"
        "print('before', gc.get_freeze_count())\n"
        f"sys.argv = ['hir-docs', 'check', {str(relocated)!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    print('exit', e.code)\n"
        "print('after', gc.get_freeze_count())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].islower()}
    assert lines["exit"] == ["0"] and lines["before"] == ["0"] and lines["after"] == ["0"]
    alive, frozen = map(int, lines["alive"])
    assert frozen > 10_000 and alive < 100  # everything set aside; little left to visit


def test_a_fresh_web_worker_loads_lxml_before_the_first_user_waits() -> None:
    """The web app's workers import what a check needs when they start (``_warm_up``);
    lxml and RE2, which a check loads late, are among it."""
    assert not {"lxml", "re2"} & set(_loaded("import hir_docs.web.jobs"))
    assert {"lxml", "re2"} <= set(_loaded("from hir_docs.web.jobs import _warm_up\n_warm_up()"))
