"""The approved grant recorded in the project data (issue 20): written by ``report init``,
protected with a fingerprint, read back; the Budget sheet measured against it; changes
STAR approved; old files without it; the approved budget.xlsx checked beside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from projectdata_helpers import FUND, TRANSPORT, example, second_project, write

from hir_docs.api import check, init_projectdata
from hir_docs.findings import Finding, Severity
from hir_docs.forms.application import write_application
from hir_docs.forms.budget import EXAMPLE_LINES, BudgetLineSpec, write_budget
from hir_docs.model.grant import approved_amount, canonical, fingerprint, record_from
from hir_docs.model.projectdata import ApprovedChange
from hir_docs.readers.projectdata import read_projectdata

TODAY = dt.date(2019, 7, 15)
EDITED = "projectdata-grant-record-edited"
DIFFERS = "projectdata-budget-differs-from-grant"
APPROVED = "projectdata-grant-change-approved"
INCOMPLETE = "projectdata-grant-change-incomplete"
MISSING = "projectdata-grant-record-missing"
CROSS = "cross-projectdata-grant-budget"
GRANT_CODES = (EDITED, DIFFERS, APPROVED, INCOMPLETE, MISSING, CROSS)
L2 = f"Linje L2 ({TRANSPORT}: Transport og repræsentation, erfaringsworkshop)"


def grant_findings(*paths: Path) -> list[Finding]:
    report = check(list(paths), today=TODAY)
    return [f for f in report.findings if f.code in GRANT_CODES]


def set_cell(path: Path, sheet: str, row_label: str, column: str, value: Any) -> str:
    """Write ``value`` in the row whose first cell is ``row_label``, in the column headed
    ``column`` (the header row nearest above); returns the cell's location."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    rows = list(ws.iter_rows())
    for i, row in enumerate(rows):
        if row[0].value == row_label:
            for head in reversed(rows[:i]):
                labels = [c.value for c in head]
                if column in labels:
                    cell = row[labels.index(column)]
                    cell.value = value
                    wb.save(path)
                    return f"{sheet}!{cell.coordinate}"
    raise AssertionError(f"{row_label}/{column} not on {sheet}")


# --- the record written and read back -----------------------------------------------------


def test_init_records_the_approved_budget_with_its_income_sealed_and_protected(
    tmp_path: Path,
) -> None:
    app, bud = tmp_path / "ansoegning.docx", tmp_path / "budget.xlsx"
    write_application(app)
    write_budget(bud, lines=fund_lines(), income={"Tilskud fra andre tilskudsgivere": 100_000})
    out = init_projectdata(app, bud, tmp_path / "projektdata.xlsx")
    data = read_projectdata(out)
    grant = data.approved
    assert grant is not None and grant.location == "Tilsagn!A1"
    assert grant.grant == 1_200_000
    assert [(ln.key, ln.post, ln.amount, ln.eligible) for ln in grant.lines] == [
        ("L1", "Løn", 1_140_000, True),
        ("L2", "Løn", 100_000, True),
        ("L3", TRANSPORT, 20_000, True),
        ("L4", "Revision", 40_000, True),
    ]
    assert grant.lines[0].years == {2018: 912_000, 2019: 228_000}
    assert grant.income == {"Tilskud fra andre tilskudsgivere": 100_000}
    assert (grant.project_start, grant.project_end) == (dt.date(2017, 12, 20), dt.date(2019, 4, 1))
    assert grant.fingerprint == fingerprint(grant) and len(grant.fingerprint or "") == 64
    ws = openpyxl.load_workbook(out)["Tilsagn"]
    assert ws.protection.sheet and ws["B4"].protection.locked
    assert grant_findings(out) == []


def fund_lines() -> tuple[BudgetLineSpec, ...]:
    """The example budget plus 100.000 kr. of salary paid by a fund."""
    fund = BudgetLineSpec(
        "Løn",
        "Koordinerende sagsbehandler (frikøb, betalt af fonden)",
        persons=1,
        hours=500,
        rate=200,
        amounts={2018: 80_000, 2019: 20_000},
    )
    return (EXAMPLE_LINES[0], fund, *EXAMPLE_LINES[1:])


def test_record_changes_income_received_and_dates_round_trip(tmp_path: Path) -> None:
    data = second_project()
    back = read_projectdata(write(tmp_path, data))
    assert back.approved is not None and data.approved is not None
    assert canonical(back.approved) == canonical(data.approved)
    assert back.approved.fingerprint == data.approved.fingerprint
    assert [
        (c.approved_on, c.reference, c.line, c.old_amount, c.new_amount, c.note)
        for c in back.approved_changes
    ] == [
        (c.approved_on, c.reference, c.line, c.old_amount, c.new_amount, c.note)
        for c in data.approved_changes
    ]
    assert back.approved_changes[0].location == "Godkendte ændringer!A2"
    assert back.income_received == {FUND: {"2018-H1": 75_000, "2019-H1": 75_000}}
    assert back.income_locations == {FUND: "Indtægter!A2"}
    dates = {c.name: (c.start, c.end) for c in back.caseworkers}
    assert dates["Mads Opdigt"] == (None, dt.date(2018, 10, 31))
    assert dates["Nanna Fiktivsen"] == (dt.date(2018, 11, 1), None)
    assert len(back.caseworkers) == 14


def test_deadlines_and_journal_number_of_the_grant_are_recorded(tmp_path: Path) -> None:
    data = example()
    data.journal_number = "2017-0099"
    data.reports[0].deadline = dt.date(2018, 9, 30)
    data.approved = record_from(data)
    back = read_projectdata(write(tmp_path, data, keep_record=True))
    assert back.approved is not None
    assert back.approved.journal_number == "2017-0099"
    assert back.approved.deadlines == {data.reports[0].key: dt.date(2018, 9, 30)}
    assert grant_findings(write(tmp_path, data, keep_record=True)) == []


# --- the record edited ----------------------------------------------------------------------


def test_an_edited_record_cell_breaks_the_fingerprint(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    set_cell(path, "Tilsagn", "L2", "Budget i alt (kr.)", 30_000)
    found = grant_findings(path)
    [edited] = [f for f in found if f.code == EDITED]
    assert edited.severity == Severity.ERROR and edited.location == "Tilsagn!A1"
    assert "Arket Tilsagn er ændret" in edited.message


# --- the Budget sheet against the record ---------------------------------------------------


def test_raising_an_approved_line_in_the_project_data_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    where = set_cell(path, "Budget", "L2", "Budget i alt (kr.)", 25_000)
    [f] = grant_findings(path)
    assert (f.code, f.severity, f.location) == (DIFFERS, Severity.ERROR, where)
    assert f.message == (f"{L2}: det godkendte budget er 20.000 kr., projektdata siger 25.000 kr.")
    assert f.field == "lines.L2"
    assert "Krav til regnskab" in f.source and "Flere skal med" in f.source


def test_a_year_amount_and_eligibility_are_compared_too(tmp_path: Path) -> None:
    data = example()
    data.lines[1].approved_amounts = {2018: 10_000, 2019: 10_000}
    data.lines[2].eligible = False
    messages = sorted(f.message for f in grant_findings(write(tmp_path, data, keep_record=True)))
    assert messages == [
        f"{L2}: det godkendte budget for 2018 er 5.000 kr., projektdata siger 10.000 kr.",
        f"{L2}: det godkendte budget for 2019 er 15.000 kr., projektdata siger 10.000 kr.",
        "Linje L3 (Revision): i det godkendte budget er linjen tilskudsberettiget, "
        "projektdata siger ikke tilskudsberettiget.",
    ]


def test_lowering_another_grantors_money_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, second_project())
    where = set_cell(path, "Budget", FUND, "Beløb (kr.)", 50_000)
    [f] = [f for f in grant_findings(path) if f.code == DIFFERS]
    assert f.location == where
    assert f.message == (
        f"Indtægten '{FUND}': det godkendte budget er 150.000 kr., projektdata siger 50.000 kr."
    )


def test_a_removed_line_and_an_added_income_are_differences() -> None:
    data = example()
    data.lines = data.lines[:2]
    data.income = {"Tilskud fra Fonden for Eksempler": 30_000}
    assert sorted(f.message for f in _in_memory(data, DIFFERS)) == [
        "Indtægten 'Tilskud fra Fonden for Eksempler': det godkendte budget er 0 kr., "
        "projektdata siger 30.000 kr.",
        "Linje L3 (Revision) på 40.000 kr. i det godkendte budget mangler i projektdata.",
    ]


def _in_memory(data: Any, code: str) -> list[Finding]:
    from hir_docs.rules import CheckOptions, Context
    from hir_docs.rules.registry import run_checks

    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=TODAY))
    return [f for f in run_checks("projectdata", data, ctx) if f.code == code]


# --- changes STAR approved ------------------------------------------------------------------


def test_a_change_star_approved_is_accepted_and_named(tmp_path: Path) -> None:
    found = grant_findings(write(tmp_path, second_project()))
    assert [(f.code, f.severity) for f in found] == [(APPROVED, Severity.INFO)] * 2
    assert found[0].message == (
        "Linje L1 (Løn: Koordinerende sagsbehandlere (frikøb)): ændret fra 1.750.000 kr. til "
        "1.740.000 kr., godkendt af STAR 15. januar 2019 (ref. STAR brev 2019-0456)."
    )
    assert found[1].location == "Budget!I4"


def test_the_same_change_without_a_change_record_is_an_error() -> None:
    data = second_project()
    data.approved_changes = []
    found = _in_memory(data, DIFFERS)
    assert [f.field for f in found] == ["lines.L1", "lines.L3"]  # the totals, not the years
    assert "det godkendte budget er 35.000 kr., projektdata siger 45.000 kr." in found[-1].message


def test_a_change_without_reference_is_an_error_and_does_not_count() -> None:
    data = second_project()
    data.approved_changes[1].reference = " "
    data.approved_changes[1].location = "Godkendte ændringer!A3"
    [incomplete] = _in_memory(data, INCOMPLETE)
    assert incomplete.severity == Severity.ERROR
    assert incomplete.location == "Godkendte ændringer!A3"
    assert incomplete.message == (
        "Ændringen på arket Godkendte ændringer (L3, nyt beløb 45.000 kr.) mangler STARs "
        "reference, så den tæller ikke som godkendt af STAR."
    )
    [differs] = _in_memory(data, DIFFERS)
    assert differs.message == (
        "Linje L3 (Revision): det godkendte budget er 35.000 kr., projektdata siger 45.000 kr."
    )


def test_a_change_to_another_amount_does_not_cover_the_difference() -> None:
    data = second_project()
    data.lines[2].budget = 50_000
    data.lines[2].approved_amounts = {2019: 50_000}
    [f] = _in_memory(data, DIFFERS)
    assert f.message.endswith(
        "Den seneste ændring, godkendt af STAR 15. januar 2019 (ref. STAR brev 2019-0456), "
        "siger 45.000 kr."
    )


def test_a_change_without_date_is_an_error() -> None:
    data = example()
    data.approved_changes = [ApprovedChange(None, "STAR 1", "L2", 20_000, 25_000)]
    [f] = _in_memory(data, INCOMPLETE)
    assert "mangler datoen for STARs skriftlige godkendelse" in f.message


# --- an old file -----------------------------------------------------------------------------


def test_an_old_file_without_the_record_reads_with_one_warning(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    wb = openpyxl.load_workbook(path)
    for name in ("Tilsagn", "Godkendte ændringer", "Indtægter"):
        del wb[name]
    wb.save(path)
    data = read_projectdata(path)
    assert data.approved is None and data.approved_changes == [] and data.income_received == {}
    [f] = grant_findings(path)
    assert (f.code, f.severity) == (MISSING, Severity.WARNING)
    assert "intet ark Tilsagn" in f.message
    assert "Opret projektdata" in f.hint and "kopiér" in f.hint
    assert "report init" not in f.hint  # no command line in a caseworker's hint


# --- the approved budget.xlsx beside the project data ---------------------------------------


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    folder = tmp_path / "indsendelse"
    folder.mkdir()
    write_application(folder / "ansoegning.docx")
    write_budget(folder / "budget.xlsx")
    init_projectdata(
        folder / "ansoegning.docx", folder / "budget.xlsx", folder / "projektdata.xlsx"
    )
    return folder


def test_the_budget_the_record_was_made_from_agrees(submission: Path) -> None:
    assert grant_findings(submission) == []


def test_a_budget_file_that_differs_from_the_record_is_a_cross_error(submission: Path) -> None:
    lines = list(EXAMPLE_LINES)
    lines[1] = BudgetLineSpec(lines[1].post, lines[1].function, amounts={2018: 5_000, 2019: 20_000})
    write_budget(submission / "budget.xlsx", lines=lines, income={FUND: 5_000})
    found = grant_findings(submission)
    assert {f.code for f in found} == {CROSS}
    messages = [f.message for f in found]
    assert f"{L2}: tilsagnet i projektdata er 20.000 kr., budget.xlsx siger 25.000 kr." in messages
    assert (
        f"Indtægten '{FUND}': tilsagnet i projektdata er 0 kr., budget.xlsx siger 5.000 kr."
        in messages
    )
    assert all(f.file.endswith("budget.xlsx") and f.location for f in found)


def test_what_is_approved_now_follows_the_latest_complete_change() -> None:
    data = second_project()
    grant = data.approved
    assert grant is not None
    changes = data.approved_changes
    assert approved_amount(grant, "L1", changes) == 1_740_000
    assert approved_amount(grant, "L2", changes) == 15_000
    assert approved_amount(grant, FUND, changes) == 150_000
    later = ApprovedChange(dt.date(2019, 2, 1), "STAR brev 2019-0500", "Revision", 45_000, 47_000)
    assert approved_amount(grant, "L3", [*changes, later]) == 47_000  # named by its post
    undated = ApprovedChange(None, "STAR brev 2019-0600", "L3", 47_000, 60_000)
    assert approved_amount(grant, "L3", [*changes, undated]) == 45_000  # does not count


def test_project_data_checked_beside_the_approved_budget_alone_is_no_application_submission(
    submission: Path,
) -> None:
    """`hir-docs check projektdata.xlsx budget.xlsx`: the budget is compared with the
    recorded grant; no application is expected beside them."""
    report = check([submission / "projektdata.xlsx", submission / "budget.xlsx"], today=TODAY)
    codes = {f.code for f in report.findings}
    assert "cross-application-missing" not in codes
    assert CROSS not in codes  # the budget the record was made from agrees with it
    budget = submission / "budget.xlsx"
    lines = list(EXAMPLE_LINES)
    lines[1] = BudgetLineSpec(lines[1].post, lines[1].function, amounts={2018: 5_000, 2019: 20_000})
    write_budget(budget, lines=lines)
    report = check([submission / "projektdata.xlsx", budget], today=TODAY)
    assert CROSS in {f.code for f in report.findings}
    assert "cross-application-missing" not in {f.code for f in report.findings}
