"""Issue 20, points 4 and 5: money counted once. Another grantor's money as received per
half-year; every part accounts and the final accounts together request STAR's share once;
no part accounts for the half-year in which the project ends."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from projectdata_helpers import FUND, docx_text, example, second_project, write

from hir_docs.api import render_report
from hir_docs.findings import HirDocsError
from hir_docs.model.accounts import compute_accounts, part_periods
from hir_docs.model.projectdata import Instalment, ProjectData
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.registry import run_checks

TODAY = dt.date(2019, 7, 15)


def sheet_rows(path: Path, sheet: str) -> dict[str, list[Any]]:
    """Rows of a sheet of the accounts workbook keyed by their first cell."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {str(r[0]): list(r[1:]) for r in ws.iter_rows(values_only=True) if r[0] is not None}


def requested(xlsx: Path, cover: Path) -> int:
    """What one accounts document requests: the workbook's figure, which the Word document
    (the one signed) states in words too."""
    amount = sheet_rows(xlsx, "Finansiering")["Anmodes om med dette regnskab"][0]
    text = docx_text(cover)
    said = re.search(r"anmoder .* om udbetaling af ([\d.]+) kr\.", text)
    assert (said.group(1).replace(".", "") if said else "0") == str(amount), text
    assert f"Anmodes om med dette regnskab | {amount:,} kr.".replace(",", ".") in text
    return int(amount)


def every_request(tmp_path: Path, data: ProjectData) -> dict[str, int]:
    """Render every part accounts and the final accounts; what each requests."""
    pd = write(tmp_path, data)
    out: dict[str, int] = {}
    for period in [*part_periods(data), None]:
        xlsx, cover = render_report("accounts", pd, tmp_path / str(period), period=period).written
        out[period or "final"] = requested(xlsx, cover)
    return out


def star_share(data: ProjectData) -> int:
    """Eligible spending minus other income, capped at the grant."""
    acc = compute_accounts(data)
    return min(acc.eligible_spent - acc.other_total, data.grant or 0)


def test_the_requests_of_all_accounts_add_up_to_stars_share_once(tmp_path: Path) -> None:
    data = second_project()  # the fund's 150.000 kr. arrive in 2018-H1 and 2019-H1
    asked = every_request(tmp_path / "a", data)
    # 2018-H1: 483.000 eligible - 75.000 from the fund; 2018-H2: 1.203.000 - 75.000 - 408.000;
    # final: min(1.809.000 - 150.000, 1.650.000) - 1.128.000
    assert asked == {"2018-H1": 408_000, "2018-H2": 720_000, "final": 522_000}
    assert sum(asked.values()) == star_share(data) == 1_650_000
    plain = example()  # 2018-H2 requested and not yet paid: the final accounts leave it out
    asked = every_request(tmp_path / "b", plain)
    assert asked == {"2018-H1": 384_000, "2018-H2": 560_000, "final": 256_000}
    assert sum(asked.values()) == star_share(plain) == 1_200_000


def test_requests_never_exceed_the_share_whatever_was_paid() -> None:
    for paid in ([], [384_000], [384_000, 560_000], [400_000, 500_000], [384_000, 900_000]):
        data = example()
        data.instalments = [
            Instalment(dt.date(2019, 1, 1), p, a)
            for p, a in zip(["2018-H1", "2018-H2"], paid, strict=False)
        ]
        asks = [compute_accounts(data, p).requested for p in part_periods(data)]
        final = compute_accounts(data)
        total = sum(asks) + final.requested
        assert total <= star_share(data), paid
        # what was paid beyond the share is to be paid back, never requested again
        assert final.repayment == max(sum(paid) - final.grant_covered, 0)


def test_final_accounts_list_every_part_request_and_payment(tmp_path: Path) -> None:
    data = example()
    xlsx, cover = render_report("accounts", write(tmp_path, data), tmp_path / "o").written
    text = docx_text(cover)
    assert "Delregnskab 1. halvår 2018 | 384.000 kr. | 384.000 kr. | 0 kr." in text
    assert "Delregnskab 2. halvår 2018 | 560.000 kr. | 0 kr. | 560.000 kr." in text
    assert "Tilskud fra STAR i alt | 1.200.000 kr." in text
    assert "Udbetalt af STAR | 384.000 kr." in text
    assert "Anmodet i tidligere delregnskaber, ikke udbetalt | 560.000 kr." in text
    assert "Anmodes om med dette regnskab | 256.000 kr." in text
    assert "anmoder Viborg Kommune om udbetaling af 256.000 kr. i tilskud" in text
    rows = sheet_rows(xlsx, "Finansiering")
    assert rows["Delregnskab 2. halvår 2018"][:3] == [560_000, 0, 560_000]
    assert rows["Anmodet i tidligere delregnskaber, ikke udbetalt"][0] == 560_000


@pytest.mark.parametrize("period", ["2019-H1", "2017-H2"])
def test_no_part_accounts_for_a_half_year_without_its_own(tmp_path: Path, period: str) -> None:
    """The half-year in which the project ends is in the final accounts (two documents
    would otherwise ask for the same money, due the same day); before the real start there
    is nothing to account for."""
    data = example()
    pd = write(tmp_path, data)
    with pytest.raises(HirDocsError, match="Der laves ikke delregnskab") as err:
        render_report("accounts", pd, tmp_path / "o", period=period, draft=True)
    if period == "2019-H1":
        assert "projektet slutter 1. april 2019" in str(err.value)
        assert "endelige regnskab" in str(err.value)
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
    assert part_periods(data) == ["2018-H1", "2018-H2"]


def test_other_grantors_money_is_counted_as_received_per_half_year(tmp_path: Path) -> None:
    data = second_project()
    pd = write(tmp_path, data)
    want = {
        "2018-H1": f"{FUND} | 150.000 kr. | 75.000 kr. | 75.000 kr. | 75.000 kr.",
        "2018-H2": f"{FUND} | 150.000 kr. | 0 kr. | 75.000 kr. | 75.000 kr.",
        None: f"{FUND} | 150.000 kr. | 150.000 kr. | 150.000 kr.",  # no period column
    }
    for period, row in want.items():
        xlsx, cover = render_report("accounts", pd, tmp_path / str(period), period=period).written
        text = docx_text(cover)
        assert row in text, text
        assert "som de er modtaget" in text and "ikke opgjort" not in text
        ws = openpyxl.load_workbook(xlsx)["Finansiering"]
        fund = [r[1:] for r in ws.iter_rows(values_only=True) if r[0] == FUND]
        # the fund once in the financing (approved, deducted), once in its own table
        counted = 75_000 if period else 150_000
        received = {"2018-H1": 75_000, "2018-H2": 0, None: 150_000}[period]
        own_table = (150_000, received, counted, counted) if period else (150_000, 150_000, 150_000)
        assert [f[: len(own_table)] for f in fund] == [
            (150_000, counted, None, None)[: len(own_table)],
            own_table,
        ]


def _checked(data: ProjectData) -> list[tuple[str, str]]:
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=TODAY))
    return [(f.code, f.message) for f in run_checks("projectdata", data, ctx)]


def test_unreported_receipts_deduct_the_approved_amount_and_say_so(tmp_path: Path) -> None:
    data = second_project()
    data.income_received = {}
    part = compute_accounts(data, "2018-H1")
    assert [(o.received, o.counted) for o in part.other_income] == [(None, 150_000)]
    assert part.grant_covered == 483_000 - 150_000
    found = [m for c, m in _checked(data) if c == "projectdata-income-not-reported"]
    assert found == [
        f"Der er ikke opgjort, hvad {FUND} har udbetalt pr. halvår. Regnskabet fratrækker "
        "derfor hele det godkendte beløb på 150.000 kr. fra STAR's andel."
    ]
    xlsx, cover = render_report(
        "accounts", write(tmp_path, data), tmp_path / "o", period="2018-H1"
    ).written
    text = docx_text(cover)
    assert f"{FUND} | 150.000 kr. | ikke opgjort | ikke opgjort | 150.000 kr." in text
    assert (
        f"Modtagne beløb fra {FUND} er ikke opgjort; det godkendte beløb på 150.000 kr. er "
        "fratrukket." in text
    )
    assert sheet_rows(xlsx, "Finansiering")[FUND][1:4] == ["ikke opgjort", "ikke opgjort", 150_000]
    assert "projectdata-income-not-reported" not in [c for c, _ in _checked(second_project())]


def test_income_outside_the_approved_budget_is_never_called_approved() -> None:
    """The example's fund (issue 20, point 2): money that is not in the grant record is not
    part of "det godkendte budget"; it is still deducted (stated on the Budget sheet, or
    received), and said to be outside the approved budget."""
    from hir_docs.render.context.accounts import accounts_context

    data = example()  # the record has no income
    data.income = {"Tilskud fra Fonden for Eksempler": 100_000}
    eco = accounts_context(data)["economy"]
    rows = {r["name"]: (r["budget"], r["amount"]) for r in eco["financing_rows"]}
    nb = "\u00a0"
    assert rows["Tilskud fra Fonden for Eksempler"] == (
        "ikke i det godkendte budget",
        f"100.000{nb}kr.",
    )
    assert rows["I alt"][0] == f"1.200.000{nb}kr."  # the approved budget: STAR's grant only
    assert "Tilskud fra Fonden for Eksempler står ikke i det godkendte budget." in eco["other_note"]
    assert f"det budgetterede beløb på 100.000{nb}kr. er fratrukket" in eco["other_note"]
    assert "godkendte beløb" not in eco["other_note"]
    data.income = {}
    data.income_received = {"Tilskud fra Fonden for Eksempler": {"2018-H2": 100_000}}
    eco = accounts_context(data)["economy"]
    [fund] = eco["other"]
    assert fund["budget"] == "ikke i det godkendte budget"
    assert fund["counted"] == f"100.000{nb}kr."
    assert compute_accounts(data).grant_covered == 1_113_000


def test_money_received_after_a_request_is_withdrawn_in_the_final_accounts(
    tmp_path: Path,
) -> None:
    """A fund paying 300.000 kr. in the last half-year lowers STAR's share below what the
    part accounts asked: the final accounts ask for nothing and say how much of the
    unpaid requests is not to be paid (nothing was paid beyond the share)."""
    data = example()
    data.income = {"Tilskud fra Fonden for Eksempler": 300_000}
    data.income_received = {"Tilskud fra Fonden for Eksempler": {"2019-H1": 300_000}}
    acc = compute_accounts(data)
    assert [(r.requested, r.paid) for r in acc.requests] == [(384_000, 384_000), (560_000, 0)]
    assert acc.grant_covered == 1_213_000 - 300_000
    assert (acc.requested, acc.repayment, acc.withdrawn) == (0, 0, 31_000)
    xlsx, cover = render_report("accounts", write(tmp_path, data), tmp_path / "o").written
    money = sheet_rows(xlsx, "Finansiering")
    assert money["Anmodet i tidligere delregnskaber ud over STAR's andel"][0] == 31_000
    assert money["Anmodes om med dette regnskab"][0] == 0
    text = docx_text(cover)
    assert "Med det endelige regnskab anmodes der ikke om udbetaling af tilskud." in text
    assert (
        "Tidligere delregnskaber har anmodet om 31.000 kr. mere end STAR's andel; det beløb "
        "skal ikke udbetales." in text
    )
