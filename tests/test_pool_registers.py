"""The registers of Flere skal med and the 2011 programme, end to end (issue 23).

Each register is the pool's own blank from ``hir-docs forms --pool``, filled here in code;
``hir-docs check`` reads it as the pool's document (only for a pool with the plug-in), and
``hir-docs payment`` computes what it releases: the activity requirement's instalment
(FSM-4..9) and the results-based statement per quarter (KVI-7..12), against tables computed
by hand. The model arithmetic itself is tested in test_fsm_activity.py, test_kvi_results.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest

D = dt.date
FSM, KVI = "flere-skal-med", "virksomhedsrettet"


def _blank(run_cli, tmp_path: Path, pool: str, name: str) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / f"blank-{pool}"
    if not (folder / name).exists():
        assert run_cli("forms", folder, "--pool", pool).exit_code == 0
    return folder / name


def _fill(
    blank: Path, out: Path, first: str, rows: list[dict[str, Any]], keep: int | None = None
) -> Path:
    """The blank with ``rows`` under its header (values by header label, or by the start
    of one); a label the header lacks ("jan 2018") is a new column to the right. ``keep``:
    the blank's columns kept (its month columns after them are removed first)."""
    wb = openpyxl.load_workbook(blank)
    ws = wb.worksheets[0]
    head = next(r[0].row for r in ws.iter_rows(max_row=40) if any(c.value == first for c in r))
    if keep is not None and ws.max_column > keep:
        ws.delete_cols(keep + 1, ws.max_column - keep)
    cols = {str(c.value): c.column for c in ws[head] if c.value is not None}
    for r, values in enumerate(rows, start=head + 1):
        for label, value in values.items():
            col = next((c for h, c in cols.items() if h.startswith(label)), None)
            if col is None:
                col = ws.max_column + 1
                ws.cell(head, col, label)
                cols[label] = col
            ws.cell(r, col, value)
    wb.save(out)
    return out


def _json(result) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return json.loads(result.stdout)


def _codes(data: dict[str, Any]) -> list[str]:
    return [f["code"] for f in data["findings"]]


# ------------------------------------------------------------------ which forms, which pool
def test_each_pool_gets_its_own_blank_registers(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = {}
    for pool in ("hir", FSM, KVI):
        assert run_cli("forms", tmp_path / pool, "--pool", pool).exit_code == 0
        written[pool] = sorted(p.name for p in (tmp_path / pool).iterdir())
    assert "aktivitetsregister.xlsx" in written[FSM] and "progressionsskema.xlsx" in written[FSM]
    assert "deltagerregister.xlsx" in written[KVI]
    # FSM-24: STAR marks the citizens; no module sheets for the other pools
    for pool in (FSM, KVI):
        assert "fraflyttede_borgere.xlsx" not in written[pool]
    assert not {"aktivitetsregister.xlsx", "deltagerregister.xlsx"} & set(written["hir"])


def test_a_register_is_read_only_for_a_pool_keeping_it(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blank = _blank(run_cli, tmp_path, KVI, "deltagerregister.xlsx")
    as_kvi = _json(run_cli("check", "--format", "json", "--pool", KVI, blank))
    assert as_kvi["documents"][0]["kind"] == "participants"
    as_hir = _json(run_cli("check", "--format", "json", "--pool", "hir", blank))
    assert as_hir["documents"][0]["kind"] == "unknown"
    assert "bruger ikke det skema" in as_hir["findings"][0]["message"]


# ------------------------------------------------------------------ Flere skal med: 40 %
def _activity(run_cli, tmp_path: Path, months: list[str], active: list[int], n: int = 50) -> Path:  # type: ignore[no-untyped-def]
    """``n`` citizens of group 1; in month i the first ``active[i]`` are in praktik."""
    rows = []
    for k in range(n):
        row: dict[str, Any] = {"CPR-nummer": f"{(k % 28) + 1:02d}0190-{1000 + k}", "Gruppe": 1}
        for month, count in zip(months, active, strict=True):
            row[month] = "virksomhedspraktik" if k < count else ""
        rows.append(row)
    blank = _blank(run_cli, tmp_path, FSM, "aktivitetsregister.xlsx")
    return _fill(blank, tmp_path / "aktivitet.xlsx", "CPR-nummer", rows, keep=5)


def test_38_percent_is_not_40_and_three_months_in_a_row_release_the_instalment(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """By hand: 19/50 = 38 % in January (no), 20/50 = 40 % February-April (yes): the run is
    February-April 2018; requestable the day after (1 May 2018), but the 3rd instalment is
    paid in 2019 at the earliest (FSM-7): from 1 January 2019."""
    register = _activity(
        run_cli, tmp_path, ["jan 2018", "feb 2018", "mar 2018", "apr 2018"], [19, 20, 20, 20]
    )
    data = _json(run_cli("payment", register, "--format", "json", "--pool", FSM))
    assert [(m["in_activity"], m["group"]) for m in data["months"]] == [
        (19, 50), (20, 50), (20, 50), (20, 50),
    ]  # fmt: skip
    assert data["reached"] is True
    assert data["requestable_from"] == "2019-01-01"
    assert "STAR" in data["text"] and "monitorering" in data["text"]  # FSM-9: a forecast
    check = _json(run_cli("check", "--format", "json", "--pool", FSM, register))
    forecast = next(f for f in check["findings"] if f["code"] == "activity-forecast")
    assert forecast["severity"] == "info"
    assert "FAQ Flere skal med" in forecast["source"]


def test_two_months_at_40_percent_are_not_enough(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register = _activity(
        run_cli, tmp_path, ["jan 2019", "feb 2019", "mar 2019", "apr 2019"], [20, 20, 19, 20]
    )
    data = _json(run_cli("payment", register, "--format", "json", "--pool", FSM))
    assert data["reached"] is False and data["requestable_from"] is None


def test_a_citizen_visited_to_group_2_at_the_start_does_not_count(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blank = _blank(run_cli, tmp_path, FSM, "aktivitetsregister.xlsx")
    rows = [
        {"CPR-nummer": "010190-1111", "Gruppe": 1, "jan 2019": "løntilskud"},
        {"CPR-nummer": "020190-2222", "Gruppe": 1, "jan 2019": ""},
        {"CPR-nummer": "030190-3333", "Gruppe": 2, "jan 2019": "løntilskud"},  # FSM-6
        {"CPR-nummer": "040190-4444", "Gruppe": 1, "Udtrådt": D(2018, 12, 10)},  # moved
    ]
    register = _fill(blank, tmp_path / "a.xlsx", "CPR-nummer", rows, keep=5)
    data = _json(run_cli("payment", register, "--format", "json", "--pool", FSM))
    assert [(m["in_activity"], m["group"]) for m in data["months"]] == [(1, 2)]


def test_an_unknown_activity_word_is_an_error_with_its_cell(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blank = _blank(run_cli, tmp_path, FSM, "aktivitetsregister.xlsx")
    rows = [{"CPR-nummer": "010190-1111", "Gruppe": 1, "jan 2019": "kaffeklub"}]
    register = _fill(blank, tmp_path / "a.xlsx", "CPR-nummer", rows, keep=5)
    data = _json(run_cli("check", "--format", "json", "--pool", FSM, register))
    hit = next(f for f in data["findings"] if f["code"] == "activity-word-unknown")
    assert hit["severity"] == "error"
    assert re.fullmatch(r"Aktivitetsregister!F\d+", hit["location"]), hit["location"]  # jan 2019
    assert "010190-1111" not in json.dumps(data)  # CPR numbers are masked


# ------------------------------------------------------------------ Flere skal med: progression
def test_the_progression_schedule_first_measurement_required_exit_never_an_error(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    blank = _blank(run_cli, tmp_path, FSM, "progressionsskema.xlsx")
    answers = {f"Spm. {q}": 3 for q in range(1, 12)}
    rows = [
        {"CPR-nummer": "010190-1111", "Måling": "startafklaring", "Dato": D(2018, 1, 10), **answers},
        {"CPR-nummer": "010190-1111", "Måling": "opfølgning", "Dato": D(2018, 11, 1), **answers},
        {"CPR-nummer": "020190-2222", "Måling": "opfølgning", "Dato": D(2018, 11, 1), **answers},
        {"CPR-nummer": "030190-3333", "Måling": "startafklaring", "Dato": D(2018, 1, 10), **answers,
         "Afsluttet": D(2018, 6, 1)},
    ]  # fmt: skip
    sheet = _fill(blank, tmp_path / "p.xlsx", "CPR-nummer", rows)
    data = _json(
        run_cli("check", "--format", "json", "--pool", FSM, "--today", "2019-03-01", sheet)
    )
    by_code = {f["code"]: f for f in data["findings"]}
    assert by_code["progression-first-missing"]["severity"] == "error"
    assert by_code["progression-exit-missing"]["severity"] == "info"  # FSM-12: best effort
    assert by_code["progression-scale-unknown"]["severity"] == "info"  # no scale in the FAQ


# ------------------------------------------------------------------ the 2011 programme
PARTICIPANT_ROWS = [
    # by hand, 10.000 kr. per participant, 4 expected: project start 10 % of 40.000 = 4.000
    # (Q3 2011); SK-01: interview Q3 (2.000), plan with mentor Q3 (4.000) - two events in
    # one quarter -, offer Q4 (3.000); SK-02: interview Q3 (2.000), plan without mentor (0),
    # job Q1 2012 (3.000); SK-03: interview Q4 (2.000).
    {"Deltager-id": "SK-01", "Matchgruppe": 2, "Ydelsesstart": D(2010, 11, 1),
     "Indtræden": D(2011, 8, 22), "Første samtale": D(2011, 8, 29),
     "Indsatsplan": D(2011, 9, 20), "Mentorstøtte": "ja", "Virksomhedsrettet": D(2011, 11, 7)},
    {"Deltager-id": "SK-02", "Matchgruppe": 3, "Ydelsesstart": D(2008, 3, 1),
     "Indtræden": D(2011, 8, 23), "Første samtale": D(2011, 9, 5),
     "Indsatsplan": D(2011, 9, 26), "Mentorstøtte": "nej", "Ordinært job": D(2012, 1, 9)},
    {"Deltager-id": "SK-03", "Matchgruppe": 3, "Ydelsesstart": D(2009, 6, 1),
     "Indtræden": D(2011, 10, 1), "Første samtale": D(2011, 10, 12)},
]  # fmt: skip


def _participants(run_cli, tmp_path: Path, rows: list[dict[str, Any]]) -> Path:  # type: ignore[no-untyped-def]
    blank = _blank(run_cli, tmp_path, KVI, "deltagerregister.xlsx")
    return _fill(blank, tmp_path / "deltagere.xlsx", "Deltager-id eller CPR-nummer", rows)


def _payment_files(run_cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The statement workbook and its Word summary of the participant rows (folder)."""
    register = _participants(run_cli, tmp_path, PARTICIPANT_ROWS)
    out = tmp_path / "ud"
    run_cli(
        "payment", register, "--pool", KVI, "--per-participant", "10000", "--participants", "4",
        "--start", "2011-08-15", "--out", out,
    )  # fmt: skip
    return out


def test_the_results_statement_per_quarter_by_hand(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register = _participants(run_cli, tmp_path, PARTICIPANT_ROWS)
    result = run_cli(
        "payment", register, "--format", "json", "--pool", KVI, "--per-participant", "10000",
        "--participants", "4", "--start", "2011-08-15", "--out", tmp_path / "ud",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = _json(result)
    got = [(q["quarter"], q["amount"], q["accumulated"]) for q in data["quarters"]]
    assert [(a, float(b), float(c)) for a, b, c in got] == [
        ("3. kvartal 2011", 12000.0, 12000.0),  # 4.000 + 2.000 + 4.000 + 2.000
        ("4. kvartal 2011", 5000.0, 17000.0),  # 3.000 + 2.000
        ("1. kvartal 2012", 3000.0, 20000.0),  # 3.000 (the job: "any of", KVI-10)
    ]
    assert "participants-no-mentor-support" in _codes(data)  # KVI-11: not the 40 %
    assert sorted(p.name for p in (tmp_path / "ud").iterdir()) == [
        "udbetalingsopgoerelse.docx",
        "udbetalingsopgoerelse.xlsx",
    ]


def test_the_amount_per_participant_comes_from_the_grant_letter(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """KVI-12: the source gives no amount; without it nothing is computed (never a zero)."""
    register = _participants(run_cli, tmp_path, PARTICIPANT_ROWS)
    result = run_cli("payment", register, "--pool", KVI, "--start", "2011-08-15")
    assert result.exit_code == 2
    assert "bevillingsbrevet" in result.stderr and "--per-participant" in result.stderr


def test_matchgroup_2_more_than_18_months_on_benefit_is_outside_the_target_group(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"Deltager-id": "SK-07", "Matchgruppe": 2, "Ydelsesstart": D(2010, 1, 1),
         "Indtræden": D(2011, 8, 1)},  # 19 months: KVI-2
        {"Deltager-id": "SK-08", "Matchgruppe": 2, "Ydelsesstart": D(2010, 2, 1),
         "Indtræden": D(2011, 8, 1)},  # 18 months: "op til 1½ år"
        {"Deltager-id": "SK-09", "Matchgruppe": 4, "Ydelsesstart": D(2010, 2, 1),
         "Indtræden": D(2011, 8, 1)},
    ]  # fmt: skip
    register = _participants(run_cli, tmp_path, rows)
    data = _json(run_cli("check", "--format", "json", "--pool", KVI, register))
    too_long = [f for f in data["findings"] if f["code"] == "participants-benefit-too-long"]
    assert len(too_long) == 1 and too_long[0]["severity"] == "error"
    assert "participants-matchgroup" in _codes(data)


@pytest.mark.parametrize("pool", [FSM, KVI])
def test_rules_are_listed_per_pool_with_the_pools_sources(run_cli, pool: str) -> None:  # type: ignore[no-untyped-def]
    rules = json.loads(run_cli("rules", "--format", "json", "--pool", pool).stdout)
    codes = {r["code"] for r in rules}
    assert not any(c.startswith(("registrations-", "relocated-")) for c in codes)  # HIR's
    prefix = "activity-" if pool == FSM else "participants-"
    assert any(c.startswith(prefix) for c in codes)
    hir = {r["code"] for r in json.loads(run_cli("rules", "--format", "json").stdout)}
    assert not any(c.startswith(("activity-", "participants-")) for c in hir)


def test_libreoffice_opens_the_payment_statement_and_its_summary(
    run_cli, tmp_path: Path, lo_pdf_text
) -> None:  # type: ignore[no-untyped-def]
    out = _payment_files(run_cli, tmp_path)
    summary = " ".join(lo_pdf_text(out / "udbetalingsopgoerelse.docx").split())
    assert "3. kvartal 2011" in summary and "20.000 kr." in summary
    assert "DISCUS" in summary  # the grantor's computation decides
    sheet = " ".join(lo_pdf_text(out / "udbetalingsopgoerelse.xlsx").split())
    assert "Første samtale" in sheet or "første samtale" in sheet.lower()


def test_the_payment_summary_names_every_source_and_ends_each_sentence_once(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The Word summary lists a source for each rule used, the target group's from the
    pool's facts (it was an empty bullet), and no sentence ends in "kr.." """
    from docx import Document as WordDocument

    out = _payment_files(run_cli, tmp_path)
    paragraphs = [p.text for p in WordDocument(str(out / "udbetalingsopgoerelse.docx")).paragraphs]
    heads = [i for i, t in enumerate(paragraphs) if t == "Kilder"]
    sources = paragraphs[heads[0] + 1 :]
    assert sources and all(t.strip() for t in sources)
    assert any("Målgruppen" in t and "matchgruppe 2 og 3" in t for t in sources)
    assert not any("kr.." in t for t in paragraphs)
    assert "Beløb pr. deltager: 10.000 kr." in " ".join(paragraphs)


def test_the_payment_statement_prints_one_page_wide(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each sheet of the statement STAR pays on prints on A4 landscape with every column
    on the page (it printed in portrait, its amounts on pages of their own), the
    table's header on every page."""
    import openpyxl

    out = _payment_files(run_cli, tmp_path)
    wb = openpyxl.load_workbook(out / "udbetalingsopgoerelse.xlsx")
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert [ws.print_title_rows for ws in wb.worksheets] == ["$4:$4", "$4:$4", None]


def test_the_api_computes_the_payment_as_the_command_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("httpx2")
    from fastapi.testclient import TestClient

    from hir_docs.web.app import create_app
    from hir_docs.web.config import WebConfig

    register = _participants(run_cli, tmp_path, PARTICIPANT_ROWS)
    fields = {"pool": KVI, "per_participant": "10000", "participants": "4", "start": "2011-08-15"}
    with TestClient(create_app(WebConfig(workers=1))) as client:
        answer = client.post(
            "/api/v1/payment",
            files=[("register", ("deltagere.xlsx", register.read_bytes()))],
            data=fields,
        )
        assert answer.status_code == 200, answer.text
        cli = _json(run_cli(
            "payment", register, "--format", "json", "--pool", KVI, "--per-participant",
            "10000", "--participants", "4", "--start", "2011-08-15",
        ))  # fmt: skip
        assert answer.json()["quarters"] == cli["quarters"]
        missing = client.post(
            "/api/v1/payment",
            files=[("register", ("deltagere.xlsx", register.read_bytes()))],
            data={"pool": KVI, "start": "2011-08-15"},
        )
        assert missing.status_code == 422
        assert "bevillingsbrevet" in missing.json()["error"]


def test_the_forms_page_serves_each_pools_blank_registers() -> None:
    pytest.importorskip("httpx2")
    from fastapi.testclient import TestClient

    from hir_docs.web.app import create_app
    from hir_docs.web.config import WebConfig

    with TestClient(create_app(WebConfig(workers=1))) as client:
        fsm = client.get("/skemaer", params={"pulje": FSM}).text
        assert f"/skemaer/hent/aktivitetsregister.xlsx?pulje={FSM}" in fsm
        assert "fraflyttede_borgere.xlsx" not in fsm
        hir = client.get("/skemaer").text
        assert "aktivitetsregister" not in hir and "fraflyttede_borgere.xlsx" in hir
        sheet = client.get("/skemaer/hent/aktivitetsregister.xlsx", params={"pulje": FSM})
        assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
        assert client.get("/skemaer/hent/aktivitetsregister.xlsx").status_code == 404
        rules = client.get("/regler", params={"pulje": KVI}).text
        assert "participants-benefit-too-long" in rules and "registrations-overlap" not in rules


def test_a_budget_for_a_pool_without_a_budget_form_is_said_to_be_unchecked(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """KVI-6: the jobcenter makes its own budget; hir-docs does not judge it by STAR's form
    (no eligibility, no false errors) and says so; no blank budget is offered."""
    from hir_docs.pools import PACKAGE_DIR

    budget = PACKAGE_DIR.parents[1] / "examples" / "viborg" / "budget.xlsx"
    data = _json(run_cli("check", "--format", "json", "--pool", KVI, budget))
    assert _codes(data) == ["budget-free-layout"]
    assert data["findings"][0]["severity"] == "info"
    assert "programbeskrivelsen, Økonomimodel" in data["findings"][0]["source"]
    run_cli("forms", tmp_path / "kvi", "--pool", KVI)
    assert not (tmp_path / "kvi" / "budgetskema.xlsx").exists()


def test_a_question_twice_and_a_capped_questionnaire_are_said(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hir_docs.pools import load_pool
    from hir_docs.readers.progression import read_progression
    from hir_docs.readers.registers import frame

    blank = _blank(run_cli, tmp_path, FSM, "progressionsskema.xlsx")
    answers = {f"Spm. {q}": 3 for q in range(1, 12)}
    rows = [
        {"CPR-nummer": f"0{k + 1}0190-1111", "Måling": "startafklaring", "Dato": D(2018, 1, 10),
         **answers}
        for k in range(3)
    ]  # fmt: skip
    sheet = _fill(blank, tmp_path / "p.xlsx", "CPR-nummer", rows)
    capped = read_progression(sheet, frame(load_pool(FSM)), as_of=D(2018, 2, 1), max_rows=2)
    assert "progression-rows-capped" in [p.code for p in capped.problems]
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    head = next(c for c in ws["A"] if c.value == "CPR-nummer").row
    ws.cell(head, ws.max_column + 1, "Spm. 1 – Tro på egne evner")  # the same question again
    wb.save(sheet)
    data = _json(
        run_cli("check", "--format", "json", "--pool", FSM, "--today", "2018-02-01", sheet)
    )
    assert "progression-column-twice" in _codes(data)


# The programme description's headings the 2011 programme's rule sources cite, and a phrase of
# each that makes the citation true (the KVI pool's rules.toml).
PROGRAMME = "programbeskrivelsen, "
KVI_RULE_PHRASES: dict[str, dict[str, Any]] = {
    "budget-free-layout": {PROGRAMME + "Økonomimodel": "udarbejder selv budget"},
    "participants-benefit-start-missing": {PROGRAMME + "Målgruppen": "op til 1½ år"},
    "participants-benefit-too-long": {PROGRAMME + "Målgruppen": "op til 1½ år"},
    "participants-column-missing": {
        PROGRAMME + "Jobcentrets deltagelse i forsøgsprogrammet": "webregistreringssystem"
    },
    "participants-date-order": {
        PROGRAMME + "Økonomimodel": "20 % efter afholdelse af første samtale"
    },
    "participants-duplicate": {
        PROGRAMME + "Jobcentrets deltagelse i forsøgsprogrammet": "webregistreringssystem"
    },
    "participants-empty": {
        PROGRAMME + "Jobcentrets deltagelse i forsøgsprogrammet": "webregistreringssystem"
    },
    "participants-entry-missing": {PROGRAMME + "Målgruppen": "modtaget ydelsen"},
    "participants-id-missing": {
        PROGRAMME + "Jobcentrets deltagelse i forsøgsprogrammet": "webregistreringssystem"
    },
    "participants-matchgroup": {PROGRAMME + "Målgruppen": "matchgruppe 2 og 3"},
    "participants-no-header": {
        PROGRAMME + "Jobcentrets deltagelse i forsøgsprogrammet": "webregistreringssystem"
    },
    "participants-no-mentor-support": {
        PROGRAMME + "3. Mentorstøtte": "tildeles mentorstøtte",
        PROGRAMME + "Økonomimodel": "indsatsplan med angivelse af mentorstøtte",
    },
    "participants-not-on-benefit": {
        PROGRAMME + "Målgruppen": "der modtager start- og kontanthjælp"
    },
    "participants-outside-period": {PROGRAMME + "Økonomimodel": "kvartalsvist"},
    "participants-row-cap": {
        PROGRAMME + "Jobcentrets deltagelse i forsøgsprogrammet": "webregistreringssystem"
    },
    "participants-unreadable": {
        PROGRAMME + "Jobcentrets deltagelse i forsøgsprogrammet": "webregistreringssystem"
    },
    "participants-value-invalid": {
        PROGRAMME + "Jobcentrets deltagelse i forsøgsprogrammet": "webregistreringssystem"
    },
}


def test_the_programmes_rule_sources_say_what_the_rules_say() -> None:
    import os

    from source_quotes import SEEDS_DIR, load_seeds, source_problems

    if not SEEDS_DIR.is_dir():  # the source documents sit beside the checkout (../shared)
        if os.environ.get("CI"):
            pytest.fail(f"the seeds are missing: {SEEDS_DIR}")
        pytest.skip(f"the seeds are not here: {SEEDS_DIR}")

    from hir_docs.pools import load_pool
    from hir_docs.rules import rule_texts

    seeds = load_seeds()
    texts = rule_texts(load_pool(KVI))
    assert sorted(texts) == sorted(KVI_RULE_PHRASES)
    for code, phrases in KVI_RULE_PHRASES.items():
        source = texts[code]["source"]
        assert source_problems(source, phrases, seeds) == [], (code, source)


def test_the_cross_checks_run_against_the_submissions_pool(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A KVI submission without a budget in STAR's form is complete (the jobcenter's own
    budget is not recognised); the same application under HIR's rules would lack one."""
    from hir_docs.forms.application import write_application
    from hir_docs.forms.application_example import example_answers
    from hir_docs.pools import load_pool

    folder = tmp_path / "skive"
    folder.mkdir()
    write_application(folder / "ansoegning.docx", example_answers(KVI), pool=load_pool(KVI))
    register = _participants(run_cli, tmp_path, PARTICIPANT_ROWS)
    (folder / "deltagere.xlsx").write_bytes(register.read_bytes())
    data = _json(run_cli("check", "--format", "json", folder))
    assert data["pool"]["id"] == KVI
    assert "cross-budget-missing" not in _codes(data)
    viborg = Path(__file__).resolve().parents[1] / "examples" / "viborg" / "ansoegning.docx"
    (folder / "ansoegning.docx").write_bytes(viborg.read_bytes())  # HIR's application
    (folder / "deltagere.xlsx").unlink()
    (folder / "a.txt").write_text("x")
    hir = _json(run_cli("check", "--format", "json", folder))
    assert hir["pool"]["id"] == "hir" and "cross-budget-missing" in _codes(hir)


def test_a_pool_without_a_status_report_gets_its_duties_as_a_checklist(
    run_cli, tmp_path: Path, lo_pdf_text
) -> None:  # type: ignore[no-untyped-def]
    """KVI-13, FSM-22: the duties (steering group, meetings, seminars, web registration) as a
    checklist to tick: a blank form for the pools whose status report hir-docs cannot render
    (not paid in arrears); HIR's status report has them already."""
    for pool in ("hir", KVI, FSM):
        run_cli("forms", tmp_path / pool, "--pool", pool)
    assert not (tmp_path / "hir" / "forpligtelser.docx").exists()
    text = " ".join(lo_pdf_text(tmp_path / KVI / "forpligtelser.docx").split())
    for duty in (
        "Indsatsgruppe nedsat",
        "opstartsmøde",
        "kvartalsvis",
        "(2 af 3)",
        "webregistreringssystemet",
    ):
        assert duty in text, duty
    assert "August 2011" in text and "☐" in text
    fsm = " ".join(lo_pdf_text(tmp_path / FSM / "forpligtelser.docx").split())
    assert "én af" in fsm and "13. juni" in fsm  # alternatives (FSM-22)


def test_the_questionnaire_is_summed_up_per_theme_and_measurement(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """FSM-11: by hand, two citizens at the start clarification answering 3 and 5 to every
    question: each theme's mean is 4,00 of 2 citizens; the follow-up has none yet."""
    blank = _blank(run_cli, tmp_path, FSM, "progressionsskema.xlsx")
    rows = [
        {"CPR-nummer": cpr, "Måling": "startafklaring", "Dato": D(2018, 1, 10),
         **{f"Spm. {q}": answer for q in range(1, 12)}}
        for cpr, answer in (("010190-1111", 3), ("020190-2222", 5))
    ]  # fmt: skip
    sheet = _fill(blank, tmp_path / "p.xlsx", "CPR-nummer", rows)
    result = run_cli("check", "--format", "json", "--pool", FSM, "--today", "2018-02-01", sheet)
    themes = _json(result)["documents"][0]["fields"]["themes"]
    start = [t for t in themes if t["measurement"] == "start"]
    assert [t["theme"] for t in start][:2] == ["Tro på egne evner", "Helbredsmestring"]
    assert {(t["citizens"], t["mean"]) for t in start} == {(2, "4,00")}
    assert len(start) == 6
    text = run_cli("check", "--pool", FSM, "--today", "2018-02-01", sheet).stdout
    assert "Tro på egne evner, startafklaring: 2 borgere, 4,00" in text


def test_star_reads_an_inbox_of_another_pool_with_its_own_facts(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """STAR's overview of Flere skal med submissions: the pool the documents name, and the
    pool's money said to be unknown (its puljeudmelding is not among the sources), not HIR's."""
    import shutil

    inbox = tmp_path / "indbakke"
    examples = Path(__file__).resolve().parents[1] / "examples" / FSM
    shutil.copytree(examples, inbox / "Viborg")
    out = tmp_path / "oversigt.xlsx"
    result = run_cli("bulk", inbox, "--out", out, "--format", "json")
    data = json.loads(result.stdout)
    assert data["pool_available"] is None
    text = run_cli("bulk", inbox, "--out", out, "--force").stdout
    assert "puljens rådighedsbeløb står ikke i puljens kilder" in text
    cells = [
        c.value for ws in openpyxl.load_workbook(out).worksheets for r in ws.iter_rows() for c in r
    ]
    assert "ukendt (står ikke i puljens kilder)" in cells and 19_000_000 not in cells


def test_the_programmes_target_group_comes_from_its_facts() -> None:
    """KVI-2/3: matchgroups, the months on benefit for matchgroup 2, and the matchgroup
    whose goal is also an active offer, all from the pool folder."""
    from hir_docs.pools import load_pool
    from hir_docs.readers.registers import target_group

    target = target_group(load_pool(KVI))
    assert target.groups == (2, 3)
    assert target.limit(2) == 18 and target.limit(3) is None
    assert target.offer_goal_groups == (3,)


def test_an_absurd_date_in_the_participant_register_is_quiet(
    run_cli, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """Found by the fuzzing harness: a date cell with a serial far beyond any date made the
    reader's library warn on stderr; it is a finding on the row, and nothing else is said."""
    register = _participants(run_cli, tmp_path, PARTICIPANT_ROWS)
    wb = openpyxl.load_workbook(register)
    ws = wb.worksheets[0]
    head = next(c for c in ws["A"] if c.value == "Deltager-id eller CPR-nummer").row
    cell = ws.cell(head + 1, 3, 1e15)
    cell.number_format = "DD-MM-YYYY"
    wb.save(register)
    capfd.readouterr()
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        result = run_cli("check", "--format", "json", "--pool", KVI, register)
    assert result.exit_code in (0, 1)
    assert [str(w.message) for w in said] == []
    assert capfd.readouterr().err == ""
    assert json.loads(result.stdout)["documents"][0]["kind"] == "participants"
