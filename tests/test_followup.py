"""STAR's follow-up overview (issue 26, the follow-up half): every figure of the example
follow-up inbox (examples/followup: Viborg on time, Skive overdue, Randers with a budget
change STAR has not approved) against values computed by hand from the Viborg example's
project data (examples/build_projectdata.py), and the workbook as STAR prints it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hir_docs import api, presentation
from hir_docs.followup.model import OVERDUE, Project

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "followup"
TODAY = dt.date(2019, 7, 15)

# By hand, from examples/build_projectdata.py (SPENT, FUND_RECEIVED, the instalments):
# spending L1 380.000 + 560.000 + 205.000 = 1.145.000; L2 30.000 + 50.000 + 20.000 =
# 100.000; L3 4.200 + 19.200 = 23.400; L4 40.000: eligible 1.308.400. The fund paid
# 50.000 + 50.000 = 100.000. STAR's share min(1.308.400 - 100.000, 1.200.000) = 1.200.000.
# Paid 364.200 (2018-H1) + 610.000 (2018-H2) = 974.200, so 225.800 is payable.
VIBORG_PAYABLE = 1_200_000 - (364_200 + 610_000)
assert VIBORG_PAYABLE == 225_800
# Skive up to 2018-H2: L1 940.000 + L2 80.000 + L3 4.200 = 1.024.200 eligible, the fund's
# 50.000 of 2018-H1 deducted: 974.200; paid only the 364.200 of 2018-H1: 610.000.
SKIVE_COVERED = 380_000 + 560_000 + 30_000 + 50_000 + 4_200 - 50_000
SKIVE_PAYABLE = SKIVE_COVERED - 364_200
assert (SKIVE_COVERED, SKIVE_PAYABLE) == (974_200, 610_000)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("opf") / "opfoelgning.xlsx"
    return api.followup(EXAMPLE, out, today=TODAY)


def by_folder(result: Any) -> dict[str, Project]:
    return {p.folder: p for p in result.projects}


def test_worst_first(result: Any) -> None:
    assert [p.folder for p in result.projects] == ["Skive", "Randers", "Viborg"]
    assert [p.status for p in result.projects] == ["Fejl", "Fejl", "OK"]
    assert not result.valid


def test_deadlines_are_the_grant_records_and_overdue_against_today(result: Any) -> None:
    skive = by_folder(result)["Skive"]
    rows = {r.period: r for r in skive.periods}
    assert list(rows) == ["2018-H1", "2018-H2", None]  # 2019-H1 is in the final report
    assert rows["2018-H1"].report.deadline == dt.date(2018, 8, 31)
    assert rows["2018-H2"].report.deadline == dt.date(2019, 2, 28)
    assert rows[None].report.deadline == rows[None].accounts.deadline == dt.date(2019, 7, 1)
    assert rows["2018-H2"].report.state == OVERDUE
    assert rows["2018-H2"].accounts.arrived and rows["2018-H2"].accounts.evidence == [
        "arket Rapporter: sendt 22. februar 2019",
        "bilag Skive/delregnskab_2018-H2.json",
    ]
    assert rows[None].report.state == rows[None].accounts.state == OVERDUE
    assert skive.overdue == 3
    late = [f for f in skive.findings if f.code == "projectdata-report-late"]
    assert [f.field for f in late] == [
        "reports.status:2018-H2",
        "reports.final",
        "reports.accounts",
    ]
    assert "28. februar 2019" in late[0].message
    # The day before the final deadline only the status report is overdue.
    early = api.followup(EXAMPLE, result.out.with_name("tidlig.xlsx"), today=dt.date(2019, 7, 1))
    assert by_folder(early)["Skive"].overdue == 1
    assert by_folder(result)["Viborg"].overdue == by_folder(result)["Randers"].overdue == 0


def test_payment_now_and_what_is_held_back(result: Any) -> None:
    p = by_folder(result)
    viborg, skive, randers = p["Viborg"].payment, p["Skive"].payment, p["Randers"].payment
    assert (viborg.basis, viborg.eligible_spent, viborg.other_income) == (
        "Endeligt regnskab",
        1_308_400,
        100_000,
    )
    assert (viborg.grant_covered, viborg.paid, viborg.requested) == (1_200_000, 974_200, 225_800)
    assert (viborg.payable, viborg.held_back, viborg.pay_now) == (VIBORG_PAYABLE, 0, VIBORG_PAYABLE)
    assert viborg.audit_required and viborg.reasons == []  # revisorerklaering.pdf is there
    assert (skive.basis, skive.basis_period) == ("Delregnskab 2. halvår 2018", "2018-H2")
    assert (skive.grant_covered, skive.paid, skive.requested) == (SKIVE_COVERED, 364_200, 610_000)
    assert (skive.payable, skive.held_back, skive.pay_now) == (SKIVE_PAYABLE, SKIVE_PAYABLE, 0)
    assert skive.reasons == ["Statusrapport 2. halvår 2018 mangler"]
    assert (randers.payable, randers.held_back, randers.pay_now) == (225_800, 225_800, 0)
    assert randers.reasons == [
        "Budgettet afviger fra tilsagnet uden STARs skriftlige godkendelse (se arket Fund)"
    ]
    codes = {f.code for f in p["Randers"].findings}
    assert {"projectdata-budget-differs-from-grant", "followup-payment-held-back"} <= codes
    held = [f for f in p["Skive"].findings if f.code == "followup-payment-held-back"]
    assert held[0].message == (
        "610.000 kr. efter Delregnskab 2. halvår 2018 holdes tilbage: "
        "Statusrapport 2. halvår 2018 mangler."
    )


def test_the_figures_are_the_municipalitys_own_annex(result: Any) -> None:
    """The payment basis equals what the accounts' annex (render) says."""
    for folder in ("Viborg", "Randers"):
        annex = json.loads((EXAMPLE / folder / "regnskab.json").read_text("utf-8"))
        pay = by_folder(result)[folder].payment
        fin = annex["financing"]
        assert (pay.grant_covered, pay.requested, pay.eligible_spent) == (
            fin["grant_covered"],
            fin["requested"],
            fin["eligible_spent"],
        )
    part = json.loads((EXAMPLE / "Skive" / "delregnskab_2018-H2.json").read_text("utf-8"))
    assert by_folder(result)["Skive"].payment.requested == part["financing"]["requested"]


def test_budget_lines_against_the_approved_budget(result: Any) -> None:
    for project in result.projects:  # the record's budget, also where the sheet differs
        lines = {line.key: line for line in project.lines}
        assert project.lines_period is None  # the project has ended: the whole project
        assert [lines[k].budget for k in ("L1", "L2", "L3", "L4")] == [
            1_140_000,
            100_000,
            20_000,
            40_000,
        ]
        assert [lines[k].spent for k in ("L1", "L2", "L3", "L4")] == [
            1_145_000,
            100_000,
            23_400,
            40_000,
        ]
        assert (lines["L3"].deviation, lines["L3"].deviation_pct) == (3_400, 17.0)  # > 10 %
        assert (lines["L1"].deviation, lines["L1"].deviation_pct) == (5_000, 0.44)  # < 10 %
        assert [k for k, line in lines.items() if line.over_tolerance] == ["L3"]
        [fund] = project.income
        assert (fund.budgeted, fund.received, fund.counted) == (100_000, 100_000, 100_000)


def test_caseload_and_labour_status(result: Any) -> None:
    p = by_folder(result)
    # Skive: Lene Eksempel (37 hours) has 40 cases on 31 March 2019: one month over 35.
    assert p["Skive"].caseload_months_over == 1
    assert p["Skive"].caseload_max_per_fte == 40.0
    assert p["Viborg"].caseload_months_over == p["Randers"].caseload_months_over == 0
    totals = {name: (s, e, n) for name, s, e, n in result.labour_totals()}
    assert totals["Ressourceforløb"] == (3 * 320, 3 * 267, 3)
    assert totals["Fleksjob"] == (0, 3 * 21, 3)
    assert sum(e for _s, e, _n in totals.values()) == 3 * 320  # every citizen at the end


def test_the_workbook(result: Any) -> None:
    wb = openpyxl.load_workbook(result.out)
    assert wb.sheetnames == [
        "Projekter",
        "Perioder",
        "Budgetlinjer",
        "Andre tilskudsgivere",
        "Arbejdsmarkedsstatus",
        "Fund",
    ]
    ws = wb["Projekter"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r["Kommune"] for r in rows] == ["Skive Kommune", "Randers Kommune", "Viborg Kommune"]
    assert [r["Til udbetaling nu"] for r in rows] == [0, 0, 225_800]
    assert [r["Tilbageholdt"] for r in rows] == [610_000, 225_800, 0]
    assert [r["Rapporter overskredet"] for r in rows] == [3, 0, 0]
    assert ws["M2"].number_format.endswith('#,##0 "kr."')
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    periods = list(wb["Perioder"].iter_rows(min_row=2, values_only=True))
    assert periods[1][:5] == (
        "Skive Kommune",
        "2. halvår 2018",
        "Overskredet",
        "Statusrapport 2. halvår 2018",
        "28. februar 2019",
    )
    labour = list(wb["Arbejdsmarkedsstatus"].iter_rows(min_row=2, values_only=True))
    assert labour[-1] == ("I alt", 960, 960, 3)
    codes = [r[4] for r in wb["Fund"].iter_rows(min_row=2, values_only=True)]
    assert codes.count("followup-payment-held-back") == 2


def test_deadline_after_the_letter_when_the_record_has_none(tmp_path: Path) -> None:
    from hir_docs.followup.model import DocState
    from hir_docs.followup.workbook import deadline_text

    doc = DocState("final", "Slutrapport", None, dt.date(2019, 7, 1))
    assert deadline_text(doc) == "efter tilsagnsbrevet (forventet 1. juli 2019)"
    assert deadline_text(DocState("final", "Slutrapport", None, None)) == "efter tilsagnsbrevet"


def test_cli_text_json_and_force(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "opf.xlsx"
    res = run_cli("followup", EXAMPLE, "--today", "2019-07-15", "--out", out, "--format", "json")
    assert res.exit_code == 1  # projects with errors
    data = json.loads(res.stdout)
    assert [p["payment"]["pay_now"] for p in data["projects"]] == [0, 0, 225_800]
    again = run_cli("followup", EXAMPLE, "--today", "2019-07-15", "--out", out)
    assert again.exit_code == 2 and "findes" in again.stderr  # --force to overwrite
    text = run_cli("followup", EXAMPLE, "--today", "2019-07-15", "--out", out, "--force")
    assert "Til udbetaling nu: 225.800 kr. – tilbageholdt: 835.800 kr." in text.stdout
    assert run_cli("followup", EXAMPLE, "--out", out).exit_code == 2  # --today is required


def test_json_is_the_presentations(result: Any) -> None:
    data = json.loads(presentation.followup_json(result))
    skive = data["projects"][0]
    assert skive["payment"]["held_back"] == SKIVE_PAYABLE
    assert skive["periods"][1]["report"]["state"] == OVERDUE
    assert data["labour_status_totals"][0] == {
        "category": "Ressourceforløb",
        "start": 960,
        "end": 801,
        "projects": 3,
    }


def test_libreoffice_prints_the_workbook(result: Any, lo_pdf_text: Callable[[Path], str]) -> None:
    text = lo_pdf_text(result.out)
    for expected in ("Skive Kommune", "610.000 kr.", "Overskredet", "Tilbageholdt"):
        assert expected in text
