"""Issue 21, point 21: findings past the 25 a report shows per rule are still marked in
the annotated copy.

A check shows at most 25 row findings per rule on a citizen sheet and one summary "... og
N rækker mere"; the copy is where the rows are fixed, so it marks every bad row (a note
and a fill) and its sheet "Fund fra hir-docs" lists them all, while the check's report,
its text and its JSON keep the cap. The sheet is checked again only when annotating and
only when a rule hit the cap. Every copy is read back with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from annotate_helpers import annotate, xlsx_notes
from citizen_helpers import LENE, ROW, SOFIE, cpr, reg_row
from click.testing import Result
from openpyxl import load_workbook

from hir_docs import api, presentation
from hir_docs.annotate import uncapped
from hir_docs.annotate.copies import annotate_report
from hir_docs.annotate.uncapped import uncapped_report
from hir_docs.annotate.xlsx_styles import FILLS
from hir_docs.findings import DocKind, Document, Finding, Report, Severity
from hir_docs.forms.citizens import write_registrations, write_relocated
from hir_docs.rules import CheckOptions
from hir_docs.rules.annotate import ANNOTATED_COPY_SKIPPED
from hir_docs.rules.citizen_text import MAX_PER_CODE, UNCAPPED, Cap, capped, left_out

D = dt.date
CPR_INVALID = "relocated-cpr-invalid"
NOT_REGISTERED = "cross-relocated-not-registered"
REG_CPR_INVALID = "registrations-cpr-invalid"
FORECAST = "registrations-end-in-future"


def _relocated(folder: Path, bad: int, good: int = 0) -> Path:
    """A relocated-citizens sheet with ``bad`` rows whose CPR number is no date."""
    rows = [dict(ROW, cpr=f"99{i:08d}") for i in range(bad)]
    rows += [dict(ROW, cpr=cpr(500 + i)) for i in range(good)]
    folder.mkdir(parents=True, exist_ok=True)
    return write_relocated(folder / "fraflyttede.xlsx", rows)


def _of(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def _marked(copy: Path, sheet: str, code: str) -> dict[str, tuple[str, str | None]]:
    """The cells of ``sheet`` with a note naming ``code``: (note, fill colour)."""
    ws = load_workbook(copy)[sheet]
    return {
        ref: (note, ws[ref].fill.fgColor.rgb)
        for (name, ref), note in xlsx_notes(copy).items()
        if name == sheet and f"Regel: {code}" in note
    }


def _listed(copy: Path) -> list[tuple[Any, ...]]:
    """The rows of the copy's list sheet "Fund fra hir-docs" (after banner and headers)."""
    return list(load_workbook(copy).worksheets[0].iter_rows(min_row=3, values_only=True))


# ------------------------------------------------------------------ past the cap


def test_every_bad_row_past_the_cap_is_marked_in_the_copy(tmp_path: Path) -> None:
    report, (copy,), notes = annotate([_relocated(tmp_path / "in", 40)], tmp_path / "out")
    assert notes == []
    shown = _of(report.findings, CPR_INVALID)
    assert len(shown) == MAX_PER_CODE + 1  # the report keeps 25 + the summary
    assert left_out(shown[-1]) == 15
    assert "... og 15 rækker mere med samme problem" in shown[-1].message
    marked = _marked(copy, "Fraflyttede", CPR_INVALID)
    assert sorted(marked, key=lambda ref: int(ref[1:])) == [f"A{7 + i}" for i in range(40)]
    assert {fill for _, fill in marked.values()} == {FILLS[Severity.ERROR]}
    assert "CPR-nummeret i række 46 har ikke en rigtig fødselsdato" in marked["A46"][0]
    assert not any("rækker mere" in note for note, _ in marked.values())


def test_the_list_sheet_of_a_capped_copy_lists_every_bad_row(tmp_path: Path) -> None:
    _, (copy,), _ = annotate([_relocated(tmp_path / "in", 40)], tmp_path / "out")
    listed = [row for row in _listed(copy) if row[4] == CPR_INVALID]
    assert [row[1] for row in listed] == [f"Fraflyttede!A{7 + i}" for i in range(40)]
    assert not any("rækker mere" in str(row[2]) for row in listed)


def test_a_sheet_with_few_bad_rows_is_marked_row_by_row_without_a_summary(tmp_path: Path) -> None:
    report, (copy,), _ = annotate([_relocated(tmp_path / "in", 10, good=5)], tmp_path / "out")
    shown = _of(report.findings, CPR_INVALID)
    assert len(shown) == 10 and all(left_out(f) is None for f in shown)
    marked = _marked(copy, "Fraflyttede", CPR_INVALID)
    assert sorted(marked) == sorted(f.location.split("!")[1] for f in shown if f.location)
    assert not any("rækker mere" in note for note in xlsx_notes(copy).values())
    assert len([row for row in _listed(copy) if row[4] == CPR_INVALID]) == 10


def test_rows_of_a_capped_registration_sheet_are_all_marked(tmp_path: Path) -> None:
    rows = [reg_row(cpr(i), LENE, D(2018, 3, 1)) for i in range(8)]
    rows += [reg_row(f"99{i:08d}", SOFIE, D(2018, 3, 1)) for i in range(40)]
    path = write_registrations(tmp_path / "registreringer.xlsx", rows)
    report, (copy,), _ = annotate([path], tmp_path / "out")
    assert len(_of(report.findings, REG_CPR_INVALID)) == MAX_PER_CODE + 1
    shown = [f.location for f in _of(report.findings, REG_CPR_INVALID) if f.location]
    sheet = shown[0].split("!")[0]
    assert len(_marked(copy, sheet, REG_CPR_INVALID)) == 40


def test_rows_past_the_cap_of_a_rule_across_both_sheets_are_marked(tmp_path: Path) -> None:
    """cross-relocated-not-registered compares the relocated sheet with the registrations:
    40 moved citizens absent from the registrations are 40 marked rows of the copy."""
    regs = [reg_row(cpr(i), LENE, D(2018, 3, 1)) for i in range(8)]
    files = [
        write_registrations(tmp_path / "registreringer.xlsx", regs),
        _relocated(tmp_path, 0, good=40),
    ]
    report, copies, _ = annotate(files, tmp_path / "out")
    assert len(_of(report.findings, NOT_REGISTERED)) == MAX_PER_CODE + 1
    (copy,) = [c for c in copies if c.name.startswith("fraflyttede")]
    marked = _marked(copy, "Fraflyttede", NOT_REGISTERED)
    assert sorted(marked, key=lambda ref: int(ref[1:])) == [f"A{7 + i}" for i in range(40)]


# ------------------------------------------------------------------ the report keeps the cap


def test_the_report_is_not_changed_by_annotating(tmp_path: Path) -> None:
    path = _relocated(tmp_path / "in", 40)
    report = api.check([path])
    before = list(report.findings)
    annotate_report(report, tmp_path / "out")
    assert report.findings == before


def test_check_output_is_the_same_with_and_without_annotate(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    path = _relocated(tmp_path / "in", 40)
    plain = json.loads(run_cli("check", path, "--format", "json").stdout)
    with_copies = json.loads(
        run_cli("check", path, "--format", "json", "--annotate", tmp_path / "out").stdout
    )
    assert with_copies.pop("annotated") == [
        str(tmp_path / "out" / "fraflyttede (kommenteret).xlsx")
    ]
    assert with_copies == plain
    assert len([f for f in plain["findings"] if f["code"] == CPR_INVALID]) == MAX_PER_CODE + 1
    text = run_cli("check", path, "--annotate", tmp_path / "out2").stdout
    assert "... og 15 rækker mere med samme problem" in text
    assert text.count("CPR-nummeret i række") == MAX_PER_CODE


def test_sheets_are_checked_again_only_when_a_rule_hit_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    real = uncapped.run_checks

    def counting(kind: str, model: Any, ctx: Any) -> list[Finding]:
        calls.append((kind, Path(ctx.file).name))
        assert ctx.options.max_per_code == UNCAPPED
        return real(kind, model, ctx)

    monkeypatch.setattr(uncapped, "run_checks", counting)
    few = _relocated(tmp_path / "few", 10)
    annotate([few], tmp_path / "out-few")
    assert calls == []
    regs = write_registrations(
        tmp_path / "many" / "registreringer.xlsx",
        [reg_row(cpr(i), LENE, D(2018, 3, 1)) for i in range(8)],
    )
    many = _relocated(tmp_path / "many", 40)
    annotate([regs, many], tmp_path / "out-many")
    assert calls == [("relocated", "fraflyttede.xlsx")]  # not the registrations, no cross


# ------------------------------------------------------------------ when rows cannot be found again


def test_a_summary_that_does_not_agree_is_noted_at_the_last_row_shown(tmp_path: Path) -> None:
    """Rows found again that do not agree with the report (another count, say, from a
    check run with other options) are not used: the summary stays, at the last row shown."""
    report = api.check([_relocated(tmp_path / "in", 60)])
    summary = _of(report.findings, CPR_INVALID)[-1]
    wrong = replace(summary, message=summary.message.replace("35 rækker", "99 rækker"))
    report.findings[report.findings.index(summary)] = wrong
    assert uncapped_report(report) is report
    (copy,), _ = annotate_report(report, tmp_path / "out")
    notes = xlsx_notes(copy)
    assert len(notes) == MAX_PER_CODE
    last = _of(report.findings, CPR_INVALID)[-2].location
    assert last is not None
    sheet, ref = last.split("!")
    assert "... og 99 rækker mere med samme problem" in notes[(sheet, ref)]
    assert sum("rækker mere" in n for n in notes.values()) == 1


def test_the_rows_are_found_again_with_the_options_of_the_check(tmp_path: Path) -> None:
    """The forecast end dates are judged as of the --on date: the copy marks all 40 rows
    when it is given the check's options, and keeps the summary when it is not (the rows
    found without --on name another date than the report)."""
    on = (D(2018, 9, 30),)
    rows = [reg_row(cpr(i), LENE, D(2018, 3, 1), D(2018, 10, 31)) for i in range(40)]
    path = write_registrations(tmp_path / "in" / "registreringer.xlsx", rows)
    report = api.check([path], snapshot_dates=on)
    shown = _of(report.findings, FORECAST)
    assert len(shown) == MAX_PER_CODE + 1 and "30. september 2018" in shown[0].message
    sheet = str(shown[0].location).split("!")[0]
    (copy,), _ = annotate_report(report, tmp_path / "out", options=CheckOptions(snapshot_dates=on))
    marked = _marked(copy, sheet, FORECAST)
    assert len(marked) == 40
    assert all("30. september 2018" in note for note, _ in marked.values())
    (other,), _ = annotate_report(report, tmp_path / "out-without-on")
    assert len(_marked(other, sheet, FORECAST)) == MAX_PER_CODE
    assert sum("rækker mere" in n for n in xlsx_notes(other).values()) == 1


def test_a_report_without_summaries_is_used_as_it_is(tmp_path: Path) -> None:
    report = api.check([_relocated(tmp_path / "in", 3)])
    assert uncapped_report(report, CheckOptions()) is report


# ------------------------------------------------------------------ the cap itself


def test_outside_a_check_the_cap_is_25_and_the_summary_counts_the_rest() -> None:
    assert Cap().limit == MAX_PER_CODE  # outside a check
    findings = [Finding("x-code", Severity.ERROR, f"række {i}", file="a.xlsx") for i in range(30)]
    shown = list(capped(findings))
    assert len(shown) == MAX_PER_CODE + 1 and left_out(shown[-1]) == 5
    assert list(capped(findings, limit=UNCAPPED)) == findings
    assert left_out(findings[0]) is None


def test_lifting_the_cap_builds_every_row_finding(tmp_path: Path) -> None:
    from hir_docs.pipeline import process_file

    path = _relocated(tmp_path / "in", 40)
    _, capped_found = process_file(path)
    _, lifted = process_file(path, CheckOptions(max_per_code=UNCAPPED))
    assert len(_of(capped_found, CPR_INVALID)) == MAX_PER_CODE + 1
    assert len(_of(lifted, CPR_INVALID)) == 40
    assert all(left_out(f) is None for f in lifted)
    assert _of(lifted, CPR_INVALID)[:MAX_PER_CODE] == _of(capped_found, CPR_INVALID)[:MAX_PER_CODE]


# ------------------------------------------------------------------ a skipped copy in the text


def test_a_skipped_annotated_copy_is_headed_as_such_in_the_text() -> None:
    copy = "indsendelse/budget (kommenteret).xlsx"
    report = Report(
        documents=[Document("indsendelse/budget.xlsx", DocKind.BUDGET)],
        findings=[
            ANNOTATED_COPY_SKIPPED.finding(
                "budget (kommenteret).xlsx er en kommenteret kopi fra hir-docs af budget.xlsx "
                "og er sprunget over, så skemaet ikke tælles to gange.",
                file=copy,
            )
        ],
    )
    text = presentation.report_text(report)
    assert f"{copy}  (kommenteret kopi, sprunget over)" in text
    assert "ukendt fil" not in text


def test_a_file_not_read_and_not_a_copy_is_still_an_unknown_file() -> None:
    from hir_docs.rules.file import FILE_NOT_CHECKED

    report = Report(
        findings=[FILE_NOT_CHECKED.finding("noter.txt er ikke kontrolleret.", file="noter.txt")]
    )
    text = presentation.report_text(report)
    assert "noter.txt  (ukendt fil)" in text
    assert "sprunget over" not in text.splitlines()[0]


def test_a_folder_check_heads_the_copy_it_skipped_as_a_skipped_copy(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "indsendelse"
    _relocated(folder, 3)
    run_cli("check", folder, "--annotate", folder)
    assert (folder / "fraflyttede (kommenteret).xlsx").exists()
    text = run_cli("check", folder).stdout
    copy = folder / "fraflyttede (kommenteret).xlsx"
    assert f"{copy}  (kommenteret kopi, sprunget over)" in text
    assert "ukendt fil" not in text
