"""Bulk intake end to end with the real forms, readers and rules: the example inbox
(examples/build_inbox.py) read into the overview, by the library and the CLI."""

from __future__ import annotations

import importlib.util
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hir_docs.bulk.run import run_bulk
from hir_docs.forms.application import write_application
from hir_docs.forms.budget import write_budget
from hir_docs.presentation import summary_json, summary_text

ROOT = Path(__file__).resolve().parents[1]
FULL_CPRS = ["1203841234", "120384-1234", "0507912345", "050791-2345", "2301763456"]


def _load_builder() -> Any:
    spec = importlib.util.spec_from_file_location("build_inbox", ROOT / "examples/build_inbox.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root: Path = _load_builder().build(tmp_path_factory.mktemp("ex") / "inbox")
    return root


def rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    values = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def test_example_overview(example_inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "oversigt.xlsx"
    result = run_bulk(example_inbox, out)
    assert not result.valid
    apps = {r["Kommune"]: r for r in rows(out, "Ansøgninger")}
    assert list(apps) == [
        "Odense Kommune",
        "Aarhus Kommune",
        "Viborg Kommune",
        "Frederikshavn Kommune",
    ]
    viborg = apps["Viborg Kommune"]
    assert (viborg["Kommunekode"], viborg["Region"], viborg["Status"]) == (
        "791",
        "Region Midtjylland",
        "OK",
    )
    assert viborg["Projektets navn"] == "Tæt på – håndholdt indsats i ressourceforløb i Viborg"
    assert (viborg["Ansøgt beløb"], viborg["Budget i alt (udgifter)"]) == (1_200_000, 1_200_000)
    assert viborg["Årsværk"] == pytest.approx(3.12, abs=0.01)
    assert viborg["Mål for passivandel"] == "15-18 %"
    assert viborg["Fraflyttede borgere"] == 2
    assert viborg["Kontakt (e-mail)"] == "mette.eksempel@viborg.dk"
    assert apps["Frederikshavn Kommune"]["Status"] == "OK"
    assert apps["Frederikshavn Kommune"]["Forventet antal borgere"] == 120
    assert apps["Aarhus Kommune"]["Status"] == "Fejl"
    assert apps["Odense Kommune"]["Status"] == "Fejl"

    fund = rows(out, "Fund")
    codes = {(r["Kommunekode"], r["Kode"]) for r in fund}
    assert ("751", "cross-requested-mismatch") in codes
    assert ("751", "budget-ineligible-line") in codes
    assert ("461", "file-not-office") in codes
    assert not any(r["Kommunekode"] in ("791", "813") and r["Alvor"] == "FEJL" for r in fund)

    files = {r["Fil"]: r for r in rows(out, "Filer")}
    assert len(files) == 10
    assert files["Odense/budget.xlsx"]["Status"] == "Fejl (file-not-office)"
    assert files["Viborg/fraflyttede_borgere.xlsx"]["Skema"] == "skema til fraflyttede borgere"

    regions = {r["Region"]: r for r in rows(out, "Regioner") if r["Region"]}
    assert regions["Region Midtjylland"]["Ansøgt beløb"] == 2_700_000
    assert regions["Region Nordjylland"]["Ansøgt beløb"] == 800_000
    assert regions["Region Hovedstaden"]["Indsendelser"] == 0
    assert regions["I alt"]["Ansøgt beløb"] == 4_700_000 == result.requested_total
    assert regions["Til rådighed (puljen efter evaluering)"]["Ansøgt beløb"] == 19_000_000


def test_cpr_rule_end_to_end(example_inbox: Path, tmp_path: Path, run_cli: Any) -> None:
    out, export = tmp_path / "o.xlsx", tmp_path / "cpr.xlsx"
    res = run_cli("bulk", example_inbox, "--out", out, "--export-registrations", export)
    assert res.exit_code == 1
    wb = load_workbook(out)
    overview = "\n".join(
        str(c.value) for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value
    )
    res_json = run_cli("bulk", example_inbox, "--out", out, "--force", "--format", "json")
    for text in (overview, res.stdout, res.stderr, res_json.stdout):
        for cpr in FULL_CPRS:
            assert cpr not in text
    assert json.loads(res_json.stdout)["counts"]["error"] >= 3
    ws = load_workbook(export)["Fraflyttede borgere"]
    assert "FULDE CPR-numre" in ws["A1"].value
    assert [ws.cell(row=r, column=6).value for r in range(3, 6)] == [
        "120384-1234",
        "050791-2345",
        "230176-3456",
    ]
    assert "FULDE CPR-numre" in res.stdout


def test_formula_project_name_stays_text(tmp_path: Path) -> None:
    folder = tmp_path / "ind" / "Viborg"
    folder.mkdir(parents=True)
    evil = '=HYPERLINK("http://example.invalid","Klik")'
    write_application(folder / "a.docx", {"project_name": evil})
    write_budget(folder / "b.xlsx")
    out = tmp_path / "o.xlsx"
    run_bulk(tmp_path / "ind", out)
    cell = load_workbook(out)["Ansøgninger"]["E2"]
    assert cell.value == evil
    assert cell.data_type == "s"


def test_zip_equals_folder_and_jobs(example_inbox: Path, tmp_path: Path) -> None:
    zpath = tmp_path / "indbakke.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in sorted(example_inbox.rglob("*")):
            zf.write(f, f.relative_to(example_inbox.parent).as_posix())
    a = run_bulk(example_inbox, tmp_path / "a.xlsx", jobs=1)
    b = run_bulk(zpath, tmp_path / "b.xlsx", jobs=2)
    for sheet in ("Ansøgninger", "Fund", "Regioner", "Filer"):
        assert rows(tmp_path / "a.xlsx", sheet) == rows(tmp_path / "b.xlsx", sheet)
    assert summary_json(a).replace(str(a.out), "") == summary_json(b).replace(str(b.out), "")
    assert re.search(r"4 indsendelser fra 4 kommuner \(10 filer\)", summary_text(a))


def test_overview_opens_in_libreoffice(
    example_inbox: Path, tmp_path: Path, lo_pdf_text: Any
) -> None:
    out = tmp_path / "oversigt.xlsx"
    run_bulk(example_inbox, out)
    text = lo_pdf_text(out)
    assert "Viborg Kommune" in text
    # Danish number formats in any office suite (the overview's cells, not a message):
    assert "Budget i alt" in text and re.search(r"\n\d{3} .*? 1\.200\.000 kr\.", text)
    assert "3,12" in text
    assert "Region Midtjylland" in text
