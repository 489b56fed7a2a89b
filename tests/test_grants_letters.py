"""STAR's grant letters (issue 26): the decision sheet written from the bulk overview and
read back by its headers, the grant and refusal letters' amounts and deadlines, a missing
journal number, the grant record round trip through ``report init --grant``."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import docx
import pytest
from openpyxl import load_workbook

from hir_docs import api
from hir_docs.findings import HirDocsError, Severity
from hir_docs.grants.decisions import SHEET, read_decisions
from hir_docs.grants.record import load_record
from hir_docs.model.grant import fingerprint as grant_fingerprint
from hir_docs.readers.projectdata import read_projectdata

ROOT = Path(__file__).resolve().parent.parent
INBOX = ROOT / "examples" / "inbox"
TODAY = dt.date(2018, 3, 15)


def _example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


decide = _example("decide")


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    return "\n".join(
        "".join(t.text or "" for t in el.iter() if t.tag.endswith("}t"))
        for el in d.element.body.iter()
        if el.tag.endswith("}p")
    )


@pytest.fixture(scope="module")
def overview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bulk") / "oversigt.xlsx"
    api.bulk(INBOX, out)
    return out


def _decisions(tmp: Path, overview: Path, fill: dict | None = None) -> Path:  # type: ignore[type-arg]
    path = api.grant_decisions(overview, tmp / "afgoerelser.xlsx")
    return decide.decide(path, fill)


def test_the_decision_sheet_is_written_from_the_overview_and_read_back(
    tmp_path: Path, overview: Path
) -> None:
    path = api.grant_decisions(overview, tmp_path / "afgoerelser.xlsx")
    ws = load_workbook(path)[SHEET]
    heads = [c.value for c in ws[1]]
    assert heads[:5] == ["Kommunekode", "Kommune", "Indsendelse", "Projektets navn", "Ansøgt beløb"]
    assert "Frist: Statusrapport 1. halvår 2018 (status:2018-H1)" in heads
    assert "Frist: Endeligt regnskab (accounts)" in heads
    assert ws.cell(2, 8).fill.fgColor.rgb.endswith("FFF2CC")  # a yellow input cell
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"list", "whole", "date"} <= kinds
    pool, rows, findings = read_decisions(decide.decide(path))
    assert pool == "hir" and findings == []
    by_code = {d.code: d for d in rows}
    assert set(by_code) == {"461", "751", "791", "813"}
    viborg = by_code["791"]
    assert (viborg.granted, viborg.amount, viborg.journal_number) == (
        True,
        1_200_000,
        "2018-0791-HIR",
    )
    assert viborg.deadlines["status:2018-H1"] == dt.date(2018, 8, 31)
    assert viborg.budget_file == "Viborg/budget.xlsx"
    assert by_code["751"].granted is False and by_code["461"].granted is None


def test_the_reader_goes_by_header_text_not_by_column(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    wb = load_workbook(path)
    ws = wb[SHEET]
    ws.move_range("J1:J10", cols=12)  # the journal number moved to the far right
    wb.save(path)
    _pool, rows, _findings = read_decisions(path)
    assert {d.code: d.journal_number for d in rows}["791"] == "2018-0791-HIR"


def test_a_bad_cell_is_a_finding_not_a_crash(tmp_path: Path, overview: Path) -> None:
    fill = {"791": {**decide.DECISIONS["791"], "Bevilget (ja/nej)": "måske"}}
    path = _decisions(tmp_path, overview, fill)
    result = api.grant_letters(path, tmp_path / "breve", inbox=INBOX, today=TODAY)
    codes = [f.code for f in result.findings]
    assert "grants-decision-invalid" in codes
    assert not (tmp_path / "breve" / "tilsagnsbrev_791.docx").exists()


def test_letters_state_the_decisions_amounts_and_deadlines(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    out = tmp_path / "breve"
    result = api.grant_letters(path, out, inbox=INBOX, today=TODAY)
    assert (result.granted, result.refused) == (2, 1)
    names = sorted(p.name for p in result.written)
    assert names == [
        "afslag_751.docx",
        "tilsagn_791.json",
        "tilsagn_813.json",
        "tilsagnsbrev_791.docx",
        "tilsagnsbrev_813.docx",
    ]
    # Odense has no decision: a note, no letter.
    assert [f.code for f in result.findings] == ["grants-decision-missing"]
    viborg = docx_text(out / "tilsagnsbrev_791.docx")
    assert "STAR giver hermed Viborg Kommune tilsagn om et tilskud på 1.200.000 kr." in viborg
    assert "2018-0791-HIR" in viborg and "15. marts 2018" in viborg
    assert "Statusrapport 1. halvår 2018\n1. januar 2018 – 30. juni 2018\n31. august 2018" in viborg
    assert (
        "Delregnskab 2. halvår 2018\n1. juli 2018 – 31. december 2018\n28. februar 2019" in viborg
    )
    assert "Endeligt regnskab\nhele projektperioden\n1. juli 2019" in viborg
    assert "Revideret budget" not in viborg
    assert "uden andre vilkår" in viborg
    assert "revisor" in viborg  # 1.200.000 kr. is over the pool's audit threshold
    assert "bagudrettet hvert halvår" in viborg  # the pool's payment model
    frederikshavn = docx_text(out / "tilsagnsbrev_813.docx")
    assert "tilsagn om et tilskud på 700.000 kr." in frederikshavn
    assert (
        "Tilskuddet er 100.000 kr. mindre end de 800.000 kr., kommunen har søgt om."
        in frederikshavn
    )
    assert "revideret budget" in frederikshavn
    assert "Projektet deltager i STAR's evaluering af puljen." in frederikshavn
    assert "tilsagn_813.json" in frederikshavn


def test_the_refusal_letter(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    api.grant_letters(path, tmp_path / "breve", inbox=INBOX, today=TODAY)
    text = docx_text(tmp_path / "breve" / "afslag_751.docx")
    assert "Afslag på ansøgning om tilskud" in text
    assert "STAR har behandlet Aarhus Kommunes ansøgning om 1.500.000 kr." in text
    assert "kan desværre ikke give tilsagn" in text
    assert "Begrundelse: Budgettet søger om udgifter" in text
    assert "2018-0751-HIR" in text
    assert "Frist" not in text and "tilsagn om et tilskud" not in text


def test_a_missing_journal_number_is_a_finding_and_no_letter(
    tmp_path: Path, overview: Path
) -> None:
    fill = {k: dict(v) for k, v in decide.DECISIONS.items()}
    del fill["791"]["Journalnummer"]
    fill["813"]["deadlines"] = False  # no deadlines either
    path = _decisions(tmp_path, overview, fill)
    result = api.grant_letters(path, tmp_path / "breve", inbox=INBOX, today=TODAY)
    incomplete = [f for f in result.findings if f.code == "grants-decision-incomplete"]
    assert len(incomplete) == 2 and all(f.severity is Severity.ERROR for f in incomplete)
    assert "Viborg Kommune: afgørelsen mangler journalnummeret" in incomplete[0].message
    assert incomplete[0].location and incomplete[0].location.startswith(f"{SHEET}!J")
    assert "fristen for Statusrapport 1. halvår 2018" in incomplete[1].message
    assert not (tmp_path / "breve" / "tilsagnsbrev_791.docx").exists()
    assert not (tmp_path / "breve" / "tilsagn_791.json").exists()
    assert not (tmp_path / "breve" / "tilsagnsbrev_813.docx").exists()
    assert (tmp_path / "breve" / "afslag_751.docx").exists()


def test_an_unreadable_budget_gives_no_letter(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    empty = tmp_path / "inbox"
    empty.mkdir()
    result = api.grant_letters(path, tmp_path / "breve", inbox=empty, today=TODAY)
    assert [f.code for f in result.findings].count("grants-budget-unreadable") == 2
    assert result.granted == 0 and result.refused == 1


def test_letters_are_never_overwritten_without_force(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    out = tmp_path / "breve"
    api.grant_letters(path, out, inbox=INBOX, today=TODAY)
    before = (out / "tilsagn_791.json").read_bytes()
    with pytest.raises(HirDocsError, match="--force"):
        api.grant_letters(path, out, inbox=INBOX, today=dt.date(2018, 4, 1))
    assert (out / "tilsagn_791.json").read_bytes() == before
    api.grant_letters(path, out, inbox=INBOX, today=dt.date(2018, 4, 1), force=True)
    assert json.loads((out / "tilsagn_791.json").read_text("utf-8"))["letter_date"] == "2018-04-01"


def test_the_grant_record_round_trip_through_report_init(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    out = tmp_path / "breve"
    api.grant_letters(path, out, inbox=INBOX, today=TODAY)
    record = load_record(out / "tilsagn_791.json")
    body = json.loads((out / "tilsagn_791.json").read_text("utf-8"))
    assert (body["format"], body["version"]) == ("hir-docs tilsagn", 1)
    assert body["granted_amount"] == 1_200_000 and body["revised_budget_required"] is False
    done = api.init_projectdata_from_grant(
        out / "tilsagn_791.json",
        INBOX / "Viborg" / "ansøgning.docx",
        INBOX / "Viborg" / "budget.xlsx",
        tmp_path / "projektdata.xlsx",
    )
    assert done.report.findings == []
    data = read_projectdata(done.path)
    grant = data.approved
    assert grant is not None
    assert grant.grant == data.grant == 1_200_000
    assert grant.journal_number == data.journal_number == "2018-0791-HIR"
    assert grant.lines == record.lines
    assert grant.income == record.income
    assert grant.deadlines == record.deadlines
    assert {r.key: r.deadline for r in data.reports} == record.deadlines
    assert grant.fingerprint == grant_fingerprint(grant) == body["grant_fingerprint"]
    assert (data.project_start, data.project_end) == (record.project_start, record.project_end)
    assert api.check([done.path], today=TODAY).valid


def test_a_grant_below_the_budget_asks_for_a_revised_budget(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    out = tmp_path / "breve"
    api.grant_letters(path, out, inbox=INBOX, today=TODAY)
    done = api.init_projectdata_from_grant(
        out / "tilsagn_813.json",
        INBOX / "Frederikshavn" / "ansøgning.docx",
        INBOX / "Frederikshavn" / "budget.xlsx",
        tmp_path / "projektdata.xlsx",
    )
    [finding] = done.report.findings
    assert finding.code == "projectdata-grant-revised-budget"
    assert finding.severity is Severity.WARNING
    assert (
        "Tilsagnet er 700.000 kr., men det godkendte budget søger om 800.000 kr." in finding.message
    )
    codes = [f.code for f in api.check([done.path], today=TODAY).findings]
    assert "projectdata-grant-revised-budget" in codes
    data = read_projectdata(done.path)
    assert data.grant == 700_000 and data.requested_amount == 800_000


def test_the_revised_budget_finding_ends_when_star_approves_the_budget(
    tmp_path: Path, overview: Path
) -> None:
    from hir_docs.model.projectdata import ApprovedChange
    from hir_docs.rules.grants import revised_budget_findings

    path = _decisions(tmp_path, overview)
    out = tmp_path / "breve"
    api.grant_letters(path, out, inbox=INBOX, today=TODAY)
    done = api.init_projectdata_from_grant(
        out / "tilsagn_813.json",
        INBOX / "Frederikshavn" / "ansøgning.docx",
        INBOX / "Frederikshavn" / "budget.xlsx",
        tmp_path / "projektdata.xlsx",
    )
    data = read_projectdata(done.path)
    assert revised_budget_findings(data, "STAR", None)
    data.approved_changes = [
        ApprovedChange(dt.date(2018, 4, 10), "STAR brev 2018-11", "L1", 760_000, 660_000)
    ]
    assert revised_budget_findings(data, "STAR", None) == []


def test_a_tampered_grant_record_is_refused(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    out = tmp_path / "breve"
    api.grant_letters(path, out, inbox=INBOX, today=TODAY)
    record = out / "tilsagn_791.json"
    body = json.loads(record.read_text("utf-8"))
    body["granted_amount"] = 2_000_000
    record.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    with pytest.raises(HirDocsError, match="fingeraftrykket passer ikke"):
        api.init_projectdata_from_grant(
            record,
            INBOX / "Viborg" / "ansøgning.docx",
            INBOX / "Viborg" / "budget.xlsx",
            tmp_path / "projektdata.xlsx",
        )
    assert not (tmp_path / "projektdata.xlsx").exists()


def test_another_municipalitys_record_is_refused(tmp_path: Path, overview: Path) -> None:
    path = _decisions(tmp_path, overview)
    out = tmp_path / "breve"
    api.grant_letters(path, out, inbox=INBOX, today=TODAY)
    with pytest.raises(HirDocsError, match="kommunekode 813"):
        api.init_projectdata_from_grant(
            out / "tilsagn_813.json",
            INBOX / "Viborg" / "ansøgning.docx",
            INBOX / "Viborg" / "budget.xlsx",
            tmp_path / "projektdata.xlsx",
        )


def test_the_cli_writes_decisions_letters_and_project_data(
    tmp_path: Path,
    overview: Path,
    run_cli,  # type: ignore[no-untyped-def]
) -> None:
    afg = tmp_path / "afgoerelser.xlsx"
    assert run_cli("grants", "decisions", overview, "--out", afg).exit_code == 0
    decide.decide(afg)
    result = run_cli(
        "grants",
        "letters",
        afg,
        "--inbox",
        INBOX,
        "--out",
        tmp_path / "breve",
        "--today",
        "2018-03-15",
    )
    assert result.exit_code == 0, result.output
    assert "2 tilsagnsbreve og 1 afslag." in result.output
    init = run_cli(
        "report",
        "init",
        "--grant",
        tmp_path / "breve" / "tilsagn_813.json",
        "--application",
        INBOX / "Frederikshavn" / "ansøgning.docx",
        "--budget",
        INBOX / "Frederikshavn" / "budget.xlsx",
        "--out",
        tmp_path / "pd.xlsx",
    )
    assert init.exit_code == 0 and "projectdata-grant-revised-budget" in init.output
    tampered = tmp_path / "breve" / "tilsagn_791.json"
    tampered.write_text(tampered.read_text("utf-8").replace("2018-0791-HIR", "X"), "utf-8")
    refused = run_cli(
        "report",
        "init",
        "--grant",
        tampered,
        "--application",
        INBOX / "Viborg" / "ansøgning.docx",
        "--budget",
        INBOX / "Viborg" / "budget.xlsx",
        "--out",
        tmp_path / "pd2.xlsx",
    )
    assert refused.exit_code == 2 and "fingeraftrykket passer ikke" in refused.stderr


def test_libreoffice_converts_a_letter_to_pdf(
    tmp_path: Path,
    overview: Path,
    lo_pdf_text,  # type: ignore[no-untyped-def]
) -> None:
    path = _decisions(tmp_path, overview)
    api.grant_letters(path, tmp_path / "breve", inbox=INBOX, today=TODAY)
    text = " ".join(lo_pdf_text(tmp_path / "breve" / "tilsagnsbrev_813.docx").split())
    assert "700.000 kr." in text and "31. august 2018" in text and "Side 1 af" in text


def test_libreoffice_opens_the_decision_sheet_the_refusal_and_the_project_data(
    tmp_path: Path,
    overview: Path,
    lo_pdf_text,  # type: ignore[no-untyped-def]
) -> None:
    """Every output of the grants side in a real office suite: the decision sheet, the
    refusal letter and the project data built from a grant record."""
    path = _decisions(tmp_path, overview)
    sheet = " ".join(lo_pdf_text(path).split())
    assert "Odense Kommune" in sheet and "hir-docs grants letters" in sheet
    api.grant_letters(path, tmp_path / "breve", inbox=INBOX, today=TODAY)
    refusal = " ".join(lo_pdf_text(tmp_path / "breve" / "afslag_751.docx").split())
    assert "Aarhus Kommune" in refusal
    out = tmp_path / "projektdata.xlsx"
    api.init_projectdata_from_grant(
        tmp_path / "breve" / "tilsagn_813.json",
        INBOX / "Frederikshavn" / "ansøgning.docx",
        INBOX / "Frederikshavn" / "budget.xlsx",
        out,
    )
    data = " ".join(lo_pdf_text(out).split())
    assert "Frederikshavn" in data and "Tilsagn" in data
