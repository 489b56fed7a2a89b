"""Issue 12: the content STAR asks for in the reports and accounts, and documents that
read as documents (checks first, headers/footers, Danish, properties, charts)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from citizen_helpers import registrations_sheet
from projectdata_helpers import docx_text, example, write

from hir_docs.api import RenderRefused, check, render_report, write_blank_forms
from hir_docs.findings import Severity
from hir_docs.model.accounts import compute_accounts
from hir_docs.model.projectdata import Obligation
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.registry import run_checks

TODAY = dt.date(2019, 7, 15)


def findings(data: object, today: dt.date = TODAY) -> list[tuple[str, str]]:
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=today))
    return [(f.code, f.message) for f in run_checks("projectdata", data, ctx)]


def codes(data: object, today: dt.date = TODAY) -> list[str]:
    return [c for c, _ in findings(data, today)]


# --- 1. labour-market status -----------------------------------------------------------


def test_blank_labour_market_table_is_an_error_when_the_final_report_is_due() -> None:
    data = example()
    data.labour_status = {c: (None, None) for c in data.labour_status}
    assert codes(data) == ["projectdata-labour-status-missing"]
    data.labour_status = {"Ressourceforløb": (40, 40)}
    data.participants = None
    assert codes(data) == ["projectdata-labour-status-missing"]


def test_labour_market_totals_must_add_up_to_the_citizens_in_the_project() -> None:
    data = example()
    data.labour_status["Fleksjob"] = (0, 11)  # 41 at the end, 40 in the project
    found = findings(data)
    assert [c for c, _ in found] == ["projectdata-labour-status-sum"]
    assert "ved projektafslutning summer til 41" in found[0][1] and "40 borgere" in found[0][1]


def test_participants_must_agree_with_the_registration_sheet(tmp_path: Path) -> None:
    data = example()  # 40 citizens in the project
    report = check([write(tmp_path, data), registrations_sheet(tmp_path, 35)], today=TODAY)
    [found] = [f for f in report.findings if f.code == "projectdata-participants-registrations"]
    assert found.code == "projectdata-participants-registrations"
    assert found.severity == Severity.ERROR and "35 borgere" in found.message


def test_final_report_shows_the_table_and_the_passive_share_definition(tmp_path: Path) -> None:
    [path] = render_report("final", write(tmp_path, example()), tmp_path / "o")
    text = docx_text(path)
    assert "Ressourceforløb | 40 | 25 | -15" in text and "I alt | 40 | 40 | 0" in text
    assert "40 i alt" in text and "kom til undervejs" in text
    assert "mindst et års anciennitet" in text and "marts 2019" in text and "mentor" in text


# --- 2. other grantors ------------------------------------------------------------------


def test_another_grantor_is_deducted_from_what_star_pays(tmp_path: Path) -> None:
    data = example()  # eligible spending 1.213.000, grant 1.200.000, paid 384.000
    data.income = {"Tilskud fra andre tilskudsgivere": 100_000, "Medfinansiering": 13_000}
    acc = compute_accounts(data)
    assert acc.other_total == 100_000
    assert acc.grant_covered == 1_113_000  # 1.213.000 - 100.000 (below the grant)
    # 1.113.000 - 384.000 paid - 460.000 requested in the part accounts for 2018-H2
    assert acc.own_financing == 0 and acc.payable == 269_000
    [final] = render_report("final", write(tmp_path, data), tmp_path / "o")
    text = docx_text(final)
    assert "Tilskud fra STAR | 1.113.000 kr." in text
    assert "Tilskud fra andre tilskudsgivere | 100.000 kr." in text
    assert "Kommunens egenfinansiering | 0 kr." in text
    assert "Anmodes om i det endelige regnskab | 269.000 kr." in text


# --- 3. caseload certification ----------------------------------------------------------


def test_missing_whole_caseload_is_a_warning_naming_the_caseworker() -> None:
    data = example()
    data.caseworkers[1].totals.pop(dt.date(2018, 10, 31))
    found = findings(data)
    assert found == [
        (
            "projectdata-caseload-total-missing",
            "Den samlede sagsstamme for Jonas Prøvesen mangler 31-10-2018.",
        )
    ]
    data.caseworkers = []
    assert codes(data) == ["projectdata-caseload-total-missing"]


# --- 4. deadlines from the grant letter (and issue 11, item 8: --today) --------------------


def test_a_new_project_data_file_warns_only_against_assumed_deadlines(
    tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    from hir_docs.forms.application import write_application
    from hir_docs.forms.budget import write_budget

    app, bud = tmp_path / "a.docx", tmp_path / "b.xlsx"
    write_application(app)
    write_budget(bud)
    out = tmp_path / "projektdata.xlsx"
    assert (
        run_cli(
            "report", "init", "--application", str(app), "--budget", str(bud), "--out", str(out)
        ).exit_code
        == 0
    )
    early = run_cli("check", str(out), "--today", "2018-08-01", "--format", "json")
    assert early.exit_code == 0 and '"findings": []' in early.output
    late = run_cli("check", str(out), "--today", "2019-03-15")
    assert late.exit_code == 0
    assert late.output.count("projectdata-report-late-assumed-deadline") == 4  # 2018-H1, 2018-H2
    assert "antaget af hir-docs" in late.output and "projectdata-report-late " not in late.output
    assert run_cli("check", str(out), "--today", "juli").exit_code == 2


def test_deadline_shown_as_expected_until_the_grant_letter_date_is_entered(tmp_path: Path) -> None:
    data = example()
    [path] = render_report("final", write(tmp_path, data), tmp_path / "a")
    # until the grant letter's date is entered, the signed report names no date of its own
    assert "Frist for slutrapport og endeligt regnskab: efter tilsagnsbrevet." in docx_text(path)
    for rep in data.reports:
        rep.deadline = dt.date(2019, 6, 28)
    [path] = render_report("final", write(tmp_path, data, "b.xlsx"), tmp_path / "b")
    text = docx_text(path)
    assert "Frist for slutrapport og endeligt regnskab: 28. juni 2019." in text
    assert "tjek tilsagnsbrevet" not in text


# --- 5. a status report is about its period -----------------------------------------------


def test_status_report_shows_only_what_was_known_at_the_period_end(tmp_path: Path) -> None:
    data = example()
    data.criteria = {"passive_share": {"start": 31.0, "mid": 24.5, "end": 17.2}}
    data.lines[0].remarks = {"2018-H1": "Tre ansat 1. marts.", "2018-H2": "Fuld bemanding."}
    [path] = render_report("status", write(tmp_path, data), tmp_path / "o", period="2018-H1")
    text = docx_text(path)
    assert (
        "Andel passive borgere i ressourceforløb (%) | 31,0 % | senere | senere | 15-18 % | "
        "måles ved projektets afslutning" in text
    )
    assert "17,2" not in text and "| nået" not in text
    assert "Tre ansat 1. marts." in text and "Fuld bemanding." not in text
    # 2018-H1: 4 of 2018's 10 project months -> 40 % of 912.000 = 364.800 so far
    assert "1.140.000 kr. | 364.800 kr. | 380.000 kr. | 380.000 kr. | 15.200 kr. | 4,2 %" in text


# --- 6. render checks first ------------------------------------------------------------------


def test_render_refuses_project_data_with_errors_and_prints_the_findings(
    tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    data = example()
    data.final_texts.pop("lessons")
    pd = write(tmp_path, data)
    with pytest.raises(RenderRefused) as refused:
        render_report("final", pd, tmp_path / "o")
    assert [(f.code, f.field) for f in refused.value.report.findings] == [
        ("projectdata-report-incomplete", "final:lessons")
    ]
    assert not (tmp_path / "o").exists()
    result = run_cli("render", "final", str(pd), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1 and "projectdata-report-incomplete" in result.output
    assert not (tmp_path / "o" / "slutrapport.docx").exists()
    draft = run_cli("render", "final", str(pd), "--out", str(tmp_path / "d"), "--draft")
    assert draft.exit_code == 0, draft.output
    made = tmp_path / "d" / "slutrapport.docx"
    headers = _parts(made, "word/header")
    assert headers and all("UDKAST" in h for h in headers)
    assert "(ikke udfyldt)" in docx_text(made)  # the required section left empty, in a draft


def test_empty_optional_sections_are_left_out(tmp_path: Path) -> None:
    data = example()  # status texts: only "Aktiviteter og fremdrift"; no "Øvrige bemærkninger"
    pd = write(tmp_path, data)
    [status] = render_report("status", pd, tmp_path / "o", period="2018-H2")
    [final] = render_report("final", pd, tmp_path / "o")
    for path in (status, final):
        text = docx_text(path)
        assert "(ikke udfyldt)" not in text
    assert "Udfordringer og justeringer" not in docx_text(status)
    assert "Øvrige bemærkninger" not in docx_text(final)


def test_registrations_from_another_jobcenter_are_refused(tmp_path: Path) -> None:
    data = example()
    data.participants = 35
    data.labour_status["Ressourceforløb"] = (35, 20)
    regs = registrations_sheet(tmp_path, 35, jobcenter="Jobcenter Skive")
    with pytest.raises(RenderRefused) as refused:
        render_report(
            "status", write(tmp_path, data), tmp_path / "o", period="2018-H2", registrations=regs
        )
    codes_ = [f.code for f in refused.value.report.findings]
    assert "projectdata-registrations-other-jobcenter" in codes_
    assert "Skive" in str(refused.value)


# --- 7. documents, not tool output --------------------------------------------------------


def _parts(path: Path, prefix: str) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n).decode() for n in zf.namelist() if n.startswith(prefix)]


def test_every_report_has_header_footer_danish_language_and_properties(tmp_path: Path) -> None:
    pd = write(tmp_path, example())
    made = [
        *render_report("status", pd, tmp_path / "o", period="2018-H2"),
        *render_report("final", pd, tmp_path / "o"),
        render_report("accounts", pd, tmp_path / "o").written[1],
    ]
    for path in made:
        headers = "".join(_parts(path, "word/header"))
        footers = "".join(_parts(path, "word/footer"))
        assert "Viborg Kommune · Tæt på – håndholdt indsats i ressourceforløb i Viborg" in headers
        assert 'w:instr="PAGE"' in footers and 'w:instr="NUMPAGES"' in footers
        assert "Side " in footers and " af " in footers
        [styles] = _parts(path, "word/styles.xml")
        assert re.findall(r'<w:lang w:val="([^"]+)"', styles) == ["da-DK"]
        [core] = _parts(path, "docProps/core.xml")
        assert "<dc:creator>Viborg Kommune</dc:creator>" in core
        assert "python-docx" not in core and "Tæt på" in core
        [app] = _parts(path, "docProps/app.xml")
        assert "<Company>Viborg Kommune</Company>" in app
    write_blank_forms(tmp_path / "forms")
    [styles] = _parts(tmp_path / "forms" / "ansoegningsskema.docx", "word/styles.xml")
    assert "en-US" not in styles and "da-DK" in styles


def test_accounts_workbook_prints_header_and_page_numbers(tmp_path: Path) -> None:
    import openpyxl

    xlsx, _ = render_report("accounts", write(tmp_path, example()), tmp_path / "o")
    ws = openpyxl.load_workbook(xlsx).active
    assert ws is not None
    assert "Viborg Kommune" in (ws.oddHeader.right.text or "")
    assert ws.oddFooter.center.text == "Side &P af &N"


# --- 8. workshops, surveys, registrations -------------------------------------------------------


def test_due_obligations_not_recorded_are_warnings_and_reports_state_them(tmp_path: Path) -> None:
    data = example()
    data.obligations.pop("workshop_experience")
    data.obligations["survey_mid"] = Obligation("survey_mid", False, None, "Aflyst pga. sygdom")
    found = findings(data)
    assert [c for c, _ in found] == ["projectdata-obligation-missing"] * 2
    assert "Erfaringsworkshop (1. kvartal 2019)" in found[0][1]
    assert "markeret som ikke gennemført" in found[1][1]
    early = example()
    early.obligations = {}
    for line in early.lines:  # reported up to 2018-H1 only: the later duties are not due yet
        line.spent = {p: v for p, v in line.spent.items() if p <= "2018-H1"}
    # the start workshop; the start survey's (assumed) first third is still open
    assert codes(early) == ["projectdata-obligation-missing"]
    [status] = render_report(
        "status", write(tmp_path, data), tmp_path / "o", period="2018-H2", draft=True
    )
    text = docx_text(status)
    # the puljeopslag's own words, never a date the sources do not give
    assert "Sagsbehandlersurvey midtvejs | Midtvejs | Ikke gennemført | Aflyst" in text
    assert "15. september 2018" not in text
    assert "Erfaringsworkshop" not in text  # due in 2019


# --- 9. charts ------------------------------------------------------------------------------------


def test_charts_are_embedded_with_a_text_alternative_and_reproducible(tmp_path: Path) -> None:
    pd = write(tmp_path, example())
    [a] = render_report("status", pd, tmp_path / "a", period="2018-H2")
    [b] = render_report("status", pd, tmp_path / "b", period="2018-H2")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and zf.read(media[0])[:4] == b"\x89PNG"
        body = zf.read("word/document.xml").decode()
    assert 'descr="Kurvediagram: sager pr. fuldtidsstilling for 3 koordinerende' in body
    assert "Lene Eksempel | 30 | 30 | 30 | 30 | 30 | 30" in docx_text(a)  # the numbers beside it
    data = example()
    data.criteria = {"passive_share": {"start": 31.0, "mid": 24.5, "end": 17.2}}
    [final] = render_report("final", write(tmp_path, data, "f.xlsx"), tmp_path / "f")
    [body] = _parts(final, "word/document.xml")
    assert 'descr="Søjlediagram: andel passive borgere, projektstart 31,0 %' in body
    assert "Målet er 15-18 %" in body
