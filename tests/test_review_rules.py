"""Review fixes in the rules and the model, each on input built in code."""

from __future__ import annotations

import datetime as dt

import pytest
from projectdata_helpers import example

from hir_docs.findings import Document, Finding
from hir_docs.formatting import dato_kort, number
from hir_docs.forms.application_layout import FIELDS
from hir_docs.model import Budget, BudgetLine
from hir_docs.model.accounts import compute_accounts
from hir_docs.model.projectdata import ProjectData
from hir_docs.pipeline import Submission, cross_check
from hir_docs.pools import load_pool
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.budget_workbook import check_formula_errors
from hir_docs.rules.projectdata import OVER_BUDGET
from hir_docs.rules.registry import run_checks


def _budget_with_error(column: str, loc: str) -> Budget:
    line = BudgetLine(post="Løn", function="Jobkonsulent", hours=1000, rate=300.0)
    line.amounts = {2018: 300_000}
    line.cells = {"2018": "Budget!G10", "rate": "Budget!E10"}
    total = BudgetLine(post="Udgifter i alt", amounts={2018: 300_000})
    total.cells = {column: loc}
    return Budget(years=[2018], lines=[line], expenses_row=total, formula_errors={loc: "#DIV/0!"})


def test_formula_error_in_a_total_rows_rate_cell_names_no_amount() -> None:
    budget = _budget_with_error("rate", "Budget!E52")
    [finding] = check_formula_errors(budget, Context(file="budget.xlsx"))
    assert finding.location == "Budget!E52"
    assert "Her forventes" not in finding.message and "0 kr." not in finding.message
    assert "kan ikke regnes ud uden formlen" in finding.message


def test_formula_error_in_a_total_rows_year_cell_still_names_the_sum() -> None:
    budget = _budget_with_error("2018", "Budget!G52")
    [finding] = check_formula_errors(budget, Context(file="budget.xlsx"))
    assert "Her forventes 300.000 kr." in finding.message and "for 2018" in finding.message


def _overpaid(data: ProjectData) -> list[Finding]:
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=dt.date(2019, 7, 15)))
    return [f for f in run_checks("projectdata", data, ctx) if f.code == "projectdata-overpaid"]


@pytest.mark.parametrize(
    "label", ["Egenfinansiering", "Kommunal medfinansiering", "Medfinansiering (egenfinansiering)"]
)
def test_own_cofinancing_by_any_of_its_names_is_not_another_grantor(label: str) -> None:
    data = example(grant=1_200_000)
    data.instalments[0].amount = 1_200_000  # the whole grant: covered by the eligible spending
    data.income = {label: 100_000}
    assert data.other_grantors == {}
    assert compute_accounts(data).grant_covered == 1_200_000
    assert _overpaid(data) == []


def test_another_grantor_still_lowers_stars_share() -> None:
    data = example(grant=1_200_000)
    data.income = {"Tilskud fra Region Midtjylland": 100_000}
    assert data.other_grantors == {"Tilskud fra Region Midtjylland": 100_000}
    assert compute_accounts(data).grant_covered == 1_113_000


def test_overpaid_message_has_no_double_full_stop() -> None:
    data = example(grant=600_000)
    data.instalments[0].amount = 600_001
    [finding] = _overpaid(data)
    assert "kr.." not in finding.message
    assert "er 600.000 kr. Der skal betales 1 kr. tilbage." in finding.message


# --- an unreadable file may be the missing form (by what its name says it is) -----------


def _submission(*docs: Document, unreadable: list[str]) -> list[str]:
    sub = Submission(list(docs), expect_complete=True, unreadable=unreadable)
    return [f.code for f in cross_check(sub)]


APP = Document("ind/ansoegning.docx", "application", {"municipality_code": "791"})
BUDGET = Document("ind/budget.xlsx", "budget", {"municipality_code": "791"})


@pytest.mark.parametrize("name", ["ind/ansoegning.odt", "ind/ansoegning.dotm", "ind/a.docx"])
def test_an_unreadable_text_document_may_be_the_application_not_the_budget(name: str) -> None:
    assert "cross-application-missing" not in _submission(BUDGET, unreadable=[name])
    assert "cross-budget-missing" in _submission(APP, unreadable=[name])


@pytest.mark.parametrize("name", ["ind/budget.xlsb", "ind/budget.xltm", "ind/budget.ods"])
def test_an_unreadable_spreadsheet_may_be_the_budget_not_the_application(name: str) -> None:
    assert "cross-budget-missing" not in _submission(APP, unreadable=[name])
    assert "cross-application-missing" in _submission(BUDGET, unreadable=[name])


def test_an_unreadable_file_of_another_kind_may_be_either_form() -> None:
    assert "cross-budget-missing" not in _submission(APP, unreadable=["ind/skema"])
    assert "cross-application-missing" not in _submission(BUDGET, unreadable=["ind/skema"])


# --- free text in a finding's field is masked -------------------------------------------


def test_a_caseworker_named_by_a_cpr_number_is_masked_in_field_and_message() -> None:
    data = example()
    data.caseworkers[0].name = "120384-1234"
    data.caseworkers[0].totals.pop(data.snapshot_dates[0])
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=dt.date(2019, 7, 15)))
    [finding] = [
        f
        for f in run_checks("projectdata", data, ctx)
        if f.code == "projectdata-caseload-total-missing"
    ]
    assert "1234" not in (finding.field or "") and "1234" not in finding.message
    assert finding.field == "caseworkers.120384-xxxx"
    assert dato_kort(data.snapshot_dates[0]) in finding.message


# --- pool facts in rule texts -------------------------------------------------------------


def test_over_budget_texts_name_the_pools_tolerance() -> None:
    pool = load_pool()
    pct = number(pool.number("over_budget_tolerance_pct"))
    assert OVER_BUDGET.description_template.count("{over_budget_tolerance_pct}") == 1
    assert f"over {pct} %" in OVER_BUDGET.source(pool)
    assert f"mere end {pct} %" in OVER_BUDGET.description(pool)


def test_a_fields_short_label_is_the_last_part_of_its_location() -> None:
    assert FIELDS["project_name"].short_label == "Projektets navn"
    assert all(" › " not in f.short_label for f in FIELDS.values())
