"""Issue 20, end to end: the second, realistic project (``second_project()``: 14
caseworkers, one leaving and one joining, four above 35 cases in November 2018, a fund
paying 150.000 kr. in two instalments, transport 60 % over budget, an expense outside the
approved budget, a budget change STAR approved) written to a workbook, checked, and every
document rendered: the status reports of both half-years, the final report, both part
accounts and the final accounts. Each test states one point of the issue and asserts it on
the rendered text, the findings and the annexes."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from projectdata_helpers import (
    FUND,
    JOINS,
    LEAVES,
    OVER_IN_NOVEMBER,
    TRANSPORT,
    docx_text,
    example,
    second_project,
    write,
)
from test_annex import validate
from test_participants import relocated
from test_projectdata_grant import set_cell

from hir_docs.api import RenderRefused, check, render_report
from hir_docs.findings import Finding, Severity
from hir_docs.formatting import kr
from hir_docs.model.accounts import compute_accounts, part_periods
from hir_docs.model.projectdata import ProjectData
from hir_docs.render.annex_schema import ANNEX_SCHEMA

TODAY = dt.date(2019, 7, 15)
HALF_YEARS = ("2018-H1", "2018-H2")  # the half-years with a status report and part accounts
LIMIT_CODE = "projectdata-caseload-above-limit"
CLAIM_CODE = "projectdata-caseload-claim-contradicted"
DIFFERS = "projectdata-budget-differs-from-grant"
CHANGE_APPROVED = "projectdata-grant-change-approved"
NOT_APPROVED = "projectdata-line-not-approved"
LABOUR_SUM = "projectdata-labour-status-sum"
RELOCATED = "projectdata-labour-status-relocated"
LEAFLETS = "Materialer, formidling og information: Pjecer om projektet til borgerne"
TRANSPORT_LINE = f"{TRANSPORT}: Transport og repræsentation, erfaringsworkshop"
# Words a signed document never holds: the tool's name, advice to the user, guesses.
# ("spørgsmål" is a source citation, "Q&A 2018, spørgsmål 3", not advice.)
COMMENTARY = re.compile(
    r"hir-docs|\btjek|forventet|den endelige fordeling|\bspørg(?!smål)|antaget", re.IGNORECASE
)


@dataclass
class Rendered:
    """One rendered document: its Word file, its text, the accounts workbook beside it
    (accounts only) and its JSON annex."""

    docx: Path
    text: str
    annex: dict[str, Any]
    xlsx: Path | None = None


@dataclass
class Project:
    data: ProjectData
    path: Path
    findings: list[Finding]
    docs: dict[str, Rendered]  # "status 2018-H1", "part 2018-H1", "final", "accounts"


def _rendered(kind: str, path: Path, out: Path, period: str | None = None) -> Rendered:
    result = render_report(kind, path, out, period=period, today=TODAY)
    [word] = [p for p in result.written if p.suffix == ".docx"]
    books = [p for p in result.written if p.suffix == ".xlsx"]
    [annex] = result.annexes
    return Rendered(
        word, docx_text(word), json.loads(annex.read_text("utf-8")), books[0] if books else None
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    tmp = tmp_path_factory.mktemp("second")
    data = second_project()
    path = write(tmp, data)
    docs: dict[str, Rendered] = {}
    for period in HALF_YEARS:
        docs[f"status {period}"] = _rendered("status", path, tmp / f"s{period}", period)
        docs[f"part {period}"] = _rendered("accounts", path, tmp / f"p{period}", period)
    docs["final"] = _rendered("final", path, tmp / "final")
    docs["accounts"] = _rendered("accounts", path, tmp / "accounts")
    return Project(data, path, check([path], today=TODAY).findings, docs)


def of(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.code == code]


def lines_starting(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


def section(text: str, heading: str, until: str | None = None) -> str:
    """The text from ``heading`` (a line of its own) up to the line ``until`` (the end)."""
    lines = text.splitlines()
    first = lines.index(heading)
    rest = lines[first + 1 :]
    last = rest.index(until) if until is not None and until in rest else len(rest)
    return "\n".join(rest[:last])


def requested(doc: Rendered | str) -> int:
    """The amount an accounts document requests, read from its text."""
    text = doc if isinstance(doc, str) else doc.text
    found = re.search(r"om udbetaling af ([\d.]+) kr\. i tilskud", text)
    assert found, text
    return int(found.group(1).replace(".", ""))


def sheet_texts(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c]


# --- 1. caseload breaches are visible ------------------------------------------------------


def test_every_caseload_breach_is_a_finding_naming_who_when_and_how_many(project: Project) -> None:
    found = of(project.findings, LIMIT_CODE)
    assert sorted(f.message.split(" ")[0] for f in found) == sorted(
        name.split(" ")[0] for name in OVER_IN_NOVEMBER
    )
    for f in found:
        name = next(n for n in OVER_IN_NOVEMBER if f.message.startswith(n))
        assert f.severity == Severity.ERROR and f.location and f.location.startswith("Sagsstammer!")
        assert f"højst {OVER_IN_NOVEMBER[name]} sager den 30. november 2018" in f.message
        assert f.source and ("Q&A 2018" in f.source or "puljeopslag" in f.source)


def test_the_status_report_shows_the_months_over_the_limit_and_never_no_for_them(
    project: Project,
) -> None:
    text = project.docs["status 2018-H2"].text
    for name, cases in OVER_IN_NOVEMBER.items():
        [row] = lines_starting(text, f"{name} | hele halvåret")
        assert row == f"{name} | hele halvåret | 37,0 | – | {cases} | {cases} | nov 18 | Ja"
    assert "4 koordinerende sagsbehandlere var over loftet i mindst én måned" in text
    # the first half-year held the limit: every row says so, and the month columns are the
    # half-year's months only
    first = project.docs["status 2018-H1"].text
    assert "Ingen koordinerende sagsbehandler var over loftet i nogen måned i halvåret." in first
    assert "Sagsbehandler | mar 18 | apr 18 | maj 18 | jun 18" in first


def test_the_final_report_has_a_caseload_section_for_the_whole_period(project: Project) -> None:
    text = project.docs["final"].text
    part = section(text, "Sagsstammer i projektperioden", "Workshops, surveys og registreringer")
    assert "Opgjort den sidste dag i hver måned, 31. marts 2018 – 31. marts 2019." in part
    for name, cases in OVER_IN_NOVEMBER.items():
        assert f"{name} | hele perioden | 37,0 | 13 | nov 18 | {cases} | {cases}" in part
    assert "165 af 169 opgjorte sagsbehandlermåneder (97,6 %)" in part
    assert project.docs["final"].annex["caseload"][0]["months_over_limit"] == ["2018-11-30"]


def test_a_status_text_claiming_the_limit_was_held_over_a_breach_is_a_finding(
    tmp_path: Path,
) -> None:
    data = second_project()
    claim = "Loftet på 35 sager er overholdt hele halvåret."
    data.status_texts["2018-H2"]["activities"] = claim
    data.status_texts["2018-H1"]["activities"] = claim  # true in the first half-year
    [f] = of(check([write(tmp_path, data)], today=TODAY).findings, CLAIM_CODE)
    assert f.field == "status:2018-H2:activities"
    assert f.message.startswith(
        f"Statusteksten 'Aktiviteter og fremdrift' for 2. halvår 2018 siger »{claim}«"
    )
    assert "4 sagsbehandlere over loftet på 35 sager" in f.message
    assert all(name in f.message for name in OVER_IN_NOVEMBER)


# --- 2. the approved budget cannot be changed unnoticed -------------------------------------


def test_editing_the_approved_budget_in_the_project_data_is_an_error_and_blocks_the_accounts(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, second_project())
    line = set_cell(path, "Budget", "L2", "Budget i alt (kr.)", 25_000)
    fund = set_cell(path, "Budget", FUND, "Beløb (kr.)", 50_000)
    found = of(check([path], today=TODAY).findings, DIFFERS)
    assert {(f.location, f.severity) for f in found} == {
        (line, Severity.ERROR),
        (fund, Severity.ERROR),
    }
    assert sorted(f.message for f in found) == [
        f"Indtægten '{FUND}': det godkendte budget er 150.000 kr., projektdata siger 50.000 kr.",
        f"Linje L2 ({TRANSPORT_LINE}): det godkendte budget er 15.000 kr., projektdata siger "
        "25.000 kr.",
    ]
    with pytest.raises(RenderRefused):
        render_report("accounts", path, tmp_path / "out", today=TODAY)


def test_the_budget_change_star_approved_is_accepted_and_used(project: Project) -> None:
    assert of(project.findings, DIFFERS) == []
    changes = of(project.findings, CHANGE_APPROVED)
    assert [(f.severity, f.location) for f in changes] == [
        (Severity.INFO, "Budget!I2"),
        (Severity.INFO, "Budget!I4"),
    ]
    assert "fra 1.750.000 kr. til 1.740.000 kr., godkendt af STAR 15. januar 2019" in (
        changes[0].message
    )
    text = project.docs["accounts"].text
    assert "Løn: Koordinerende sagsbehandlere (frikøb) | 1.740.000 kr. | 1.740.000 kr." in text
    assert "Revision | 45.000 kr. | 45.000 kr. | 0 kr. | 0,0 %" in text


# --- 3. declarations follow the figures -----------------------------------------------------


def test_the_management_statement_names_every_deviation_and_the_auditor_writes_their_own(
    project: Project,
) -> None:
    for key in ("part 2018-H1", "part 2018-H2", "accounts"):
        text = project.docs[key].text
        assert "holder sig inden for det godkendte budget" not in text
    final = project.docs["accounts"].text
    statement = section(final, "Ledelsens erklæring", "Revisorpåtegning")
    assert "Forbruget afviger fra det godkendte budget på følgende linjer:" in statement
    assert f"{TRANSPORT_LINE}: 9.000 kr. over (60,0 %); se bemærkningen" in statement
    assert (
        f"{LEAFLETS} (ikke i det godkendte budget): 8.000 kr., som ikke er tilskudsberettiget "
        "og afholdes af kommunen; se bemærkningen"
    ) in statement
    # transport 1.000 kr. over its budget to date in the first half-year
    first = section(project.docs["part 2018-H1"].text, "Ledelsens erklæring")
    assert f"{TRANSPORT_LINE}: 1.000 kr. over (50,0 %)" in first
    audit = section(final, "Revisorpåtegning")
    assert "Tilskuddet på 1.650.000 kr. er over 500.000 kr." in audit
    assert "(udfyldes af revisor)" in audit and "erklærer" not in audit
    assert "Revisor |  |  | Revisionsfirmaet Fiktiv, statsautoriseret revisor Ole Prøve" in audit


# --- 4. money requested once ----------------------------------------------------------------


def test_no_two_documents_request_the_same_money_and_the_sum_stays_within_stars_share(
    project: Project,
) -> None:
    data, docs = project.data, project.docs
    assert part_periods(data) == list(HALF_YEARS)
    asked = [requested(docs[f"part {p}"]) for p in HALF_YEARS] + [requested(docs["accounts"])]
    assert asked == [408_000, 720_000, 522_000]
    whole = compute_accounts(data)
    ceiling = min(whole.eligible_spent - whole.other_total, whole.grant)
    assert sum(asked) <= ceiling == 1_650_000
    # after every half-year, what was requested so far stays within STAR's share to date
    for i, period in enumerate(HALF_YEARS):
        acc = compute_accounts(data, period)
        assert sum(asked[: i + 1]) <= min(acc.eligible_spent - acc.other_total, acc.grant)
    # the final accounts list each part request and ask only for the rest
    text = docs["accounts"].text
    assert "Delregnskab 1. halvår 2018 | 408.000 kr. | 408.000 kr. | 0 kr." in text
    assert "Delregnskab 2. halvår 2018 | 720.000 kr. | 720.000 kr. | 0 kr." in text
    # the reports request nothing: the final report names the remainder as the final
    # accounts' request, the status reports show what was paid
    for key in ("status 2018-H1", "status 2018-H2", "final"):
        assert "anmoder" not in docs[key].text and "Tilskud til udbetaling" not in docs[key].text
    assert "Anmodes om i det endelige regnskab | 522.000 kr." in docs["final"].text
    assert "Anmodet i delregnskaber, endnu ikke udbetalt | 0 kr." in docs["final"].text


def test_each_annex_holds_the_amount_its_document_requests(project: Project) -> None:
    docs = project.docs
    for key, doc in docs.items():
        assert validate(doc.annex, ANNEX_SCHEMA) == [], key
        assert doc.annex["document"]["report_date"] == "2019-07-15"
    for key in ("part 2018-H1", "part 2018-H2", "accounts"):
        assert docs[key].annex["financing"]["requested"] == requested(docs[key])
    # a status report's annex gives its half-year's part-accounts amount, the final
    # report's that of the final accounts (docs/annex.md)
    for period in HALF_YEARS:
        status = docs[f"status {period}"].annex["financing"]["requested"]
        assert status == requested(docs[f"part {period}"])
    assert docs["final"].annex["financing"]["requested"] == requested(docs["accounts"])


# --- 5. the fund's money as received ------------------------------------------------------------


def test_the_funds_money_is_reported_as_received_each_half_year_and_once(project: Project) -> None:
    # each document: the financing row (approved, counted) and the receipts row
    # (approved, received in the half-year, received to date, deducted), nothing more
    row = f"{FUND} | 150.000 kr. | "
    first, second = project.docs["part 2018-H1"], project.docs["part 2018-H2"]
    assert lines_starting(first.text, row) == [
        f"{row}75.000 kr.",
        f"{row}75.000 kr. | 75.000 kr. | 75.000 kr.",
    ]
    assert lines_starting(second.text, row) == [
        f"{row}75.000 kr.",
        f"{row}0 kr. | 75.000 kr. | 75.000 kr.",
    ]
    assert lines_starting(project.docs["accounts"].text, row) == [
        f"{row}150.000 kr.",
        f"{row}150.000 kr. | 150.000 kr.",
    ]
    for doc, counted in ((first, 75_000), (second, 75_000), (project.docs["accounts"], 150_000)):
        [fund] = doc.annex["financing"]["other_income"]
        assert fund["received"] == {"2018-H1": 75_000, "2019-H1": 75_000}
        assert fund["counted"] == counted
        assert doc.xlsx is not None
        cells = sheet_texts(doc.xlsx)
        assert cells.count(FUND) == 2  # financing table and the receipts table, no more


# --- 6. spending outside the approved budget ----------------------------------------------------


def test_an_expense_outside_the_approved_budget_is_a_warning_and_own_financing(
    project: Project,
) -> None:
    [f] = of(project.findings, NOT_APPROVED)
    assert (f.severity, f.location) == (Severity.WARNING, "Forbrug!B5")
    assert "8.000 kr." in f.message and LEAFLETS.split(":")[0] in f.message
    assert not [
        x for x in project.findings if x.severity == Severity.ERROR and x.code != LIMIT_CODE
    ]
    text = project.docs["part 2018-H2"].text
    label = f"{LEAFLETS} (ikke i det godkendte budget)"
    assert f"{label} | 0 kr. | 0 kr. | 8.000 kr. | 8.000 kr. | –" in text
    assert f"{label}: Pjecer til borgere og samarbejdspartnere; betalt af kommunen selv." in text
    assert "Heraf tilskudsberettigede udgifter | 1.203.000 kr." in text
    assert "Kommunens egenfinansiering | 0 kr. | 8.000 kr." in text
    [line] = [x for x in project.docs["accounts"].annex["economy"]["lines"] if x["key"] == "X1"]
    assert (line["approved"], line["eligible"], line["spent_to_date"]) == (False, False, 8_000)


# --- 7. staff with dates ----------------------------------------------------------------------


def test_caseworkers_who_left_or_joined_are_neither_missing_nor_counted_outside_their_dates(
    project: Project,
) -> None:
    first, second = project.docs["status 2018-H1"].text, project.docs["status 2018-H2"].text
    [joining] = lines_starting(first, f"{JOINS} |")
    assert joining == f"{JOINS} | i projektet fra 1. november 2018 | 37,0 | – | – | – | – | –"
    assert "52 af 52 opgjorte sagsbehandlermåneder" in first  # 13 caseworkers x 4 months
    assert lines_starting(second, f"{LEAVES} | til 31. oktober 2018 | 37,0 | – | 33 | 33 | ingen")
    assert lines_starting(second, f"{JOINS} | fra 1. november 2018 | 37,0 | – | 25 | 25 | ingen")
    assert "74 af 78 opgjorte sagsbehandlermåneder" in second  # 12 x 6 + 4 + 2
    [month_row] = lines_starting(second, f"{LEAVES} | 32 |")
    assert month_row == f"{LEAVES} | 32 | 31 | 33 | 32 |  | "
    for doc in project.docs.values():
        assert "kan ikke bekræftes" not in doc.text and "Opgjort –" not in doc.text
    missing = ("projectdata-caseload-total-missing", "projectdata-caseworker-without-cases")
    assert [f for f in project.findings if f.code in missing] == []
    [mads] = [c for c in project.docs["final"].annex["caseload"] if c["caseworker"] == LEAVES]
    assert (mads["end"], len(mads["months"])) == ("2018-10-31", 8)


# --- 8. participants reconciled -----------------------------------------------------------------


def test_participants_add_up_and_a_difference_is_a_finding_with_the_numbers(
    project: Project, tmp_path: Path
) -> None:
    assert of(project.findings, LABOUR_SUM) == []
    assert "I alt | 430 | 430 | 0" in project.docs["final"].text
    assert "Flyttet | 0 | 12 | +12" in project.docs["final"].text
    # the relocated-citizens sheet agrees with 'Flyttet' at the end: no finding
    path = write(tmp_path, project.data)
    assert of(check([path, relocated(tmp_path, 12)], today=TODAY).findings, RELOCATED) == []
    data = second_project()
    data.labour_status["Ressourceforløb"] = (330, 300)
    found = check([write(tmp_path, data, "b.xlsx"), relocated(tmp_path, 15)], today=TODAY)
    [total] = of(found.findings, LABOUR_SUM)
    assert total.message == (
        "Arbejdsmarkedsstatus ved projektstart summer til 330, men der er 430 borgere i "
        "projektet i alt."
    )
    [moved] = of(found.findings, RELOCATED)
    assert "har 15 borgere" in moved.message and "har 12 i 'Flyttet'" in moved.message


# --- 9. obligations from the sources, in the half-year they were done ---------------------------


def test_obligations_appear_in_the_half_year_they_were_done_without_invented_dates(
    project: Project,
) -> None:
    def duties(key: str) -> list[str]:
        part = section(
            project.docs[key].text,
            "Workshops, surveys og registreringer",
            "Sagsstammer pr. koordinerende sagsbehandler",
        )
        return [line.split(" | ")[0] for line in part.splitlines()[2:] if " | " in line]

    assert duties("status 2018-H1") == [
        "Opstartsworkshop (1. kvartal 2018)",
        "Sagsbehandlersurvey ved projektopstart",
        "Registreringsskema over sagsstammer, 1. gang",
    ]
    assert duties("status 2018-H2") == [
        "Sagsbehandlersurvey midtvejs",
        "Registreringsskema over sagsstammer, 2. gang",
    ]
    assert "Sagsbehandlersurvey midtvejs | Midtvejs | Gennemført 12. september 2018 | " in (
        project.docs["status 2018-H2"].text
    )
    for key, doc in project.docs.items():
        assert "Forpligtelserne i puljeopslaget" not in doc.text
        assert not re.search(r"(?<!\d)(1\. marts|15\. september) 2018", doc.text), key
        assert "senest" not in doc.text  # the grant record of this project sets no duty date


# --- 10. no tool commentary in a signed document ------------------------------------------------


def test_no_signed_document_holds_tool_commentary_or_advice(project: Project) -> None:
    for key, doc in project.docs.items():
        texts = [doc.text] + (sheet_texts(doc.xlsx) if doc.xlsx else [])
        assert COMMENTARY.findall("\n".join(texts)) == [], key


# --- 11. dated and signed, one document to sign per accounts period -----------------------------


def _core(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("docProps/core.xml").decode()


def test_reports_carry_a_report_date_and_signature_and_accounts_one_signed_document(
    project: Project,
) -> None:
    for key, doc in project.docs.items():
        core = _core(doc.docx)
        assert "2019-07-15" in core and "2000-01-01" not in core, key
        if key.startswith(("status", "final")):
            block = section(doc.text, "Dato og underskrift")
            assert block.startswith("Rapportdato: 15. juli 2019\nFor ledelsen i Silkeborg Kommune:")
            assert "Underskrift | " in block
            assert "Navn og titel | Susanne Opdigtet, Jobcenterchef" in block
        else:
            assert "Dato | Underskrift | Navn og titel" in doc.text
            assert doc.xlsx is not None
            assert "2000-01-01" not in _core(doc.xlsx)
            assert not [c for c in sheet_texts(doc.xlsx) if "nderskrift" in c], key


def test_a_signer_not_filled_in_leaves_a_line_to_write_on(tmp_path: Path) -> None:
    data = second_project()
    data.management_name = data.management_title = None
    path = write(tmp_path, data)
    [word] = render_report("status", path, tmp_path / "out", period="2018-H1", today=TODAY)
    block = section(docx_text(word), "Dato og underskrift")
    assert block.endswith("Navn og titel | ")
    assert "| –" not in block
    assert kr(0) not in block


def test_a_part_request_not_yet_paid_is_not_requested_again_by_the_final_documents(
    tmp_path: Path,
) -> None:
    data = second_project()
    data.instalments = data.instalments[:1]  # STAR has not paid the second half-year yet
    path = write(tmp_path, data)
    asked = []
    for period in HALF_YEARS:
        [_, cover] = render_report("accounts", path, tmp_path / period, period=period, today=TODAY)
        asked.append(requested(docx_text(cover)))
    [_, cover] = render_report("accounts", path, tmp_path / "final_acc", today=TODAY)
    final_accounts = docx_text(cover)
    asked.append(requested(final_accounts))
    assert asked == [408_000, 720_000, 522_000]
    assert "Delregnskab 2. halvår 2018 | 720.000 kr. | 0 kr. | 720.000 kr." in final_accounts
    [report] = render_report("final", path, tmp_path / "final", today=TODAY)
    text = docx_text(report)
    assert "Allerede udbetalte rater | 408.000 kr." in text
    assert "Anmodet i delregnskaber, endnu ikke udbetalt | 720.000 kr." in text
    assert "Anmodes om i det endelige regnskab | 522.000 kr." in text


def test_a_duty_done_early_is_in_the_report_of_the_half_year_it_was_done(tmp_path: Path) -> None:
    data = second_project()
    data.obligations["survey_end"].date = dt.date(2018, 12, 10)  # before its window
    path = write(tmp_path, data)
    [word] = render_report("status", path, tmp_path / "out", period="2018-H2", today=TODAY)
    row = (
        "Sagsbehandlersurvey ved projektafslutning | Ved afslutning | Gennemført 10. december 2018"
    )
    assert row in docx_text(word)


def test_the_status_report_counts_the_citizens_who_moved_away_in_its_half_year(
    tmp_path: Path,
) -> None:
    path, moved = write(tmp_path, second_project()), relocated(tmp_path, 12)  # moved in August
    texts = {
        period: docx_text(
            render_report(
                "status", path, tmp_path / period, period=period, relocated=moved, today=TODAY
            )[0]
        )
        for period in HALF_YEARS
    }
    assert "0 borgere i projektet er flyttet fra kommunen i perioden" in texts["2018-H1"]
    assert "12 borgere i projektet er flyttet fra kommunen i perioden" in texts["2018-H2"]


def _page_breaks(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode().count('w:type="page"')


def test_many_caseworkers_give_the_chart_and_month_table_a_page_of_their_own(
    project: Project, tmp_path: Path
) -> None:
    """14 caseworkers: the month-by-month table would leave its tail alone on a page before
    the landscape economy; a page break before the chart keeps chart and table together.
    Three caseworkers fit on the page of the caseload table: no break."""
    assert _page_breaks(project.docs["status 2018-H2"].docx) == 1
    small = write(tmp_path, example())
    [path] = render_report("status", small, tmp_path / "o", period="2018-H2", today=TODAY)
    assert _page_breaks(path) == 0
