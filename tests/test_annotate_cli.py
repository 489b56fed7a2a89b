"""Issue 14: ``hir-docs check --annotate DIR`` and the copies of the examples and forms."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from annotate_helpers import check_signature, part_changes, sha, workbook_content
from click.testing import Result

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    *sorted((ROOT / "examples" / "viborg").glob("*.*")),
    *sorted((ROOT / "examples" / "inbox").glob("*/*.*")),
    *sorted((ROOT / "forms").glob("*.*")),
]


def test_check_annotate_writes_copies_and_never_overwrites(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    src = tmp_path / "in"
    shutil.copytree(ROOT / "examples" / "inbox" / "Aarhus", src)
    hashes = {p: sha(p) for p in src.iterdir()}
    out = tmp_path / "out"
    result = run_cli("check", src, "--annotate", out)
    assert result.exit_code == 1  # the example has errors
    written = sorted(out.iterdir())
    assert [p.name for p in written] == [
        "Ansøgningsskema Aarhus (kommenteret).docx",
        "budget aarhus (kommenteret).xlsx",
    ]
    for p in written:
        assert f"Skrevet: {p}" in result.output
    assert {p: sha(p) for p in src.iterdir()} == hashes
    again = run_cli("check", src, "--annotate", out)
    assert again.exit_code == 2 and "--force" in again.output
    forced = run_cli("check", src, "--annotate", out, "--force", "--format", "json")
    data = json.loads(forced.stdout)
    assert data["annotated"] == [str(p) for p in written] and "findings" in data


def test_rejected_file_gets_no_copy(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ansøgning.docx").write_text("ikke et Word-dokument")
    shutil.copy(ROOT / "examples" / "viborg" / "budget.xlsx", src / "budget.xlsx")
    result = run_cli("check", src, "--annotate", tmp_path / "out", "--format", "json")
    data = json.loads(result.stdout)
    assert [Path(p).name for p in data["annotated"]] == ["budget (kommenteret).xlsx"]
    skipped = [f for f in data["findings"] if f["code"] == "annotate-skipped"]
    assert len(skipped) == 1 and skipped[0]["file"].endswith("ansøgning.docx")
    assert skipped[0]["severity"] == "info"


@pytest.mark.parametrize("src", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_is_lost_on_the_examples_and_forms(tmp_path: Path, src: Path) -> None:
    from annotate_helpers import annotate

    if src.suffix not in (".docx", ".xlsx"):
        pytest.skip("not an office file")
    copy_in = tmp_path / src.name
    shutil.copy(src, copy_in)
    report, written, notes = annotate([copy_in], tmp_path / "out")
    if report.documents[0].kind == "unknown":
        assert written == [] and [n.code for n in notes] == ["annotate-skipped"]
        return
    (copy,) = written
    assert check_signature(copy, annotated=True) == check_signature(copy_in)
    added, removed, changed = part_changes(copy_in, copy)
    assert removed == set()
    if src.suffix == ".xlsx":
        assert workbook_content(copy) == workbook_content(copy_in)
        assert not any(n.startswith(("docProps/", "xl/theme/")) for n in changed)
    else:
        assert changed <= {
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/custom.xml",  # the properties marking the copy (next to the user's own)
        }


def test_a_failed_copy_is_a_note_and_the_others_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotate_helpers import annotate

    import hir_docs.annotate.copies as annotate_pkg

    def broken(*_args: object) -> int:
        raise ValueError("unreadable VML drawing")

    monkeypatch.setattr(annotate_pkg, "annotate_xlsx", broken)
    src = tmp_path / "in"
    shutil.copytree(ROOT / "examples" / "inbox" / "Aarhus", src)
    _, written, notes = annotate([src], tmp_path / "out")
    assert [p.suffix for p in written] == [".docx"]
    assert [(n.code, n.severity) for n in notes] == [("annotate-failed", "info")]
    assert not list((tmp_path / "out").glob("*.xlsx"))  # no half-written copy


def test_submission_findings_go_to_application_and_budget_not_to_citizen_sheets() -> None:
    from hir_docs.annotate.copies import findings_for
    from hir_docs.findings import Document, Report
    from hir_docs.rules.registry import catalogue

    mismatch = next(r for r in catalogue() if r.code == "cross-requested-mismatch")
    app = Document("ind/a.docx", "application")
    budget = Document("ind/b.xlsx", "budget")
    regs = Document("ind/r.xlsx", "registrations")
    report = Report(
        [app, budget, regs],
        [mismatch.finding("Beløbet i a.docx og i b.xlsx er forskelligt.", file="ind/b.xlsx")],
    )
    together = {"ind/a.docx", "ind/b.xlsx", "ind/r.xlsx"}
    assert [own for _, own in findings_for(app, report, together)] == [False]
    assert [own for _, own in findings_for(budget, report, together)] == [True]
    assert findings_for(regs, report, together) == []
