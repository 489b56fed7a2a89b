"""Budget rules: each fires on a budget built for it and stays quiet otherwise (issue 3)."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from budget_helpers import (
    AUDIT,
    TRANSPORT,
    TRANSPORT_POST,
    budget_file,
    by_code,
    check,
    patch,
    salary,
    sheet_file,
)
from openpyxl import Workbook

from hir_docs.files.sheetguard import SheetLimits, inspect_sheets
from hir_docs.findings import codes, one
from hir_docs.forms.budget import BudgetLineSpec
from hir_docs.pools import PoolLacks, load_pool
from hir_docs.rules.registry import catalogue

CONSULTANT = BudgetLineSpec(
    "Eksterne konsulenter og undervisere", "Ekstern underviser", amounts={2018: 100_000}
)
OWN = "Medfinansiering (egenfinansiering)"


def findings_for(tmp_path: Path, lines: list[BudgetLineSpec] | None = None, **kw: Any) -> list[Any]:
    return check(budget_file(tmp_path, lines=lines, **kw))[1]


def test_every_budget_rule_has_a_seed_source() -> None:
    """Cited by HIR's documents, or, for a rule HIR's documents do not state (its check
    needs a fact HIR does not have), by the documents of the pool it is for (Flere skal med)."""
    budget_rules = [r for r in catalogue() if r.code.startswith("budget-")]
    assert len(budget_rules) >= 18
    others = [load_pool("flere-skal-med"), load_pool("virksomhedsrettet")]
    for rule in budget_rules:
        assert rule.scope == "budget"
        sources = [rule.source()]
        for pool in others:  # a source naming a fact the pool does not know: not its rule
            with contextlib.suppress(PoolLacks):
                sources.append(rule.source(pool))
        assert any(
            s in source
            for source in sources
            for s in (
                "puljeopslag",
                "ansøgningsskema",
                "Q&A",
                "budgetguide",
                "FAQ",
                "programbeskrivelsen",
            )
        ), rule


def test_example_is_clean(tmp_path: Path) -> None:
    assert findings_for(tmp_path) == []


# ---------------------------------------------------------------- arithmetic


def test_salary_hours_times_rate_must_give_the_amount(tmp_path: Path) -> None:
    f = one(
        findings_for(tmp_path, [salary(rate=200), TRANSPORT, AUDIT]), "budget-salary-arithmetic"
    )
    assert f.severity == "error"
    assert f.location == "Budget!I10"
    assert "6.000 timer × 200 kr. = 1.200.000 kr." in f.message
    assert "1.140.000 kr." in f.message


def test_salary_arithmetic_quiet_within_1_kr_and_for_hours_per_person(tmp_path: Path) -> None:
    lines = [salary(rate=190.0001), TRANSPORT, AUDIT]
    assert "budget-salary-arithmetic" not in codes(findings_for(tmp_path, lines))
    per_person = [salary(hours=2000), TRANSPORT, AUDIT]  # 3 persons x 2.000 hours x 190 kr.
    doc, findings = check(budget_file(tmp_path, "pp.xlsx", lines=per_person))
    assert codes(findings) == []
    assert doc.fields["fte"] == 3.12


def test_years_must_sum_to_i_alt(tmp_path: Path) -> None:
    path = patch(budget_file(tmp_path, formulas=False), {"I10": 1_150_000})
    f = one(check(path)[1], "budget-year-sum")
    assert (f.severity, f.location) == ("error", "Budget!I10")
    assert "1.140.000 kr." in f.message and "1.150.000 kr." in f.message


def test_post_total_must_match_its_lines(tmp_path: Path) -> None:
    path = patch(budget_file(tmp_path, formulas=False), {"I9": 1_000_000})
    f = one(check(path)[1], "budget-post-total")
    assert (f.severity, f.location) == ("error", "Budget!I9")


def test_expenses_total_must_match_the_posts(tmp_path: Path) -> None:
    path = patch(budget_file(tmp_path, formulas=False), {"G52": 900_000, "I52": 1_183_000})
    findings = check(path)[1]
    assert codes(findings) == ["budget-expenses-total"] * 2  # "Ansøgt" is still right
    year, total = by_code(findings, "budget-expenses-total")
    assert (year.location, total.location) == ("Budget!G52", "Budget!I52")
    assert "917.000 kr." in year.message


def test_a_wrong_total_is_not_reported_as_ineligible_spending(tmp_path: Path) -> None:
    """'Udgifter i alt' and 'Ansøgt' typed 100.000 kr. too high, every line eligible: the
    sum error is reported at the total, not as spending the pool does not cover."""
    path = patch(budget_file(tmp_path, formulas=False), {"I52": 1_300_000, "I59": 1_300_000})
    found = codes(check(path)[1])
    assert "budget-expenses-total" in found
    assert "budget-requested-exceeds-eligible" not in found


def test_income_total_must_match_the_income_rows(tmp_path: Path) -> None:
    lines = [salary(), TRANSPORT, AUDIT, CONSULTANT]
    path = budget_file(tmp_path, lines=lines, income={OWN: 100_000}, formulas=False)
    assert codes(check(path)[1]) == ["budget-ineligible-line"]  # consultant paid by own funds
    patch(path, {"I57": 50_000})
    f = one(check(path)[1], "budget-income-total")
    assert f.location == "Budget!I57"


def test_requested_must_be_expenses_minus_income(tmp_path: Path) -> None:
    path = patch(budget_file(tmp_path, formulas=False), {"I59": 1_300_000})
    doc, findings = check(path)
    f = one(findings, "budget-requested-arithmetic")
    assert (f.severity, f.location) == ("error", "Budget!I59")
    assert doc.fields["requested_amount"] == 1_300_000  # as the budget states it


def test_income_entered_as_negative_amounts_is_no_false_alarm(tmp_path: Path) -> None:
    """A hand-made budget with income as negative numbers (a common sign convention)."""
    rows: list[list[Any]] = [
        ["Tilskudsmodtager", None, "Varde Kommune"],
        [],
        ["Udgiftspost", "Specifikation", "Antal personer", "Timer i alt", "Timesats", 2018, 2019, "I alt"],
        ["1. Løn"],
        [None, "Koordinerende sagsbehandlere (nyansatte)", 3, "5.772", "220,00", "1.015.872", "253.968", "1.269.840"],
        ["Transport", "Erfaringsworkshop, rejse og ophold", None, None, None, None, "8.520", "8.520"],
        ["Revision", "Revisorerklæring", None, None, None, None, "21.640", "21.640"],
        ["Udgifter i alt", None, None, None, None, "1.015.872", "284.128", "1.300.000"],
        ["Medfinansiering (egenfinansiering)", None, None, None, None, "-100.000", None, "-100.000"],
        ["Indtægter i alt", None, None, None, None, "-100.000", None, "-100.000"],
        ["Ansøgt tilskud fra STAR", None, None, None, None, "915.872", "284.128", "1.200.000"],
    ]  # fmt: skip
    path = sheet_file(tmp_path / "negativ.xlsx", rows)
    doc, findings = check(path)
    assert codes(findings) == []
    assert (doc.fields["income_total"], doc.fields["requested_amount"]) == (100_000, 1_200_000)
    patch(path, {"H11": "1.300.000"})  # but a wrong requested amount is still found
    assert "budget-requested-arithmetic" in codes(check(path)[1])


def test_requested_missing_is_a_warning_with_the_computed_amount(tmp_path: Path) -> None:
    cells = {ref: None for ref in ("A59", "F59", "G59", "H59", "I59", "J59")}
    path = patch(budget_file(tmp_path, formulas=False), cells)
    doc, findings = check(path)
    f = one(findings, "budget-requested-missing")
    assert f.severity == "warning" and "1.200.000 kr." in f.message
    assert doc.fields["requested_amount"] == 1_200_000


# ---------------------------------------------------------------- eligibility


def test_ineligible_post_is_a_warning_and_exceeding_eligible_an_error(tmp_path: Path) -> None:
    findings = findings_for(tmp_path, [salary(), TRANSPORT, AUDIT, CONSULTANT])
    warn = one(findings, "budget-ineligible-line")
    assert (warn.severity, warn.location) == ("warning", "Budget!B17")
    err = one(findings, "budget-requested-exceeds-eligible")
    assert (
        err.severity == "error"
        and "1.300.000 kr." in err.message
        and "1.200.000 kr." in err.message
    )


def test_what_another_grantor_pays_is_not_stars_to_pay(tmp_path: Path) -> None:
    """A fund's 100.000 kr. with a 100.000 kr. ineligible line: the net grant asked for is
    still more than STAR can pay (eligible spending minus the fund)."""
    lines = [salary(), TRANSPORT, AUDIT, CONSULTANT]
    findings = findings_for(tmp_path, lines, income={"Tilskud fra andre tilskudsgivere": 100_000})
    err = one(findings, "budget-requested-exceeds-eligible")
    assert "kun 1.100.000 kr." in err.message
    assert "(1.200.000 kr. minus 100.000 kr. fra andre tilskudsgivere)" in err.message
    # covered by the municipality's own money instead: no error
    both = {"Tilskud fra andre tilskudsgivere": 100_000, OWN: 100_000}
    assert "budget-requested-exceeds-eligible" not in codes(
        findings_for(tmp_path, lines, income=both)
    )


def test_ineligible_covered_by_own_funding_is_no_error(tmp_path: Path) -> None:
    lines = [salary(), TRANSPORT, AUDIT, CONSULTANT]
    findings = findings_for(tmp_path, lines, income={OWN: 100_000})
    assert codes(findings) == ["budget-ineligible-line"]


@pytest.mark.parametrize(
    ("function", "verdict"),
    [
        ("Koordinerende sagsbehandler (nyansat)", "eligible"),
        ("Socialrådgiver, frikøb", "eligible"),
        ("Jobkonsulent", "eligible"),
        ("Sagsbehandlere i jobcentret", "eligible"),
        ("Virksomhedskonsulent", "ineligible"),
        ("Virksomhedsrådgiver", "ineligible"),  # a business consultant, though "rådgiver"
        ("Mentor", "ineligible"),
        ("Projektleder/sagsbehandler", "ineligible"),
        ("Administrativ medarbejder", "ineligible"),
        ("Medarbejder 1", "unclear"),
    ],
)
def test_salary_function_eligibility(tmp_path: Path, function: str, verdict: str) -> None:
    doc, findings = check(
        budget_file(tmp_path, lines=[salary(function=function), TRANSPORT, AUDIT])
    )
    assert doc.fields["lines"][0]["eligible"] is (verdict == "eligible")
    expected = {
        "eligible": [],
        "ineligible": ["budget-ineligible-line", "budget-requested-exceeds-eligible"],
        "unclear": ["budget-salary-function-unclear"],  # a warning, never the error
    }[verdict]
    assert codes(findings) == expected
    if findings:
        assert findings[0].location == "Budget!B10"
        assert findings[0].severity == "warning"


def test_rows_without_an_amount_are_quiet(tmp_path: Path) -> None:
    """A note under Løn and an ineligible post without money are not lines to judge."""
    note = BudgetLineSpec("Løn", "Heraf 1 nyansat fra 1. marts 2018")
    rent = BudgetLineSpec("Husleje", "Lokaler stilles til rådighed af kommunen")
    assert codes(findings_for(tmp_path, [salary(), note, TRANSPORT, AUDIT, rent])) == []
    rent_paid = BudgetLineSpec("Husleje", "Lokaler", amounts={2018: 10_000})
    lines = [salary(), note, TRANSPORT, AUDIT, rent_paid]
    assert "budget-ineligible-line" in codes(findings_for(tmp_path, lines))


@pytest.mark.parametrize(
    ("function", "fires"),
    [
        ("Transport og repræsentation, erfaringsworkshop", False),
        ("Rejse og ophold, erfaringsudvekslingsworkshop 2019", False),
        ("Kørsel til hjemmebesøg", True),
        (None, True),
    ],
)
def test_transport_must_be_for_the_workshop(
    tmp_path: Path, function: str | None, fires: bool
) -> None:
    transport = BudgetLineSpec(TRANSPORT_POST, function, amounts={2018: 5_000, 2019: 15_000})
    doc, findings = check(budget_file(tmp_path, lines=[salary(), transport, AUDIT]))
    assert doc.fields["lines"][1]["eligible"] is not fires
    if not fires:
        assert codes(findings) == []
        return
    # Unclear, not clearly ineligible: a warning on the line, never the grant error.
    assert codes(findings) == ["budget-transport-purpose-unclear"]
    assert (findings[0].severity, findings[0].location) == ("warning", "Budget!B25")
    assert "5.000" not in findings[0].message and "20.000 kr." in findings[0].message


def test_transport_purpose_may_stand_in_the_remark(tmp_path: Path) -> None:
    transport = BudgetLineSpec(
        TRANSPORT_POST, "Kørsel", amounts={2019: 20_000}, remark="Erfaringsworkshop i Odense"
    )
    assert codes(findings_for(tmp_path, [salary(), transport, AUDIT])) == []


# ---------------------------------------------------------------- salary details and limits


def test_salary_line_must_state_function_persons_hours_rate(tmp_path: Path) -> None:
    f = one(
        findings_for(tmp_path, [salary(persons=None), TRANSPORT, AUDIT]), "budget-salary-incomplete"
    )
    # issue 11: a warning (HIR's form asks for "et detaljeret budget")
    assert (f.severity, f.location) == ("warning", "Budget!C10")
    assert "Antal personer" in f.message
    f = one(
        findings_for(tmp_path, [salary(function=None)], name="b.xlsx"), "budget-salary-incomplete"
    )
    assert f.location == "Budget!B10"


@pytest.mark.parametrize(("hours", "rate"), [(10_000, 190), (1_000, 500)])
def test_fte_outside_1_to_4_is_a_warning(tmp_path: Path, hours: int, rate: int) -> None:
    amount = hours * rate
    line = salary(hours=hours, rate=rate, amounts={2018: amount})
    f = one(findings_for(tmp_path, [line, TRANSPORT, AUDIT]), "budget-fte-range")
    assert (f.severity, f.location) == ("warning", "Budget!D10")


def test_budget_without_salary_gets_fte_warning(tmp_path: Path) -> None:
    lines = [BudgetLineSpec("Revision", "Revision", amounts={2019: 600_000})]
    f = one(findings_for(tmp_path, lines), "budget-fte-range")
    assert "ingen lønlinjer" in f.message


@pytest.mark.parametrize(("hours", "rate"), [(1_600, 700), (9_000, 120)])
def test_rate_outside_150_600_is_a_warning(tmp_path: Path, hours: int, rate: int) -> None:
    line = salary(hours=hours, rate=rate, amounts={2018: hours * rate})
    f = one(findings_for(tmp_path, [line, TRANSPORT, AUDIT]), "budget-rate-range")
    assert (f.severity, f.location) == ("warning", "Budget!E10")


@pytest.mark.parametrize("hours", [1_500, 12_000])
def test_requested_outside_grant_limits_is_an_error(tmp_path: Path, hours: int) -> None:
    line = salary(hours=hours, amounts={2018: hours * 190})
    f = one(findings_for(tmp_path, [line, AUDIT]), "budget-requested-range")
    assert (f.severity, f.location) == ("error", "Budget!I59")


def test_requested_at_the_limits_is_quiet(tmp_path: Path) -> None:
    line = salary(hours=2_000, rate=230, amounts={2018: 460_000})  # + 40.000 audit = 500.000
    assert codes(findings_for(tmp_path, [line, AUDIT])) == []


def test_no_audit_above_500000_is_a_warning(tmp_path: Path) -> None:
    f = one(findings_for(tmp_path, [salary(), TRANSPORT]), "budget-no-audit")
    assert f.severity == "warning" and f.location == "Budget!I59"


# ---------------------------------------------------------------- period


def test_audit_amount_that_cannot_be_recomputed_still_counts_as_audit(tmp_path: Path) -> None:
    cells = {"H41": "=Satser!B2", "I41": "=SUM(F41:H41)"}  # the Revision line
    path = patch(budget_file(tmp_path, formulas=False), cells)
    doc, findings = check(path)
    assert doc.fields["lines"][2]["post"] == "Revision"
    assert codes(findings) == ["budget-formula-not-computed"]  # and no budget-no-audit


def test_amount_in_a_year_outside_the_project_period_is_an_error(tmp_path: Path) -> None:
    late = BudgetLineSpec("Revision", "Revision af slutregnskab", amounts={2020: 40_000})
    findings = findings_for(tmp_path, [salary(), TRANSPORT, late], years=[2017, 2018, 2019, 2020])
    f = one(findings, "budget-year-outside-period")
    assert (f.severity, f.location) == ("error", "Budget!I41")
    assert "2020" in f.message


def test_salary_in_2017_is_info(tmp_path: Path) -> None:
    line = salary(amounts={2017: 38_000, 2018: 874_000, 2019: 228_000})
    f = one(findings_for(tmp_path, [line, TRANSPORT, AUDIT]), "budget-salary-before-start")
    assert (f.severity, f.location) == ("info", "Budget!F10")
    assert "1. marts 2018" in f.message


def test_transport_in_2017_is_quiet(tmp_path: Path) -> None:
    transport = BudgetLineSpec(
        TRANSPORT.post, TRANSPORT.function, amounts={2017: 5_000, 2019: 15_000}
    )
    assert findings_for(tmp_path, [salary(), transport, AUDIT]) == []


def test_recipient_must_be_a_municipality(tmp_path: Path) -> None:
    f = one(findings_for(tmp_path, recipient="Foreningen Nordlys"), "budget-recipient-missing")
    assert (f.severity, f.location) == ("warning", "Budget!C4")
    doc, findings = check(budget_file(tmp_path, recipient="Jobcenter Århus"))
    assert (codes(findings), doc.fields["municipality_code"]) == ([], "751")


# ---------------------------------------------------------------- bad workbooks


def _zip_patch(src: Path, dst: Path, entry: str, fn: Any) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, fn(data) if info.filename == entry else data)
    return dst


def _bad_corrupt(tmp: Path) -> Path:
    good = budget_file(tmp, "good.xlsx").read_bytes()
    bad = tmp / "corrupt.xlsx"
    bad.write_bytes(good[: len(good) // 2])
    return bad


def _bad_macro(tmp: Path) -> Path:
    path = tmp / "budget.xlsm"
    path.write_bytes(budget_file(tmp, "good.xlsx").read_bytes())
    return path


def _bad_dimension(tmp: Path) -> Path:
    return _zip_patch(
        budget_file(tmp, "good.xlsx"),
        tmp / "dimension.xlsx",
        "xl/worksheets/sheet2.xml",
        lambda d: d.replace(b'<dimension ref="A1:J59"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )


def _bad_far_cell(tmp: Path) -> Path:
    far = (
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    return _zip_patch(
        budget_file(tmp, "good.xlsx"),
        tmp / "far.xlsx",
        "xl/worksheets/sheet2.xml",
        lambda d: d.replace(b"</sheetData>", far),
    )


def _bad_merged(tmp: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Budget"
    ws["A1"], ws["A2"], ws["B3"], ws["C3"] = (
        "Udgifter i alt",
        "Ansøgt tilskud fra STAR",
        "Timesats (kr.)",
        "Timer i alt",
    )
    for r in range(10, 3010):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    path = tmp / "merged.xlsx"
    wb.save(path)
    return path


BAD = {
    "corrupt": (_bad_corrupt, "file-corrupt"),
    "macro-enabled .xlsm": (_bad_macro, "file-macro-enabled"),
    "huge dimension A1:XFD1048576": (_bad_dimension, "file-sheet-too-large"),
    "a value in XFD1048576": (_bad_far_cell, "file-sheet-too-large"),
    "thousands of merged cells": (_bad_merged, "file-too-many-merged-cells"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_workbook_gives_one_clear_finding(tmp_path: Path, case: str) -> None:
    build, code = BAD[case]
    path = build(tmp_path)
    # No clock here: one finding and no document read show the sheet guard refused the
    # workbook before openpyxl or calamine loaded it (time per file: benchmarks/bench_bulk.py).
    doc, findings = check(path)
    assert codes(findings) == [code]
    assert findings[0].severity == "error"
    assert findings[0].message and findings[0].hint
    assert doc.kind == "unknown"


def test_sheet_guard_is_quiet_for_a_long_normal_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in range(1, 5001):
        ws.append([f"Borger {r}", "Sagsbehandler", 37, r])
    for r in range(1, 201):
        ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=6)
    path = tmp_path / "lang.xlsx"
    wb.save(path)
    assert inspect_sheets(path) == []
    assert codes(inspect_sheets(path, SheetLimits(max_rows=4_000))) == ["file-sheet-too-large"]
    assert codes(inspect_sheets(path, SheetLimits(max_merged=100))) == [
        "file-too-many-merged-cells"
    ]
