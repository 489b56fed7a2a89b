"""End dates that are forecasts (issue 21, point 3): an end date after the date the
registration sheet is registered as of is a forecast only where nothing shows it happened
(Q&A 2018, spørgsmål 2, 3 og 5 om modulet). Judged per submission, so the relocated sheet
checked together with the registrations counts as evidence of a move."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from citizen_helpers import LENE, ROW, SOFIE, cpr, reg_row
from click.testing import Result

from hir_docs.findings import Finding, codes, one
from hir_docs.forms.citizens import write_registrations, write_relocated
from hir_docs.pipeline import check_paths
from hir_docs.rules import CheckOptions
from hir_docs.rules.registry import catalogue

D = dt.date
CODE = "registrations-end-in-future"
MOVER = "120384-1234"  # the citizen of citizen_helpers.ROW (relocated 15 August 2018)
VIBORG = Path(__file__).resolve().parents[1] / "examples" / "viborg"


def base() -> list[dict[str, Any]]:
    """Ten citizens from 1 March 2018; one changes caseworker on 1 June 2018 (the sheet's
    latest Dato start, so it is taken as registered as of 30 June 2018)."""
    rows = [reg_row(cpr(i), LENE if i < 5 else SOFIE, D(2018, 3, 1)) for i in range(10)]
    rows[0]["end"] = D(2018, 5, 31)
    rows.append(reg_row(cpr(0), SOFIE, D(2018, 6, 1)))
    return rows


def run(
    tmp_path: Path,
    regs: list[dict[str, Any]],
    relocated: list[dict[str, Any]] | None = None,
    **options: Any,
) -> list[Finding]:
    files = [write_registrations(tmp_path / "registreringer.xlsx", regs)]
    if relocated is not None:
        files.append(write_relocated(tmp_path / "fraflyttede.xlsx", relocated))
    return check_paths(files, CheckOptions(**options)).findings


def forecasts(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code == CODE]


def test_the_rule_is_a_warning_judged_per_submission_with_an_assumption_said() -> None:
    rule = next(r for r in catalogue() if r.code == CODE)
    assert (rule.severity, rule.scope) == ("warning", "cross")
    assert "antaget" in rule.source() and "spørgsmål 5 om modulet" in rule.source()
    assert "antaget" in rule.description()


def test_without_on_a_forecast_is_judged_against_the_sheets_latest_registration(
    tmp_path: Path,
) -> None:
    rows = [*base(), reg_row(cpr(20), LENE, D(2018, 3, 1), D(2018, 12, 31))]
    f = one(run(tmp_path, rows), CODE)
    assert f.location == "Registreringer!F18" and f.file.endswith("registreringer.xlsx")
    assert "Dato slut 31. december 2018" in f.message and "række 18" in f.message
    assert "30. juni 2018" in f.message and "1. juni 2018" in f.message
    assert "antages" in f.message  # the date used is said, and that it is assumed
    assert "intet i skemaet viser" in f.message


def test_an_end_date_within_the_month_of_the_latest_registration_is_not_a_forecast(
    tmp_path: Path,
) -> None:
    rows = [*base(), reg_row(cpr(20), LENE, D(2018, 3, 1), D(2018, 6, 20))]
    assert forecasts(run(tmp_path, rows)) == []


def test_with_on_the_snapshot_is_the_limit_when_the_sheet_holds_nothing_later(
    tmp_path: Path,
) -> None:
    rows = [*base(), reg_row(cpr(20), LENE, D(2018, 3, 1), D(2018, 12, 31))]
    f = one(run(tmp_path, rows, snapshot_dates=(D(2018, 6, 30),)), CODE)
    assert "31. december 2018" in f.message and "opgørelsesdatoen 30. juni 2018" in f.message
    assert forecasts(run(tmp_path, rows, snapshot_dates=(D(2019, 1, 31),))) == []


def test_later_registrations_in_the_sheet_show_an_end_date_after_the_snapshot_happened(
    tmp_path: Path,
) -> None:
    # As the README's example: --on 2018-12-31 on a sheet registered until March 2019.
    rows = [
        *base(),
        reg_row(cpr(20), LENE, D(2018, 3, 1), D(2019, 2, 28)),  # a change of benefit
        reg_row(cpr(21), SOFIE, D(2019, 3, 1)),  # a new citizen at the March registration
    ]
    on = (D(2018, 6, 30), D(2018, 12, 31))
    assert forecasts(run(tmp_path, rows, snapshot_dates=on)) == []
    # A forecast beyond that registration still is one, and the message says why.
    rows.append(reg_row(cpr(22), LENE, D(2018, 3, 1), D(2019, 9, 30)))
    f = one(run(tmp_path, rows, snapshot_dates=on), CODE)
    assert "30. september 2019" in f.message and "31. marts 2019" in f.message
    assert "opgørelsesdatoen 31. december 2018 ligger før" in f.message


def test_a_new_row_from_the_day_after_shows_the_end_date_happened(tmp_path: Path) -> None:
    # The new row's start lies after the project period, so it does not move the limit:
    # only the caseworker change itself (Q&A 2018, spørgsmål 3 om modulet) is evidence.
    changed = [
        reg_row(cpr(30), LENE, D(2018, 3, 1), D(2019, 4, 15)),
        reg_row(cpr(30), SOFIE, D(2019, 4, 16)),
    ]
    assert forecasts(run(tmp_path, [*base(), *changed])) == []
    later = [changed[0], reg_row(cpr(30), SOFIE, D(2019, 5, 1))]  # not the day after
    f = one(run(tmp_path, [*base(), *later]), CODE)
    assert "15. april 2019" in f.message
    # A row that starts and ends the same day is no evidence for itself.
    one_day = reg_row(cpr(31), LENE, D(2019, 4, 20), D(2019, 4, 20))
    assert "20. april 2019" in one(run(tmp_path, [*base(), one_day]), CODE).message


def test_a_move_in_the_relocated_sheet_checked_together_shows_the_end_date_happened(
    tmp_path: Path,
) -> None:
    rows = [*base(), reg_row(MOVER, LENE, D(2018, 3, 1), D(2018, 8, 15))]
    alone = one(run(tmp_path, rows), CODE)
    assert "120384-xxxx" in alone.message and "1203841234" not in alone.message
    assert "flyttet" in (alone.hint or "")  # the hint says to check both sheets together
    assert forecasts(run(tmp_path, rows, [ROW])) == []
    other_day = one(run(tmp_path, rows, [ROW | {"end": D(2018, 8, 14)}]), CODE)
    assert "intet i skemaet eller i skemaet til fraflyttede borgere" in other_day.message


def test_the_hint_never_tells_to_delete_an_end_date_that_happened(tmp_path: Path) -> None:
    rows = [*base(), reg_row(cpr(20), LENE, D(2018, 3, 1), D(2018, 12, 31))]
    hint = one(run(tmp_path, rows), CODE).hint or ""
    assert "Slet datoen" not in hint
    assert "Fjern kun en forventet slutdato" in hint and "skal blive stående" in hint


def test_without_start_dates_in_the_period_the_today_option_is_the_limit(tmp_path: Path) -> None:
    rows = [reg_row(cpr(i), LENE, D(2017, 6, 1)) for i in range(3)]
    rows[0]["end"] = D(2019, 6, 30)
    f = one(run(tmp_path, rows, today=D(2019, 1, 1)), CODE)
    assert "dags dato (1. januar 2019)" in f.message
    assert forecasts(run(tmp_path, rows, today=D(2019, 7, 1))) == []
    assert forecasts(run(tmp_path, rows)) == []  # no date to judge by: nothing is said


def test_forecasts_are_capped_at_25_with_a_summary(tmp_path: Path) -> None:
    rows = [
        *base(),
        *(reg_row(cpr(40 + i), LENE, D(2018, 3, 1), D(2019, 3, 31)) for i in range(30)),
    ]
    found = forecasts(run(tmp_path, rows))
    assert len(found) == 26
    assert "... og 5 rækker mere" in found[-1].message


def test_a_single_registration_sheet_is_checked_on_its_own(tmp_path: Path) -> None:
    rows = [*base(), reg_row(cpr(20), LENE, D(2018, 3, 1), D(2018, 12, 31))]
    path = write_registrations(tmp_path / "registreringer.xlsx", rows)
    report = check_paths([path], CheckOptions())
    assert codes(report.findings) == [CODE]


def test_a_move_matches_a_citizen_registered_by_name(tmp_path: Path) -> None:
    rows = [*base(), reg_row(str(ROW["name"]), LENE, D(2018, 3, 1), D(2018, 8, 15))]
    assert len(forecasts(run(tmp_path, rows))) == 1
    assert forecasts(run(tmp_path, rows, [ROW])) == []


def test_the_readme_command_on_the_bundled_example_warns_about_no_real_end_date(
    run_cli: Callable[..., Result],
) -> None:
    sheet = VIBORG / "registreringsskema.xlsx"
    result = run_cli("check", sheet, "--on", "2018-06-30", "--on", "2018-12-31", "--format", "json")
    assert CODE not in [f["code"] for f in json.loads(result.output)["findings"]]
    result = run_cli("check", VIBORG, "--format", "json")
    found = json.loads(result.output)["findings"]
    assert [f["code"] for f in found if f["severity"] in ("error", "warning")] == []
