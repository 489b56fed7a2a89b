"""Issue 20, points 3, 6, 10 and 11: the accounts document that is signed says what the
figures say. The statement names the deviations; the auditor writes the auditor's own
statement; exactly 500.000 kr. is an assumption of the check, not of the document;
spending outside the approved budget is the municipality's own, explained, and a warning;
one document to sign, the workbook its annex."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
from docx.shared import Mm
from projectdata_helpers import docx_text, example, second_project, write

from hir_docs.api import render_report
from hir_docs.findings import Severity
from hir_docs.model.projectdata import ProjectData
from hir_docs.render.context.accounts import AUDITOR_BOX
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.registry import run_checks

TODAY = dt.date(2019, 7, 15)
LØN = "Løn: Koordinerende sagsbehandler (nyansat)"
TRANSPORT = (
    "Transport – kørselsgodtgørelse, rejser og ophold: Transport og repræsentation, "
    "erfaringsworkshop"
)
COMMENTARY = ("hir-docs", "tjek", "Den endelige fordeling", "antaget", "Anvendt regel", "præcis")


def findings(data: ProjectData) -> list[tuple[str, Severity, str]]:
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=TODAY))
    return [(f.code, f.severity, f.message) for f in run_checks("projectdata", data, ctx)]


def accounts(tmp_path: Path, data: ProjectData, period: str | None = None) -> tuple[Path, Path]:
    xlsx, cover = render_report(
        "accounts", write(tmp_path, data), tmp_path / "o", period=period
    ).written
    return xlsx, cover


def xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    cells = (c.value for ws in wb for row in ws.iter_rows() for c in row)
    return "\n".join(str(v) for v in cells if v is not None)


def test_within_budget_is_said_only_when_every_line_is(tmp_path: Path) -> None:
    data = example()
    data.lines[0].spent["2019-H1"] = 200_000  # salary 1.140.000: on budget
    data.lines[1].spent["2019-H1"] = 16_000  # transport 20.000: on budget
    _, cover = accounts(tmp_path / "a", data)
    text = docx_text(cover)
    assert "Forbruget holder sig for hver budgetlinje inden for det godkendte budget." in text
    _, cover = accounts(tmp_path / "b", example())  # salary and transport over
    text = docx_text(cover)
    assert "holder sig" not in text
    assert "Forbruget afviger fra det godkendte budget på følgende linjer:" in text
    assert f"{LØN}: 10.000 kr. over (0,9 %)\n" in text
    assert f"{TRANSPORT}: 3.000 kr. over (15,0 %); se bemærkningen" in text


def test_part_accounts_name_the_lines_over_the_budget_to_date(tmp_path: Path) -> None:
    data = example()
    data.lines[1].spent["2018-H2"] = 6_500  # transport to date 10.500 against 5.000
    data.lines[1].remarks["2018-H2"] = "Ekstra kørsel til workshop."
    _, cover = accounts(tmp_path, data, "2018-H2")
    text = docx_text(cover)
    assert "Ledelsens erklæring" in text and "Ledelsespåtegning" not in text
    assert "holder sig" not in text
    assert (
        "Forbruget til dato afviger fra det godkendte budget til dato på følgende linjer:" in text
    )
    assert f"{TRANSPORT}: 5.500 kr. over (110,0 %); se bemærkningen" in text
    assert f"{LØN}: 28.000 kr. over (3,1 %)" in text
    assert "Ekstra kørsel til workshop." in text  # the explanation itself
    data.lines[0].spent["2018-H2"] = 500_000  # salary to date 880.000 of 912.000
    data.lines[1].spent.pop("2018-H2")
    _, cover = accounts(tmp_path / "b", data, "2018-H2")
    text = docx_text(cover)
    assert (
        "Forbruget til dato holder sig for hver budgetlinje inden for det godkendte budget "
        "til dato." in text
    )


def test_the_auditor_gets_room_for_the_auditors_own_statement(tmp_path: Path) -> None:
    data = example()  # 1.200.000 kr.: over 500.000 kr.
    data.auditor_name = "Lars Prøve, Revisionsfirmaet Fiktiv"
    _, cover = accounts(tmp_path, data)
    text = docx_text(cover)
    assert (
        "Tilskuddet på 1.200.000 kr. er over 500.000 kr., så det endelige regnskab skal være "
        "revisorpåtegnet (puljeopslaget, Krav til regnskab)." in text
    )
    assert AUDITOR_BOX in text
    assert "Revisor erklærer" not in text and "retvisende" not in text
    assert "Revisor |  |  | Lars Prøve, Revisionsfirmaet Fiktiv" in text
    # the auditor's space: an empty one-cell table, tall enough for a statement
    [box] = [t for t in docx.Document(str(cover)).tables if len(t.columns) == 1]
    assert box.cell(0, 0).text == ""
    assert box.rows[0].height is not None and box.rows[0].height >= Mm(80)
    small = example(grant=499_999)
    _, cover = accounts(tmp_path / "s", small)
    text = docx_text(cover)
    assert "Ledelsespåtegning" in text and "Revisorpåtegning" not in text
    assert AUDITOR_BOX not in text and "Revisor |" not in text


def test_exactly_500000_is_an_assumption_of_the_check_not_of_the_document(
    tmp_path: Path,
) -> None:
    data = example(grant=500_000)
    data.instalments[0].amount = 100_000
    found = [f for f in findings(data) if f[0] == "projectdata-audit-threshold-exact"]
    assert found == [
        (
            "projectdata-audit-threshold-exact",
            Severity.INFO,
            "Tilskuddet er på præcis 500.000 kr.: puljeopslaget kræver revisorpåtegning ved "
            "tilskud over 500.000 kr. og ledelsespåtegning ved tilskud under 500.000 kr., men "
            "nævner ikke præcis det beløb. Det endelige regnskab laves med ledelsespåtegning "
            "(antaget: tilskuddet er ikke over grænsen).",
        )
    ]
    xlsx, cover = accounts(tmp_path, data)
    text = docx_text(cover)
    assert "Ledelsespåtegning" in text and "Revisorpåtegning" not in text
    for words in (text, xlsx_text(xlsx)):
        for phrase in COMMENTARY:
            assert phrase not in words, phrase
    assert not [f for f in findings(example()) if f[0] == "projectdata-audit-threshold-exact"]


def test_spending_outside_the_approved_budget_is_own_financing_and_a_warning(
    tmp_path: Path,
) -> None:
    data = second_project()  # leaflets for 8.000 kr., outside the approved budget, explained
    [(code, severity, message)] = [f for f in findings(data) if f[0].startswith("projectdata-line")]
    assert (code, severity) == ("projectdata-line-not-approved", Severity.WARNING)
    assert "8.000 kr." in message and "Pjecer om projektet til borgerne" in message
    xlsx, cover = accounts(tmp_path, data)  # a warning: the accounts are made
    text = docx_text(cover)
    label = "Materialer, formidling og information: Pjecer om projektet til borgerne"
    assert f"{label} (ikke i det godkendte budget) | 0 kr. | 8.000 kr. | 8.000 kr. | –" in text
    assert (
        f"{label} (ikke i det godkendte budget): Pjecer til borgere og samarbejdspartnere; "
        "betalt af kommunen selv." in text
    )
    assert (
        f"{label} (ikke i det godkendte budget): 8.000 kr., som ikke er tilskudsberettiget og "
        "afholdes af kommunen; se bemærkningen" in text
    )
    # eligible: salary 1.740.000 + transport 24.000 + audit 45.000; the leaflets are not
    assert "Heraf tilskudsberettigede udgifter | 1.809.000 kr." in text
    assert "Udgifter i alt | 1.817.000 kr." in text
    # own financing: 1.817.000 - 1.650.000 (STAR, capped) - 150.000 (fund)
    assert "Kommunens egenfinansiering | 0 kr. | 17.000 kr." in text
    ws = openpyxl.load_workbook(xlsx)["Regnskab"]
    [row] = [r for r in ws.iter_rows(values_only=True) if r[0] == "Uden for budget"]
    assert row[1:5] == (f"{label} (ikke i det godkendte budget)", 0, 8_000, 8_000)
    data.lines[-1].remark = None  # no explanation: that blocks
    [(code, severity, _)] = [f for f in findings(data) if f[0].startswith("projectdata-line")]
    assert (code, severity) == ("projectdata-line-not-approved-unexplained", Severity.ERROR)


def test_the_approved_budget_of_the_accounts_is_the_grant_record_with_approved_changes(
    tmp_path: Path,
) -> None:
    _, cover = accounts(tmp_path, second_project())
    text = docx_text(cover)
    # salary 1.750.000 -> 1.740.000 and audit 35.000 -> 45.000, approved by STAR
    assert "Løn: Koordinerende sagsbehandlere (frikøb) | 1.740.000 kr. | 1.740.000 kr." in text
    assert "Revision | 45.000 kr. | 45.000 kr. | 0 kr." in text
    assert "Finansieret af | Godkendt budget | Regnskab" in text
    assert "I alt | 1.800.000 kr. | 1.817.000 kr." in text  # 1.650.000 + 150.000 approved


def test_one_document_to_sign_and_the_workbook_its_annex(tmp_path: Path) -> None:
    data = second_project()
    pd = write(tmp_path, data)
    for period in ("2018-H1", "2018-H2", None):
        xlsx, cover = render_report("accounts", pd, tmp_path / str(period), period=period).written
        text, annex = docx_text(cover), xlsx_text(xlsx)
        assert "Dato | Underskrift | Navn og titel" in text
        assert "For kommunens ledelse |  |  | Susanne Opdigtet, Jobcenterchef" in text
        assert "Bilag: regnskabsarket (Excel)" in text
        for phrase in ("Underskrift", "Dato:", "For kommunens ledelse", "erklærer"):
            assert phrase not in annex, phrase
        assert annex.startswith("Bilag til ")
        for words in (text, annex):
            for phrase in COMMENTARY:
                assert phrase not in words, (period, phrase)
        wb = openpyxl.load_workbook(xlsx)
        assert wb.sheetnames == ["Regnskab", "Finansiering"]
        for ws in wb:
            setup = ws.page_setup
            assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
            sizes = {c.font.sz for row in ws.iter_rows() for c in row if c.value is not None}
            assert min(s or 11 for s in sizes) >= 10  # printed at 9 pt or more (below)
        ws = wb["Regnskab"]
        head = next(r for r in ws.iter_rows() if r[0].value == "Linje")
        assert ws.print_title_rows == f"${head[0].row}:${head[0].row}"
        # one page wide: the columns' width (characters) shrinks 11 pt text to 9,5 pt at most
        widths = [ws.column_dimensions[c.column_letter].width for c in head if c.value]
        assert sum(widths) <= 160
        # the same financing in both: STAR, the fund, the municipality
        figures = {r[0]: r[1:3] for r in wb["Finansiering"].iter_rows(values_only=True)}
        star = figures["Tilskud fra STAR"]
        assert f"Tilskud fra STAR | {star[0]:,} kr. | {star[1]:,} kr.".replace(",", ".") in text


def test_the_statement_names_the_cap_and_only_a_real_deduction() -> None:
    """The grant is eligible spending minus other grantors' money, at most the grant: the
    signed statement says the cap when it applies and the deduction only when money was
    deducted (an approved grantor with 0 kr. received deducts nothing)."""
    from hir_docs.model.accounts import Accounts
    from hir_docs.render.context.accounts import statement

    capped = Accounts(None, eligible_spent=1_213_000, grant=1_200_000)
    assert statement(capped, "STAR")["eligible"].endswith(
        "budgets linjer, dog højst det bevilgede tilskud på 1.200.000\xa0kr."
    )
    nothing = Accounts(None, eligible_spent=900_000, grant=1_200_000, other_grantors={"Fond": 0})
    assert statement(nothing, "STAR")["eligible"].endswith("godkendte budgets linjer.")
    deducted = Accounts(
        None, eligible_spent=1_300_000, grant=1_200_000, other_grantors={"Fond": 100_000}
    )
    text = statement(deducted, "STAR")["eligible"]
    assert text.endswith("fratrukket tilskud fra andre tilskudsgivere.")
