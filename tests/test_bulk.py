"""Bulk intake machinery with stand-in readers: grouping, the overview workbook, the CPR
rule, hostile files, zip inbox, jobs. (End-to-end with the real forms: test_bulk_e2e.py.)

The stand-in kinds replace the registry for these tests only, so the counts below depend
on the bulk code alone, not on the rules other modules define.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import Workbook, load_workbook

import hir_docs.pipeline as pipeline
import hir_docs.rules.registry as registry
from hir_docs.bulk.run import run_bulk
from hir_docs.findings import Finding, HirDocsError, RuleScope, Severity
from hir_docs.kommuner import find_kommune
from hir_docs.model import RelocatedRow
from hir_docs.presentation import summary_json, summary_text
from hir_docs.readers.base import FormReader as Kind
from hir_docs.readers.base import Probe, ReadResult
from hir_docs.rules import CheckSpec, Context

CPR_A = "1203841234"  # fictional
CPR_B = "0101901111"


# --------------------------------------------------------------------------- stand-ins


def _detect(marker: str) -> Any:
    def detect(probe: Probe) -> int:
        return 10 if probe.texts and probe.texts[0].startswith(marker) else 0

    return detect


def _pairs_docx(path: Path) -> dict[str, str]:
    out = {}
    for p in docx.Document(str(path)).paragraphs:
        if ": " in p.text:
            k, v = p.text.split(": ", 1)
            out[k] = v
    return out


def _read_app(path: Path, ctx: Context) -> ReadResult:
    d = _pairs_docx(path)
    if d.get("navn") == "CRASH":
        os._exit(3)  # a parser that takes the whole process down
    while d.get("navn") == "HANG":  # a parser that never returns
        pass
    k = find_kommune(d.get("kommune"))
    fields: dict[str, Any] = {
        "project_name": d.get("navn"),
        "municipality": k.official_name if k else None,
        "municipality_code": k.code if k else None,
        "requested_amount": int(d["beløb"]) if d.get("beløb") else None,
        "expected_citizens": d.get("borgere"),
        "passive_share_target": {"low": 15.0, "high": 18.0},
        "strategy": "lang tekst " * 50,  # dropped by the worker
    }
    return ReadResult(fields, fields)


def _sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    wb = load_workbook(path, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return rows


def _read_budget(path: Path, ctx: Context) -> ReadResult:
    rows = _sheet_rows(path)
    d = {r[0]: r[1] for r in rows[1:]}
    k = find_kommune(d.get("kommune"))
    fields = {
        "requested_amount": d.get("ansøgt"),
        "total_expenses": d.get("udgifter"),
        "fte": d.get("fte"),
        "municipality_code": k.code if k else None,
    }
    return ReadResult(fields, fields)


def _read_relocated(path: Path, ctx: Context) -> ReadResult:
    rows = _sheet_rows(path)
    k = find_kommune(rows[1][0])
    model = [
        RelocatedRow(str(r[0]), r[1], "Sagsbehandler", None, None, None, "Aarhus", i, f"A{i}")
        for i, r in enumerate(rows[2:], start=3)
    ]
    fields = {
        "rows": len(model),
        "citizens": len(model),
        "jobcenter": rows[1][0],
        "municipality_code": k.code if k else None,
    }
    return ReadResult(model, fields)


def _cross(sub: Any, ctx: Context) -> Iterator[Finding]:
    amounts = {
        d.kind: d.fields.get("requested_amount")
        for d in sub.documents
        if d.kind in ("application", "budget")
    }
    if len(set(amounts.values())) > 1:
        yield Finding("stub-mismatch", Severity.ERROR, "Beløbene er forskellige.")
    if "budget" not in amounts:
        yield Finding("stub-no-budget", Severity.ERROR, "Budget mangler.")


@pytest.fixture(autouse=True)
def stub_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    kinds = {
        "application": Kind("application", (".docx",), _detect("stub ansøgning"), _read_app),
        "budget": Kind("budget", (".xlsx",), _detect("stub budget"), _read_budget),
        "relocated": Kind("relocated", (".xlsx",), _detect("stub fraflyttede"), _read_relocated),
    }
    monkeypatch.setattr(pipeline, "READERS", kinds)
    monkeypatch.setattr(registry, "CHECKS", {"cross": [CheckSpec(RuleScope.CROSS, (), _cross)]})


def write_app(
    path: Path, kommune: str, amount: int, name: str = "Projekt", citizens: str = "ca. 60"
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    d = docx.Document()
    d.add_paragraph("STUB ANSØGNING")
    for k, v in (("navn", name), ("kommune", kommune), ("beløb", amount), ("borgere", citizens)):
        d.add_paragraph(f"{k}: {v}")
    d.save(str(path))


def write_budget(path: Path, kommune: str, amount: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STUB BUDGET"])
    for row in (("kommune", kommune), ("ansøgt", amount), ("udgifter", amount), ("fte", 3.12)):
        ws.append(row)
    wb.save(path)


def write_relocated(path: Path, kommune: str, cprs: list[str]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STUB FRAFLYTTEDE"])
    ws.append([kommune])
    for i, cpr in enumerate(cprs):
        ws.append([cpr, f"Borger {i}"])
    wb.save(path)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """Four submissions: Viborg clean, Aarhus mismatch, Odense broken budget, København clean
    with a formula-like project name."""
    root = tmp_path / "indbakke"
    write_app(root / "Viborg" / "ansøgning.docx", "Viborg Kommune", 1_200_000)
    write_budget(root / "Viborg" / "budget.xlsx", "Viborg", 1_200_000)
    write_relocated(root / "Viborg" / "fraflyttede.xlsx", "Jobcenter Viborg", [CPR_A, CPR_B])
    write_app(root / "Aarhus" / "a.docx", "Aarhus Kommune", 1_500_000)
    write_budget(root / "Aarhus" / "b.xlsx", "Aarhus", 1_400_000)
    write_app(root / "Odense" / "x.docx", "Odense Kommune", 900_000)
    (root / "Odense" / "budget.xlsx").write_text("ikke et regneark")
    write_app(root / "kbh" / "y.docx", "Københavns Kommune", 2_000_000, '=HYPERLINK("x","y")')
    write_budget(root / "kbh" / "z.xlsx", "København", 2_000_000)
    return root


def sheet(path: Path, name: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path)
    return [tuple(r) for r in wb[name].iter_rows(values_only=True)]


# --------------------------------------------------------------------------- tests


def test_overview_rows_and_status(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "oversigt.xlsx"
    result = run_bulk(inbox, out)
    assert not result.valid
    rows = sheet(out, "Ansøgninger")
    header, data = rows[0], rows[1:]
    assert header[:3] == ("Kommunekode", "Kommune", "Region")
    assert [r[0] for r in data] == ["101", "461", "751", "791"]  # sorted by code
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in data}
    viborg = by_code["791"]
    assert viborg["Kommune"] == "Viborg Kommune"
    assert viborg["Region"] == "Region Midtjylland"
    assert viborg["Ansøgt beløb"] == 1_200_000
    assert viborg["Budget i alt (udgifter)"] == 1_200_000
    assert viborg["Årsværk"] == 3.12
    assert viborg["Forventet antal borgere"] == 60
    assert viborg["Mål for passivandel"] == "15-18 %"
    assert viborg["Fraflyttede borgere"] == 2
    assert viborg["Status"] == "OK"
    assert by_code["751"]["Status"] == "Fejl" and by_code["751"]["Fejl"] == 1
    odense = by_code["461"]
    assert odense["Filer"] == 2 and odense["Status"] == "Fejl"
    assert odense["Fejl"] == 2  # the broken file and the missing budget


def test_overview_layout(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    run_bulk(inbox, out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Ansøgninger", "Fund", "Regioner", "Filer"]
    ws = wb["Ansøgninger"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:P5"
    assert ws["F2"].number_format == '[$-406]#,##0 "kr."'


def test_formula_text_stays_text(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    run_bulk(inbox, out)
    ws = load_workbook(out)["Ansøgninger"]
    cell = ws["E2"]  # København sorts first
    assert cell.value == '=HYPERLINK("x","y")'
    assert cell.data_type == "s"
    assert cell.quotePrefix  # stays text when a person edits the cell, too
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_formula_like_file_names_stay_text(tmp_path: Path) -> None:
    """File and folder names are submission text too: "=", "+", "-", "@" never start a
    formula in any sheet."""
    root = tmp_path / "ind"
    names = ["=1+1.xlsx", "+SUM(A1).docx", "-2.docx", "@x.docx"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("ikke et skema")
    write_app(root / "=HYPERLINK(1)" / "a.docx", "Viborg Kommune", 1_200_000)
    write_budget(root / "=HYPERLINK(1)" / "b.xlsx", "Viborg", 1_200_000)
    out = tmp_path / "o.xlsx"
    run_bulk(root, out)
    wb = load_workbook(out)
    texts = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.quotePrefix, (ws.title, c.coordinate, c.value)
                    texts.setdefault(ws.title, set()).add(c.value)
    assert set(names) <= texts["Filer"] and set(names) <= texts["Fund"]
    assert "=HYPERLINK(1)" in texts["Ansøgninger"]


def test_broken_file_in_fund_and_filer(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    run_bulk(inbox, out)
    fund = sheet(out, "Fund")
    broken = [r for r in fund if r[2] == "Odense/budget.xlsx"]
    assert len(broken) == 1 and broken[0][4] == "file-not-office" and broken[0][5] == "FEJL"
    assert broken[0][0] == "461"  # grouped with its folder's municipality
    files = {r[0]: r for r in sheet(out, "Filer")[1:]}
    assert len(files) == 9
    assert files["Odense/budget.xlsx"][6] == "Fejl (file-not-office)"
    assert files["Odense/budget.xlsx"][3] == "ukendt fil"
    assert files["Viborg/budget.xlsx"][6] == "OK"
    assert files["Viborg/budget.xlsx"][4] == (inbox / "Viborg" / "budget.xlsx").stat().st_size
    digest = hashlib.sha256((inbox / "Viborg" / "budget.xlsx").read_bytes()).hexdigest()
    assert files["Viborg/budget.xlsx"][5] == digest


def test_region_sums(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    result = run_bulk(inbox, out)
    rows = sheet(out, "Regioner")
    regions = {r[0]: r for r in rows[1:6]}
    assert set(regions) == {
        "Region Hovedstaden",
        "Region Midtjylland",
        "Region Nordjylland",
        "Region Sjælland",
        "Region Syddanmark",
    }
    assert regions["Region Midtjylland"][1:4] == (2, 2, 2_700_000)
    assert regions["Region Syddanmark"][1:4] == (1, 1, 900_000)
    assert regions["Region Nordjylland"][1:4] == (0, 0, 0)
    assert rows[6][:4] == ("I alt", 4, 4, 5_600_000)
    facts = {r[0]: r[3] for r in rows[7:] if r[0]}
    assert facts["Ansøgt i alt"] == 5_600_000 == result.requested_total
    assert facts["Til rådighed (puljen efter evaluering)"] == 19_000_000
    assert facts["Difference (til rådighed − ansøgt)"] == 13_400_000


def _all_text(path: Path) -> str:
    wb = load_workbook(path)
    return "\n".join(
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
    )


def test_cpr_only_in_export(inbox: Path, tmp_path: Path) -> None:
    out, export = tmp_path / "o.xlsx", tmp_path / "cpr.xlsx"
    result = run_bulk(inbox, out, export_registrations=export)
    for text in (_all_text(out), summary_text(result), summary_json(result)):
        assert CPR_A not in text and "120384-1234" not in text
    rows = sheet(export, "Fraflyttede borgere")
    assert "FULDE CPR-numre" in rows[0][0]
    cprs = [r[5] for r in rows[2:]]
    assert cprs == ["120384-1234", "010190-1111"]
    assert rows[2][0] == "791" and rows[2][3] == "Viborg/fraflyttede.xlsx"
    assert result.exported_rows == 2
    assert "FULDE CPR-numre" in summary_text(result)


def test_zip_inbox_equals_folder_inbox(inbox: Path, tmp_path: Path) -> None:
    zpath = tmp_path / "indbakke.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in sorted(inbox.rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(inbox.parent).as_posix())  # "indbakke/Viborg/..."
    run_bulk(inbox, tmp_path / "a.xlsx")
    run_bulk(zpath, tmp_path / "b.xlsx")
    for name in ("Ansøgninger", "Fund", "Regioner", "Filer"):
        assert sheet(tmp_path / "a.xlsx", name) == sheet(tmp_path / "b.xlsx", name)


def test_jobs_give_same_workbook(inbox: Path, tmp_path: Path) -> None:
    run_bulk(inbox, tmp_path / "a.xlsx", jobs=1)
    run_bulk(inbox, tmp_path / "b.xlsx", jobs=2)
    for name in ("Ansøgninger", "Fund", "Regioner", "Filer"):
        assert sheet(tmp_path / "a.xlsx", name) == sheet(tmp_path / "b.xlsx", name)


def test_zip_slip_and_bad_zip(tmp_path: Path) -> None:
    zpath = tmp_path / "ind.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("../../evil.docx", b"PK nope")
        zf.writestr("Viborg/notes.txt", "hej")
    result = run_bulk(zpath, tmp_path / "o.xlsx")
    assert not (tmp_path.parent / "evil.docx").exists()
    codes = [f.code for _, f in result.findings]
    assert "bulk-zip-entry-unsafe" in codes
    assert "file-not-checked" in codes
    assert not result.valid
    bad = tmp_path / "bad.zip"
    bad.write_text("ikke en zip")
    with pytest.raises(HirDocsError, match="zip"):
        run_bulk(bad, tmp_path / "o2.xlsx")


def test_loose_files_grouped_by_content(tmp_path: Path) -> None:
    root = tmp_path / "løse"
    write_app(root / "1.docx", "Viborg Kommune", 1_200_000)
    write_budget(root / "2.xlsx", "Viborg Kommune", 1_200_000)  # grouped with 1.docx by content
    write_app(root / "3.docx", "Aarhus Kommune", 800_000)
    (root / "4.docx").write_text("ingen")
    result = run_bulk(root, tmp_path / "o.xlsx")
    by = {g.code: g for g in result.groups}
    assert set(by) == {"751", "791", None}
    assert [d.file for d in by["791"].docs] == ["1.docx", "2.xlsx"]
    assert by["791"].status == "OK"
    assert [f.code for f in by["751"].findings] == ["stub-no-budget"]
    assert by[None].submission == "4.docx"  # an unreadable loose file is reported alone


def _touch(folder: Path, when: dt.datetime) -> None:
    stamp = when.timestamp()
    for f in folder.rglob("*"):
        os.utime(f, (stamp, stamp))


def test_resubmission_newest_file_time_is_used(tmp_path: Path) -> None:
    """Same municipality in two folders: the one with the newest files counts, once."""
    root = tmp_path / "ind"
    write_app(root / "Viborg-1" / "a.docx", "Viborg Kommune", 1_200_000)
    write_budget(root / "Viborg-1" / "b.xlsx", "Viborg", 1_000_000)  # an error (mismatch)
    write_app(root / "Viborg-2" / "a.docx", "Viborg Kommune", 900_000)
    write_budget(root / "Viborg-2" / "b.xlsx", "Viborg", 900_000)
    _touch(root / "Viborg-1", dt.datetime(2018, 2, 14, 10, 0))
    _touch(root / "Viborg-2", dt.datetime(2018, 2, 12, 9, 0))
    out = tmp_path / "o.xlsx"
    result = run_bulk(root, out)
    assert [g.submission for g in result.groups] == ["Viborg-1"]
    assert result.requested_total == 1_200_000 and result.municipalities == 1
    assert [f.code for _, f in result.findings] == ["stub-mismatch", "bulk-duplicate-municipality"]
    assert (
        "'Viborg-2' står på arket 'Tidligere indsendelser'" in result.groups[0].findings[1].message
    )
    [old] = result.superseded
    assert (old.group.submission, old.used) == ("Viborg-2", "Viborg-1")
    assert old.reason == (
        "Erstattet af 'Viborg-1': 'Viborg-1' er fra 14-02-2018 (nyeste fil), denne fra 12-02-2018."
    )
    rows = sheet(out, "Tidligere indsendelser")
    assert rows[0][:5] == ("Kommunekode", "Kommune", "Indsendelse", "Brugt i stedet", "Begrundelse")
    assert rows[1][:6] == ("791", "Viborg Kommune", "Viborg-2", "Viborg-1", old.reason, 900_000)
    assert [r[3] for r in sheet(out, "Ansøgninger")[1:]] == ["Viborg-1"]
    assert sheet(out, "Regioner")[6][:4] == ("I alt", 1, 1, 1_200_000)
    text = summary_text(result)
    assert (
        "Indsendt flere gange: Viborg Kommune (Viborg-2) er ikke talt med; 'Viborg-1' er brugt."
        in text
    )
    assert json.loads(summary_json(result))["superseded"][0]["used"] == "Viborg-1"


@pytest.mark.parametrize(
    ("older", "newer", "why"),
    [
        ("Varde", "Varde (rettet)", "mappenavnet 'Varde (rettet)' angiver en rettet udgave"),
        (
            "Varde 2018-02-10",
            "Varde 14.02.2018",
            "'Varde 14.02.2018' er fra 14-02-2018 (datoen i mappenavnet), denne fra 10-02-2018",
        ),
    ],
)
def test_resubmission_marker_and_folder_date_beat_file_times(
    tmp_path: Path, older: str, newer: str, why: str
) -> None:
    root = tmp_path / "ind"
    for folder in (older, newer):
        write_app(root / folder / "a.docx", "Varde Kommune", 700_000)
        write_budget(root / folder / "b.xlsx", "Varde", 700_000)
    _touch(root / newer, dt.datetime(2018, 1, 1))  # its files are older: the name decides
    _touch(root / older, dt.datetime(2018, 3, 1))
    result = run_bulk(root, tmp_path / "o.xlsx")
    assert [g.submission for g in result.groups] == [newer]
    assert [s.reason for s in result.superseded] == [f"Erstattet af '{newer}': {why}."]
    assert result.valid  # the resubmission is a warning only


def test_resubmission_in_zip_uses_entry_times(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_app(src / "A" / "a.docx", "Viborg Kommune", 1_200_000)
    write_app(src / "B" / "a.docx", "Viborg Kommune", 800_000)
    zpath = tmp_path / "ind.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for folder, when in (("A", (2018, 2, 14, 12, 0, 0)), ("B", (2018, 2, 1, 8, 0, 0))):
            info = zipfile.ZipInfo(f"{folder}/a.docx", date_time=when)
            zf.writestr(info, (src / folder / "a.docx").read_bytes())
    result = run_bulk(zpath, tmp_path / "o.xlsx")
    assert [g.submission for g in result.groups] == ["A"]
    assert [s.group.submission for s in result.superseded] == ["B"]


def test_overview_is_byte_reproducible(inbox: Path, tmp_path: Path) -> None:
    run_bulk(inbox, tmp_path / "a.xlsx", jobs=1)
    run_bulk(inbox, tmp_path / "b.xlsx", jobs=2)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "hir-docs" in core


def test_overview_prints_and_has_a_chart(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    run_bulk(inbox, out)
    wb = load_workbook(out)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        for cell in ws[1]:
            if isinstance(cell.value, str):  # no header word wider than its column
                longest = max(len(w) for w in cell.value.split())
                assert ws.column_dimensions[cell.column_letter].width >= longest, cell.value
    regions = sheet(out, "Regioner")
    assert "Til rådighed i puljen" not in regions[0]  # the pool's money once, not per row
    assert regions[7][0] == "Til rådighed (puljen efter evaluering)"
    assert regions[7][3] == 19_000_000  # the chart's last column
    with zipfile.ZipFile(out) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
        drawing = zf.read("xl/drawings/drawing1.xml").decode()
    assert "<barChart>" in chart and "<lineChart>" not in chart
    assert "'Regioner'!$D$2:$D$8" in chart and "'Regioner'!$A$2:$A$8" in chart
    assert 'title="Ansøgt beløb pr. region og puljens rådighedsbeløb"' in drawing
    assert 'descr="Søjlediagram: det ansøgte beløb' in drawing


def test_out_exists_needs_force(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    out.write_text("old")
    with pytest.raises(HirDocsError, match="--force"):
        run_bulk(inbox, out)
    assert out.read_text() == "old"
    run_bulk(inbox, out, force=True)
    assert load_workbook(out).sheetnames[0] == "Ansøgninger"


def test_cli_exit_codes_and_json(inbox: Path, tmp_path: Path, run_cli: Any) -> None:
    out = tmp_path / "o.xlsx"
    res = run_cli("bulk", inbox, "--out", out, "--jobs", "2")
    assert res.exit_code == 1
    assert "Oversigt skrevet" in res.stdout and "4 kommuner" in res.stdout
    assert res.stderr == ""  # no progress bar when not a terminal
    res = run_cli("bulk", inbox, "--out", out)
    assert res.exit_code == 2 and "findes allerede" in res.stderr
    clean = tmp_path / "clean"
    write_app(clean / "Viborg" / "a.docx", "Viborg Kommune", 1_200_000)
    write_budget(clean / "Viborg" / "b.xlsx", "Viborg", 1_200_000)
    res = run_cli("bulk", clean, "--out", tmp_path / "c.xlsx", "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["valid"] is True and data["municipalities"] == 1
    assert data["rows"][0]["municipality"] == "Viborg Kommune"


def test_single_submission_folder(tmp_path: Path) -> None:
    root = tmp_path / "ind"
    write_app(root / "Viborg" / "a.docx", "Viborg Kommune", 1_200_000)
    write_budget(root / "Viborg" / "b.xlsx", "Viborg", 1_200_000)
    (root / "Viborg" / "noter.txt").write_text("bilag")
    result = run_bulk(root, tmp_path / "o.xlsx")
    assert [(g.submission, g.code, len(g.docs)) for g in result.groups] == [("Viborg", "791", 3)]
    assert [f.code for _, f in result.findings] == ["file-not-checked"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_file_crashing_its_reader_is_one_finding(inbox: Path, tmp_path: Path, jobs: int) -> None:
    write_app(inbox / "Aarhus" / "crash.docx", "Aarhus Kommune", 1, name="CRASH")
    result = run_bulk(inbox, tmp_path / "o.xlsx", jobs=jobs)
    crashed = [(g.code, f.file) for g, f in result.findings if f.code == "file-reader-crashed"]
    assert crashed == [("751", "Aarhus/crash.docx")]
    assert len(result.groups) == 4  # the batch went on
    files = {r[0]: r[6] for r in sheet(tmp_path / "o.xlsx", "Filer")[1:]}
    assert files["Aarhus/crash.docx"] == "Fejl (file-reader-crashed)"
    assert files["Aarhus/a.docx"] == "OK"


def test_overview_inside_inbox_is_not_read_back(inbox: Path) -> None:
    out = inbox / "oversigt.xlsx"
    first = run_bulk(inbox, out)
    again = run_bulk(inbox, out, force=True)
    assert len(first.files) == len(again.files) == 9


def test_folder_stays_one_submission_under_the_application(tmp_path: Path) -> None:
    root = tmp_path / "ind"
    write_app(root / "Viborg" / "a.docx", "Viborg Kommune", 1_200_000)
    write_budget(root / "Viborg" / "b.xlsx", "Skive", 1_200_000)  # names another municipality
    write_app(root / "dump" / "a.docx", "Aarhus Kommune", 900_000)
    write_app(root / "dump" / "b.docx", "Odense Kommune", 900_000)
    result = run_bulk(root, tmp_path / "o.xlsx")
    assert [(g.submission, g.code, len(g.docs)) for g in result.groups] == [
        ("dump", "461", 1),
        ("dump", "751", 1),
        ("Viborg", "791", 2),
    ]


def time_limit_only_for(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The bulk time limit (1 s) for the file ``name`` alone: every other file's alarm is
    turned off as its check starts, so a loaded machine cannot make a normal file time
    out. The file ``name`` hangs for good, so it always reaches the limit."""
    import hir_docs.bulk.read as bulk_read

    check = bulk_read.process_file

    def check_untimed_unless_named(path: Path, options: Any = None) -> Any:
        if path.name != name:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return check(path, options)

    monkeypatch.setattr(bulk_read, "process_file", check_untimed_unless_named)
    monkeypatch.setattr(bulk_read, "FILE_SECONDS", 1)


def test_file_hanging_its_reader_times_out(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    time_limit_only_for(monkeypatch, "hang.docx")
    write_app(inbox / "Aarhus" / "hang.docx", "Aarhus Kommune", 1, name="HANG")
    result = run_bulk(inbox, tmp_path / "o.xlsx", jobs=2)
    hung = [(g.code, f.code, f.message) for g, f in result.findings if f.file == "Aarhus/hang.docx"]
    assert hung == [
        ("751", "file-timeout", "hang.docx tog for lang tid at kontrollere og er sprunget over.")
    ]
    assert len(result.groups) == 4


def test_timeout_before_reading_is_file_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hanging_safety_check(path: Path) -> list[Finding]:
        while path.name == "hang.docx":
            pass
        return []

    time_limit_only_for(monkeypatch, "hang.docx")
    monkeypatch.setattr(pipeline, "inspect_file", hanging_safety_check)
    root = tmp_path / "ind"
    write_app(root / "Viborg" / "a.docx", "Viborg Kommune", 1_200_000)
    write_budget(root / "Viborg" / "b.xlsx", "Viborg", 1_200_000)
    write_app(root / "Viborg" / "hang.docx", "Viborg Kommune", 1_200_000)
    result = run_bulk(root, tmp_path / "o.xlsx")
    assert [(f.file, f.code) for _, f in result.findings] == [("Viborg/hang.docx", "file-timeout")]


def test_submission_without_municipality_warns(tmp_path: Path) -> None:
    root = tmp_path / "ind"
    write_budget(root / "Ukendt" / "b.xlsx", "Atlantis", 1_200_000)
    write_app(root / "Viborg" / "a.docx", "Viborg Kommune", 1_200_000)
    write_budget(root / "Viborg" / "b.xlsx", "Viborg", 1_200_000)
    result = run_bulk(root, tmp_path / "o.xlsx")
    found = [(g.submission, f.code) for g, f in result.findings]
    assert found == [("Ukendt", "bulk-no-municipality")]
    assert [g.code for g in result.groups] == ["791", None]  # placed last in the overview


def test_progress_only_when_asked(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_bulk(inbox, tmp_path / "a.xlsx")
    assert capsys.readouterr().err == ""
    calls: list[tuple[int, int]] = []
    result = run_bulk(inbox, tmp_path / "b.xlsx", progress=lambda done, n: calls.append((done, n)))
    n = len(calls)
    assert n >= len(result.groups) - 1 and calls == [(i, n) for i in range(1, n + 1)]
    assert capsys.readouterr().err == ""  # the library never prints; the CLI draws the bar


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("Vi forventer ca. 1.200 nye borgere i forløbet", 1200),
        ("ca. 60.", 60),
        ("12.5 borgere", "12.5 borgere"),  # no whole number: the answer as written
        ("1" * 5000 + " borgere", "1" * 5000 + " borgere"),  # int() refuses > 4.300 digits
        ("9" * 16, "9" * 16),  # more digits than any count
    ],
)
def test_expected_citizens_are_a_number_or_the_answer_as_written(
    tmp_path: Path, answer: str, shown: int | str
) -> None:
    """An answer too long to be a count (a 5.000-digit answer made `bulk` crash with a
    traceback) is shown as text in the overview, and the run goes on."""
    root = tmp_path / "ind"
    write_app(root / "Viborg" / "a.docx", "Viborg Kommune", 1_200_000, citizens=answer)
    write_budget(root / "Viborg" / "b.xlsx", "Viborg", 1_200_000)
    result = run_bulk(root, tmp_path / "o.xlsx")
    assert result.valid and list(result.findings) == []
    header, row = sheet(tmp_path / "o.xlsx", "Ansøgninger")[:2]
    assert dict(zip(header, row, strict=True))["Forventet antal borgere"] == shown


def test_an_answer_longer_than_a_cell_is_cut_to_fit_excel(tmp_path: Path) -> None:
    """Excel holds at most 32.767 characters in a cell (more and it "repairs" the file):
    a longer answer is cut, with "…" to show it was."""
    root = tmp_path / "ind"
    write_app(root / "Viborg" / "a.docx", "Viborg Kommune", 1, name="P" * 40_000)
    write_budget(root / "Viborg" / "b.xlsx", "Viborg", 1)
    run_bulk(root, tmp_path / "o.xlsx")
    header, row = sheet(tmp_path / "o.xlsx", "Ansøgninger")[:2]
    name = dict(zip(header, row, strict=True))["Projektets navn"]
    assert name == "P" * 32_766 + "…"


def test_styles_hashed_once_write_the_same_bytes_as_openpyxls_own(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview's constant styles compute their hash once (speed, issue 25); written,
    they are byte for byte openpyxl's own styles, and a copy of one is a plain style."""
    from copy import copy

    from openpyxl.styles import Alignment, Font, PatternFill

    import hir_docs.bulk.overview as overview

    ours = tmp_path / "ours.xlsx"
    result = run_bulk(inbox, ours)
    plain = {
        "BOLD": Font(name=overview.FONT, size=11, bold=True),
        "TOP": Alignment(vertical="top"),
        "WRAP": Alignment(wrap_text=True, vertical="top"),
        "HEADER_FILL": PatternFill("solid", fgColor="DDEBF7"),
    }
    for name, style in plain.items():
        assert hash(getattr(overview, name)) == hash(style)
        assert "_hash_once" not in copy(getattr(overview, name)).__dict__
        monkeypatch.setattr(overview, name, style)
    monkeypatch.setattr(overview._label, "__defaults__", (plain["BOLD"],))
    fills = {
        k: PatternFill("solid", fgColor=v.fgColor.rgb[2:]) for k, v in overview.STATUS_FILL.items()
    }
    monkeypatch.setattr(overview, "STATUS_FILL", fills)
    theirs = tmp_path / "theirs.xlsx"
    overview.write_overview(result, theirs)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    assert b'<b val="1"/>' in zipfile.ZipFile(ours).read("xl/styles.xml")
