"""Issue 21, points 6 and 10 (project data): every coordinating caseworker on the sheet
Sagsstammer takes part with citizens (Q&A 2018, spørgsmål 2 and 15), and no caseworker's
whole caseload, scaled to full time, is above the pool's limit in any month (mixed
caseloads included, Q&A 2018, spørgsmål 3; reduced hours, spørgsmål 4 om modulet)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from projectdata_helpers import example, write

from hir_docs.api import check
from hir_docs.findings import Finding, Severity
from hir_docs.model.projectdata import CaseworkerLoad, ProjectData
from hir_docs.pipeline import process_file
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.registry import run_checks

TODAY = dt.date(2019, 7, 15)
D = dt.date
ABOVE = "projectdata-caseload-above-limit"
NO_CASES = "projectdata-caseworker-without-cases"
TOTAL_MISSING = "projectdata-caseload-total-missing"


def found(data: ProjectData, code: str | None = None) -> list[Finding]:
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=TODAY))
    return [f for f in run_checks("projectdata", data, ctx) if code is None or f.code == code]


def with_caseworker(name: str, hours: float | None, counts: dict[dt.date, int]) -> ProjectData:
    data = example()
    data.caseworkers.append(CaseworkerLoad(name, hours, counts, "Sagsstammer!A5"))
    return data


def every_month(data: ProjectData, cases: int) -> dict[dt.date, int]:
    return {d: cases for d in data.snapshot_dates}


# --- caseworkers without citizens -----------------------------------------------------------


def test_caseworker_with_zero_cases_in_every_month_is_a_warning_naming_them() -> None:
    data = example()
    data.caseworkers.append(CaseworkerLoad("Tove Opdigtet", 37, every_month(data, 0)))
    data.caseworkers[-1].location = "Sagsstammer!A5"
    [f] = found(data, NO_CASES)
    assert f.severity == Severity.WARNING and f.location == "Sagsstammer!A5"
    assert f.field == "caseworkers.Tove Opdigtet"
    assert f.message.startswith(
        "Tove Opdigtet står på arket Sagsstammer uden nogen sager: antallet er 0 på alle "
        "13 opgørelsesdatoer (31-03-2018, 30-04-2018, 31-05-2018, 30-06-2018, 31-07-2018, "
        "31-08-2018 og 7 andre)."
    )
    assert "Q&A 2018, spørgsmål 2 og 15" in f.source


def test_caseworker_with_empty_counts_is_named_once_not_also_as_missing_totals() -> None:
    data = with_caseworker("Tove Opdigtet", 37, {})
    assert [f.code for f in found(data)] == [NO_CASES]
    assert "antallet er tomt på alle 13 opgørelsesdatoer" in found(data, NO_CASES)[0].message


def test_caseworker_with_cases_in_one_month_only_takes_part() -> None:
    data = example()
    counts = every_month(data, 0)
    counts[D(2018, 3, 31)] = 4
    data.caseworkers.append(CaseworkerLoad("Tove Opdigtet", 37, counts))
    assert found(data, NO_CASES) == []


def test_an_untyped_row_is_not_judged_before_any_reporting_and_fictitious_rows_never() -> None:
    data = with_caseworker("Tove Opdigtet", 37, {})
    for line in data.lines:
        line.spent = {}  # nothing reported yet: no snapshot date is due
    assert found(data, NO_CASES) == []
    fictitious = example()
    fictitious.caseworkers.append(CaseworkerLoad("Barsel/fængsel", 0, every_month(fictitious, 0)))
    assert found(fictitious, NO_CASES) == [] and found(fictitious, ABOVE) == []


# --- the caseload limit ---------------------------------------------------------------------


def test_a_45_case_month_in_the_caseload_sheet_is_an_error_at_its_cell(tmp_path: Path) -> None:
    data = example()
    data.caseworkers[0].totals[D(2018, 5, 31)] = 45
    report = check([write(tmp_path, data)], today=TODAY)
    [f] = [f for f in report.findings if f.code == ABOVE]
    assert f.severity == Severity.ERROR
    assert f.location == "Sagsstammer!E2"  # Lene Eksempel's May 2018 cell
    assert f.message == (
        "Lene Eksempel har over puljens grænse på højst 35 sager pr. koordinerende "
        "sagsbehandler på 1 opgørelsesdato (31-05-2018); højst 45 sager den 31. maj 2018. "
        "Lene Eksempel er på fuld tid (37 timer pr. uge). Grænsen gælder hele sagsstammen, "
        "også sager uden for ressourceforløb."
    )
    assert "Kriterier for tildeling af tilskud" in f.source and "spørgsmål 3" in f.source


def test_one_finding_per_caseworker_lists_every_month_over_and_the_maximum() -> None:
    data = example()
    jonas = data.caseworkers[1]
    jonas.totals.update({D(2018, 4, 30): 36, D(2018, 9, 30): 41, D(2019, 1, 31): 38})
    jonas.cells = {D(2018, 9, 30): "Sagsstammer!I3"}
    [f] = found(data, ABOVE)
    assert f.location == "Sagsstammer!I3"
    assert "på 3 opgørelsesdatoer (30-04-2018, 30-09-2018, 31-01-2019)" in f.message
    assert "højst 41 sager den 30. september 2018" in f.message


def test_at_the_limit_there_is_no_finding() -> None:
    data = example()
    data.caseworkers[0].totals = every_month(data, 35)
    assert found(data, ABOVE) == []


def test_reduced_hours_are_scaled_to_full_time() -> None:
    data = example()
    sofie = data.caseworkers[2]  # 30 hours a week
    sofie.totals[D(2018, 6, 30)] = 28  # 34,5 at full time: within the limit
    assert found(data, ABOVE) == []
    sofie.totals[D(2018, 6, 30)] = 30  # 37,0 at full time
    [f] = found(data, ABOVE)
    assert (
        "højst 30 sager den 30. juni 2018. Ved 30 timer pr. uge svarer det til 37,0 sager "
        "ved fuld tid (antaget 37 timer pr. uge)."
    ) in f.message


def test_unknown_hours_judge_the_raw_counts_and_say_so() -> None:
    data = with_caseworker("Tove Opdigtet", None, {D(2018, 8, 31): 35})
    data.caseworkers[-1].totals.update({d: 20 for d in data.snapshot_dates if d.month != 8})
    assert found(data, ABOVE) == []
    data.caseworkers[-1].totals[D(2018, 8, 31)] = 40
    [f] = found(data, ABOVE)
    assert f.location == "Sagsstammer!A5"  # no cell known: the row
    assert (
        "Timer pr. uge er ikke oplyst, så antallet er vurderet, som om Tove Opdigtet er på "
        "fuld tid (37 timer pr. uge, antaget)."
    ) in f.message


def test_zero_hours_are_no_valid_hours_so_the_raw_counts_are_judged() -> None:
    data = with_caseworker("Tove Opdigtet", 0, {D(2018, 8, 31): 36})
    data.caseworkers[-1].totals.update({d: 20 for d in data.snapshot_dates if d.month != 8})
    [f] = found(data, ABOVE)
    assert "Timer pr. uge er ikke et gyldigt antal" in f.message


def test_a_caseworker_named_by_a_cpr_number_is_masked() -> None:
    data = with_caseworker("120384-1234", 37, {D(2018, 8, 31): 50})
    data.caseworkers[-1].totals.update({d: 20 for d in data.snapshot_dates if d.month != 8})
    [f] = found(data, ABOVE)
    assert "1234" not in f.message and "1234" not in (f.field or "")


def test_the_reader_keeps_each_months_cell(tmp_path: Path) -> None:
    doc, _ = process_file(write(tmp_path, example()), CheckOptions(today=TODAY))
    lene = doc.model.caseworkers[0]
    assert lene.location == "Sagsstammer!A2"
    assert lene.cells[D(2018, 3, 31)] == "Sagsstammer!C2"
    assert lene.cells[D(2019, 3, 31)] == "Sagsstammer!O2"


def test_the_clean_example_has_no_caseload_findings() -> None:
    assert [f for f in found(example()) if f.code in (ABOVE, NO_CASES, TOTAL_MISSING)] == []
