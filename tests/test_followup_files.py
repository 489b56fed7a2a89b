"""The follow-up run with bad, missing and hostile files: each is one finding on its
project, the run always completes, no CPR number reaches the workbook or the JSON; the
web API's answer is the CLI's JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hir_docs import api, presentation
from hir_docs.findings import DocKind
from hir_docs.model.grant import record_from
from hir_docs.render.workbook import write_projectdata

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "followup"
TODAY = dt.date(2019, 7, 15)
CPR = "010190-1234"


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "ind"
    shutil.copytree(EXAMPLE, inbox)
    return inbox


def _codes(result: api.FollowupResult, folder: str) -> list[str]:
    [project] = [p for p in result.projects if p.folder == folder]
    return [f.code for f in project.findings]


def test_a_damaged_and_a_missing_file_are_one_finding_each(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    (inbox / "Aalborg").mkdir()
    (inbox / "Aalborg" / "projektdata.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (inbox / "Holstebro").mkdir()
    (inbox / "Holstebro" / "noter.txt").write_text("intet", "utf-8")
    (inbox / "Skive" / "statusrapport_2018-H1.json").write_text("{", "utf-8")
    (inbox / "løs.xlsx").write_bytes(b"x")
    result = api.followup(inbox, tmp_path / "opf.xlsx", today=TODAY)
    assert len(_codes(result, "Aalborg")) == 1
    assert _codes(result, "Aalborg")[0].startswith("file-")
    assert _codes(result, "Holstebro") == ["followup-projectdata-missing"]
    assert _codes(result, "løs.xlsx") == ["followup-projectdata-missing"]
    assert _codes(result, "Skive").count("followup-annex-unreadable") == 1
    # The others are read as without the bad files.
    by = {p.folder: p for p in result.projects}
    assert by["Viborg"].payment.pay_now == 225_800
    assert by["Skive"].payment.held_back == 610_000
    assert (tmp_path / "opf.xlsx").is_file()


def test_annexes_without_project_data(tmp_path: Path) -> None:
    inbox = tmp_path / "ind"
    (inbox / "Viborg").mkdir(parents=True)
    for name in ("regnskab.json", "slutrapport.json"):
        shutil.copyfile(EXAMPLE / "Viborg" / name, inbox / "Viborg" / name)
    result = api.followup(inbox, tmp_path / "opf.xlsx", today=TODAY)
    [p] = result.projects
    assert [f.code for f in p.findings] == ["followup-projectdata-missing"]
    assert p.municipality == "Viborg Kommune" and p.grant == 1_200_000
    assert (p.payment.requested, p.payment.held_back, p.payment.pay_now) == (225_800, 225_800, 0)
    assert [r.state for r in p.periods] == ["Modtaget"]
    assert [line.key for line in p.lines if line.over_tolerance] == ["L3"]


def test_several_project_data_files_the_newest_is_used(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    old = inbox / "Viborg" / "projektdata_gammel.xlsx"
    shutil.copyfile(inbox / "Viborg" / "projektdata.xlsx", old)
    import os

    os.utime(old, (1_500_000_000, 1_500_000_000))
    result = api.followup(inbox, tmp_path / "opf.xlsx", today=TODAY)
    assert _codes(result, "Viborg") == ["followup-projectdata-several"]
    [p] = [p for p in result.projects if p.folder == "Viborg"]
    assert p.source == "Viborg/projektdata.xlsx"


def test_no_cpr_number_in_the_workbook_or_the_json(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    data = api.read_approved(inbox / "Viborg" / "projektdata.xlsx", DocKind.PROJECTDATA)
    data.journal_number = CPR
    data.project_name = f"Projekt for {CPR}"
    data.lines[0].function = f"Sagsbehandler {CPR}"
    data.approved = record_from(data)
    write_projectdata(inbox / "Viborg" / "projektdata.xlsx", data, force=True)
    out = tmp_path / "opf.xlsx"
    result = api.followup(inbox, out, today=TODAY)
    assert CPR in (result.projects[-1].name or "")  # the model keeps it, the outputs do not
    digits = re.compile(r"0101901234|010190-1234")
    text = presentation.followup_json(result) + presentation.followup_text(result)
    assert not digits.search(text)
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(digits.search(str(v)) for v in row if v is not None), row


def test_the_api_answers_the_clis_json(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx2")
    from fastapi.testclient import TestClient

    from hir_docs.web.app import create_app
    from hir_docs.web.config import WebConfig

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in sorted(EXAMPLE.rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(EXAMPLE.parent).as_posix())
    with TestClient(create_app(WebConfig(workers=1))) as client:
        response = client.post(
            "/api/v1/followup",
            files=[("inbox", ("opfoelgning.zip", buf.getvalue()))],
            data={"today": "2019-07-15"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        missing = client.post(
            "/api/v1/followup", files=[("inbox", ("opfoelgning.zip", buf.getvalue()))]
        )
        assert missing.status_code == 400, missing.text
    assert [p["municipality"] for p in body["projects"]] == [
        "Skive Kommune",
        "Randers Kommune",
        "Viborg Kommune",
    ]
    assert [p["payment"]["held_back"] for p in body["projects"]] == [610_000, 225_800, 0]
    assert json.dumps(body).count("followup-payment-held-back") == 2


def test_the_example_is_what_the_builder_writes(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(EXAMPLE.parent))
    try:
        from build_followup import build
    finally:
        sys.path.pop(0)
    fresh = build(tmp_path / "followup")
    names = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*") if p.is_file()
    )
    for name in names:
        assert (fresh / name).read_bytes() == (EXAMPLE / name).read_bytes(), name
