"""Accounts (regnskab): workbook with real numbers plus a Word cover."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from projectdata_helpers import digest, docx_text, example, write

from hir_docs.api import render_report
from hir_docs.model.accounts import audit_required, compute_accounts
from hir_docs.render.sheetfit import text_lines


def table(path: Path, sheet: str = "Regnskab") -> dict[str, list[Any]]:
    """Rows of a sheet of the accounts workbook keyed by their first cell."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {str(r[0]): list(r[1:]) for r in ws.iter_rows(values_only=True) if r[0] is not None}


def test_final_accounts_one_row_per_approved_line_with_totals(tmp_path: Path) -> None:
    xlsx, cover = render_report("accounts", write(tmp_path, example()), tmp_path / "out")
    assert (xlsx.name, cover.name) == ("regnskab.xlsx", "regnskab_forside.docx")
    rows = table(xlsx)
    # Linje | budget line | budget | spent | deviation | deviation % | remark
    assert rows["L1"][1:5] == [1_140_000, 1_150_000, 10_000, pytest.approx(10_000 / 1_140_000)]
    assert rows["L2"][1:6] == [
        20_000,
        23_000,
        3_000,
        pytest.approx(0.15),
        "Workshop to dage & overnatning",
    ]
    assert rows["L3"][1:5] == [40_000, 40_000, 0, 0]
    assert rows["I alt"][1:5] == [1_200_000, 1_213_000, 13_000, pytest.approx(13_000 / 1_200_000)]
    money = table(xlsx, "Finansiering")
    assert money["Udgifter i alt"][:2] == [None, 1_213_000]
    assert money["Tilskud fra STAR"][:2] == [1_200_000, 1_200_000]
    assert money["Kommunens egenfinansiering"][:2] == [0, 13_000]
    assert money["Udbetalt af STAR"][0] == 384_000
    # 1.200.000 - 384.000 paid - 560.000 requested by the part accounts for 2018-H2
    assert money["Anmodes om med dette regnskab"][0] == 256_000
    text = docx_text(cover)
    assert "I alt | 1.200.000 kr. | 1.213.000 kr. | 13.000 kr. | 1,1 %" in text
    assert "Anmodes om med dette regnskab | 256.000 kr." in text
    assert "Regnskabsperiode | Hele projektperioden (20. december 2017 – 1. april 2019)" in text
    assert "Forbrug i perioden" not in text
    assert "Transport og repræsentation, erfaringsworkshop: Workshop to dage & overnatning" in text


def test_grant_payable_is_eligible_spending_capped_at_the_grant_minus_paid() -> None:
    data = example(grant=1_300_000)  # grant above spending: all eligible spending is covered
    acc = compute_accounts(data)
    assert (acc.eligible_spent, acc.grant_covered, acc.paid) == (1_213_000, 1_213_000, 384_000)
    assert (acc.pending, acc.payable) == (560_000, 269_000)  # 2018-H2's part accounts: 560.000
    data.lines[0].eligible = False  # ineligible salary is not covered
    data.approved = None  # measured against the Budget sheet (an old file without the record)
    acc = compute_accounts(data)
    assert (acc.eligible_spent, acc.grant_covered, acc.payable) == (63_000, 63_000, -321_000)
    assert (acc.requested, acc.repayment) == (0, 321_000)


def test_repayment_is_shown_when_more_was_paid(tmp_path: Path) -> None:
    data = example(grant=600_000)
    data.instalments[0].amount = 700_000
    xlsx, cover = render_report("accounts", write(tmp_path, data), tmp_path / "out")
    rows = table(xlsx, "Finansiering")
    assert rows["Anmodes om med dette regnskab"][0] == 0
    assert rows["Til tilbagebetaling til STAR"][0] == 100_000
    text = docx_text(cover)
    assert "Til tilbagebetaling til STAR: 100.000 kr." in text
    assert "Viborg Kommune skal betale 100.000 kr. tilbage til STAR" in text


@pytest.mark.parametrize(
    ("grant", "title"),
    [(499_999, "Ledelsespåtegning"), (500_000, "Ledelsespåtegning"), (500_001, "Revisorpåtegning")],
)
def test_statement_chosen_by_grant_size(tmp_path: Path, grant: int, title: str) -> None:
    data = example(grant=grant)
    data.management_name, data.auditor_name = "Hanne Eksempelsen", "Lars Prøve"
    _xlsx, cover = render_report("accounts", write(tmp_path, data), tmp_path / "out")
    other = {"Ledelsespåtegning": "Revisorpåtegning", "Revisorpåtegning": "Ledelsespåtegning"}[
        title
    ]
    text = docx_text(cover)
    assert title in text and other not in text
    assert ("Revisor |  |  | Lars Prøve" in text) is (grant > 500_000)
    assert "For kommunens ledelse |  |  | Hanne Eksempelsen" in text
    assert audit_required(grant) is (grant > 500_000)


def test_part_accounts_for_a_half_year(tmp_path: Path) -> None:
    data = example(grant=400_000)  # grant below spending to date
    xlsx, cover = render_report("accounts", write(tmp_path, data), tmp_path / "o", period="2018-H2")
    assert (xlsx.name, cover.name) == (
        "delregnskab_2018-H2.xlsx",
        "delregnskab_2018-H2_forside.docx",
    )
    rows = table(xlsx)
    # Linje | budget line | budget | budget to date | in period | to date | deviation
    # (issue 12: the deviation is against the budget so far: 2018 fully, 2019 not yet)
    assert rows["L1"][1:6] == [1_140_000, 912_000, 560_000, 940_000, 28_000]
    assert rows["L2"][1:6] == [20_000, 5_000, 0, 4_000, -1_000]
    assert rows["I alt"][1:6] == [1_200_000, 917_000, 560_000, 944_000, 27_000]
    # covered: min(944.000, 400.000); paid before 2018-H2: 384.000 -> 16.000
    money = table(xlsx, "Finansiering")
    assert money["Udbetalt af STAR"][0] == 384_000
    assert money["Anmodes om med dette regnskab"][0] == 16_000
    assert rows["Regnskabsperiode"][1] == "2. halvår 2018"
    text = docx_text(cover)
    assert "Delregnskab" in text and "Regnskabsperiode | 2. halvår 2018" in text
    assert "Ledelsens erklæring" in text
    # the deviation is against the budget to date, so that column is shown too
    heads = (
        "Budgetlinje | Budget i alt | Budget til dato | Forbrug til dato | Afvigelse | Afvigelse %"
    )
    assert heads in text
    assert (
        "Løn: Koordinerende sagsbehandler (nyansat) | 1.140.000 kr. | 912.000 kr. | 940.000 kr. "
        "| 28.000 kr. | 3,1 %" in text
    )
    assert "I alt | 1.200.000 kr. | 917.000 kr. | 944.000 kr. | 27.000 kr." in text
    assert "Forbrug i perioden (2. halvår 2018): 560.000 kr.\n" in text  # no "kr.."
    assert "Udgifter til dato i alt | 944.000 kr." in text
    assert "Anmodes om med dette regnskab | 16.000 kr." in text


def test_accounts_are_deterministic_and_inputs_untouched(tmp_path: Path) -> None:
    pd = write(tmp_path, example())
    before = digest(pd)
    a = render_report("accounts", pd, tmp_path / "a")
    b = render_report("accounts", pd, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert digest(pd) == before


def test_remark_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    data = example()
    data.lines[1].remark = "=1+1 & <b>"
    xlsx, cover = render_report("accounts", write(tmp_path, data), tmp_path / "o")
    ws = openpyxl.load_workbook(xlsx)["Regnskab"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=1+1 & <b>"]
    assert len(cells) == 1 and cells[0].data_type == "s"
    assert "=1+1 & <b>" in docx_text(cover)


def test_long_remarks_get_tall_rows_and_numbers_danish_formats(tmp_path: Path) -> None:
    data = example()
    data.lines[1].remark = "Workshoppen varede to dage i stedet for én. " * 6
    xlsx, _cover = render_report("accounts", write(tmp_path, data), tmp_path / "o")
    ws = openpyxl.load_workbook(xlsx)["Regnskab"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    remark_col = next(
        c for c in range(1, ws.max_column + 1) if ws.cell(rows["Linje"], c).value == "Bemærkning"
    )
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(remark_col)].width
    assert text_lines(data.lines[1].remark, width) >= 5
    assert ws.row_dimensions[rows["L2"]].height >= 5 * 15
    assert ws.row_dimensions[rows["L3"]].height is None  # short texts: default height
    assert ws.cell(rows["L2"], remark_col).alignment.wrap_text
    assert ws.cell(rows["L1"], 3).number_format == "[$-406]#,##0"
    assert ws.cell(rows["L1"], 6).number_format == "[$-406]0.0\\ %"


def test_text_lines_estimate() -> None:
    assert text_lines("kort", 20) == 1
    assert text_lines("a " * 40, 20) > 1
    assert text_lines("linje 1\nlinje 2", 40) == 2
    assert text_lines("x" * 100, 12) >= 9  # one long word breaks too


def test_financing_besides_star_is_shown(tmp_path: Path) -> None:
    data = example()
    data.income = {"Medfinansiering": 50_000}  # approved so (the record is made from it)
    xlsx, cover = render_report("accounts", write(tmp_path, data), tmp_path / "o")
    assert table(xlsx, "Finansiering")["Kommunens egenfinansiering"][:2] == [50_000, 13_000]
    assert "Kommunens egenfinansiering | 50.000 kr. | 13.000 kr." in docx_text(cover)
    assert "Andre tilskudsgivere" not in docx_text(cover)  # own money is no other grantor
