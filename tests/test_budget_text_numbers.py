"""A number typed as text in a cell a formula sums (issue 11, item 2).

Excel's and LibreOffice's SUM count a text cell as 0, so the totals the applicant sees
differ from the ones meant. The error is at that very cell; text numbers no formula uses
keep the tolerant reading (a self-made budget without formulas).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budget_helpers import budget_file, check, patch

from hir_docs.findings import codes, one
from hir_docs.rules import RULES

TEXT = "912.000 kr."


def _assert_one_error_at_the_cell(path: Path) -> None:
    doc, findings = check(path)
    assert codes(findings) == ["budget-number-as-text"]
    f = one(findings, "budget-number-as-text")
    assert (f.severity, f.location) == ("error", "Budget!G10")
    assert "912.000 kr." in f.message and "skrevet som tekst" in f.message
    assert "regner det som 0" in f.message
    assert "=SUM" not in (f.hint or "")
    # The totals are read as the applicant meant them, so nothing else is reported.
    assert doc.fields["requested_amount"] == 1_200_000
    assert doc.fields["lines"][0]["amounts"]["2018"] == 912_000


def test_text_number_in_a_summed_cell_openpyxl_saved(tmp_path: Path) -> None:
    path = patch(budget_file(tmp_path), {"G10": TEXT})  # no cached values: recomputed
    _assert_one_error_at_the_cell(path)


def test_text_number_in_a_summed_cell_libreoffice_saved(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    src = patch(budget_file(tmp_path), {"G10": TEXT})
    resaved = lo_convert(src, "xlsx")  # LibreOffice stores its own totals (text as 0)
    _assert_one_error_at_the_cell(resaved)


def test_text_numbers_no_formula_uses_are_read_tolerantly(tmp_path: Path) -> None:
    path = patch(
        budget_file(tmp_path, formulas=False), {"G10": TEXT, "H10": "228.000", "I10": "1.140.000"}
    )
    doc, findings = check(path)
    assert codes(findings) == []
    assert doc.fields["lines"][0]["amounts"] == {"2017": None, "2018": 912_000, "2019": 228_000}


def test_rule_is_in_the_catalogue_with_its_source() -> None:
    rule = RULES["budget-number-as-text"]
    assert rule.severity == "error" and "ansøgningsskema, Økonomi" in rule.source()
    assert "budgetguide" not in rule.source()  # the guide gives only the posts and the net grant


def test_the_fix_hint_names_the_number_of_that_cell(tmp_path: Path) -> None:
    """Issue 21, point 20: the hint's example is the cell's own number, not a fixed one."""
    path = patch(budget_file(tmp_path), {"G10": "912.000 kr.", "H10": "228.000 kr."})
    hints = {f.location: f.hint or "" for f in check(path)[1] if f.code == "budget-number-as-text"}
    assert "(fx 912000)" in hints["Budget!G10"] and "(fx 228000)" in hints["Budget!H10"]
