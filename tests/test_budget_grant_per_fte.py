"""Grant against staff (issue 21, point 9).

The puljeopslag, indledning: "tilskud mellem 0,5 mio. kroner og 2 mio. kroner, svarende til
1-4 årsværk", i.e. about 500.000 kr. per årsværk at both ends. How far above that is too
much the sources do not say: we assume 50 % (750.000 kr. per årsværk) and say so.
"""

from __future__ import annotations

from pathlib import Path

from budget_helpers import TRANSPORT, budget_file, check, salary

from hir_docs.findings import codes, one
from hir_docs.forms.budget import BudgetLineSpec
from hir_docs.rules.registry import catalogue

CODE = "budget-grant-per-fte"


def _audit(amount: int) -> BudgetLineSpec:
    return BudgetLineSpec("Revision", "Revisorpåtegning af slutregnskab", amounts={2019: amount})


def test_more_than_half_again_the_pools_grant_per_staff_year_is_a_warning(
    tmp_path: Path,
) -> None:
    """1.360.000 kr. for 1,14 årsværk: 2.200 hours at 590 kr., transport and audit."""
    pay = salary(persons=1, hours=2_200, rate=590, amounts={2018: 1_000_000, 2019: 298_000})
    doc, findings = check(budget_file(tmp_path, lines=[pay, TRANSPORT, _audit(42_000)]))
    assert (doc.fields["requested_amount"], doc.fields["fte"]) == (1_360_000, 1.14)
    assert codes(findings) == [CODE]
    f = one(findings, CODE)
    assert (f.severity, f.field, f.location) == ("warning", "requested_amount", "Budget!I59")
    assert f.message.startswith(
        "Der søges 1.360.000 kr. til 1,14 årsværk, dvs. 1.192.982 kr. pr. årsværk."
    )
    assert "mellem 500.000 kr. og 2.000.000 kr., svarende til 1-4 årsværk" in f.message
    assert "ca. 500.000 kr. pr. årsværk" in f.message
    assert "antaget" in f.message and "50 %" in f.message and "750.000 kr." in f.message


def test_the_example_budget_has_about_the_pools_grant_per_staff_year(tmp_path: Path) -> None:
    doc, findings = check(budget_file(tmp_path))  # 1.200.000 kr. for 3,12 årsværk
    assert doc.fields["fte"] == 3.12 and CODE not in codes(findings)


def _two_staff_years(tmp_path: Path, audit: int) -> list[str]:
    """2 årsværk (3.848 hours at 374 kr. = 1.439.152 kr.) plus transport and audit."""
    pay = salary(persons=2, hours=3_848, rate=374, amounts={2018: 1_000_000, 2019: 439_152})
    path = budget_file(tmp_path, f"b{audit}.xlsx", lines=[pay, TRANSPORT, _audit(audit)])
    doc, findings = check(path)
    assert doc.fields["fte"] == 2.0
    return codes(findings)


def test_the_limit_is_one_and_a_half_times_the_pools_grant_per_staff_year(
    tmp_path: Path,
) -> None:
    assert _two_staff_years(tmp_path, 40_848) == []  # 1.500.000 kr. = 750.000 kr. pr. årsværk
    assert _two_staff_years(tmp_path, 40_850) == [CODE]  # 2 kr. more


def test_hours_outside_one_to_four_staff_years_are_said_once(tmp_path: Path) -> None:
    """Too few hours give budget-fte-range; the grant per årsværk would repeat the cause."""
    pay = salary(persons=1, hours=900, rate=500, amounts={2018: 450_000})
    findings = check(budget_file(tmp_path, lines=[pay, TRANSPORT, _audit(40_000)]))[1]
    assert codes(findings) == ["budget-fte-range"]


def test_the_rule_says_its_limit_is_assumed() -> None:
    rule = next(r for r in catalogue() if r.code == CODE)
    assert rule.severity == "warning"
    assert "»tilskud mellem 0,5 mio. kroner og 2 mio. kroner, svarende til 1-4 årsværk«" in (
        rule.source()
    )
    assert "antaget: mere end 50 %" in rule.source()
    assert "50 %" in rule.description() and "antaget" in rule.description()
